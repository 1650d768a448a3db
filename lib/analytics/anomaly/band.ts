/*
 * The expected level drawn on a chart: per chart bucket (an hour or a day), the mean of the baseline's expectation
 * at each sample time in it (the hour-of-week median, interpolated as the detector does) and the mean of its robust
 * spread (the same spread the detector divides by), as a band of one spread either side. Pure.
 */
import { expectedAt, type Baseline } from "./baseline";
import { robustSpread, type DetectOptions } from "./detector";

export type BandPoint = { t: number; expected: number; low: number; high: number };

/**
 * One band point per bucket start that the baseline knows something about; buckets with no expectation (a series
 * with no history) are left out rather than drawn at zero.
 */
export function expectedBand(
  baseline: Baseline,
  bucketStarts: readonly number[],
  { bucketMs, stepMs, ...floors }: { bucketMs: number; stepMs: number } & Pick<DetectOptions, "relativeFloor" | "absoluteFloor">,
): BandPoint[] {
  const band: BandPoint[] = [];
  for (const start of bucketStarts) {
    let expected = 0;
    let spread = 0;
    let n = 0;
    // The samples' times are their buckets' starts, as the detector reads them.
    for (let t = start; t < start + bucketMs; t += stepMs) {
      const e = expectedAt(baseline, t);
      if (!Number.isFinite(e.median)) continue;
      expected += e.median;
      spread += robustSpread(e, floors);
      n += 1;
    }
    if (n === 0) continue;
    expected /= n;
    spread /= n;
    band.push({ t: start, expected, low: Math.max(0, expected - spread), high: expected + spread });
  }
  return band;
}
