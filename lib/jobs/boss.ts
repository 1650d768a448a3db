/*
 * The self-hosted runner: pg-boss queues on Postgres, shared by any number of `npm run worker` processes.
 *
 * - Each job has a trigger queue (policy `singleton`: one active run at a time across all workers).
 *   Every worker offers a trigger per interval, throttled by pg-boss to one per time slot, so adding
 *   workers doesn't multiply runs.
 * - A job with `split` (e.g. one unit per router) fans out into a units queue (policy `stately`,
 *   singleton key = the unit's key): one router is never worked on by two workers at once, nor queued twice.
 *   Each unit is taken, run and completed on its own (one slow router never holds back the others), a
 *   worker takes only its share of what is waiting (so the work spreads over the running workers), and a
 *   unit whose worker died is taken over after the unit lease (see units.ts).
 * - Start-up never races another worker: pg-boss's schema and the queues are created under a Postgres
 *   advisory lock, and a worker that cannot start (database down, a lock timeout) says so and tries again.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import PgBoss from "pg-boss";
import type { Db } from "@/lib/db/types";
import { runJob, type AnyJob, type JobContext, type JobSummary } from "./define";
import { connectedWorkers, unitStatements, workerAppName, type FetchedUnit, type UnitStatements } from "./units";
import { clock } from "@/lib/core/clock";
import { queueExpirySeconds } from "./expiry";

export type WorkerLog = {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
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
  /** A unit not renewed for this long is taken over by another worker (renewed every third of it). */
  unitLeaseSeconds?: number;
  /** Interval overrides by job name (seconds). */
  intervals?: ReadonlyMap<string, number>;
  /** Stops the start-up retries (shutdown while the database is still unreachable). */
  signal?: AbortSignal;
};

export type RunningWorker = { boss: PgBoss; id: string; stop(): Promise<void> };

export const unitQueueOf = (job: AnyJob) => `${job.name}-unit`;

/** A unit released from a dead worker is run again this soon: long enough for its router lock's lease to lapse too. */
const RELEASED_UNIT_RETRY_SECONDS = 8;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A summary with nothing but zeros and durations: an idle run, logged at debug so idle workers stay quiet. */
const isIdle = (summary: JobSummary) =>
  Object.entries(summary).every(([key, value]) => /ms$/i.test(key) || value === 0 || value === false || value === "");

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const schema = options.schema ?? "pgboss";
  const id = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const everySeconds = (job: AnyJob) => options.intervals?.get(job.name) ?? job.schedule.everySeconds;
  const boss = await startBoss(options, schema, id, everySeconds);
  const controller = new AbortController();
  const context = (): JobContext => ({ db: options.db, now: () => clock.now(), signal: controller.signal, runner: "worker" });
  const units = unitStatements(boss.getDb(), schema);
  const peers = peerCounter(boss, schema, options.log);
  await peers.count();
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 1;
  const timers: NodeJS.Timeout[] = [];
  const runners: UnitRunner[] = [];

  for (const job of options.jobs) {
    const interval = everySeconds(job);
    const expireInSeconds = queueExpirySeconds(interval);
    if (job.split) {
      const runner = unitRunner({
        boss,
        units,
        job,
        worker: id,
        concurrency: options.concurrency,
        idleMs: pollingIntervalSeconds * 1000,
        leaseSeconds: options.unitLeaseSeconds ?? 12,
        summaryEveryMs: interval * 1000,
        log: options.log,
        context,
        peers: peers.count,
        signal: controller.signal,
      });
      runners.push(runner);
    }
    await boss.work<Record<string, unknown>>(job.name, { batchSize: 1, pollingIntervalSeconds }, async ([trigger]) => {
      const started = performance.now();
      if (job.split) {
        const queue = unitQueueOf(job);
        const planned = await job.split(context());
        const active = await units.activeKeys(queue);
        // A unit still queued from the last interval keeps its place (stately queue, one queued per key); a
        // release of a dead worker's unit is retried once, after its router lock's lease.
        await boss.insert(
          planned.map((unit) => ({
            name: queue,
            data: unit.payload as object,
            singletonKey: unit.key,
            retryLimit: 1,
            retryDelay: RELEASED_UNIT_RETRY_SECONDS,
            expireInSeconds,
          })),
        );
        const busy = planned.filter((unit) => active.has(unit.key));
        for (const unit of busy) options.log.debug({ job: job.name, unit: unit.key, outcome: "busy" }, "unit still running from an earlier interval");
        runners.find((runner) => runner.job === job)?.count("busy", busy.length);
        options.log.debug({ job: job.name, units: planned.length, busy: busy.length }, "job split into units");
      } else {
        const summary = await runJob(job, context(), trigger?.data ?? {});
        const fields = { job: job.name, ms: Math.round(performance.now() - started), ...summary };
        if (isIdle(summary)) options.log.debug(fields, "job ran");
        else options.log.info(fields, "job ran");
      }
    });
    const offer = () => {
      boss
        .send(job.name, {}, { singletonKey: job.name, singletonSeconds: interval, retryLimit: 0, expireInSeconds })
        .catch((error: unknown) => options.log.error({ err: error, job: job.name }, "could not queue the job"));
    };
    offer();
    // Offered three times per slot, so timer drift never leaves a slot without a run.
    timers.push(setInterval(offer, Math.max(1, interval / 3) * 1000));
  }

  return {
    boss,
    id,
    async stop() {
      controller.abort();
      for (const timer of timers) clearInterval(timer);
      await Promise.all(runners.map((runner) => runner.stop()));
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    },
  };
}

