/*
 * Within one process a job never runs twice at the same time: the in-process timers and the cron route
 * share this guard, so a slow poll and a cron call that lands during it don't overlap. Across processes
 * the jobs themselves stay safe (idempotent writes, per-router locks); this only saves the duplicate work.
 *
 * A guard taken with a lease counts as free once the lease is over, even if its run never ended: a cron
 * call cut off by the platform (its function stopped mid-run, the instance kept) must not block the next
 * call, so the cron route's lease is its time limit, never longer than the interval between calls.
 */
import { clock } from "@/lib/core/clock";

type Entry = { promise: Promise<unknown>; until: number };

const globalForJobs = globalThis as unknown as { netsphereRunningJobs?: Map<string, Entry> };

function running(): Map<string, Entry> {
  globalForJobs.netsphereRunningJobs ??= new Map();
  return globalForJobs.netsphereRunningJobs;
}

export type ExclusiveResult<T> = { ran: true; value: T } | { ran: false };

const held = (entry: Entry | undefined): entry is Entry => entry !== undefined && entry.until > clock.ms();

/** Runs `task` unless a run under `key` is still going (within its lease) in this process; then it returns `{ ran: false }` at once. */
export async function runExclusive<T>(key: string, task: () => Promise<T>, options: { leaseMs?: number } = {}): Promise<ExclusiveResult<T>> {
  const runs = running();
  if (held(runs.get(key))) return { ran: false };
  const promise = task();
  const entry: Entry = { promise, until: options.leaseMs === undefined ? Infinity : clock.ms() + options.leaseMs };
  runs.set(key, entry);
  try {
    return { ran: true, value: await promise };
  } finally {
    // A run that outlived its lease may end after a newer run took the key: leave the newer one's entry alone.
    if (runs.get(key) === entry) runs.delete(key);
  }
}

/** True while a run under `key` is going (within its lease) in this process. */
export function isRunning(key: string): boolean {
  return held(running().get(key));
}
