/*
 * Throughput over time for the analytics page: ISP-wide, per site, router, plan or subscriber as the sum of the
 * subscribers' traffic (download = the router's tx towards them), or one interface as monitoring records it.
 * Hourly rows for 24 hours and 7 days, daily rows for 30 days.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { trafficHistory } from "@/lib/monitoring/queries";
import { bucketStart, resolutionMs } from "@/lib/monitoring/rules";
import { num } from "./sql";

export type ThroughputScope =
  | { kind: "isp" }
  | { kind: "site"; siteId: string }
  | { kind: "router"; routerId: string }
  | { kind: "plan"; planId: string }
  | { kind: "subscriber"; subscriptionId: string }
  | { kind: "interface"; routerId: string; interfaceName: string };

export const throughputSpans = {
  "24h": { resolution: "1h", spanMs: 86_400_000, bucket: "hour" },
  "7d": { resolution: "1h", spanMs: 7 * 86_400_000, bucket: "hour" },
  "30d": { resolution: "1d", spanMs: 30 * 86_400_000, bucket: "day" },
} as const;
export type ThroughputSpan = keyof typeof throughputSpans;

/** One bucket: bytes each way and the average rates. `down` is towards subscribers (an interface's tx). */
export type ThroughputPoint = { t: string; downBytes: number; upBytes: number; downBps: number; upBps: number };

export type ThroughputSeries = { from: Date; to: Date; bucket: "hour" | "day"; points: ThroughputPoint[] };

export async function throughputSeries(
  db: DbOrTx,
  { tenantId, scope, span, now }: { tenantId: string; scope: ThroughputScope; span: ThroughputSpan; now: Date },
): Promise<ThroughputSeries> {
  const { resolution, spanMs, bucket } = throughputSpans[span];
  const from = bucketStart(new Date(now.getTime() - spanMs), resolution);
  const seconds = resolutionMs[resolution] / 1000;
  const point = (t: string, downBytes: number, upBytes: number): ThroughputPoint => ({
    t,
    downBytes,
    upBytes,
    downBps: Math.round((downBytes * 8) / seconds),
    upBps: Math.round((upBytes * 8) / seconds),
  });
  if (scope.kind === "interface") {
    const rows = await trafficHistory(db, {
      tenantId,
      routerId: scope.routerId,
      resolution,
      from,
      to: now,
      subjectType: "interface",
      subject: scope.interfaceName,
    });
    return { from, to: now, bucket, points: rows.map((row) => point(row.t, row.txBytes, row.rxBytes)) };
  }
  const narrow =
    scope.kind === "site"
      ? sql` and p.router_id in (select r.id from routers r where r.tenant_id = ${tenantId} and r.site_id = ${scope.siteId})`
      : scope.kind === "router"
        ? sql` and p.router_id = ${scope.routerId}`
        : scope.kind === "plan"
          ? sql` and p.subject in (select s.id::text from subscriptions s where s.tenant_id = ${tenantId} and s.plan_id = ${scope.planId})`
          : scope.kind === "subscriber"
            ? sql` and p.subject = ${scope.subscriptionId}`
            : sql``;
  const result = await db.execute(sql`
    select p.bucket, sum(p.tx_bytes) as down, sum(p.rx_bytes) as up
    from traffic_points p
    where p.tenant_id = ${tenantId} and p.subject_type = 'subscription' and p.resolution = ${resolution}
      and p.bucket >= ${from.toISOString()}::timestamptz and p.bucket <= ${now.toISOString()}::timestamptz${narrow}
    group by p.bucket
    order by p.bucket`);
  const points = rowsOf<{ bucket: string | Date; down: unknown; up: unknown }>(result).map((row) =>
    point(new Date(row.bucket).toISOString(), num(row.down), num(row.up)),
  );
  return { from, to: now, bucket, points };
}
