/* SQL pieces the analytics reads share: which rollup rows cover a period, and rows of a raw result. */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { retention } from "@/lib/monitoring/rollup";
import { rollupSegments, type Range } from "./periods";

/**
 * Subscribers' rollup rows that add up to the range (`subject`, `router_id`, `rx_bytes`, `tx_bytes`), one indexed
 * range per segment joined with UNION ALL (an index on (tenant, subject type, resolution, bucket) can serve each
 * from the index alone; an OR of the ranges could only be a bitmap over the table). `narrow` adds conditions on `p`.
 */
export function subscriberRollupRows(tenantId: string, range: Range, now: Date, narrow: SQL = sql``): SQL {
  const segments = rollupSegments(range, now, retention["1h"]);
  if (segments.length === 0)
    return sql`select null::text as subject, null::uuid as router_id, 0::bigint as rx_bytes, 0::bigint as tx_bytes where false`;
  const parts = segments.map(
    (s) => sql`select p.subject, p.router_id, p.rx_bytes, p.tx_bytes from traffic_points p
      where p.tenant_id = ${tenantId} and p.subject_type = 'subscription' and p.resolution = ${s.resolution}
        and p.bucket >= ${s.from.toISOString()}::timestamptz and p.bucket < ${s.to.toISOString()}::timestamptz${narrow}`,
  );
  return sql.join(parts, sql` union all `);
}

/** Postgres hands back bigint sums as text (pg) or numbers (PGlite): one number either way. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
