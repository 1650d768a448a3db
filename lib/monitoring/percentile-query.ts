/*
 * The 95th percentile of many interfaces at once, in one statement: Postgres' percentile_disc(0.95) picks the
 * sample at position ceil(0.95 · n), the same one as `percentileIndex` in percentile.ts (the db test compares them
 * sample for sample). Only complete 5-minute samples are read: the caller passes a `to` no later than the start of
 * the bucket being filled.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { withHeavyReadSettings } from "./heavy-reads";
import { expectedSampleCount, ninetyFifthFromBytes, type NinetyFifth } from "./percentile";

export type InterfacePercentile = { routerId: string; routerName: string; interfaceName: string; percentile: NinetyFifth };

type Row = { router_id: string; router_name: string; subject: string; samples: number; rx: string | number; tx: string | number };

/**
 * Per interface of the tenant's routers (or of one router) with samples in [from, to): its 95th percentile, ordered
 * by router and interface name. Another ISP's router id finds nothing.
 */
export async function interfacePercentiles(
  db: DbOrTx,
  { tenantId, from, to, routerId }: { tenantId: string; from: Date; to: Date; routerId?: string },
): Promise<InterfacePercentile[]> {
  if (to <= from) return [];
  const oneRouter = routerId ? sql` and p.router_id = ${routerId}` : sql``;
  // Grouped by router id and interface only, names joined after: the sort that feeds the groups stays narrow.
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
      select g.router_id, r.name as router_name, g.subject, g.samples, g.rx, g.tx
      from (
        select p.router_id, p.subject, count(*)::int as samples,
          percentile_disc(0.95) within group (order by p.rx_bytes) as rx,
          percentile_disc(0.95) within group (order by p.tx_bytes) as tx
        from traffic_points p
        where p.tenant_id = ${tenantId} and p.resolution = '5m' and p.subject_type = 'interface'
          and p.bucket >= ${from.toISOString()}::timestamptz and p.bucket < ${to.toISOString()}::timestamptz${oneRouter}
        group by p.router_id, p.subject
      ) g
      join routers r on r.id = g.router_id and r.tenant_id = ${tenantId}
      order by r.name, g.router_id, g.subject`),
  );
  const expected = expectedSampleCount(from, to);
  return rowsOf<Row>(result).map((row) => ({
    routerId: row.router_id,
    routerName: row.router_name,
    interfaceName: row.subject,
    percentile: ninetyFifthFromBytes({ rxBytes: Number(row.rx), txBytes: Number(row.tx), samples: Number(row.samples) }, expected),
  }));
}
