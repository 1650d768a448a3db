/*
 * What the health check asks of the job runners: how far behind each pg-boss queue is, and how many workers are
 * connected. Both read Postgres' own bookkeeping (pg-boss's job table, pg_stat_activity), never a worker, so a
 * dead worker cannot answer for itself. On the embedded database the jobs run inside the app: there is no queue.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { jobsConfig } from "./config";

export type QueueLag = { queue: string; waiting: number; oldestWaitingSeconds: number };
export type JobsHealth = { runner: "worker"; queues: QueueLag[]; workersConnected: number } | { runner: "in-process" };

export async function jobsHealth(db: Db, schema = jobsConfig().PGBOSS_SCHEMA): Promise<JobsHealth> {
  const [table] = rowsOf<{ found: string | null }>(await db.execute(sql`select to_regclass(${`${schema}.job`})::text as found`));
  if (!table?.found) return { runner: "in-process" };
  const [lag, workers] = await Promise.all([
    db.execute(sql`
      select name as queue, count(*)::int as waiting,
             coalesce(extract(epoch from now() - min(start_after)), 0)::int as oldest
      from ${sql.identifier(schema)}.job
      where state in ('created', 'retry') and start_after < now()
      group by name order by name`),
    db.execute(sql`
      select count(distinct application_name)::int as n from pg_stat_activity
      where datname = current_database() and application_name like ${`netsphere-worker ${schema} %`}`),
  ]);
  return {
    runner: "worker",
    queues: rowsOf<{ queue: string; waiting: number; oldest: number }>(lag).map((row) => ({
      queue: row.queue,
      waiting: Number(row.waiting),
      oldestWaitingSeconds: Number(row.oldest),
    })),
    workersConnected: Number(rowsOf<{ n: number }>(workers)[0]?.n ?? 0),
  };
}
