import { describe, expect, it } from "vitest";
import { forecastCrossing, MIN_WEEKS, urgencyOf, varianceFactor } from "./forecast";

const linear = (weeks: number, start: number, perWeek: number) => Array.from({ length: weeks }, (_, i) => start + i * perWeek);

/** A small deterministic wobble (no randomness in a pure test). */
const wobble = (i: number) => 0.01 * Math.sin(i * 1.7) + 0.006 * Math.cos(i * 0.9);

describe("forecastCrossing", () => {
  it("finds the week a steady rise reaches the threshold", () => {
    // 40 % rising 1 point a week: the last week (index 19) is at 59 %, 80 % is 21 weeks later.
    const forecast = forecastCrossing(linear(20, 0.4, 0.01), { threshold: 0.8 });
    expect(forecast.crossing.kind).toBe("ahead");
    if (forecast.crossing.kind !== "ahead") return;
    expect(forecast.crossing.weeks).toBeCloseTo(21, 1);
    expect(forecast.trend).toBeCloseTo(0.01, 4);
  });

  it("brackets the crossing with an interval that widens with noise", () => {
    const noisy = linear(26, 0.3, 0.012).map((v, i) => v + wobble(i));
    const forecast = forecastCrossing(noisy, { threshold: 0.8 });
    expect(forecast.crossing.kind).toBe("ahead");
    if (forecast.crossing.kind !== "ahead") return;
    expect(forecast.crossing.earliestWeeks).toBeLessThan(forecast.crossing.weeks);
    expect(forecast.crossing.latestWeeks ?? Infinity).toBeGreaterThan(forecast.crossing.weeks);
    // The truth (a 1.2-point weekly rise from the last week's ~60 %) lies inside.
    const truth = (0.8 - (0.3 + 25 * 0.012)) / 0.012;
    expect(truth).toBeGreaterThanOrEqual(forecast.crossing.earliestWeeks);
    expect(truth).toBeLessThanOrEqual(forecast.crossing.latestWeeks ?? Infinity);
    for (const point of forecast.points) {
      expect(point.low).toBeLessThanOrEqual(point.mean);
      expect(point.high).toBeGreaterThanOrEqual(point.mean);
    }
    expect(forecast.points[51].high - forecast.points[51].mean).toBeGreaterThan(forecast.points[0].high - forecast.points[0].mean);
  });

  it("says no saturation within the horizon for a flat link far below the threshold", () => {
    const flat = Array.from({ length: 20 }, (_, i) => 0.2 + wobble(i));
    const forecast = forecastCrossing(flat, { threshold: 0.8 });
    expect(forecast.crossing).toEqual({ kind: "none" });
    expect(forecast.points).toHaveLength(52);
  });

  it("says a link already over the threshold crosses now", () => {
    expect(forecastCrossing([0.7, 0.75, 0.79, 0.82], { threshold: 0.8 }).crossing).toEqual({ kind: "now" });
  });

  it("refuses to guess from fewer than the minimum weeks", () => {
    expect(forecastCrossing(linear(MIN_WEEKS - 1, 0.5, 0.05), { threshold: 0.8 }).crossing).toEqual({ kind: "too_short" });
    expect(() => forecastCrossing([0.1, Number.NaN, 0.2, 0.3], { threshold: 0.8 })).toThrow(RangeError);
  });

  it("reports a possible crossing when only the upper bound reaches it", () => {
    // Flat around 70 % with large swings: the mean stays below 80 %, the band does not.
    const swinging = Array.from({ length: 16 }, (_, i) => 0.66 + (i % 2 === 0 ? 0.06 : -0.06));
    const crossing = forecastCrossing(swinging, { threshold: 0.8 }).crossing;
    expect(["possible", "ahead"]).toContain(crossing.kind);
    if (crossing.kind === "possible") expect(crossing.earliestWeeks).toBeGreaterThan(0);
  });

  it("gives the same forecast for the same series", () => {
    const series = linear(30, 0.2, 0.008).map((v, i) => v + wobble(i));
    expect(forecastCrossing(series, { threshold: 0.8 })).toEqual(forecastCrossing(series, { threshold: 0.8 }));
  });
});

describe("varianceFactor", () => {
  it("is 1 one step ahead and grows with the horizon", () => {
    expect(varianceFactor(1, 0.5, 0.1)).toBe(1);
    expect(varianceFactor(10, 0.5, 0.1)).toBeGreaterThan(varianceFactor(5, 0.5, 0.1));
    // Simple exponential smoothing (no trend): 1 + (h − 1)·α².
    expect(varianceFactor(5, 0.5, 0)).toBeCloseTo(1 + 4 * 0.25, 10);
  });
});

describe("urgencyOf", () => {
  it("orders now, then by the crossing week, then possible, none and too short", () => {
    const order = [
      { kind: "none" as const },
      { kind: "ahead" as const, weeks: 10, earliestWeeks: 8, latestWeeks: 12 },
      { kind: "too_short" as const },
      { kind: "now" as const },
      { kind: "possible" as const, earliestWeeks: 30 },
      { kind: "ahead" as const, weeks: 3, earliestWeeks: 2, latestWeeks: null },
    ].sort((a, b) => urgencyOf(a) - urgencyOf(b));
    expect(order.map((c) => c.kind)).toEqual(["now", "ahead", "ahead", "possible", "none", "too_short"]);
  });
});
