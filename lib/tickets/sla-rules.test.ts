import { describe, expect, it } from "vitest";
import { defaultSlaPolicies } from "./sla";
import { businessHoursSchema, easterSunday, philippineRegularHolidays, policyValuesOf, slaPoliciesSchema, slaPolicySchema } from "./sla-rules";

const fieldErrors = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("SLA policy validation", () => {
  const valid = { priority: "normal", firstResponseMinutes: "240", resolutionMinutes: "1440", warnBeforeMinutes: "60", twentyFourSeven: false };

  it("accepts whole positive minutes and parses them", () => {
    expect(slaPolicySchema.parse(valid)).toMatchObject({ firstResponseMinutes: 240, resolutionMinutes: 1440, warnBeforeMinutes: 60 });
  });

  it.each([
    [{ firstResponseMinutes: "0" }, "firstResponseMinutes", "More than 0 minutes"],
    [{ resolutionMinutes: "-30" }, "resolutionMinutes", "More than 0 minutes"],
    [{ firstResponseMinutes: "1.5" }, "firstResponseMinutes", "Whole minutes"],
    [{ firstResponseMinutes: "soon" }, "firstResponseMinutes", "Whole minutes"],
    [{ firstResponseMinutes: "600", resolutionMinutes: "480" }, "resolutionMinutes", "At least the first-response target"],
    [{ warnBeforeMinutes: "-1" }, "warnBeforeMinutes", "Not negative"],
    [{ warnBeforeMinutes: "240" }, "warnBeforeMinutes", "Less than the first-response target"],
  ])("refuses %o with an error on %s", (change, field, message) => {
    expect(fieldErrors(slaPolicySchema.safeParse({ ...valid, ...change }))[field]).toBe(message);
  });

  it("the built-in policies pass their own form, one per priority", () => {
    const values = policyValuesOf(defaultSlaPolicies);
    expect(values.policies.map((p) => p.priority)).toEqual(["urgent", "high", "normal", "low"]);
    expect(slaPoliciesSchema.safeParse(values).success).toBe(true);
    const twice = { policies: [...values.policies.slice(0, 3), values.policies[0]] };
    expect(slaPoliciesSchema.safeParse(twice).success).toBe(false);
  });
});

describe("business hours validation", () => {
  const day = (open: string, close: string, closed = false) => ({ open, close, closed });
  it("needs closing after opening on open days, and one open day", () => {
    const week = Array.from({ length: 7 }, () => day("08:00", "17:00"));
    expect(businessHoursSchema.safeParse({ days: week }).success).toBe(true);
    expect(fieldErrors(businessHoursSchema.safeParse({ days: week.map((d, i) => (i === 2 ? day("17:00", "08:00") : d)) }))["days.2.close"]).toBe(
      "After the opening time",
    );
    expect(businessHoursSchema.safeParse({ days: week.map((d, i) => (i === 2 ? day("17:00", "08:00", true) : d)) }).success).toBe(true);
    expect(fieldErrors(businessHoursSchema.safeParse({ days: week.map(() => day("08:00", "17:00", true)) })).days).toMatch(/at least one day/);
    expect(fieldErrors(businessHoursSchema.safeParse({ days: week.map(() => day("8am", "17:00")) }))["days.0.open"]).toBe("A time like 08:00");
  });
});

describe("Philippine regular holidays", () => {
  it("follow Easter and the last Monday of August", () => {
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(easterSunday(2027)).toBe("2027-03-28");
    const h2026 = philippineRegularHolidays(2026);
    expect(h2026).toHaveLength(10);
    expect(h2026).toContainEqual({ date: "2026-04-02", name: "Maundy Thursday" });
    expect(h2026).toContainEqual({ date: "2026-04-03", name: "Good Friday" });
    expect(h2026).toContainEqual({ date: "2026-08-31", name: "National Heroes Day" });
    expect(philippineRegularHolidays(2027)).toContainEqual({ date: "2027-08-30", name: "National Heroes Day" });
    expect(h2026[0]).toEqual({ date: "2026-01-01", name: "New Year's Day" });
    expect(h2026.at(-1)).toEqual({ date: "2026-12-30", name: "Rizal Day" });
  });
});
