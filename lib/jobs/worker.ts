/*
 * `npm run worker`: runs every registered job on Postgres through pg-boss. Start as many as you like
 * (one per core or per machine); they share the queues. Needs DATABASE_URL (migrated with
 * `npm run db:migrate`); the embedded database runs its jobs inside the app instead. A worker that cannot
 * reach the database at start keeps trying (with backoff, saying so in the log) rather than exiting.
 */
import { connectPostgres } from "@/lib/db/connect";
import { logger } from "@/lib/core/logger";
import { jobIntervals, jobsConfig } from "./config";
import { startWorker } from "./boss";
import { jobs } from "./registry";
import type { AnyJob } from "./define";

/** How long a stopping worker waits for its jobs in hand; within the 45 s most service managers allow (systemd: 90 s). */
const STOP_BUDGET_MS = 35_000;

async function main(): Promise<void> {
  const config = jobsConfig();
  if (!config.DATABASE_URL) {
    console.error(
      "npm run worker needs DATABASE_URL (a Postgres connection string, e.g. postgres://user:pass@host:5432/netsphere).\n" +
        "The embedded database runs its jobs inside the app (npm run dev / npm start), so no worker is needed there.",
    );
    process.exit(1);
  }
  const selected = selectJobs(config.WORKER_JOBS);
  const intervals = jobIntervals(config);
  const started = performance.now();
  const connection = connectPostgres(config.DATABASE_URL, config.WORKER_CONCURRENCY + 4);
  // The signal handlers are in place for the worker's whole life: one removed and another added leaves a moment with
  // none, when SIGTERM would kill the process outright. A signal during start-up (database still unreachable,
  // retrying) ends the retrying; one that arrives as the worker comes up stops it as soon as it is up.
  const starting = new AbortController();
  const signals: { stop?: (signal: string) => void; asked?: string } = {};
  const onSignal = (signal: string) => {
    if (signals.stop) return signals.stop(signal);
    signals.asked ??= signal;
    starting.abort();
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  const worker = await startWorker({
    connectionString: config.DATABASE_URL,
    db: connection.db,
    jobs: selected,
    concurrency: config.WORKER_CONCURRENCY,
    schema: config.PGBOSS_SCHEMA,
    log: logger,
    intervals,
    unitLeaseSeconds: config.WORKER_UNIT_LEASE_SECONDS,
    pollingIntervalSeconds: config.WORKER_IDLE_POLL_SECONDS,
    signal: starting.signal,
  });
  logger.info(
    {
      worker: worker.id,
      jobs: selected.map((job) => `${job.name} every ${intervals.get(job.name) ?? job.schedule.everySeconds}s`),
      concurrency: config.WORKER_CONCURRENCY,
      startMs: Math.round(performance.now() - started),
      // Dunning and notices run at once on a first start; say where their emails go before a hundred of them do.
      email: process.env.SMTP_URL ? "sent through SMTP_URL" : "kept in the app's Dev mailbox (SMTP_URL is not set)",
    },
    "worker started",
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const began = performance.now();
    logger.info({ signal }, "worker stopping (finishing the jobs in hand)");
    // A service manager kills a worker that takes too long; stop on our own first. Work still running then is
    // taken over by another worker (its unit's lease lapses, pg-boss retries an unfinished job).
    const finished = await Promise.race([
      worker.stop().then(() => connection.close()).then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_BUDGET_MS).unref()),
    ]);
    logger.info({ signal, ms: Math.round(performance.now() - began), ...(finished ? {} : { unfinished: "left to the other workers" }) }, "worker stopped");
    process.exit(0);
  };
  signals.stop = (signal) => void shutdown(signal);
  if (signals.asked) signals.stop(signals.asked);
}

/** WORKER_JOBS=poll-routers,reconcile-routers runs only those here (e.g. a worker for the routers alone). */
function selectJobs(names: string): readonly AnyJob[] {
  const wanted = names
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (wanted.length === 0) return jobs;
  const unknown = wanted.filter((name) => !jobs.some((job) => job.name === name));
  if (unknown.length > 0) {
    console.error(`WORKER_JOBS names jobs that do not exist: ${unknown.join(", ")}. The jobs are: ${jobs.map((job) => job.name).join(", ")}.`);
    process.exit(1);
  }
  return jobs.filter((job) => wanted.includes(job.name));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, "worker failed to start");
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
