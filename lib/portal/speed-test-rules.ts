/*
 * The speed test's sizes and maths: pure, without zod, so the browser's test (components/portal/speed-test.tsx)
 * and the server's checks (rules.ts, the speedtest routes) share them and a phone downloads only these.
 */

export const SPEEDTEST_MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;
/** Below serverless hosts' request body limit (4.5 MB on Vercel); fast links are measured with parallel uploads. */
export const SPEEDTEST_MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
/** Sizes tried in turn; the test moves up while a transfer finishes in under `SPEEDTEST_TARGET_MS`. */
export const SPEEDTEST_DOWNLOAD_STEPS = [256 * 1024, 1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024, SPEEDTEST_MAX_DOWNLOAD_BYTES];
export const SPEEDTEST_UPLOAD_STEPS = [128 * 1024, 512 * 1024, 2 * 1024 * 1024, SPEEDTEST_MAX_UPLOAD_BYTES];
/** When even the largest size is quick, this many run at once to fill a fast link. */
export const SPEEDTEST_PARALLEL = 4;
export const SPEEDTEST_TARGET_MS = 2500;
export const SPEEDTEST_PINGS = 10;
/** Results a subscriber may store per hour: enough for a few retries, not a flood. */
export const SPEEDTEST_MAX_PER_HOUR = 20;

/** Kilobits per second for `bytes` moved in `ms`. */
export const kbpsOf = (bytes: number, ms: number): number => (ms <= 0 ? 0 : Math.round((bytes * 8) / ms));

/** Latency is the median round trip; jitter the mean difference between consecutive round trips. */
export function latencyStats(samplesMs: number[]): { latencyMs: number; jitterMs: number } {
  if (samplesMs.length === 0) return { latencyMs: 0, jitterMs: 0 };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  let diffs = 0;
  for (let i = 1; i < samplesMs.length; i++) diffs += Math.abs(samplesMs[i] - samplesMs[i - 1]);
  const jitter = samplesMs.length > 1 ? diffs / (samplesMs.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { latencyMs: round(median), jitterMs: round(jitter) };
}

/** After a transfer: try the next size, run the largest ones in parallel (a fast link), or stop. */
export function nextMove(elapsedMs: number, step: number, steps: number[]): "grow" | "parallel" | "stop" {
  if (elapsedMs >= SPEEDTEST_TARGET_MS) return "stop";
  return step < steps.length - 1 ? "grow" : "parallel";
}
