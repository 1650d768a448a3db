/*
 * The 95th percentile of an interface's traffic, the way transit and IP-transit bills count it: from 5-minute
 * samples, per direction, rate = bytes × 8 / 300; sort ascending, drop the top 5 % (the sample at index
 * ceil(0.95 · n) − 1 is the figure), and bill the larger direction. Pure: the SQL in percentile-query.ts must agree
 * with this (its db test checks it), and so must anything that prints a bill.
 *
 * Two things are deliberately not done. A rate above the port's speed is kept as it is (counters around a burst, a
 * polling jitter or a wrong speed setting produce them, and clamping would hide exactly what a bill dispute is
 * about). Missing samples are not invented: the percentile is taken over the samples present, and the result says
 * how many of the period's expected samples that was.
 */

/** Seconds in one sample (the 5-minute rollup). */
export const SAMPLE_SECONDS = 300;
const SAMPLE_MS = SAMPLE_SECONDS * 1000;

/** The byte counts of one 5-minute sample (rx = received by the interface, tx = sent). */
export type ByteSample = { rxBytes: number; txBytes: number };

export type Direction = "rx" | "tx";

export type NinetyFifth = {
  /** 95th percentile rates, bits per second, as exact as bytes × 8 / 300 is (not rounded). */
  rxBps: number;
  txBps: number;
  /** The larger of the two, the billable figure (rx on a tie). */
  billableBps: number;
  billableDirection: Direction;
  /** Samples present and the count the period should have had. */
  samples: number;
  expectedSamples: number;
};

/** Zero-based index of the 95th percentile among `n` samples sorted ascending: ceil(0.95 · n) − 1 (Postgres' percentile_disc(0.95)). */
export function percentileIndex(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`no samples to take a percentile of: ${n}`);
  return Math.ceil((95 * n) / 100) - 1;
}

/** A 5-minute sample's byte count as an average rate in bits per second. */
export const sampleBps = (bytes: number) => (bytes * 8) / SAMPLE_SECONDS;

/** The 95th percentile of one direction's byte counts (any order), as bytes: the value a bill is computed from. */
export function ninetyFifthBytes(bytes: readonly number[]): number {
  const sorted = Float64Array.from(bytes).sort();
  return sorted[percentileIndex(sorted.length)];
}

/** How many 5-minute samples fit in [from, to): what a complete period would hold. */
export function expectedSampleCount(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / SAMPLE_MS));
}

/** The 95th percentile of a period's samples, or null when there are none (nothing is billed on nothing). */
export function ninetyFifthPercentile(samples: readonly ByteSample[], { expectedSamples }: { expectedSamples: number }): NinetyFifth | null {
  if (samples.length === 0) return null;
  const rxBytes = ninetyFifthBytes(samples.map((s) => s.rxBytes));
  const txBytes = ninetyFifthBytes(samples.map((s) => s.txBytes));
  return ninetyFifthFromBytes({ rxBytes, txBytes, samples: samples.length }, expectedSamples);
}

/** From the 95th percentile of each direction's bytes (as the SQL returns them) to the same result as `ninetyFifthPercentile`. */
export function ninetyFifthFromBytes(
  { rxBytes, txBytes, samples }: { rxBytes: number; txBytes: number; samples: number },
  expectedSamples: number,
): NinetyFifth {
  const rxBps = sampleBps(rxBytes);
  const txBps = sampleBps(txBytes);
  return { rxBps, txBps, billableBps: Math.max(rxBps, txBps), billableDirection: txBps > rxBps ? "tx" : "rx", samples, expectedSamples };
}
