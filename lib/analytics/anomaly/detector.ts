/*
 * The detector, in the spirit of S-H-ESD (seasonal decomposition + robust statistics): each point's residual
 * against its hour-of-week median, scaled by that slot's MAD, is a robust z-score; a point beyond the threshold is
 * flagged, and flags are grouped into anomalies. Instead of the generalised ESD's iterative test we use its robust
 * form's usual shortcut, a fixed z threshold on median/MAD residuals, with a confirmation rule that keeps single
 * noisy samples quiet: two flagged samples in a row open an anomaly, or one that is twice beyond the threshold (a
 * link falling to nothing is found at its first sample). Direction-aware: `below` and `above` judge one side only.
 * Pure; measured on the labelled synthetic set by `npm run bench:anomaly`.
 */
import { expectedAt, HOUR_MS, type Baseline } from "./baseline";
import { MAD_TO_SIGMA } from "./stats";
import type { AnomalyKind } from "../values";

export type Point = { t: number; v: number };
export type Direction = "both" | "below" | "above";

export type DetectOptions = {
  /** Robust z-score beyond which a point is flagged, at sensitivity 1. */
  threshold?: number;
  /** Per-object sensitivity: the threshold is divided by it (2 = flags half as far out; 0.5 = twice as far). */
  sensitivity?: number;
  direction?: Direction;
  /** The series' sampling step (5 minutes for links, an hour for subscribers). */
  stepMs: number;
  /** The spread is at least this share of the expected level: a very regular series still has some noise. */
  relativeFloor?: number;
  /** ...and at least this, in the metric's unit (a few bits per second, one session, one percent of CPU). */
  absoluteFloor?: number;
  /**
   * A sample above its usual level is flagged only at this value or more, whatever its score: on a count that is
   * mostly zero (disconnects per hour), one where there are usually none is far out in robust terms but no fault.
   */
  minimumValue?: number;
};

export const DEFAULT_THRESHOLD = 5;
/** Subscribers' upload is judged with a higher threshold: a household's hour is noisy, and a compromised device is not subtle. */
export const UPLOAD_THRESHOLD = 8;
/**
 * Disconnects per hour: at least this many in the hour, and the spread floor under which the usual none makes the
 * first hour of this many confirm at once (4 ÷ 0.4 = 10, twice the threshold): a flapping CPE or a line fault shows
 * in one hour, one reconnect does not.
 */
export const DISCONNECTS_MINIMUM = 4;
export const DISCONNECTS_FLOOR = 0.4;
/** Non-flagged samples that end an anomaly. */
export const END_AFTER_SAMPLES = 2;
/** Below this share of the expected level, a fall is a drop (a cut) however long it lasts. */
export const DROP_RATIO = 0.5;
/** A deviation lasting this long (and at least this many samples) is a level shift rather than a spike or a dip. */
export const LEVEL_SHIFT_MS = 2 * HOUR_MS;
export const LEVEL_SHIFT_MIN_SAMPLES = 4;

export type DetectedAnomaly = {
  start: number;
  /** The last flagged sample. */
  end: number;
  /** When the anomaly was confirmed (its detection time). */
  detectedAt: number;
  kind: AnomalyKind;
  direction: "below" | "above";
  /** The largest robust z-score seen (absolute). */
  severity: number;
  /** Means over its flagged samples. */
  expected: number;
  actual: number;
  samples: number;
  /** Still going at the last point (not ended by normal samples). */
  open: boolean;
};

export type Scored = Point & { expected: number; z: number };

/** The robust spread a residual is divided by: the slot's MAD as a standard deviation, never under the floors. */
export const robustSpread = (e: { median: number; mad: number }, options: Pick<DetectOptions, "relativeFloor" | "absoluteFloor">) =>
  Math.max(MAD_TO_SIGMA * e.mad, (options.relativeFloor ?? 0.1) * Math.abs(e.median), options.absoluteFloor ?? 1);

/** Each point's expected value and robust z-score (NaN where the baseline knows nothing). */
export function scorePoints(points: readonly Point[], baseline: Baseline, options: Pick<DetectOptions, "relativeFloor" | "absoluteFloor">): Scored[] {
  return points.map((p) => {
    const e = expectedAt(baseline, p.t);
    if (!Number.isFinite(e.median)) return { ...p, expected: Number.NaN, z: Number.NaN };
    return { ...p, expected: e.median, z: (p.v - e.median) / robustSpread(e, options) };
  });
}

export const effectiveThreshold = (options: Pick<DetectOptions, "threshold" | "sensitivity">) =>
  (options.threshold ?? DEFAULT_THRESHOLD) / Math.max(options.sensitivity ?? 1, 0.01);

export function kindOf(direction: "below" | "above", expected: number, actual: number, samples: number, durationMs: number): AnomalyKind {
  const long = samples >= LEVEL_SHIFT_MIN_SAMPLES && durationMs >= LEVEL_SHIFT_MS;
  if (direction === "below") return actual <= DROP_RATIO * expected || !long ? "drop" : "level_shift";
  return long ? "level_shift" : "spike";
}

/** Samples a sustained deviation is judged over: all but one beyond `SUSTAINED_SHARE` of the threshold flags them. */
export const SUSTAINED_SAMPLES = 6;
export const SUSTAINED_SHARE = 0.6;
/** Under this share of the expected level, a sample is flagged at `SUSTAINED_SHARE` of the threshold already. */
export const CUT_RATIO = 0.3;

