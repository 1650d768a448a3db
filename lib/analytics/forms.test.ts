import { describe, expect, it } from "vitest";
import { lenient, topTalkersSchema } from "./forms";

const id = "6f1c2b9e-1d2a-4b4f-9a57-0c2f3e4d5a6b";

describe("analytics parameters", () => {
  it("parse strictly for exports: a bad value is a field error", () => {
    const parsed = topTalkersSchema.safeParse({ period: "forever", router: "not-a-uuid", sort: "total" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(["period", "router"]);
  });

  it("take an empty GET form field as 'any'", () => {
    expect(topTalkersSchema.parse({ period: "month", month: "", site: "", router: id, plan: "" })).toMatchObject({
      period: "month",
      month: undefined,
      site: undefined,
      router: id,
      plan: undefined,
      sort: "total",
      page: 1,
    });
  });

  it("parse leniently for pages: what a field cannot parse falls back to its default", () => {
    expect(lenient(topTalkersSchema, { period: "forever", month: "2026-13", router: "x'; --", sort: "upload", page: "-3" })).toEqual({
      period: "30d",
      month: undefined,
      site: undefined,
      router: undefined,
      plan: undefined,
      sort: "upload",
      page: 1,
    });
  });
});
