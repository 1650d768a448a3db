/*
 * A month's 95th percentile without sorting the month: each interface's final 5-minute samples are merged, as the
 * rollup finalises them, into one row per month (its ISP's local month) holding the sample count and the largest
 * TOP_KEPT values per direction. percentile_disc(0.95) of n samples is the (n − ceil(0.95 n) + 1)-th largest, at most
 * 447 for a 31-day month, so those rows are enough for the exact figure. The read adds the samples not merged yet (the
 * last hours the rollup may still rewrite) and picks that value: the same number `interfacePercentiles` gives (the db
 * test compares them), from 3,000 rows instead of 26 million.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { DEFAULT_TIME_ZONE } from "@/lib/core/time-zones";
import { withHeavyReadSettings } from "./heavy-reads";
import { expectedSampleCount, ninetyFifthFromBytes } from "./percentile";
import { interfacePercentiles, type InterfacePercentile } from "./percentile-query";

/** More than the 5 % + 1 of a 31-day month's 8,928 samples (447). */
export const TOP_KEPT = 450;

const rowCount = (result: unknown) => (result as { rowCount?: number | null }).rowCount ?? (result as { affectedRows?: number }).affectedRows ?? 0;

/**
 * Merges the 5-minute interface samples from the mark up to `until` (samples before it are final: the rollup rewrites
 * only later ones) into their months' rows, and moves the mark. Under a row lock: two runs never merge a sample twice.
 * The first run starts at the oldest sample kept, so existing history is merged too. Returns the rows written.
 */
export async function mergePercentileSamples(db: Db, until: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`insert into percentile_merge_marks (id, merged_through)
      select 1, coalesce((select min(bucket) from traffic_points where resolution = '5m' and subject_type = 'interface'), ${until.toISOString()}::timestamptz)
      on conflict (id) do nothing`);
    const [mark] = rowsOf<{ merged_through: string | Date }>(await tx.execute(sql`select merged_through from percentile_merge_marks where id = 1 for update`));
    const from = new Date(mark!.merged_through);
    if (from >= until) return 0;
    const written = await tx.execute(sql`
      with fresh as (
        select p.tenant_id, p.router_id, p.subject,
          to_char(p.bucket at time zone coalesce(nullif(t.timezone, ''), ${DEFAULT_TIME_ZONE}), 'YYYY-MM') as month,
          count(*)::int as samples,
          (array_agg(p.rx_bytes order by p.rx_bytes desc))[1:${TOP_KEPT}] as rx_top,
          (array_agg(p.tx_bytes order by p.tx_bytes desc))[1:${TOP_KEPT}] as tx_top
        from traffic_points p join tenants t on t.id = p.tenant_id
        where p.resolution = '5m' and p.subject_type = 'interface'
          and p.bucket >= ${from.toISOString()}::timestamptz and p.bucket < ${until.toISOString()}::timestamptz
        group by p.tenant_id, p.router_id, p.subject, 4
      )
      insert into interface_percentile_months as m (tenant_id, router_id, subject, month, samples, rx_top, tx_top)
      select tenant_id, router_id, subject, month, samples, rx_top, tx_top from fresh
      on conflict (router_id, subject, month) do update set
        samples = m.samples + excluded.samples,
        rx_top = array(select v from unnest(m.rx_top || excluded.rx_top) v order by v desc limit ${TOP_KEPT}),
        tx_top = array(select v from unnest(m.tx_top || excluded.tx_top) v order by v desc limit ${TOP_KEPT})`);
    await tx.execute(sql`update percentile_merge_marks set merged_through = ${until.toISOString()}::timestamptz where id = 1`);
    return rowCount(written);
  });
}

type Row = { router_id: string; router_name: string; subject: string; samples: number; rx: string | number; tx: string | number };

/**
 * Per interface of the tenant's routers (or one router): its 95th percentile over a local month `month` ("2026-12",
 * [from, monthEnd)) up to `to` (the month's end, or the last complete sample of the current month). Reads the merged
 * rows and the samples after the mark; a `to` inside the merged part of a month (not a month's figure) is computed
 * from the samples themselves.
 */
export async function monthPercentiles(
  db: DbOrTx,
  { tenantId, month, from, monthEnd, to, routerId }: { tenantId: string; month: string; from: Date; monthEnd: Date; to: Date; routerId?: string },
): Promise<InterfacePercentile[]> {
  if (to <= from) return [];
  const [mark] = rowsOf<{ merged_through: string | Date }>(await db.execute(sql`select merged_through from percentile_merge_marks where id = 1`));
  const mergedThrough = mark ? new Date(mark.merged_through) : null;
  if (!mergedThrough || (to < mergedThrough && to < monthEnd)) return interfacePercentiles(db, { tenantId, from, to, routerId });
  const liveFrom = mergedThrough > from ? mergedThrough : from;
  const oneRouter = (alias: string) => (routerId ? sql` and ${sql.raw(alias)}.router_id = ${routerId}` : sql``);
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
      with live as (
        select p.router_id, p.subject, count(*)::int as samples, array_agg(p.rx_bytes) as rx, array_agg(p.tx_bytes) as tx
        from traffic_points p
        where p.tenant_id = ${tenantId} and p.resolution = '5m' and p.subject_type = 'interface'
          and p.bucket >= ${liveFrom.toISOString()}::timestamptz and p.bucket < ${to.toISOString()}::timestamptz${oneRouter("p")}
        group by p.router_id, p.subject
      ),
      kept as (
        select k.router_id, k.subject, k.samples, k.rx_top, k.tx_top from interface_percentile_months k
        where k.tenant_id = ${tenantId} and k.month = ${month}${oneRouter("k")}
      ),
      joined as (
        select coalesce(k.router_id, l.router_id) as router_id, coalesce(k.subject, l.subject) as subject,
          coalesce(k.samples, 0) + coalesce(l.samples, 0) as samples,
          coalesce(k.rx_top, '{}') || coalesce(l.rx, '{}') as rx, coalesce(k.tx_top, '{}') || coalesce(l.tx, '{}') as tx
        from kept k full join live l on l.router_id = k.router_id and l.subject = k.subject
      )
      select j.router_id, r.name as router_name, j.subject, j.samples,
        (select v from unnest(j.rx) v order by v desc offset (j.samples - ceil(0.95 * j.samples))::int limit 1) as rx,
        (select v from unnest(j.tx) v order by v desc offset (j.samples - ceil(0.95 * j.samples))::int limit 1) as tx
      from joined j join routers r on r.id = j.router_id and r.tenant_id = ${tenantId}
      order by r.name, j.router_id, j.subject`),
  );
  const expected = expectedSampleCount(from, to);
  return rowsOf<Row>(result).map((row) => ({
    routerId: row.router_id,
    routerName: row.router_name,
    interfaceName: row.subject,
    percentile: ninetyFifthFromBytes({ rxBytes: Number(row.rx), txBytes: Number(row.tx), samples: Number(row.samples) }, expected),
  }));
}