/**
 * The anomalies among `points` (in time order), judged against `baseline`. Two tests flag samples: a point beyond
 * the threshold (or a fall under `CUT_RATIO` of the usual level beyond 0.6 of it), and a window of `SUSTAINED_SAMPLES` with all but one beyond 0.6 of it (a level shift too modest
 * for any single sample). A run is confirmed (and timed) by a point twice beyond the threshold, two flagged points in
 * a row, or a sustained window; a run never confirmed is noise and dropped.
 */
export function detectAnomalies(points: readonly Point[], baseline: Baseline, options: DetectOptions): DetectedAnomaly[] {
  const threshold = effectiveThreshold(options);
  const direction = options.direction ?? "both";
  const scored = scorePoints(points, baseline, options);
  const n = scored.length;
  const minimum = options.minimumValue ?? -Infinity;
  const allowed = (z: number, v: number) =>
    Number.isFinite(z) && (direction === "both" || (direction === "below" ? z < 0 : z > 0)) && (z < 0 || v >= minimum);
  const pointFlag = new Int8Array(n);
  const flag = new Int8Array(n);
  const confirms = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const { z, v, expected } = scored[i];
    // A fall to under a third of the usual level is a cut on a noisy link too, once it is clearly out of the noise.
    const cut = v <= CUT_RATIO * expected && z <= -threshold * SUSTAINED_SHARE;
    if (allowed(z, v) && (Math.abs(z) >= threshold || cut)) {
      pointFlag[i] = z < 0 ? -1 : 1;
      flag[i] = pointFlag[i];
      if (Math.abs(z) >= 2 * threshold || (i > 0 && pointFlag[i - 1] === pointFlag[i])) confirms[i] = 1;
    }
    if (i + 1 >= SUSTAINED_SAMPLES) {
      const window = scored.slice(i + 1 - SUSTAINED_SAMPLES, i + 1);
      if (window.every((p) => Number.isFinite(p.z))) {
        const level = threshold * SUSTAINED_SHARE;
        const above = window.filter((p) => allowed(p.z, p.v) && p.z >= level).length;
        const below = window.filter((p) => allowed(p.z, p.v) && p.z <= -level).length;
        const sign = above >= SUSTAINED_SAMPLES - 1 ? 1 : below >= SUSTAINED_SAMPLES - 1 ? -1 : 0;
        if (sign !== 0) {
          for (let j = i + 1 - SUSTAINED_SAMPLES; j <= i; j += 1) if (scored[j].z * sign >= level && allowed(scored[j].z, scored[j].v)) flag[j] = sign;
          confirms[i] = 1;
        }
      }
    }
  }

  const found: DetectedAnomaly[] = [];
  type Run = { sign: number; flagged: Scored[]; confirmedAt: number | null; quiet: number };
  let run: Run | null = null;
  const close = (r: Run, open: boolean) => {
    if (r.confirmedAt === null) return;
    const expected = r.flagged.reduce((sum, p) => sum + p.expected, 0) / r.flagged.length;
    const actual = r.flagged.reduce((sum, p) => sum + p.v, 0) / r.flagged.length;
    const start = r.flagged[0].t;
    const end = r.flagged[r.flagged.length - 1].t;
    const dir = r.sign < 0 ? "below" : "above";
    found.push({
      start,
      end,
      detectedAt: r.confirmedAt,
      kind: kindOf(dir, expected, actual, r.flagged.length, end - start + options.stepMs),
      direction: dir,
      severity: Math.round(Math.max(...r.flagged.map((p) => Math.abs(p.z))) * 10) / 10,
      expected,
      actual,
      samples: r.flagged.length,
      open,
    });
  };
  for (let i = 0; i < n; i += 1) {
    const p = scored[i];
    if (run && flag[i] === run.sign) {
      run.flagged.push(p);
      run.quiet = 0;
      if (confirms[i] && run.confirmedAt === null) run.confirmedAt = p.t;
      continue;
    }
    if (run) {
      run.quiet += 1;
      if (run.quiet < END_AFTER_SAMPLES && flag[i] === 0) continue;
      close(run, false);
      run = null;
    }
    if (flag[i] !== 0) run = { sign: flag[i], flagged: [p], confirmedAt: confirms[i] ? p.t : null, quiet: 0 };
  }
  // A run still going at the last point has not been ended by normal samples.
  if (run) close(run, true);
  return found;
}

/** Feedback moves an object's sensitivity: "expected" makes it quieter, "real issue" keener, within bounds. */
export const SENSITIVITY_BOUNDS = { min: 0.4, max: 2.5 } as const;
const FEEDBACK_FACTOR = { expected: 0.8, real_issue: 1.15 } as const;
/** The sensitivity after `feedback`; `replacing` is the verdict it replaces on the same anomaly, whose move is undone. */
export function tunedSensitivity(current: number, feedback: "expected" | "real_issue", replacing: "expected" | "real_issue" | null = null): number {
  const next = (current / (replacing ? FEEDBACK_FACTOR[replacing] : 1)) * FEEDBACK_FACTOR[feedback];
  return Math.round(Math.min(SENSITIVITY_BOUNDS.max, Math.max(SENSITIVITY_BOUNDS.min, next)) * 1000) / 1000;
}
