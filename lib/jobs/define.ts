/*
 * One job interface for three runners (in-process timers, the pg-boss worker, Vercel Cron): a job is a
 * plain function with a zod payload, idempotent and safe to run twice, so a runner may retry it, two
 * runners may overlap after a deploy, and nothing double-counts or corrupts rows.
 */
import type { z } from "zod";
import type { Db } from "@/lib/db/types";

export type JobRunner = "timers" | "worker" | "cron" | "test";

export type JobContext = {
  db: Db;
  /** The run's clock; tests pass a fixed one. */
  now: () => Date;
  /**
   * Aborted when the runner stops (shutdown, deploy) or its time is up (a cron call's deadline): long jobs
   * take no new unit of work after it, finish the ones in hand, and count the rest as `left`.
   */
  signal: AbortSignal;
  runner: JobRunner;
};

export type JobSchedule = {
  /** Interval for the in-process timers and the worker (seconds). */
  everySeconds: number;
  /** The same schedule for Vercel Cron, which counts in whole minutes (vercel.json). */
  cron: string;
};

/** What a run did, for logs and the cron route's answer: counts, never secrets. */
export type JobSummary = Record<string, number | string | boolean>;

/** One independent slice of a run (e.g. one router): workers run slices in parallel, never two with one key at once. */
export type JobUnit<P> = { key: string; payload: P };

export type JobDefinition<P = unknown> = {
  /** URL- and queue-safe: lower case, digits and dashes (`poll-routers`). */
  name: string;
  description: string;
  payload: z.ZodType<P>;
  schedule: JobSchedule;
  run(ctx: JobContext, payload: P): Promise<JobSummary | void>;
  /** Splits a scheduled run into units for the worker; runners without it call `run` with the default payload. */
  split?: (ctx: JobContext) => Promise<JobUnit<P>[]>;
  /** One word for what a unit's run did (`polled`, `busy`, `unreachable`, `failed`), for the worker's log. */
  unitOutcome?: (summary: JobSummary) => string;
};

/** A job with its payload type erased, so the registry can hold jobs of different payloads in one list. */
export interface AnyJob {
  name: string;
  description: string;
  payload: z.ZodType;
  schedule: JobSchedule;
  run(ctx: JobContext, payload: never): Promise<JobSummary | void>;
  split?(ctx: JobContext): Promise<JobUnit<unknown>[]>;
  unitOutcome?(summary: JobSummary): string;
}

const jobName = /^[a-z][a-z0-9-]{1,62}$/;

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  if (!jobName.test(definition.name)) throw new Error(`job name "${definition.name}" must be lower case letters, digits and dashes`);
  if (!(definition.schedule.everySeconds >= 1)) throw new Error(`job "${definition.name}" needs schedule.everySeconds ≥ 1`);
  return definition;
}

/** Parses a raw payload (from a queue, a URL or a timer) with the job's schema and runs it. */
export async function runJob(job: AnyJob, ctx: JobContext, rawPayload: unknown = {}): Promise<JobSummary> {
  const payload = job.payload.parse(rawPayload ?? {}) as never;
  return (await job.run(ctx, payload)) ?? {};
}
