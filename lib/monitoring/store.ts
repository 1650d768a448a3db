/*
 * Writes one router poll: counters → deltas → 1-minute traffic points, health and status, in one
 * transaction under a per-router lock. Every multi-row write is one set-based statement (rows travel
 * as a single JSON parameter), so a poll costs the same handful of statements however many sessions
 * the router carries.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import {
  bitsPerSecond,
  bucketStart,
  counterDelta,
  routerStatusFrom,
  sumBySubscription,
  type PollHealth,
  type PollOutcome,
  type SubscriberDelta,
} from "./rules";

/** One counter the router reported: an interface, or a hotspot session (`hotspot:<.id>`). */
export type CounterSample = {
  subjectType: "interface" | "subscription";
  subject: string;
  rx: bigint;
  tx: bigint;
  /** Where its bytes are charted: a static interface, a subscriber, or nowhere (unmapped sessions). */
  target: { kind: "interface"; name: string } | { kind: "subscription"; subscriptionId: string } | null;
  /** A session (PPPoE interface, hotspot login) whose first reading counts from zero. */
  session: boolean;
};

export type PollRecord = {
  tenantId: string;
  routerId: string;
  at: Date;
  outcome: PollOutcome;
  samples: CounterSample[];
  /** Subject types whose read succeeded: only their vanished counters are forgotten. */
  completeSubjectTypes: ("interface" | "subscription")[];
};

type StoredCounter = { subject_type: string; subject: string; rx_counter: string; tx_counter: string; read_at: string | Date };
type PointRow = { subject_type: string; subject: string; rx: number; tx: number; rx_bps: number; tx_bps: number };


export type PollWriteSummary = { points: number; status: "online" | "degraded" | "offline"; stale: boolean };

export async function recordPoll(db: DbOrTx, record: PollRecord): Promise<PollWriteSummary> {
  const { routerId, tenantId, at } = record;
  const status = routerStatusFrom(record.outcome);
  return db.transaction(async (tx) => {
    // Two pollers of one router (a worker and a late cron call) take turns here, so the second sees the
    // first one's counters and computes its delta from them instead of counting the same bytes twice.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`traffic-poll:${routerId}`}, 0))`);
    const [router] = rowsOf<{ last_seen_at: string | Date | null }>(await tx.execute(sql`select last_seen_at from routers where id = ${routerId}`));
    if (!router) return { points: 0, status: status.status, stale: true };
    const lastSeen = router.last_seen_at ? new Date(router.last_seen_at) : null;
    // A poll that finishes after a newer one must not overwrite what the newer one saw.
    if (lastSeen && lastSeen.getTime() >= at.getTime()) return { points: 0, status: status.status, stale: true };

    if (!record.outcome.reachable) {
      await tx.execute(
        sql`update routers set status = 'offline', last_error = ${status.lastError}, last_polled_at = ${at.toISOString()}::timestamptz where id = ${routerId}`,
      );
      return { points: 0, status: "offline", stale: false };
    }

    const stored = rowsOf<StoredCounter>(
      await tx.execute(sql`select subject_type, subject, rx_counter, tx_counter, read_at from traffic_counters where router_id = ${routerId}`),
    );
    const previous = new Map(
      stored.map((row) => [
        `${row.subject_type}\u0000${row.subject}`,
        { rx: BigInt(row.rx_counter), tx: BigInt(row.tx_counter), at: new Date(row.read_at) },
      ]),
    );
    const lastPollAt = stored.reduce<number | undefined>((latest, row) => Math.max(latest ?? 0, new Date(row.read_at).getTime()), undefined);
    const points = deltasToPoints(record.samples, previous, at, lastPollAt);

    await writeCounters(tx, routerId, record.samples, at);
    for (const subjectType of record.completeSubjectTypes) {
      await tx.execute(
        sql`delete from traffic_counters where router_id = ${routerId} and subject_type = ${subjectType} and read_at < ${at.toISOString()}::timestamptz`,
      );
    }
    await writePoints(tx, tenantId, routerId, bucketStart(at, "1m"), points);
    if (record.outcome.health) await writeHealth(tx, tenantId, routerId, at, record.outcome.health);
    await tx.execute(
      sql`update routers set status = ${status.status}, last_seen_at = ${at.toISOString()}::timestamptz, last_polled_at = ${at.toISOString()}::timestamptz, last_error = ${status.lastError} where id = ${routerId}`,
    );
    return { points: points.length, status: status.status, stale: false };
  });
}

