/*
 * Starts the registered jobs on timers inside the app process: always on the embedded database (no
 * other process may open it), and on Postgres only with JOBS_IN_PROCESS=on (otherwise `npm run worker`
 * or Vercel Cron runs them). Started once per process, after migrations; stopped on SIGTERM/SIGINT.
 */
import type { Connection } from "@/lib/db/connect";
import { logger } from "@/lib/core/logger";
import { jobIntervals, jobsConfig } from "./config";
import { jobs } from "./registry";
import { startJobTimers, type JobTimers } from "./timers";

const globalForJobs = globalThis as unknown as { netsphereJobTimers?: JobTimers };

export function inProcessJobsWanted(driver: Connection["driver"], setting = jobsConfig().JOBS_IN_PROCESS): boolean {
  return setting === "on" || (setting === "auto" && driver === "pglite");
}

/** Returns a line for the start-up banner saying where jobs run. */
export function startInProcessJobs(connection: Connection): string {
  if (!inProcessJobsWanted(connection.driver)) return "Background jobs are not run in this process (start `npm run worker` or use Vercel Cron).";
  if (globalForJobs.netsphereJobTimers) return "Background jobs are running in this process.";
  const intervals = jobIntervals(jobsConfig());
  globalForJobs.netsphereJobTimers = startJobTimers({
    jobs,
    intervals,
    context: async () => ({ db: connection.db }),
    onRun: (job, summary, ms) => logger.debug({ job: job.name, ms: Math.round(ms), ...summary }, "job ran"),
    onSkip: (job) => logger.info({ job: job.name }, "job still running from the last interval; this run skipped"),
    onError: (job, error) => logger.error({ err: error, job: job.name }, "job failed"),
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void stopInProcessJobs().finally(() => {
        // Next's own handler exits the process; without one, keep the signal's usual effect.
        if (process.listenerCount(signal) === 0) process.exit(0);
      });
    });
  }
  return `Background jobs run in this process: ${jobs.map((job) => `${job.name} every ${intervals.get(job.name) ?? job.schedule.everySeconds} s`).join(", ")}.`;
}

/** Stops the timers and waits for runs in hand (their writes are transactions, so an interrupted run leaves no half rows). */
export async function stopInProcessJobs(): Promise<void> {
  const timers = globalForJobs.netsphereJobTimers;
  globalForJobs.netsphereJobTimers = undefined;
  await timers?.stop();
}
