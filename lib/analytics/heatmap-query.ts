/*
 * The heatmaps' data: an interface's hourly traffic (monitoring's `trafficHistory`) with its link capacity when
 * topology knows one, or a site's hourly traffic as the sum of its subscribers' (the routers' uplinks are not
 * marked as such; the subscribers are what the site carries).
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { trafficHistory } from "@/lib/monitoring/queries";
import { linkCapacities } from "@/lib/topology/capacities";
import { buildHeatmap, heatmapRange, type Heatmap } from "./heatmap";
import type { Range } from "./periods";
import { num } from "./sql";

export type HeatmapResult = Heatmap & { range: Range };

export async function interfaceHeatmap(
  db: DbOrTx,
  { tenantId, routerId, interfaceName, timeZone, now }: { tenantId: string; routerId: string; interfaceName: string; timeZone: string; now: Date },
): Promise<HeatmapResult> {
  const range = heatmapRange(timeZone, now);
  const [points, capacities] = await Promise.all([
    trafficHistory(db, { tenantId, routerId, resolution: "1h", from: range.from, to: range.to, subjectType: "interface", subject: interfaceName }),
    linkCapacities(db, { tenantId, routerId }),
  ]);
  const mbps = capacities.get(interfaceName);
  const samples = points
    .map((p) => ({ bucket: new Date(p.t), rxBytes: p.rxBytes, txBytes: p.txBytes }))
    .filter((s) => s.bucket.getTime() < range.to.getTime());
  return { ...buildHeatmap(samples, { timeZone, capacityBps: mbps ? mbps * 1e6 : null }), range };
}

export async function siteHeatmap(
  db: DbOrTx,
  { tenantId, siteId, timeZone, now }: { tenantId: string; siteId: string; timeZone: string; now: Date },
): Promise<HeatmapResult> {
  const range = heatmapRange(timeZone, now);
  const result = await db.execute(sql`
    select p.bucket, sum(p.rx_bytes) as rx, sum(p.tx_bytes) as tx
    from traffic_points p
    join routers r on r.id = p.router_id and r.tenant_id = ${tenantId}
    where p.tenant_id = ${tenantId} and r.site_id = ${siteId} and p.subject_type = 'subscription' and p.resolution = '1h'
      and p.bucket >= ${range.from.toISOString()}::timestamptz and p.bucket < ${range.to.toISOString()}::timestamptz
    group by p.bucket`);
  const samples = rowsOf<{ bucket: string | Date; rx: unknown; tx: unknown }>(result).map((row) => ({
    bucket: new Date(row.bucket),
    rxBytes: num(row.rx),
    txBytes: num(row.tx),
  }));
  return { ...buildHeatmap(samples, { timeZone }), range };
}
