/*
 * History for the demo ISP's charts, so a first start shows a day and a month of traffic instead of one dot:
 * hourly points for the last 24 hours and daily points for the last 30 days, for each router's ethernet ports
 * and each subscriber on a router, and hourly router health for the last 7 days. Usage follows a Filipino home's
 * day (quiet before dawn, a peak from 7 to 11 PM) scaled to each plan's speed, the same for the same seed. For
 * analytics (heatmaps over four weeks, the 95th percentile), the daily points are then spread over their hours and
 * the ports' hours over 5-minute samples, in SQL (some 200,000 rows, about 4 s on the embedded database). The pollers
 * carry on from here: a rollup only ever replaces buckets it has minute points for.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { insertMany } from "@/lib/db/bulk";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { routerHealth, trafficPoints } from "./schema";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Share of a subscriber's plan speed used on average in each hour of the day (Manila time). */
const USAGE_BY_HOUR = [
  0.06, 0.04, 0.03, 0.03, 0.03, 0.05, 0.1, 0.14, 0.16, 0.18, 0.2, 0.22, 0.24, 0.22, 0.2, 0.2, 0.22, 0.26, 0.32, 0.42, 0.5, 0.52, 0.45, 0.25,
];
const MANILA_OFFSET_HOURS = 8;

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

type Point = typeof trafficPoints.$inferInsert;

export async function seedDemoTraffic(db: Db, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }) {
  const random = rng(7);
  const subs = await db
    .select({ id: subscriptions.id, routerId: subscriptions.routerId, downloadKbps: servicePlans.downloadKbps, uploadKbps: servicePlans.uploadKbps })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.status, "active"), isNotNull(subscriptions.routerId)));
  const routerRows = await db.select({ id: routers.id }).from(routers).where(eq(routers.tenantId, tenantId));

  const thisHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const hours = Array.from({ length: 24 }, (_, i) => thisHour - (24 - i) * HOUR);
  const days = Array.from({ length: 30 }, (_, i) => today - (30 - i) * DAY);
  const share = (instant: number) => USAGE_BY_HOUR[(new Date(instant).getUTCHours() + MANILA_OFFSET_HOURS) % 24];

  const points: Point[] = [];
  // Per router, what its uplink (ether1) carried: the sum of its subscribers, plus a little of its own.
  const uplink = new Map<string, { hourly: number[]; daily: number[] }>();
  for (const sub of subs) {
    // Most households use a little of their plan, a few stream all evening: from 2 % to 62 % of the speed at the day's shape.
    const appetite = 0.02 + 0.6 * random() ** 3;
    const downBps = (sub.downloadKbps * 1000 * appetite) / 8;
    const upBps = (sub.uploadKbps * 1000 * appetite) / 8 / 3;
    const hourly = hours.map((bucket) => {
      const jitter = 0.7 + random() * 0.6;
      const down = Math.round(downBps * share(bucket) * jitter * 3600);
      const up = Math.round(upBps * share(bucket) * jitter * 3600);
      return { bucket, down, up };
    });
    const daily = days.map((bucket) => {
      const dayFactor = 0.6 + random() * 0.8;
      const dayShare = USAGE_BY_HOUR.reduce((sum, s) => sum + s, 0);
      return { bucket, down: Math.round(downBps * dayShare * dayFactor * 3600), up: Math.round(upBps * dayShare * dayFactor * 3600) };
    });
    // As the router counts a subscriber's session: tx is what it sends them (their download), rx what it receives (their upload).
    const push = (resolution: "1h" | "1d", rows: { bucket: number; down: number; up: number }[], seconds: number) => {
      for (const row of rows) {
        points.push({
          tenantId,
          routerId: sub.routerId!,
          subjectType: "subscription",
          subject: sub.id,
          resolution,
          bucket: new Date(row.bucket),
          rxBytes: row.up,
          txBytes: row.down,
          rxMaxBps: Math.min(sub.uploadKbps * 1000, Math.round(((row.up * 8) / seconds) * 2.5)),
          txMaxBps: Math.min(sub.downloadKbps * 1000, Math.round(((row.down * 8) / seconds) * 2.5)),
        });
      }
    };
    push("1h", hourly, 3600);
    push("1d", daily, 86_400);
    // The uplink receives (rx) what the subscribers download.
    const total = uplink.get(sub.routerId!) ?? { hourly: hours.map(() => 0), daily: days.map(() => 0) };
    hourly.forEach((row, i) => (total.hourly[i] += row.down));
    daily.forEach((row, i) => (total.daily[i] += row.down));
    uplink.set(sub.routerId!, total);
  }

  for (const router of routerRows) {
    const total = uplink.get(router.id) ?? { hourly: hours.map(() => 0), daily: days.map(() => 0) };
    for (const [name, part] of [
      ["ether1", 1.05],
      ["ether2", 0.6],
      ["ether3", 0.45],
    ] as const) {
      const add = (resolution: "1h" | "1d", buckets: number[], rx: number[], seconds: number) =>
        buckets.forEach((bucket, i) => {
          const bytes = Math.round(rx[i] * part) + 50_000_000;
          points.push({
            tenantId,
            routerId: router.id,
            subjectType: "interface",
            subject: name,
            resolution,
            bucket: new Date(bucket),
            rxBytes: bytes,
            txBytes: Math.round(bytes / 6),
            rxMaxBps: Math.round(((bytes * 8) / seconds) * 2),
            txMaxBps: Math.round(((bytes * 8) / seconds / 6) * 2),
          });
        });
      add("1h", hours, total.hourly, 3600);
      add("1d", days, total.daily, 86_400);
    }
  }

  const health: (typeof routerHealth.$inferInsert)[] = [];
  for (const router of routerRows) {
    const bootedAt = thisHour - 7 * DAY - Math.round(random() * 20 * DAY);
    for (let at = thisHour - 7 * DAY; at < thisHour; at += HOUR) {
      health.push({
        tenantId,
        routerId: router.id,
        at: new Date(at),
        cpuLoad: Math.round(4 + share(at) * 60 + random() * 8),
        totalMemory: 1_073_741_824,
        freeMemory: Math.round(1_073_741_824 * (0.55 - share(at) * 0.3 - random() * 0.05)),
        uptimeSeconds: Math.round((at - bootedAt) / 1000),
      });
    }
  }

  for (let i = 0; i < points.length; i += 2000) await insertMany(db, trafficPoints, points.slice(i, i + 2000));
  await insertMany(db, routerHealth, health);
  const spread = await spreadDemoHistory(db, { tenantId, hourlyFrom: new Date(thisHour - 24 * HOUR) });
  return { trafficPoints: points.length + spread, healthRows: health.length };
}

