import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { describeCrossing, describeLevel } from "./describe";

const WEEK = 7 * 86_400_000;
const start = clock.now();
const history = (shares: number[], peak: number | null = null) =>
  shares.map((share, i) => ({ weekEnd: new Date(start.getTime() + i * WEEK), share, peak }));

describe("describeCrossing", () => {
  it("gives the crossing day and its interval in the ISP's calendar", () => {
    const at = new Date(Date.UTC(2031, 0, 14, 20));
    const text = describeCrossing(
      {
        kind: "link",
        threshold: 0.8,
        history: history([0.5, 0.6]),
        crossing: { kind: "ahead", weeks: 5, earliestWeeks: 3, latestWeeks: null },
        crossingAt: at,
        earliestAt: new Date(Date.UTC(2031, 0, 2, 3)),
        latestAt: null,
      },
      "Asia/Manila",
    );
    // 20:00 UTC on the 14th is the 15th in Manila.
    expect(text).toBe("Reaches 80 % around Jan 15, 2031 (likely between Jan 2, 2031 and beyond 12 months)");
  });

  it("says a pool runs out or is full, and when there is too little history", () => {
    const base = { history: history([0.9]), crossingAt: null, earliestAt: null, latestAt: null, threshold: 1 };
    expect(describeCrossing({ ...base, kind: "pool", crossing: { kind: "now" } }, "UTC")).toBe("Full now");
    expect(describeCrossing({ ...base, kind: "router", threshold: 0.8, crossing: { kind: "none" } }, "UTC")).toBe("No saturation within 12 months");
    expect(describeCrossing({ ...base, kind: "router", crossing: { kind: "too_short" } }, "UTC")).toBe(
      "Not enough history for a forecast (1 of 4 weeks)",
    );
  });
});

describe("describeLevel", () => {
  it("states the last week's share, busiest hour and a router's headroom", () => {
    expect(describeLevel({ kind: "link", capacityLabel: "100 Mbps link", history: history([0.4, 0.61], 0.7) })).toBe(
      "61 % of a 100 Mbps link (busiest hour 70 %)",
    );
    expect(describeLevel({ kind: "router", capacityLabel: "CPU", history: history([0.23], 0.31) })).toBe(
      "CPU 23 % (busiest hour 31 %, 69 % headroom)",
    );
    expect(describeLevel({ kind: "pool", capacityLabel: "64 addresses", history: history([39 / 64]) })).toBe("61 % of 64 addresses held");
    expect(describeLevel({ kind: "pool", capacityLabel: "64 addresses", history: [] })).toBe("No data yet");
  });
});
