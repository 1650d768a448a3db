import { describe, expect, it } from "vitest";
import { centavosToDecimal } from "./details";
import { agingBucketOf } from "./kinds";
import { detailParamsSchema, parseDashboardParams, taxPeriodSchema } from "./params";
import { defaultTaxPeriod } from "./tax";

describe("tax period", () => {
  it("defaults the tax period to the whole current month, leap years included", () => {
    expect(defaultTaxPeriod({ month: "2028-02" })).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(defaultTaxPeriod({ month: "2026-11" })).toEqual({ from: "2026-11-01", to: "2026-11-30" });
  });
});

describe("aging buckets", () => {
  it.each([
    [-3, "current"],
    [0, "current"],
    [1, "1-30"],
    [30, "1-30"],
    [31, "31-60"],
    [60, "31-60"],
    [61, "61-90"],
    [90, "61-90"],
    [91, "90+"],
    [400, "90+"],
  ])("%d days past due is %s", (days, bucket) => {
    expect(agingBucketOf(days)).toBe(bucket);
  });
});

describe("CSV amounts", () => {
  it.each([
    [149_900, "1499.00"],
    [5, "0.05"],
    [0, "0.00"],
    [-7_050, "-70.50"],
    [-5, "-0.05"],
  ])("%d centavos is %s", (centavos, text) => {
    expect(centavosToDecimal(centavos)).toBe(text);
  });
});

describe("parameters", () => {
  it("parses each metric's parameters and names the field that is wrong", () => {
    expect(detailParamsSchema.parse({ metric: "revenue", month: "2026-10", page: "2", size: "100" })).toEqual({
      metric: "revenue",
      month: "2026-10",
      page: 2,
      size: 100,
    });
    expect(detailParamsSchema.parse({ metric: "tax", from: "", to: "" })).toEqual({ metric: "tax" });
    const bad = detailParamsSchema.safeParse({ metric: "tax", from: "2026-12-01", to: "2026-11-01" });
    expect(bad.success ? null : bad.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["to", "The end date is before the start date"],
    ]);
    const size = detailParamsSchema.safeParse({ metric: "overdue", size: "1000" });
    expect(size.success ? null : size.error.issues[0].path).toEqual(["size"]);
  });

  it("accepts a tax period of two years but not more, and only real dates", () => {
    expect(taxPeriodSchema.safeParse({ from: "2025-01-01", to: "2026-12-31" }).success).toBe(true);
    expect(taxPeriodSchema.safeParse({ from: "2024-01-01", to: "2026-01-02" }).success).toBe(false);
    expect(taxPeriodSchema.safeParse({ from: "2026-02-29" }).success).toBe(false);
    expect(taxPeriodSchema.safeParse({ from: "2028-02-29" }).success).toBe(true);
    // Both ends malformed: field errors, never a thrown RangeError from comparing them.
    for (const bad of ["1e309", "\u202e", "0000-00-00", "2026-1-1"]) {
      const parsed = taxPeriodSchema.safeParse({ from: bad, to: bad });
      expect(parsed.success, bad).toBe(false);
    }
  });

  it("drops a bad dashboard parameter and keeps the rest", () => {
    expect(parseDashboardParams({ month: "2026-13", sort: "amount", dir: ["asc", "desc"], page: "-1", size: "50" })).toEqual({
      sort: "amount",
      dir: "desc",
      size: 50,
    });
  });
});
