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
});

export type JobsConfig = z.infer<typeof schema>;

export function jobsConfig(source: NodeJS.ProcessEnv = process.env): JobsConfig {
  return schema.parse(Object.fromEntries(Object.entries(source).filter(([key, value]) => key in schema.shape && value !== "")));
}
