import { z } from "zod";

/*
 * The job runners' settings, parsed once from the environment (see .env.example). Kept beside the jobs
 * so the runners read one typed object instead of process.env.
 */
const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** auto: timers inside the app on the embedded database only; on/off force it (off when a worker or cron runs the jobs). */
  JOBS_IN_PROCESS: z.enum(["auto", "on", "off"]).default("auto"),
  /** Job units (e.g. routers to poll) one worker process runs in parallel. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Postgres schema that holds pg-boss's queue tables. */
  PGBOSS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default("pgboss"),
  /** Only these jobs on this worker (comma-separated names); empty runs every job. */
  WORKER_JOBS: z.string().default(""),
  /** Interval overrides for the worker, `poll-routers=10,reconcile-routers=30` (seconds); tests and small sites. */
  JOB_INTERVALS: z
    .string()
    .regex(/^([a-z][a-z0-9-]*=\d+)?(,[a-z][a-z0-9-]*=\d+)*$/, "JOB_INTERVALS reads like poll-routers=10,reconcile-routers=30")
    .default(""),
  /**
   * A unit (one router's poll or reconcile) whose worker has not renewed it for this long belonged to a worker
   * that died; another worker takes it over. Workers renew every third of it.
   */
  WORKER_UNIT_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(12),
  /** How often an idle worker looks for new units (pg-boss's floor is 0.5 s). */
  WORKER_IDLE_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  /** A cron call stops taking new routers after this many seconds and leaves the rest to the next call (Vercel stops it at 60). */
  CRON_DEADLINE_SECONDS: z.coerce.number().int().min(5).max(900).default(45),
});

/** `poll-routers=10,reconcile-routers=30` → their intervals in seconds. */
export function jobIntervals(config: Pick<JobsConfig, "JOB_INTERVALS">): Map<string, number> {
  const pairs = config.JOB_INTERVALS.split(",").filter(Boolean);
  return new Map(pairs.map((pair) => [pair.split("=")[0], Math.max(1, Number(pair.split("=")[1]))]));
}

export type JobsConfig = z.infer<typeof schema>;

export function jobsConfig(source: NodeJS.ProcessEnv = process.env): JobsConfig {
  return schema.parse(Object.fromEntries(Object.entries(source).filter(([key, value]) => key in schema.shape && value !== "")));
}
