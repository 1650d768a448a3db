import { describe, expect, it } from "vitest";
import { lenient, topTalkersSchema } from "./forms";

const id = "6f1c2b9e-1d2a-4b4f-9a57-0c2f3e4d5a6b";

describe("analytics parameters", () => {
  it("parse strictly for exports: a bad value is a field error", () => {
    const parsed = topTalkersSchema.safeParse({ period: "forever", router: "not-a-uuid", sort: "total" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["period", "router"]);
  });

  it("take a period as today, 7d, 30d or a month, and an empty GET form field as 'any'", () => {
    expect(topTalkersSchema.parse({ period: "2026-11", site: "", router: id, plan: "" })).toMatchObject({
      period: { kind: "month", month: "2026-11" },
      site: undefined,
      router: id,
      plan: undefined,
      sort: "total",
      page: 1,
    });
  });

  it("default to the last 30 days and refuse a month that does not exist", () => {
    expect(topTalkersSchema.parse({}).period).toEqual({ kind: "30d" });
    expect(topTalkersSchema.parse({ period: "today" }).period).toEqual({ kind: "today" });
    expect(topTalkersSchema.safeParse({ period: "2026-13" }).success).toBe(false);
  });

  it("parse leniently for pages: what a field cannot parse falls back to its default", () => {
    expect(lenient(topTalkersSchema, { period: "forever", router: "x'; --", sort: "upload", page: "-3" })).toEqual({
      period: { kind: "30d" },
      site: undefined,
      router: undefined,
      plan: undefined,
      sort: "upload",
      page: 1,
    });
  });
});
