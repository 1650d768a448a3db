/*
 * Time partitions of the time series (see the partition_time_series migration): each ranged table gets a partition per
 * day, month or year (UTC), made ahead of time so rows land in them, and dropped whole once everything in it is past
 * its retention — a day of expired minutes goes in one DROP TABLE, never a DELETE of millions of rows. So rows are kept
 * at least their retention and at most one partition longer. A row no partition covers yet lands in the table's
 * DEFAULT partition; making the partition moves such rows into it. One run at a time per table (an advisory lock).
 */
import type { Db } from "@/lib/db/types";
import { maintainRangePartitions, type PartitionSpec, type PartitionSummary } from "@/lib/db/partitions";

export { partitionName, partitionStart, planPartitions, type PartitionSpec, type PartitionSummary } from "@/lib/db/partitions";

const DAY_MS = 86_400_000;
export const retentionKinds = ["1m", "5m", "1h", "1d", "health"] as const;
type RetentionKind = (typeof retentionKinds)[number];
/** Days each kind of row is kept unless TRAFFIC_RETENTION_DAYS says otherwise, and the fewest it may be set to. */
export const DEFAULT_RETENTION_DAYS: Record<RetentionKind, number> = { "1m": 2, "5m": 35, "1h": 90, "1d": 730, health: 30 };
// Rollups re-read the last hours of minutes and the last 2 days of hours; data caps count minutes up to 2 days back.
const MIN_RETENTION_DAYS: Record<RetentionKind, number> = { "1m": 2, "5m": 1, "1h": 2, "1d": 1, health: 1 };

/**
 * TRAFFIC_RETENTION_DAYS ("5m=62,1h=180": any of 1m, 5m, 1h, 1d and health, in days; the rest keep their defaults)
 * as milliseconds per kind. Anything unreadable or too short stops the app at start-up with what to write instead.
 */
export function retentionFrom(text: string | undefined): Record<RetentionKind, number> {
  const days = { ...DEFAULT_RETENTION_DAYS };
  for (const part of (text ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [kind, value] = part.split("=").map((p) => p.trim());
    if (!retentionKinds.includes(kind as RetentionKind) || !/^\d+$/.test(value ?? ""))
      throw new Error(`TRAFFIC_RETENTION_DAYS: "${part}" is not kind=days (kinds ${retentionKinds.join(", ")}), e.g. 5m=62,1h=180`);
    const n = Number(value);
    const min = MIN_RETENTION_DAYS[kind as RetentionKind];
    if (n < min) throw new Error(`TRAFFIC_RETENTION_DAYS: ${kind} must be kept at least ${min} day${min === 1 ? "" : "s"}, got ${n}`);
    days[kind as RetentionKind] = n;
  }
  return Object.fromEntries(retentionKinds.map((kind) => [kind, days[kind] * DAY_MS])) as Record<RetentionKind, number>;
}

/** How long each kind of row is kept (at least; see above): the defaults, or TRAFFIC_RETENTION_DAYS. */
export const retention = retentionFrom(process.env.TRAFFIC_RETENTION_DAYS);

/** The ranged tables, their partition width and how long their rows are kept. */
export const partitionSpecs: readonly PartitionSpec[] = [
  { table: "traffic_points_1m", column: "bucket", width: "day", retentionMs: retention["1m"] },
  { table: "traffic_points_5m", column: "bucket", width: "day", retentionMs: retention["5m"] },
  { table: "traffic_points_1h", column: "bucket", width: "month", retentionMs: retention["1h"] },
  { table: "traffic_points_1d", column: "bucket", width: "year", retentionMs: retention["1d"] },
  { table: "router_health", column: "at", width: "day", retentionMs: retention.health },
];

/** The time series' partitions: made ahead, expired ones dropped (the traffic-rollup job and every start). */
export function maintainPartitions(db: Db, now: Date): Promise<PartitionSummary> {
  return maintainRangePartitions(db, partitionSpecs, now);
}
