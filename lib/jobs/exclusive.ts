/*
 * Within one process a job never runs twice at the same time: the in-process timers and the cron route
 * share this guard, so a slow poll and a cron call that lands during it don't overlap. Across processes
 * the jobs themselves stay safe (idempotent writes, per-router locks); this only saves the duplicate work.
 */
const globalForJobs = globalThis as unknown as { netsphereRunningJobs?: Map<string, Promise<unknown>> };

function running(): Map<string, Promise<unknown>> {
  globalForJobs.netsphereRunningJobs ??= new Map();
  return globalForJobs.netsphereRunningJobs;
}

export type ExclusiveResult<T> = { ran: true; value: T } | { ran: false };

/** Runs `task` unless a run under `key` is still going in this process; then it returns `{ ran: false }` at once. */
export async function runExclusive<T>(key: string, task: () => Promise<T>): Promise<ExclusiveResult<T>> {
  const runs = running();
  if (runs.has(key)) return { ran: false };
  const promise = task();
  runs.set(key, promise);
  try {
    return { ran: true, value: await promise };
  } finally {
    runs.delete(key);
  }
}

/** True while a run under `key` is going in this process. */
export function isRunning(key: string): boolean {
  return running().has(key);
}