/** The hour-of-day shares as a SQL array literal (index 1 = midnight, Manila). */
const hourShares = sql.raw(`array[${USAGE_BY_HOUR.map((share) => share.toFixed(2)).join(",")}]::float8[]`);
const shareSum = USAGE_BY_HOUR.reduce((sum, share) => sum + share, 0);
/** A repeatable jitter between 0.7 and 1.3 per row, so the history is not a copy of one day. */
const jitter = (key: string) => sql.raw(`(0.7 + (abs(hashtext(${key})::bigint) % 600) / 1000.0)`);

/**
 * Each daily point before `hourlyFrom` becomes 24 hourly points following the day's shape (the last 24 hours
 * already have theirs), and each port's hours become twelve 5-minute samples, with now and then a burst well
 * above the average (what the 95th percentile is for). Returns the rows added.
 */
async function spreadDemoHistory(db: Db, { tenantId, hourlyFrom }: { tenantId: string; hourlyFrom: Date }): Promise<number> {
  const count = (result: unknown) =>
    (result as { affectedRows?: number; rowCount?: number | null }).rowCount ?? (result as { affectedRows?: number }).affectedRows ?? 0;
  const hours = await db.execute(sql`
    insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
    select d.tenant_id, d.router_id, d.subject_type, d.subject, '1h', h.bucket,
      round(d.rx_bytes * h.share * ${jitter("d.subject || h.bucket::text")}),
      round(d.tx_bytes * h.share * ${jitter("h.bucket::text || d.subject")}),
      round(d.rx_bytes * h.share * 8 / 3600 * 2.5), round(d.tx_bytes * h.share * 8 / 3600 * 2.5)
    from traffic_points d
    cross join lateral (
      select d.bucket + make_interval(hours => i) as bucket, (${hourShares})[((i + ${MANILA_OFFSET_HOURS}) % 24) + 1] / ${shareSum} as share
      from generate_series(0, 23) as i
    ) h
    where d.tenant_id = ${tenantId} and d.resolution = '1d' and h.bucket < ${hourlyFrom.toISOString()}::timestamptz
    on conflict do nothing`);
  const samples = await db.execute(sql`
    insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
    select h.tenant_id, h.router_id, h.subject_type, h.subject, '5m', f.bucket,
      round(h.rx_bytes / 12.0 * f.factor), round(h.tx_bytes / 12.0 * f.factor),
      round(h.rx_bytes / 12.0 * f.factor * 8 / 300 * 1.5), round(h.tx_bytes / 12.0 * f.factor * 8 / 300 * 1.5)
    from traffic_points h
    cross join lateral (
      select h.bucket + make_interval(mins => 5 * i) as bucket,
        case when abs(hashtext(h.subject || h.bucket::text || i::text)::bigint) % 50 = 0 then 3.0 else ${jitter("h.subject || h.bucket::text || i::text")} end as factor
      from generate_series(0, 11) as i
    ) f
    where h.tenant_id = ${tenantId} and h.resolution = '1h' and h.subject_type = 'interface'
    on conflict do nothing`);
  return count(hours) + count(samples);
}