/** pg-boss with its schema and our queues, created under an advisory lock; retried with backoff until it works. */
async function startBoss(options: WorkerOptions, schema: string, id: string, everySeconds: (job: AnyJob) => number): Promise<PgBoss> {
  for (let attempt = 1; ; attempt += 1) {
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema,
      max: 4,
      application_name: workerAppName(schema, id),
      // Expired triggers are noticed within seconds, not pg-boss's default two minutes.
      maintenanceIntervalSeconds: 10,
    });
    boss.on("error", (error) => options.log.error({ err: error }, "pg-boss error"));
    try {
      await withSetupLock(options.connectionString, schema, async () => {
        await boss.start();
        await createQueues(boss, options.jobs, everySeconds);
      });
      return boss;
    } catch (error) {
      await boss.stop({ graceful: false, wait: true, timeout: 1000 }).catch(() => undefined);
      if (options.signal?.aborted) throw error;
      const delayMs = Math.min(30_000, 1000 * 2 ** (attempt - 1));
      options.log.warn(
        { err: messageOf(error), attempt, retryInSeconds: delayMs / 1000 },
        "the worker could not start yet (database unreachable or busy); it tries again",
      );
      await sleep(delayMs, options.signal);
    }
  }
}

/** Runs `task` while holding a session advisory lock, so two workers starting together never create queue tables at once. */
async function withSetupLock(connectionString: string, schema: string, task: () => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString, application_name: "netsphere-worker-setup" });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`netsphere-worker-setup:${schema}`]);
    await task();
  } finally {
    // Ending the session releases the lock even if the unlock never arrives.
    await client.end().catch(() => undefined);
  }
}

async function createQueues(boss: PgBoss, jobs: readonly AnyJob[], everySeconds: (job: AnyJob) => number): Promise<void> {
  for (const job of jobs) {
    const expireInSeconds = queueExpirySeconds(everySeconds(job));
    if (!(await boss.getQueue(job.name))) await boss.createQueue(job.name, { name: job.name, policy: "singleton", retryLimit: 0, expireInSeconds });
    const unitQueue = unitQueueOf(job);
    if (job.split && !(await boss.getQueue(unitQueue)))
      await boss.createQueue(unitQueue, { name: unitQueue, policy: "stately", retryLimit: 1, expireInSeconds });
  }
}

/**
 * Workers connected with this schema (at least this one), refreshed every few seconds. Workers with another
 * PGBOSS_SCHEMA on the same database would each run every job once per schema; we warn rather than refuse,
 * because moving a fleet to a new schema briefly has both, and a refusing worker would stop the jobs it guards.
 */
function peerCounter(boss: PgBoss, schema: string, log: WorkerLog) {
  let cached = { at: -Infinity, count: 1 };
  let warnedAbout = "";
  return {
    async count(): Promise<number> {
      if (performance.now() - cached.at < 5000) return cached.count;
      try {
        const bySchema = await connectedWorkers(boss.getDb());
        cached = { at: performance.now(), count: Math.max(1, bySchema.get(schema)?.size ?? 0) };
        const schemas = [...bySchema.keys()].sort().join(", ");
        if (bySchema.size > 1 && schemas !== warnedAbout) {
          warnedAbout = schemas;
          log.warn(
            { schemas },
            `Workers on this database use different PGBOSS_SCHEMA values (${schemas}): each schema runs every job, so jobs run more than once. Give every worker the same PGBOSS_SCHEMA.`,
          );
        }
      } catch (error) {
        log.debug({ err: messageOf(error) }, "could not count the running workers");
      }
      return cached.count;
    },
  };
}

