/*
 * The self-hosted runner: pg-boss queues on Postgres, shared by any number of `npm run worker` processes.
 *
 * - Each job has a trigger queue (policy `singleton`: one active run at a time across all workers).
 *   Every worker offers a trigger per interval, throttled by pg-boss to one per time slot, so adding
 *   workers doesn't multiply runs.
 * - A job with `split` (e.g. one unit per router) fans out into a units queue (policy `stately`,
 *   singleton key = the unit's key): workers take units in batches, and one router is never worked
 *   on by two workers at once, nor queued twice.
 */
import PgBoss from "pg-boss";
import type { Db } from "@/lib/db/types";
import { eachLimited } from "./concurrency";
import { runJob, type AnyJob, type JobContext } from "./define";
import { clock } from "@/lib/core/clock";

export type WorkerLog = {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

export type WorkerOptions = {
  connectionString: string;
  db: Db;
  jobs: readonly AnyJob[];
  /** Units one worker runs at once (e.g. routers polled in parallel). */
  concurrency: number;
  schema?: string;
  log: WorkerLog;
  /** How often idle workers look for new units; pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds?: number;
};

export type RunningWorker = { boss: PgBoss; stop(): Promise<void> };

export const unitQueueOf = (job: AnyJob) => `${job.name}-unit`;

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const controller = new AbortController();
  const boss = new PgBoss({ connectionString: options.connectionString, schema: options.schema ?? "pgboss", max: 4 });
  boss.on("error", (error) => options.log.error({ err: error }, "pg-boss error"));
  await boss.start();
  const context = (): JobContext => ({ db: options.db, now: () => clock.now(), signal: controller.signal, runner: "worker" });
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  const tickers: NodeJS.Timeout[] = [];

  for (const job of options.jobs) {
    const expireInSeconds = Math.max(60, job.schedule.everySeconds * 4);
    await boss.createQueue(job.name, { name: job.name, policy: "singleton", retryLimit: 0, expireInSeconds });
    if (job.split) {
      const unitQueue = unitQueueOf(job);
      await boss.createQueue(unitQueue, { name: unitQueue, policy: "stately", retryLimit: 0, expireInSeconds });
      await boss.work<Record<string, unknown>>(unitQueue, { batchSize: options.concurrency, pollingIntervalSeconds }, async (batch) => {
        // Units fail alone: a failing router is logged and retried on the next interval, its batch-mates still complete.
        await eachLimited(batch, options.concurrency, async (unit) => {
          try {
            await runJob(job, context(), unit.data);
          } catch (error) {
            options.log.error({ err: error, job: job.name, unit: unit.data }, "job unit failed");
          }
        });
      });
    }
    await boss.work<Record<string, unknown>>(job.name, { batchSize: 1, pollingIntervalSeconds }, async ([trigger]) => {
      const started = performance.now();
      if (job.split) {
        const units = await job.split(context());
        const unitQueue = unitQueueOf(job);
        // A unit still queued from the last interval keeps its place (stately queue, one queued per key).
        await boss.insert(
          units.map((unit) => ({ name: unitQueue, data: unit.payload as object, singletonKey: unit.key, retryLimit: 0, expireInSeconds })),
        );
        options.log.info({ job: job.name, units: units.length }, "job split into units");
      } else {
        const summary = await runJob(job, context(), trigger?.data ?? {});
        options.log.info({ job: job.name, ms: Math.round(performance.now() - started), ...summary }, "job ran");
      }
    });
    const offer = () => {
      boss
        .send(job.name, {}, { singletonKey: job.name, singletonSeconds: job.schedule.everySeconds, retryLimit: 0, expireInSeconds })
        .catch((error: unknown) => options.log.error({ err: error, job: job.name }, "could not queue the job"));
    };
    offer();
    // Offered three times per slot, so timer drift never leaves a slot without a run.
    tickers.push(setInterval(offer, Math.max(1, job.schedule.everySeconds / 3) * 1000));
  }

  return {
    boss,
    async stop() {
      controller.abort();
      for (const ticker of tickers) clearInterval(ticker);
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}
