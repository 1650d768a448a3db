/*
 * How many addresses each pool held at the end of each of the last weeks, for the capacity forecast: an assignment
 * counts from `assigned_at` until it is released (still assigned: until now). A quarantine after release counts as
 * held, as the pool's "free" does. An address re-assigned later keeps only its latest holding (the row is reused),
 * so the history is a lower bound for pools with much turnover.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";

const WEEK_MS = 7 * 86_400_000;

export type PoolWeek = { poolId: string; weekEnd: Date; held: number };

/** Per pool of the tenant and per week end (`end`, `end` − 1 week, … `weeks` of them, oldest first): addresses held. */
export async function poolHeldByWeek(db: DbOrTx, { tenantId, end, weeks }: { tenantId: string; end: Date; weeks: number }): Promise<PoolWeek[]> {
  const result = await db.execute(sql`
    select pl.id as pool_id, w.ago,
      count(a.id) filter (
        where a.assigned_at <= ${end.toISOString()}::timestamptz - make_interval(weeks => w.ago)
          and (a.status = 'assigned' or coalesce(greatest(a.released_at, a.quarantine_until), a.assigned_at)
               > ${end.toISOString()}::timestamptz - make_interval(weeks => w.ago))
      )::int as held
    from ip_pools pl
    cross join generate_series(0, ${weeks - 1}) as w(ago)
    left join ip_assignments a on a.pool_id = pl.id and a.tenant_id = ${tenantId}
    where pl.tenant_id = ${tenantId}
    group by pl.id, w.ago
    order by pl.id, w.ago desc`);
  return rowsOf<{ pool_id: string; ago: number; held: number }>(result).map((row) => ({
    poolId: row.pool_id,
    weekEnd: new Date(end.getTime() - Number(row.ago) * WEEK_MS),
    held: Number(row.held),
  }));
}
