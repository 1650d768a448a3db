/*
 * The series anomaly detection judges, as SQL over the rollups (one statement per metric and ISP): interfaces'
 * traffic from the 5-minute rows, subscribers' upload from the hourly rows (subscribers have no 5-minute rows),
 * routers' CPU load and PPPoE sessions from the health rows averaged per 5 minutes, subscribers' disconnects per hour
 * from ipam's address history (`disconnectsByHourSql`). Each source also computes its
 * hour-of-week slot statistics (median, MAD, count) for the baseline, with the definitions of anomaly/baseline.ts.
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { arrayLiteral, rowsOf } from "@/lib/db/bulk";
import { disconnectsByHourSql } from "@/lib/ipam/sessions";
import { DISCONNECTS_FLOOR, DISCONNECTS_MINIMUM, UPLOAD_THRESHOLD, type DetectOptions } from "./anomaly/detector";
import type { AnomalyMetric, AnomalyObjectKind } from "./values";

export type SeriesSource = {
  metric: AnomalyMetric;
  objectKind: AnomalyObjectKind;
  stepMs: number;
  /** Samples judged on each run: enough before the newest for a sustained shift to show. */
  lookbackSamples: number;
  /**
   * Baselines rebuilt per run at most, oldest first. A rebuild reads four weeks of the series, and the rollups are
   * stored in time order, so each sample is a page read: 8,064 for a link, 672 for a subscriber. Sized so that every
   * series of a large ISP (3,000 links, 1,000 routers, 100,000 subscribers) is rebuilt daily in runs well under 30 s;
   * a new ISP's series are built within hours (measured: bench/anomaly-sql.ts).
   */
  rebuildsPerRun: number;
  options: Pick<DetectOptions, "direction" | "absoluteFloor" | "threshold" | "minimumValue">;
  /**
   * (router_id, object_id, t, v) rows of one ISP in [from, to); with `one`, of that series only (its router and object
   * as SQL expressions, e.g. a lateral join's columns), read through the rollup's primary key.
   */
  points: (tenantId: string, from: Date, to: Date, one?: SeriesRef) => SQL;
};

export type SeriesRef = { routerId: SQL; objectId: SQL };

/** The condition naming one series of a rollup keyed by (router_id, subject). */
const oneSubject = (one?: SeriesRef) => (one ? sql` and router_id = ${one.routerId} and subject = ${one.objectId}` : sql``);
const oneRouter = (one?: SeriesRef) => (one ? sql` and router_id = ${one.routerId}` : sql``);

const FIVE_MINUTES = 300_000;
const HOUR = 3_600_000;

export const seriesSources: SeriesSource[] = [
  {
    metric: "traffic",
    objectKind: "interface",
    stepMs: FIVE_MINUTES,
    lookbackSamples: 24,
    rebuildsPerRun: 50,
    // Both ways: far below is a cut or an upstream fault, far above abuse, a DDoS or a looping CPE.
    options: { direction: "both", absoluteFloor: 100_000 },
    points: (tenantId, from, to, one) => sql`
      select router_id, subject as object_id, bucket as t, ((rx_bytes + tx_bytes) * 8 / 300.0)::float8 as v
      from traffic_points
      where tenant_id = ${tenantId} and resolution = '5m' and subject_type = 'interface'${oneSubject(one)}
        and bucket >= ${from.toISOString()}::timestamptz and bucket < ${to.toISOString()}::timestamptz`,
  },
  {
    metric: "upload",
    objectKind: "subscription",
    stepMs: HOUR,
    lookbackSamples: 9,
    rebuildsPerRun: 400,
    // Far above their own history: a compromised device sending spam or taking part in a DDoS.
    options: { direction: "above", absoluteFloor: 50_000, threshold: UPLOAD_THRESHOLD },
    points: (tenantId, from, to, one) => sql`
      select router_id, subject as object_id, bucket as t, (rx_bytes * 8 / 3600.0)::float8 as v
      from traffic_points
      where tenant_id = ${tenantId} and resolution = '1h' and subject_type = 'subscription'${oneSubject(one)}
        and bucket >= ${from.toISOString()}::timestamptz and bucket < ${to.toISOString()}::timestamptz`,
  },
  {
    metric: "disconnects",
    objectKind: "subscription",
    stepMs: HOUR,
    lookbackSamples: 9,
    rebuildsPerRun: 400,
    // Far above their own hours (mostly none): a CPE flapping or a line fault. Hours without one count as 0; only
    // subscribers with an hour of at least the minimum (4) in the window are judged: no other can be flagged, and an
    // ISP that reconnects every PPPoE session nightly would otherwise judge all its subscribers every hour. An open
    // anomaly whose subscriber drops out is closed once the window has passed it.
    options: { direction: "above", absoluteFloor: DISCONNECTS_FLOOR, minimumValue: DISCONNECTS_MINIMUM },
    points: (tenantId, from, to, one) => disconnectsByHourSql(tenantId, from, to, one, { atLeast: DISCONNECTS_MINIMUM }),
  },
  {
    metric: "cpu",
    objectKind: "router",
    stepMs: FIVE_MINUTES,
    lookbackSamples: 24,
    rebuildsPerRun: 25,
    options: { direction: "above", absoluteFloor: 5 },
    points: (tenantId, from, to, one) => sql`
      select router_id, router_id::text as object_id, date_bin('5 minutes', at, timestamptz '2000-01-01 00:00:00+00') as t, avg(cpu_load)::float8 as v
      from router_health
      where tenant_id = ${tenantId}${oneRouter(one)} and at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
      group by 1, 2, 3`,
  },
  {
    metric: "sessions",
    objectKind: "router",
    stepMs: FIVE_MINUTES,
    lookbackSamples: 24,
    rebuildsPerRun: 25,
    options: { direction: "both", absoluteFloor: 2 },
    points: (tenantId, from, to, one) => sql`
      select router_id, router_id::text as object_id, date_bin('5 minutes', at, timestamptz '2000-01-01 00:00:00+00') as t, avg(pppoe_sessions)::float8 as v
      from router_health
      where tenant_id = ${tenantId}${oneRouter(one)} and pppoe_sessions is not null
        and at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
      group by 1, 2, 3`,
  },
];

