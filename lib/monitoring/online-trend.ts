/*
 * The network status page's two traffic figures, read from the per-minute points the poller stores: how many
 * subscribers were online now against the same time yesterday, and the busiest links of the last minutes.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Subscribers with traffic charted to them in the `windowMinutes` up to `now`, and in the same minutes a day earlier:
 * both counted the same way, so the two figures compare (1-minute points are kept for two days).
 */
export async function onlineTrend(
  db: DbOrTx,
  { tenantId, now = clock.now(), windowMinutes = 3 }: { tenantId: string; now?: Date; windowMinutes?: number },
): Promise<{ now: number; yesterday: number }> {
  const at = (ms: number) => new Date(ms).toISOString();
  const count = (end: number) => sql`(
    select count(distinct subject)::int from traffic_points
    where tenant_id = ${tenantId} and resolution = '1m' and subject_type = 'subscription'
      and bucket > ${at(end - windowMinutes * MINUTE_MS)}::timestamptz and bucket <= ${at(end)}::timestamptz)`;
  const result = await db.execute(sql`select ${count(now.getTime())} as now, ${count(now.getTime() - DAY_MS)} as yesterday`);
  const [row] = rowsOf<{ now: number; yesterday: number }>(result);
  return { now: row?.now ?? 0, yesterday: row?.yesterday ?? 0 };
}

export type BusyLink = { routerId: string; routerName: string; interface: string; peakBps: number; rxPeakBps: number; txPeakBps: number };

/** The interfaces with the highest peak rate (either direction) in the last `minutes`, subscriber sessions left out. */
export async function busiestLinks(
  db: DbOrTx,
  { tenantId, now = clock.now(), minutes = 15, limit = 5 }: { tenantId: string; now?: Date; minutes?: number; limit?: number },
): Promise<BusyLink[]> {
  const result = await db.execute(sql`
    select p.router_id, r.name as router_name, p.subject,
      max(greatest(p.rx_max_bps, p.tx_max_bps))::float8 as peak, max(p.rx_max_bps)::float8 as rx_peak, max(p.tx_max_bps)::float8 as tx_peak
    from traffic_points p
    join routers r on r.id = p.router_id and r.tenant_id = ${tenantId}
    where p.tenant_id = ${tenantId} and p.resolution = '1m' and p.subject_type = 'interface' and p.subject not like '<%'
      and p.bucket > ${new Date(now.getTime() - minutes * MINUTE_MS).toISOString()}::timestamptz and p.bucket <= ${now.toISOString()}::timestamptz
    group by p.router_id, r.name, p.subject
    order by peak desc, r.name, p.subject
    limit ${limit}`);
  return rowsOf<{ router_id: string; router_name: string; subject: string; peak: number; rx_peak: number; tx_peak: number }>(result)
    .filter((row) => Number(row.peak) > 0)
    .map((row) => ({
      routerId: row.router_id,
      routerName: row.router_name,
      interface: row.subject,
      peakBps: Number(row.peak),
      rxPeakBps: Number(row.rx_peak),
      txPeakBps: Number(row.tx_peak),
    }));
}
