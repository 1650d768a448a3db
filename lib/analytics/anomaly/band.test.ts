import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { baselineFromSlots, HOUR_MS, hourOfWeek, WEEK_SLOTS, type SlotStats } from "./baseline";
import { expectedBand } from "./band";
import { MAD_TO_SIGMA } from "./stats";

const STEP = 300_000;
/** A Monday 00:00 UTC a week before the clock's now. */
const monday = () => {
  const hours = Math.floor(clock.ms() / HOUR_MS);
  return (hours - hourOfWeek(hours * HOUR_MS)) * HOUR_MS - 7 * 24 * HOUR_MS;
};
const flat = (median: number, mad: number): SlotStats => ({
  medians: new Array<number>(WEEK_SLOTS).fill(median),
  mads: new Array<number>(WEEK_SLOTS).fill(mad),
  counts: new Array<number>(WEEK_SLOTS).fill(12),
});

describe("expectedBand", () => {
  it("draws the usual level with one robust spread either side", () => {
    const band = expectedBand(baselineFromSlots(flat(100e6, 10e6)), [monday()], { bucketMs: HOUR_MS, stepMs: STEP, absoluteFloor: 100_000 });
    expect(band).toHaveLength(1);
    expect(band[0].expected).toBeCloseTo(100e6);
    expect(band[0].high - band[0].expected).toBeCloseTo(MAD_TO_SIGMA * 10e6);
    expect(band[0].expected - band[0].low).toBeCloseTo(MAD_TO_SIGMA * 10e6);
  });

  it("never draws the spread narrower than the detector's floors, nor below zero", () => {
    const [quiet] = expectedBand(baselineFromSlots(flat(100e6, 0)), [monday()], { bucketMs: HOUR_MS, stepMs: STEP, absoluteFloor: 100_000 });
    expect(quiet.high - quiet.expected).toBeCloseTo(10e6);
    const [tiny] = expectedBand(baselineFromSlots(flat(20_000, 0)), [monday()], { bucketMs: HOUR_MS, stepMs: STEP, absoluteFloor: 100_000 });
    expect(tiny.low).toBe(0);
    expect(tiny.high).toBeCloseTo(120_000);
  });

  it("follows the hour of the week, and averages a day's hours for a daily bucket", () => {
    const stats = flat(0, 0);
    stats.medians = stats.medians.map((_, slot) => (slot % 24 === 21 ? 500e6 : 100e6));
    const start = monday();
    const hours = expectedBand(baselineFromSlots(stats), [start + 10 * HOUR_MS, start + 21 * HOUR_MS], { bucketMs: HOUR_MS, stepMs: STEP });
    expect(hours[0].expected).toBeCloseTo(100e6);
    // The evening hour's samples lean towards their neighbours at its edges, as the detector's expectation does.
    expect(hours[1].expected).toBeGreaterThan(350e6);
    const [day] = expectedBand(baselineFromSlots(stats), [start], { bucketMs: 24 * HOUR_MS, stepMs: STEP });
    expect(day.expected).toBeCloseTo((23 * 100e6 + 500e6) / 24, -5);
  });

  it("leaves out buckets the baseline knows nothing about", () => {
    const empty: SlotStats = {
      medians: new Array<number>(WEEK_SLOTS).fill(Number.NaN),
      mads: new Array<number>(WEEK_SLOTS).fill(Number.NaN),
      counts: new Array<number>(WEEK_SLOTS).fill(0),
    };
    expect(expectedBand(baselineFromSlots(empty), [monday()], { bucketMs: HOUR_MS, stepMs: STEP })).toEqual([]);
  });
});
