/** After its signal aborts, a run waits this long for the items in hand, then returns (they finish on their own or are cut off). */
export const STOP_GRACE_MS = 10_000;

export type LimitedProgress = { started: number; finished: number };

/**
 * Runs `task` over `items` with at most `limit` at a time; stops taking new items once `signal` aborts.
 * With `graceMs`, it returns at most that long after the abort even if items are still in hand (a cron
 * call must answer before the platform stops it); the counts say how many were started and finished.
 */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
  signal?: AbortSignal,
  options: { graceMs?: number } = {},
): Promise<LimitedProgress> {
  const progress: LimitedProgress = { started: 0, finished: 0 };
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal?.aborted) {
      progress.started += 1;
      await task(items[next++]);
      progress.finished += 1;
    }
  };
  const lanes = Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (!signal || options.graceMs === undefined) {
    await lanes;
    return progress;
  }
  let timer: NodeJS.Timeout | undefined;
  let start = () => {};
  const graceOver = new Promise<void>((resolve) => {
    start = () => {
      timer = setTimeout(resolve, options.graceMs);
      timer.unref();
    };
    if (signal.aborted) start();
    else signal.addEventListener("abort", start, { once: true });
  });
  try {
    await Promise.race([lanes, graceOver]);
  } finally {
    clearTimeout(timer);
    // The signal is often the runner's, alive for the whole process: a listener left on it per run would pile up.
    signal.removeEventListener("abort", start);
  }
  return { ...progress };
}