type UnitRunnerOptions = {
  boss: PgBoss;
  units: UnitStatements;
  job: AnyJob;
  worker: string;
  concurrency: number;
  idleMs: number;
  leaseSeconds: number;
  summaryEveryMs: number;
  log: WorkerLog;
  context: () => JobContext;
  peers: () => Promise<number>;
  signal: AbortSignal;
};

type UnitRunner = { job: AnyJob; count(outcome: string, n: number): void; stop(): Promise<void> };

/**
 * Takes units of one job from its queue and runs each on its own, at most `concurrency` at once. It takes
 * its share of what is waiting (waiting ÷ running workers) and leaves the rest for one idle period, so a
 * handful of routers spreads over the workers instead of going to whichever woke first.
 */
function unitRunner(options: UnitRunnerOptions): UnitRunner {
  const { boss, units, job, worker, log, signal } = options;
  const queue = unitQueueOf(job);
  const inFlight = new Map<string, Promise<void>>();
  let tally = new Map<string, number>();
  let slowestMs = 0;
  let slotFreed: () => void = () => undefined;
  const count = (outcome: string, n = 1) => {
    if (n > 0) tally.set(outcome, (tally.get(outcome) ?? 0) + n);
  };

  const run = (unit: FetchedUnit) => {
    const started = performance.now();
    const work = (async () => {
      let outcome: string;
      let output: JobSummary;
      try {
        output = await runJob(job, options.context(), unit.data);
        outcome = job.unitOutcome?.(output) ?? "done";
      } catch (error) {
        // A failing unit is logged and completed: its router comes round again next interval, without a retry storm.
        outcome = "failed";
        output = { error: messageOf(error) };
        log.error({ err: error, job: job.name, unit: unit.key }, "job unit failed");
      }
      const ms = Math.round(performance.now() - started);
      await boss
        .complete(queue, unit.id, output)
        .catch((error: unknown) => log.warn({ err: messageOf(error), job: job.name, unit: unit.key }, "could not mark a unit done"));
      count(outcome);
      slowestMs = Math.max(slowestMs, ms);
      log.debug({ job: job.name, unit: unit.key, outcome, ms }, "unit done");
    })().finally(() => {
      inFlight.delete(unit.id);
      slotFreed();
    });
    inFlight.set(unit.id, work);
  };

  const take = async () => {
    const free = options.concurrency - inFlight.size;
    if (free <= 0) return new Promise<void>((resolve) => (slotFreed = resolve));
    const waiting = await units.waiting(queue);
    if (waiting === 0) return sleep(options.idleMs, signal);
    const share = Math.max(1, Math.ceil(waiting / (await options.peers())));
    const fetched = await units.fetch(queue, Math.min(free, share), worker);
    for (const unit of fetched) run(unit);
    // Took less than it had room for: the rest is the other workers' share for one idle period.
    if (fetched.length < free) await sleep(options.idleMs, signal);
  };

  const loop = (async () => {
    while (!signal.aborted) {
      try {
        await take();
      } catch (error) {
        log.error({ err: messageOf(error), job: job.name }, "could not read the units queue; trying again");
        await sleep(options.idleMs * 5, signal);
      }
    }
  })();
  signal.addEventListener("abort", () => slotFreed(), { once: true });

  // Renew our units; release units whose worker stopped renewing them (killed, hung, cut off from the database).
  const keepLeases = setInterval(
    () => {
      void (async () => {
        await units.beat(queue, [...inFlight.keys()], worker);
        const orphans = (await units.orphaned(queue, options.leaseSeconds)).filter((unit) => !inFlight.has(unit.id));
        if (orphans.length === 0) return;
        for (const unit of orphans) await boss.fail(queue, unit.id, { message: "Its worker stopped answering; another worker takes it over." });
        log.info(
          { job: job.name, units: orphans.map((unit) => unit.key), workers: [...new Set(orphans.map((unit) => unit.worker))] },
          "took over the units of a worker that stopped answering",
        );
      })().catch((error: unknown) => log.warn({ err: messageOf(error), job: job.name }, "could not renew or check unit leases"));
    },
    (options.leaseSeconds * 1000) / 3,
  );

  const summary = setInterval(() => {
    if (tally.size === 0) return;
    const counts = Object.fromEntries(tally);
    const units = [...tally.values()].reduce((sum, n) => sum + n, 0);
    log.info({ job: job.name, units, ...counts, slowestMs, running: inFlight.size }, "units done");
    tally = new Map();
    slowestMs = 0;
  }, options.summaryEveryMs);

  return {
    job,
    count,
    async stop() {
      clearInterval(summary);
      await loop;
      // Units in hand finish (their writes are transactions); ones still going after 30 s are left to the lease.
      await Promise.race([Promise.allSettled([...inFlight.values()]), sleep(30_000)]);
      clearInterval(keepLeases);
    },
  };
}
