import { describe, expect, it } from "vitest";
import { withoutNul } from "@/lib/core/action";

describe("input hygiene", () => {
  it("removes NUL characters from every string of an input, however deep", () => {
    expect(withoutNul({ q: "a\u0000b", tags: ["x\u0000"], nested: { n: 1, s: "\u0000" }, d: null })).toEqual({
      q: "ab",
      tags: ["x"],
      nested: { n: 1, s: "" },
      d: null,
    });
  });

  it("removes them from keys too, which JSON columns would refuse", () => {
    expect(withoutNul({ "addr\u0000ess": "10.0.0.1", list: [{ "\u0000": "x" }] })).toEqual({ address: "10.0.0.1", list: [{ "": "x" }] });
  });
});
