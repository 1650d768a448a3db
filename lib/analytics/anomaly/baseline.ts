/*
 * The seasonal baseline: for each hour of the week, the median and the MAD of what the series did at that hour over
 * the last weeks. Robust to missing data and to anomalies in the history (a median ignores a few bad weeks). A slot
 * with too few samples borrows from the same hour of the other days, and failing that from the whole series, so a
 * series seen for two days already has a usable (coarser) expectation. Pure: the job computes the slot statistics in
 * SQL with the same definitions and finishes them here (`baselineFromSlots`).
 */
import { mad, median } from "./stats";

export const HOUR_MS = 3_600_000;
export const WEEK_SLOTS = 168;
/** Weeks of history a baseline looks back over. */
export const BASELINE_WEEKS = 4;

/** Hour of the week in UTC, Monday 00:00 = 0 (1970-01-01 was a Thursday, 72 hours after a Monday). */
export const hourOfWeek = (t: number) => (((Math.floor(t / HOUR_MS) + 72) % WEEK_SLOTS) + WEEK_SLOTS) % WEEK_SLOTS;

export type SlotStats = { medians: number[]; mads: number[]; counts: number[] };

/** Median, MAD and sample count per hour-of-week slot of the points given (NaN median where a slot has none). */
export function slotStats(points: readonly { t: number; v: number }[]): SlotStats {
  const buckets: number[][] = Array.from({ length: WEEK_SLOTS }, () => []);
  for (const p of points) if (Number.isFinite(p.v)) buckets[hourOfWeek(p.t)].push(p.v);
  const medians = buckets.map((values) => median(values));
  return { medians, mads: buckets.map((values, slot) => (values.length ? mad(values, medians[slot]) : Number.NaN)), counts: buckets.map((values) => values.length) };
}

export type Expectation = { median: number; mad: number; source: "slot" | "hour_of_day" | "global" | "none" };

export type Baseline = {
  /** Per hour-of-week slot, after fallbacks. */
  median: Float64Array;
  mad: Float64Array;
  source: Expectation["source"][];
};

/** A slot needs this many samples (e.g. three weeks of one hourly point, or a week of twelve 5-minute points) to stand alone. */
export const MIN_SLOT_SAMPLES = 3;

const ALL_SLOTS = Array.from({ length: WEEK_SLOTS }, (_, slot) => slot);
const SLOTS_BY_HOUR = Array.from({ length: 24 }, (_, hour) => ALL_SLOTS.filter((slot) => slot % 24 === hour));

/**
 * Slot statistics → a baseline with fallbacks: a thin slot takes the median of the same hour's slot medians (and
 * MADs) across the week, then the median over all slots. Pooling statistics rather than raw samples keeps the
 * cached form small (three arrays of 168) and is as robust.
 */
export function baselineFromSlots(stats: SlotStats, minSamples = MIN_SLOT_SAMPLES): Baseline {
  const ok = (slot: number) => stats.counts[slot] >= minSamples && Number.isFinite(stats.medians[slot]);
  const anyData = (slot: number) => stats.counts[slot] > 0 && Number.isFinite(stats.medians[slot]);
  const pooled = (slots: number[]) => {
    const usable = slots.filter(anyData);
    const samples = usable.reduce((sum, slot) => sum + stats.counts[slot], 0);
    return usable.length > 0 && samples >= minSamples
      ? { median: median(usable.map((slot) => stats.medians[slot])), mad: median(usable.map((slot) => stats.mads[slot])) }
      : null;
  };
  // Pooled only when a slot needs them: most baselines of a series with weeks of history never do.
  let global: ReturnType<typeof pooled> | undefined;
  const byHourCache = new Map<number, ReturnType<typeof pooled>>();
  const byHour = (hour: number) => {
    if (!byHourCache.has(hour)) byHourCache.set(hour, pooled(SLOTS_BY_HOUR[hour]));
    return byHourCache.get(hour)!;
  };
  const globalPool = () => (global === undefined ? (global = pooled(ALL_SLOTS)) : global);
  const relatives: number[] = [];
  for (const slot of ALL_SLOTS) if (ok(slot) && stats.medians[slot] !== 0) relatives.push(stats.mads[slot] / Math.abs(stats.medians[slot]));
  const relativeSpread = relatives.length > 0 ? median(relatives) : 0;
  const baseline: Baseline = { median: new Float64Array(WEEK_SLOTS), mad: new Float64Array(WEEK_SLOTS), source: [] };
  for (const slot of ALL_SLOTS) {
    const hour = ok(slot) ? null : byHour(slot % 24);
    const wide = ok(slot) || hour ? null : globalPool();
    const chosen = ok(slot)
      ? { median: stats.medians[slot], mad: stats.mads[slot], source: "slot" as const }
      : hour
        ? { ...hour, source: "hour_of_day" as const }
        : wide
          ? { ...wide, source: "global" as const }
          : { median: Number.NaN, mad: Number.NaN, source: "none" as const };
    baseline.median[slot] = chosen.median;
    // A slot's MAD from a few weeks is itself noisy (four samples can agree by chance): never below the series'
    // typical spread relative to its level.
    baseline.mad[slot] = Math.max(chosen.mad, relativeSpread * Math.abs(chosen.median));
    baseline.source[slot] = chosen.source;
  }
  return baseline;
}

/** The baseline of a series from its history (the points before the ones to judge). */
export const seasonalBaseline = (history: readonly { t: number; v: number }[], minSamples = MIN_SLOT_SAMPLES) => baselineFromSlots(slotStats(history), minSamples);

/**
 * The expectation at `t`: slot medians (and MADs) are taken to stand at the middle of their hour and interpolated
 * linearly between neighbours, so a ramp (the evening rise) is not read as half an hour too low, then too high.
 */
export function expectedAt(baseline: Baseline, t: number): Expectation {
  const hours = t / HOUR_MS - 0.5;
  const before = Math.floor(hours);
  const share = hours - before;
  const a = hourOfWeek(before * HOUR_MS);
  const b = (a + 1) % WEEK_SLOTS;
  const slot = share < 0.5 ? a : b;
  const mix = (values: Float64Array) =>
    Number.isFinite(values[a]) && Number.isFinite(values[b]) ? values[a] * (1 - share) + values[b] * share : values[slot];
  return { median: mix(baseline.median), mad: mix(baseline.mad), source: baseline.source[slot] };
}
