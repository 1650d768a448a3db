/*
 * `npm run worker`: runs every registered job on Postgres through pg-boss. Start as many as you like
 * (one per core or per machine); they share the queues. Needs DATABASE_URL (migrated with
 * `npm run db:migrate`); the embedded database runs its jobs inside the app instead.
 */
import { connectPostgres } from "@/lib/db/connect";
import { logger } from "@/lib/core/logger";
import { jobsConfig } from "./config";
import { startWorker } from "./boss";
import { jobs } from "./registry";

async function main(): Promise<void> {
  const config = jobsConfig();
  if (!config.DATABASE_URL) {
    console.error(
      "npm run worker needs DATABASE_URL (a Postgres connection string, e.g. postgres://user:pass@host:5432/netsphere).\n" +
        "The embedded database runs its jobs inside the app (npm run dev / npm start), so no worker is needed there.",
    );
    process.exit(1);
  }
  const connection = connectPostgres(config.DATABASE_URL, config.WORKER_CONCURRENCY + 4);
  const worker = await startWorker({
    connectionString: config.DATABASE_URL,
    db: connection.db,
    jobs,
    concurrency: config.WORKER_CONCURRENCY,
    schema: config.PGBOSS_SCHEMA,
    log: logger,
  });
  logger.info(
    { jobs: jobs.map((job) => `${job.name} every ${job.schedule.everySeconds}s`), concurrency: config.WORKER_CONCURRENCY },
    "worker started",
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping (finishing the jobs in hand)");
    await worker.stop();
    await connection.close();
    logger.info({ signal }, "worker stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, "worker failed to start");
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
