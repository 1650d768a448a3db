import { describe, expect, it } from "vitest";
import { brandColors, textContrast } from "./brand-colors";
import { identifierKind, preferencesSchema } from "./rules";
import { kbpsOf, latencyStats, nextMove, SPEEDTEST_UPLOAD_STEPS } from "./speed-test-rules";

describe("text on the ISP's brand colour", () => {
  it.each([
    ["#0f766e", "#ffffff"],
    ["#1d5fd6", "#ffffff"],
    ["#ffdd55", "#000000"],
    ["#ffffff", "#000000"],
    ["#000000", "#ffffff"],
    ["#777777", "#000000"],
    ["#22c55e", "#000000"],
    ["#b42318", "#ffffff"],
  ])("%s gets %s", (brand, foreground) => {
    expect(brandColors(brand)).toEqual({ background: brand, foreground });
  });

  it("always reaches WCAG AA (4.5:1) for normal text, whatever the colour", () => {
    for (let r = 0; r <= 255; r += 17)
      for (let g = 0; g <= 255; g += 17)
        for (let b = 0; b <= 255; b += 17) {
          const hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
          const { background, foreground } = brandColors(hex);
          expect(textContrast(background, foreground), hex).toBeGreaterThanOrEqual(4.5);
        }
  });

  it("falls back to the default teal for a missing or malformed colour", () => {
    expect(brandColors(null).background).toBe("#0f766e");
    expect(brandColors("teal").background).toBe("#0f766e");
    expect(brandColors("#ABCDEF").background).toBe("#abcdef");
  });
});

describe("speed test maths", () => {
  it("latency is the median round trip, jitter the mean change between consecutive ones", () => {
    expect(latencyStats([10, 12, 11, 30, 10])).toEqual({ latencyMs: 11, jitterMs: 10.5 });
    expect(latencyStats([20, 22])).toEqual({ latencyMs: 21, jitterMs: 2 });
    expect(latencyStats([15])).toEqual({ latencyMs: 15, jitterMs: 0 });
    expect(latencyStats([])).toEqual({ latencyMs: 0, jitterMs: 0 });
  });

  it("speed is bits over time in kbps", () => {
    expect(kbpsOf(1_250_000, 1000)).toBe(10_000);
    expect(kbpsOf(1000, 0)).toBe(0);
  });

  it.each([
    [300, 0, "grow"],
    [3000, 0, "stop"],
    [300, SPEEDTEST_UPLOAD_STEPS.length - 1, "parallel"],
    [2600, SPEEDTEST_UPLOAD_STEPS.length - 1, "stop"],
  ] as const)("after %i ms at step %i: %s", (elapsed, step, move) => {
    expect(nextMove(elapsed, step, SPEEDTEST_UPLOAD_STEPS)).toBe(move);
  });
});

describe("sign-in identifiers and notification settings", () => {
  it("anything with an @ is an email, else an account number", () => {
    expect(identifierKind("juan@example.ph")).toBe("email");
    expect(identifierKind("ACC-000123")).toBe("account");
  });

  it("asks for the Telegram chat id or WhatsApp number when that channel is chosen", () => {
    const result = preferencesSchema.safeParse({
      channels: ["email", "telegram", "whatsapp"],
      optOut: false,
      telegramChatId: "",
      whatsappNumber: "",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["telegramChatId", "whatsappNumber"]);
    expect(preferencesSchema.safeParse({ channels: ["telegram"], optOut: false, telegramChatId: "123456789", whatsappNumber: "" }).success).toBe(
      true,
    );
  });
});
