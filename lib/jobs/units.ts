/*
 * The worker's units queue, read and written with our own statements on pg-boss 10's job table (the
 * version is pinned in package.json; these statements follow its `fetchNextJob`).
 *
 * pg-boss 10 keeps a job "active" until `expire_in` has passed and its maintenance has noticed, minutes
 * after a killed worker; and on a `stately` queue its fetch fails as a whole when the oldest queued unit's
 * key is still active, so one stuck router held back every other. Here:
 * - a fetch skips units whose key is active (that router is still being worked on) and takes the others;
 * - the worker holding a unit renews `output.beat` every third of the lease;
 * - a unit whose beat is older than the lease belonged to a worker that died: any worker releases it
 *   (failed with one retry, so the router is taken over at once rather than at the next interval).
 * Beats and their ages are the database's own clock on both sides, so workers' clocks never disagree.
 */
import type PgBoss from "pg-boss";

export type FetchedUnit = { id: string; key: string; data: Record<string, unknown> };
export type ReleasedUnit = { id: string; key: string; worker: string | null };

const schemaName = /^[a-z_][a-z0-9_]*$/;

export function unitStatements(db: PgBoss.Db, schema: string) {
  if (!schemaName.test(schema)) throw new Error(`"${schema}" is not a valid pg-boss schema name`);
  const job = `${schema}.job`;
  const waiting = `
    j.name = $1 AND j.state < 'active' AND j.start_after < now()
    AND NOT EXISTS (SELECT 1 FROM ${job} a WHERE a.name = j.name AND a.state = 'active' AND a.singleton_key = j.singleton_key)`;

  return {
    /** Up to `limit` queued units whose router is free, marked active and beaten by `worker`. */
    async fetch(queue: string, limit: number, worker: string): Promise<FetchedUnit[]> {
      try {
        const { rows } = await db.executeSql(
          `WITH next AS (
             SELECT j.id, j.singleton_key FROM ${job} j WHERE ${waiting}
             ORDER BY j.priority DESC, j.created_on, j.id LIMIT $2 FOR UPDATE SKIP LOCKED
           ), one_per_key AS (
             SELECT id, row_number() OVER (PARTITION BY singleton_key) AS n FROM next
           )
           UPDATE ${job} j SET state = 'active', started_on = now(),
             retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END,
             output = jsonb_build_object('worker', $3::text, 'beat', now())
           FROM one_per_key o WHERE j.name = $1 AND j.id = o.id AND o.n = 1
           RETURNING j.id, j.singleton_key AS key, j.data`,
          [queue, limit, worker],
        );
        return rows.map((row) => ({ id: String(row.id), key: String(row.key), data: (row.data ?? {}) as Record<string, unknown> }));
      } catch (error) {
        // Two workers activating the same key at the same instant: one of them loses; it simply tries again.
        if ((error as { code?: string }).code === "23505") return [];
        throw error;
      }
    },

    /** Units a worker could take now (queued, router free). */
    async waiting(queue: string): Promise<number> {
      const { rows } = await db.executeSql(`SELECT count(*)::int AS n FROM ${job} j WHERE ${waiting}`, [queue]);
      return Number(rows[0]?.n ?? 0);
    },

    /** Keys (routers) some worker is working on now. */
    async activeKeys(queue: string): Promise<Set<string>> {
      const { rows } = await db.executeSql(`SELECT singleton_key AS key FROM ${job} WHERE name = $1 AND state = 'active'`, [queue]);
      return new Set(rows.map((row) => String(row.key)));
    },

    async beat(queue: string, ids: string[], worker: string): Promise<void> {
      if (ids.length === 0) return;
      await db.executeSql(
        `UPDATE ${job} SET output = jsonb_build_object('worker', $3::text, 'beat', now())
         WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active'`,
        [queue, ids, worker],
      );
    },

    /** Active units whose beat is older than the lease: their worker died or hangs. */
    async orphaned(queue: string, leaseSeconds: number): Promise<ReleasedUnit[]> {
      const { rows } = await db.executeSql(
        `SELECT id, singleton_key AS key, output->>'worker' AS worker FROM ${job}
         WHERE name = $1 AND state = 'active'
           AND coalesce((output->>'beat')::timestamptz, started_on) < now() - make_interval(secs => $2)`,
        [queue, leaseSeconds],
      );
      return rows.map((row) => ({ id: String(row.id), key: String(row.key), worker: row.worker === null ? null : String(row.worker) }));
    },
  };
}

export type UnitStatements = ReturnType<typeof unitStatements>;

/** `application_name` of a worker's connections: how workers see each other (and each other's schema) in pg_stat_activity. */
export const workerAppName = (schema: string, worker: string) => `netsphere-worker ${schema} ${worker}`;

/** Workers connected to this database right now, by schema. A killed worker's connections close with it. */
export async function connectedWorkers(db: PgBoss.Db): Promise<Map<string, Set<string>>> {
  const { rows } = await db.executeSql(
    `SELECT DISTINCT application_name AS name FROM pg_stat_activity
     WHERE datname = current_database() AND application_name LIKE 'netsphere-worker %'`,
    [],
  );
  const bySchema = new Map<string, Set<string>>();
  for (const row of rows) {
    const [, schema, worker] = String(row.name).split(" ");
    if (!schema || !worker) continue;
    bySchema.set(schema, (bySchema.get(schema) ?? new Set()).add(worker));
  }
  return bySchema;
}