function deltasToPoints(
  samples: CounterSample[],
  previous: Map<string, { rx: bigint; tx: bigint; at: Date }>,
  at: Date,
  lastPollAt: number | undefined,
): PointRow[] {
  const interfaces: PointRow[] = [];
  const subscribers: SubscriberDelta[] = [];
  for (const sample of samples) {
    if (!sample.target) continue;
    const before = previous.get(`${sample.subjectType}\u0000${sample.subject}`);
    const outcome = counterDelta(
      before,
      { rx: sample.rx, tx: sample.tx, at },
      { countFromZero: sample.session && lastPollAt !== undefined, sinceMs: lastPollAt === undefined ? undefined : at.getTime() - lastPollAt },
    );
    if (outcome.kind !== "delta") continue;
    if (sample.target.kind === "interface") {
      const { rxBytes, txBytes, seconds } = outcome;
      interfaces.push({
        subject_type: "interface",
        subject: sample.target.name,
        rx: rxBytes,
        tx: txBytes,
        rx_bps: bitsPerSecond(rxBytes, seconds),
        tx_bps: bitsPerSecond(txBytes, seconds),
      });
    } else if (outcome.rxBytes > 0 || outcome.txBytes > 0) {
      subscribers.push({ subscriptionId: sample.target.subscriptionId, ...outcome });
    }
  }
  const subscriberRows = sumBySubscription(subscribers).map((d) => ({
    subject_type: "subscription",
    subject: d.subscriptionId,
    rx: d.rxBytes,
    tx: d.txBytes,
    rx_bps: bitsPerSecond(d.rxBytes, d.seconds),
    tx_bps: bitsPerSecond(d.txBytes, d.seconds),
  }));
  return [...interfaces, ...subscriberRows];
}

async function writeCounters(tx: DbOrTx, routerId: string, samples: CounterSample[], at: Date) {
  if (samples.length === 0) return;
  const json = JSON.stringify(samples.map((s) => ({ subject_type: s.subjectType, subject: s.subject, rx: s.rx.toString(), tx: s.tx.toString() })));
  await tx.execute(sql`
    insert into traffic_counters (router_id, subject_type, subject, rx_counter, tx_counter, read_at)
    select ${routerId}::uuid, r.subject_type, r.subject, r.rx, r.tx, ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as r(subject_type text, subject text, rx text, tx text)
    on conflict (router_id, subject_type, subject) do update
      set rx_counter = excluded.rx_counter, tx_counter = excluded.tx_counter, read_at = excluded.read_at
      where traffic_counters.read_at < excluded.read_at`);
}

async function writePoints(tx: DbOrTx, tenantId: string, routerId: string, bucket: Date, points: PointRow[]) {
  if (points.length === 0) return;
  // Deltas of successive polls in one minute add up; the peak keeps the fastest of them.
  await tx.execute(sql`
    insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
    select ${tenantId}::uuid, ${routerId}::uuid, r.subject_type, r.subject, '1m', ${bucket.toISOString()}::timestamptz, r.rx, r.tx, r.rx_bps, r.tx_bps
    from jsonb_to_recordset(${JSON.stringify(points)}::jsonb) as r(subject_type text, subject text, rx bigint, tx bigint, rx_bps bigint, tx_bps bigint)
    on conflict (router_id, subject_type, subject, resolution, bucket) do update
      set rx_bytes = traffic_points.rx_bytes + excluded.rx_bytes,
          tx_bytes = traffic_points.tx_bytes + excluded.tx_bytes,
          rx_max_bps = greatest(traffic_points.rx_max_bps, excluded.rx_max_bps),
          tx_max_bps = greatest(traffic_points.tx_max_bps, excluded.tx_max_bps)`);
}

async function writeHealth(tx: DbOrTx, tenantId: string, routerId: string, at: Date, health: PollHealth) {
  await tx.execute(sql`
    insert into router_health (tenant_id, router_id, at, cpu_load, free_memory, total_memory, uptime_seconds, temperature, voltage, pppoe_sessions)
    values (${tenantId}::uuid, ${routerId}::uuid, ${at.toISOString()}::timestamptz, ${health.cpuLoad}, ${health.freeMemory}, ${health.totalMemory}, ${health.uptimeSeconds},
      ${health.temperature ?? null}, ${health.voltage ?? null}, ${health.pppoeSessions ?? null})
    on conflict (router_id, at) do nothing`);
}
