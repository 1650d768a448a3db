import { describe, expect, it } from "vitest";
import { contrastWithWhite, relativeLuminance } from "@/lib/core/contrast";

describe("WCAG contrast", () => {
  it.each([
    ["#ffffff", 1],
    ["#000000", 21],
    ["#767676", 4.54],
    ["#0f766e", 5.47],
  ])("contrast of %s against white is %s:1", (hex, ratio) => {
    expect(contrastWithWhite(hex)).toBeCloseTo(ratio, 1);
  });

  it("reads upper- and lower-case hex digits alike", () => {
    expect(relativeLuminance("#1D5FD6")).toBe(relativeLuminance("#1d5fd6"));
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
  });
});