/**
 * One interface's traffic one way (tx: sent, rx: received), from the same 5-minute rows as the detector's `traffic`
 * series: what the throughput chart draws its expected band per direction from.
 */
export function interfaceDirectionSource(direction: "tx" | "rx", routerId: string, interfaceName: string): SeriesSource {
  const traffic = seriesSources[0];
  const bytes = direction === "tx" ? sql.raw("tx_bytes") : sql.raw("rx_bytes");
  return {
    ...traffic,
    points: (tenantId, from, to, one) => sql`
      select router_id, subject as object_id, bucket as t, (${bytes} * 8 / 300.0)::float8 as v
      from traffic_points
      where tenant_id = ${tenantId} and resolution = '5m' and subject_type = 'interface'${oneSubject(one ?? { routerId: sql`${routerId}`, objectId: sql`${interfaceName}` })}
        and bucket >= ${from.toISOString()}::timestamptz and bucket < ${to.toISOString()}::timestamptz`,
  };
}

export type SeriesPoint = { routerId: string; objectId: string; t: number; v: number };

export async function readSeriesPoints(db: DbOrTx, source: SeriesSource, tenantId: string, from: Date, to: Date): Promise<SeriesPoint[]> {
  const rows = rowsOf<{ router_id: string; object_id: string; t: Date | string; v: number | string }>(
    await db.execute(sql`select * from (${source.points(tenantId, from, to)}) p order by router_id, object_id, t`),
  );
  return rows.map((row) => ({ routerId: row.router_id, objectId: row.object_id, t: new Date(row.t).getTime(), v: Number(row.v) }));
}

export type SlotRow = { routerId: string; objectId: string; slot: number; median: number; mad: number; count: number };

/**
 * Slot statistics of the series named (router id, object id), from their points in [from, to): per hour of the week
 * (UTC, Monday 00:00 = 0), the median, the median absolute deviation around it, and the count.
 */
export async function readSlotStats(
  db: DbOrTx,
  source: SeriesSource,
  tenantId: string,
  series: { routerId: string; objectId: string }[],
  from: Date,
  to: Date,
): Promise<SlotRow[]> {
  if (series.length === 0) return [];
  // Each series wanted is read on its own through the rollup's primary key (a lateral subquery per key), so the
  // statement reads only those series' weeks: filtering all the ISP's rows by key read every subscriber's four weeks
  // (67 million hourly rows for 100,000) to rebuild 2,000 baselines. The lateral form also fixes the join order where
  // the rollups have no statistics (the embedded database never analyses on its own).
  const routerIds = arrayLiteral(series.map((s) => s.routerId));
  const objectIds = arrayLiteral(series.map((s) => s.objectId));
  const rows = rowsOf<{ router_id: string; object_id: string; slot: number; m: number; d: number; n: number | string }>(
    await db.execute(sql`
      with slots as (
        select k.router_id, k.object_id, ((floor(extract(epoch from p.t) / 3600)::bigint + 72) % 168)::int as slot, p.v
        from unnest(${routerIds}::text::uuid[], ${objectIds}::text::text[]) as k(router_id, object_id)
        cross join lateral (${source.points(tenantId, from, to, { routerId: sql`k.router_id`, objectId: sql`k.object_id` })}) p
      ),
      med as (
        select router_id, object_id, slot, percentile_cont(0.5) within group (order by v) as m, count(*) as n
        from slots group by router_id, object_id, slot
      )
      select med.router_id, med.object_id, med.slot, med.m::float8 as m, med.n,
             (percentile_cont(0.5) within group (order by abs(s.v - med.m)))::float8 as d
      from slots s join med on med.router_id = s.router_id and med.object_id = s.object_id and med.slot = s.slot
      group by med.router_id, med.object_id, med.slot, med.m, med.n`),
  );
  return rows.map((row) => ({
    routerId: row.router_id,
    objectId: row.object_id,
    slot: Number(row.slot),
    median: Number(row.m),
    mad: Number(row.d),
    count: Number(row.n),
  }));
}
