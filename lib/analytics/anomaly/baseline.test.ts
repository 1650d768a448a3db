import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { baselineFromSlots, expectedAt, HOUR_MS, hourOfWeek, seasonalBaseline, slotStats, WEEK_SLOTS } from "./baseline";
import { mad, median } from "./stats";

const WEEK_MS = 7 * 24 * HOUR_MS;
/** A Monday 00:00 UTC some weeks before the clock's now. */
const monday = () => {
  const hours = Math.floor(clock.ms() / HOUR_MS);
  return (hours - hourOfWeek(hours * HOUR_MS)) * HOUR_MS - 5 * WEEK_MS;
};
/** Hourly points over `weeks` weeks, the value of each hour given by `value(hourOfWeek, week)`. */
const hourly = (start: number, weeks: number, value: (slot: number, week: number) => number | null) =>
  Array.from({ length: weeks * WEEK_SLOTS }, (_, i) => ({ t: start + i * HOUR_MS, v: value(i % WEEK_SLOTS, Math.floor(i / WEEK_SLOTS)) })).filter(
    (p): p is { t: number; v: number } => p.v !== null,
  );

describe("median and MAD", () => {
  it.each([
    [[3, 1, 2], 2, 1],
    [[1, 2, 3, 4], 2.5, 1],
    [[5, 5, 5, 500], 5, 0],
  ])("%j → median %d, MAD %d", (values, m, d) => {
    expect(median(values)).toBe(m);
    expect(mad(values)).toBe(d);
  });

  it("has no median of nothing", () => {
    expect(median([])).toBeNaN();
  });
});

describe("hourOfWeek", () => {
  it("counts from Monday 00:00 UTC and wraps after Sunday 23:00", () => {
    const start = monday();
    expect(hourOfWeek(start)).toBe(0);
    expect(hourOfWeek(start + 25 * HOUR_MS + 59 * 60_000)).toBe(25);
    expect(hourOfWeek(start + WEEK_MS - HOUR_MS)).toBe(167);
    expect(hourOfWeek(start + WEEK_MS)).toBe(0);
  });
});

describe("seasonalBaseline", () => {
  it("gives each hour of the week its own median and MAD", () => {
    const start = monday();
    const baseline = seasonalBaseline(hourly(start, 4, (slot, week) => slot * 10 + week));
    expect(baseline.median[5]).toBe(51.5);
    expect(baseline.mad[5]).toBe(1);
    expect(baseline.source.every((source) => source === "slot")).toBe(true);
  });

  it("shrugs off one bad week (a cut in the history) at that hour", () => {
    const start = monday();
    const baseline = seasonalBaseline(hourly(start, 4, (slot, week) => (week === 2 && slot === 20 ? 0 : 100)));
    expect(baseline.median[20]).toBe(100);
  });

  it("falls back to the same hour of other days when a slot has too few weeks, then to the whole series", () => {
    const start = monday();
    // One week of data: every slot has one sample, under the three a slot needs.
    const oneWeek = seasonalBaseline(hourly(start, 1, (slot) => (slot % 24) * 2));
    expect(oneWeek.source[30]).toBe("hour_of_day");
    expect(oneWeek.median[30]).toBe(12);
    // Only two samples at all: the hour of day cannot stand, nor the whole series (three needed).
    const twoPoints = seasonalBaseline([
      { t: start, v: 5 },
      { t: start + HOUR_MS, v: 7 },
    ]);
    expect(twoPoints.source[0]).toBe("none");
    const three = seasonalBaseline([5, 7, 9].map((v, i) => ({ t: start + i * HOUR_MS, v })));
    expect(three.source[100]).toBe("global");
    expect(three.median[100]).toBe(7);
  });

  it("ignores missing samples (not zero traffic)", () => {
    const start = monday();
    const baseline = seasonalBaseline(hourly(start, 4, (slot, week) => (week === 1 ? null : 50)));
    expect(baseline.median.every((value) => value === 50)).toBe(true);
  });

  it("is the same built from cached slot statistics", () => {
    const start = monday();
    const history = hourly(start, 3, (slot, week) => slot + week * 3);
    expect(baselineFromSlots(slotStats(history))).toEqual(seasonalBaseline(history));
  });
});

describe("expectedAt", () => {
  it("interpolates between the middles of neighbouring hours, so a ramp is not read as a step", () => {
    const start = monday();
    const baseline = seasonalBaseline(hourly(start, 4, (slot) => (slot === 1 ? 200 : 100)));
    expect(expectedAt(baseline, start + 5 * WEEK_MS + 1.5 * HOUR_MS).median).toBe(200);
    expect(expectedAt(baseline, start + 5 * WEEK_MS + 1 * HOUR_MS).median).toBe(150);
    expect(expectedAt(baseline, start + 5 * WEEK_MS + 0.5 * HOUR_MS).median).toBe(100);
  });
});
