/*
 * 1-minute points roll up into hours and hours into days; interfaces' minutes also into 5-minute buckets, the
 * samples of a 95th percentile (subscribers' would be a billion rows a month at 100,000 of them). Expired rows go
 * with their whole time partition (partitions.ts). A rollup recomputes whole buckets from their source rows and replaces them, so running
 * it twice, or late, gives the same rows; the current (partial) buckets are refreshed on every run.
 */
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { maintainPartitions, type PartitionSummary } from "./partitions";
import { mergePercentileSamples } from "./percentile-months";
import { bucketStart, resolutionMs } from "./rules";

export { retention } from "./partitions";

/** Hours (and days) recomputed on each run: enough to absorb polls that land late or a missed run. */
const HOURS_REFRESHED = 3;
const DAYS_REFRESHED = 2;

const rowCount = (result: unknown) =>
  (result as { affectedRows?: number; rowCount?: number | null }).rowCount ?? (result as { affectedRows?: number }).affectedRows ?? 0;

// Literals, not parameters: the SELECT and GROUP BY expressions must be identical for Postgres.
const bucketOf = {
  "5m": "date_bin('5 minutes', bucket, timestamptz '2000-01-01 00:00:00+00')",
  "1h": "date_trunc('hour', bucket, 'UTC')",
  "1d": "date_trunc('day', bucket, 'UTC')",
} as const;

/** Replaces the `target` buckets in [from, now] with sums of the `source` rows inside them (of one kind of subject, when given). */
async function rollUp(db: DbOrTx, source: "1m" | "1h", target: "5m" | "1h" | "1d", from: Date, subjectType?: "interface"): Promise<number> {
  const bucket = sql.raw(bucketOf[target]);
  const subjects = subjectType ? sql` and subject_type = ${subjectType}` : sql``;
  const result = await db.execute(sql`
    insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
    select tenant_id, router_id, subject_type, subject, ${target}, ${bucket},
           sum(rx_bytes), sum(tx_bytes), max(rx_max_bps), max(tx_max_bps)
    from traffic_points
    where resolution = ${source} and bucket >= ${from.toISOString()}::timestamptz${subjects}
    group by tenant_id, router_id, subject_type, subject, ${bucket}
    on conflict (router_id, subject_type, subject, resolution, bucket) do update
      set rx_bytes = excluded.rx_bytes, tx_bytes = excluded.tx_bytes, rx_max_bps = excluded.rx_max_bps, tx_max_bps = excluded.tx_max_bps`);
  return rowCount(result);
}

export type RollupSummary = { fiveMinuteRows: number; hourRows: number; dayRows: number } & PartitionSummary;

export async function rollUpTraffic(db: Db, now: Date): Promise<RollupSummary> {
  const hoursFrom = new Date(bucketStart(now, "1h").getTime() - (HOURS_REFRESHED - 1) * resolutionMs["1h"]);
  const daysFrom = new Date(bucketStart(now, "1d").getTime() - (DAYS_REFRESHED - 1) * resolutionMs["1d"]);
  // The same window as the hours: a missed run or a late poll is absorbed the same way.
  const fiveMinuteRows = await rollUp(db, "1m", "5m", hoursFrom, "interface");
  // 5-minute samples before the window are final: they join their month's 95th-percentile rows.
  await mergePercentileSamples(db, hoursFrom);
  // Hours first, so the day sums include the hour just refreshed.
  const hourRows = await rollUp(db, "1m", "1h", hoursFrom);
  const dayRows = await rollUp(db, "1h", "1d", daysFrom);
  // Retention: expired partitions are dropped whole (partitions.ts).
  return { fiveMinuteRows, hourRows, dayRows, ...(await maintainPartitions(db, now)) };
}
