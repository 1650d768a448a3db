/*
 * Writes one router poll: counters → deltas → 1-minute traffic points, health and status. One read (last-seen
 * time and counters) and one conditional write (status, counters, points and health together; rows travel as JSON
 * parameters), so a poll costs two round trips however many sessions the router carries. A change of status that is
 * a router going down or coming back up queues its webhook event in the same statement.
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { webhookEventsStep } from "@/lib/webhooks/emit";
import { kickWebhooks } from "@/lib/webhooks/kick";
import { routerEventOf } from "@/lib/webhooks/rules";
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

type StoredCounter = { subject_type: string; subject: string; rx_counter: string; tx_counter: string; read_at_ms: number };
type PointRow = { subject_type: string; subject: string; rx: number; tx: number; rx_bps: number; tx_bps: number };

export type PollWriteSummary = {
  points: number;
  status: "online" | "degraded" | "offline";
  stale: boolean;
  /** When the router was polled before this poll (by any process), so a caller can tell whether it saw that poll itself. */
  previousPollAt: Date | null;
};

// Counters as text (they exceed 2^53) and read times as epoch milliseconds, all of a router's in one JSON value.
const storedCounters = sql`(
  select json_agg(json_build_object('subject_type', c.subject_type, 'subject', c.subject, 'rx_counter', c.rx_counter::text,
    'tx_counter', c.tx_counter::text, 'read_at_ms', (extract(epoch from c.read_at) * 1000)::float8))
  from traffic_counters c where c.router_id = r.id)`;

const dateOrNull = (value: string | Date | null) => (value === null ? null : new Date(value));

const routerStates = ["unknown", "online", "degraded", "offline"] as const;
/** routerEventOf as SQL over a step's `previous_status` and `status`: null for a change that is neither down nor up. */
const routerEventCase = sql.raw(
  `case ${routerStates
    .flatMap((from) => routerStates.map((to) => [from, to, routerEventOf(from, to)] as const))
    .filter(([, , event]) => event !== null)
    .map(([from, to, event]) => `when s.previous_status = '${from}' and s.status = '${to}' then '${event}'`)
    .join(" ")} end`,
);

/**
 * `router.down` / `router.up` for the router row `seen` returns (with `previous_status`), as a step of the statement
 * that writes the status: nothing is written, and no endpoint read, when the status did not change that way.
 */
function routerEventsStep(tenantId: string, at: string): SQL {
  return sql`router_events as (${webhookEventsStep({
    tenantId,
    source: sql`select * from (
      select ${routerEventCase} as type, jsonb_build_object('id', s.id, 'name', s.name, 'siteId', s.site_id, 'status', s.status,
        'previousStatus', s.previous_status, 'lastError', s.last_error, 'changedAt', ${at}::text) as data
      from seen s where s.previous_status is distinct from s.status) changed
      where changed.type is not null`,
  })})`;
}

/**
 * Without a transaction: one read, then one write that applies only if the router's last-seen time is still the one
 * read (compare and set). Of two pollers of one router (a worker and a late cron call) that read the same counters,
 * the second to write finds the time moved and writes nothing, so no bytes are counted twice; the next poll takes
 * its delta from the counters the first one stored.
 */
export async function recordPoll(db: DbOrTx, record: PollRecord): Promise<PollWriteSummary> {
  const { routerId, at } = record;
  const status = routerStatusFrom(record.outcome);
  if (!record.outcome.reachable) return recordOffline(db, record, status.lastError);

  const [router] = rowsOf<{ seen_epoch: string | null; last_polled_at: string | Date | null; counters: StoredCounter[] | string | null }>(
    await db.execute(sql`
      select extract(epoch from r.last_seen_at)::text as seen_epoch, r.last_polled_at, ${storedCounters} as counters
      from routers r where r.id = ${routerId}`),
  );
  if (!router) return { points: 0, status: status.status, stale: true, previousPollAt: null };
  const previousPollAt = dateOrNull(router.last_polled_at);
  // A poll that finishes after a newer one must not overwrite what the newer one saw.
  if (router.seen_epoch !== null && Number(router.seen_epoch) * 1000 >= at.getTime()) return { points: 0, status: status.status, stale: true, previousPollAt };

  const stored: StoredCounter[] = typeof router.counters === "string" ? JSON.parse(router.counters) : (router.counters ?? []);
  const previous = new Map(
    stored.map((row) => [
      `${row.subject_type}\u0000${row.subject}`,
      { rx: BigInt(row.rx_counter), tx: BigInt(row.tx_counter), at: new Date(row.read_at_ms) },
    ]),
  );
  const lastPollAt = stored.reduce<number | undefined>((latest, row) => Math.max(latest ?? 0, row.read_at_ms), undefined);
  const points = deltasToPoints(record.samples, previous, at, lastPollAt);
  const applied = await writePoll(db, record, points, status, router.seen_epoch);
  return applied ? { points: points.length, status: status.status, stale: false, previousPollAt } : { points: 0, status: status.status, stale: true, previousPollAt };
}

/** An unreachable router: offline with the reason, unless a newer poll already saw it answer. Counters stay as they were. */
async function recordOffline(db: DbOrTx, { tenantId, routerId, at }: PollRecord, lastError: string | null): Promise<PollWriteSummary> {
  const atText = at.toISOString();
  const [row] = rowsOf<{ previous_polled_at: string | Date | null; events: number }>(
    await db.execute(sql`
      with seen as (
        update routers r set status = 'offline', last_error = ${lastError}, last_polled_at = ${atText}::timestamptz
        from (select id, last_polled_at, status from routers where id = ${routerId}) previous
        where r.id = previous.id and (r.last_seen_at is null or r.last_seen_at < ${atText}::timestamptz)
        returning previous.last_polled_at as previous_polled_at, previous.status as previous_status, r.id, r.name, r.site_id, r.status, r.last_error
      ), ${routerEventsStep(tenantId, atText)}
      select previous_polled_at, (select count(*)::int from router_events) as events from seen`),
  );
  if (!row) return { points: 0, status: "offline", stale: true, previousPollAt: null };
  if (Number(row.events) > 0) kickWebhooks();
  return { points: 0, status: "offline", stale: false, previousPollAt: dateOrNull(row.previous_polled_at) };
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

/**
 * Everything a reachable poll writes, as one statement: the router's status (only while its last-seen time is still
 * `seenEpoch`; every other part waits on that), counters, the counters that vanished (only of the subject types read
 * in full), 1-minute points and health. One statement, because at 10,000 routers every 30 s the round trips, not the
 * rows, are what the poller pays for. Says whether it applied.
 */
async function writePoll(tx: DbOrTx, record: PollRecord, points: PointRow[], status: ReturnType<typeof routerStatusFrom>, seenEpoch: string | null) {
  const { tenantId, routerId, at, samples } = record;
  const atText = at.toISOString();
  const counters = JSON.stringify(samples.map((s) => ({ subject_type: s.subjectType, subject: s.subject, rx: s.rx.toString(), tx: s.tx.toString() })));
  // The vanished counters are those not in this poll: the upsert and the delete never touch the same row.
  const steps: SQL[] = [
    sql`seen as (
      update routers r set status = ${status.status}, last_seen_at = ${atText}::timestamptz, last_polled_at = ${atText}::timestamptz, last_error = ${status.lastError}
      from (select id, status from routers where id = ${routerId}) previous
      where r.id = previous.id and extract(epoch from r.last_seen_at) is not distinct from ${seenEpoch}::numeric
      returning previous.status as previous_status, r.id, r.name, r.site_id, r.status, r.last_error
    )`,
    routerEventsStep(tenantId, atText),
    sql`incoming as (
      select * from jsonb_to_recordset(${counters}::jsonb) as r(subject_type text, subject text, rx text, tx text)
    )`,
    sql`counters as (
      insert into traffic_counters (router_id, subject_type, subject, rx_counter, tx_counter, read_at)
      select ${routerId}::uuid, r.subject_type, r.subject, r.rx::bigint, r.tx::bigint, ${atText}::timestamptz from incoming r
      where exists (select 1 from seen)
      on conflict (router_id, subject_type, subject) do update
        set rx_counter = excluded.rx_counter, tx_counter = excluded.tx_counter, read_at = excluded.read_at
        where traffic_counters.read_at < excluded.read_at
      returning 1
    )`,
  ];
  if (record.completeSubjectTypes.length > 0) {
    steps.push(sql`forgotten as (
      delete from traffic_counters c
      where c.router_id = ${routerId}::uuid and c.subject_type in (${sql.join(record.completeSubjectTypes.map((type) => sql`${type}`), sql`, `)})
        and c.read_at < ${atText}::timestamptz and exists (select 1 from seen)
        and not exists (select 1 from incoming i where i.subject_type = c.subject_type and i.subject = c.subject)
      returning 1
    )`);
  }
  if (points.length > 0) {
    const bucket = bucketStart(at, "1m").toISOString();
    // Deltas of successive polls in one minute add up; the peak keeps the fastest of them.
    steps.push(sql`points as (
      insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
      select ${tenantId}::uuid, ${routerId}::uuid, r.subject_type, r.subject, '1m', ${bucket}::timestamptz, r.rx, r.tx, r.rx_bps, r.tx_bps
      from jsonb_to_recordset(${JSON.stringify(points)}::jsonb) as r(subject_type text, subject text, rx bigint, tx bigint, rx_bps bigint, tx_bps bigint)
      where exists (select 1 from seen)
      on conflict (router_id, subject_type, subject, resolution, bucket) do update
        set rx_bytes = traffic_points.rx_bytes + excluded.rx_bytes,
            tx_bytes = traffic_points.tx_bytes + excluded.tx_bytes,
            rx_max_bps = greatest(traffic_points.rx_max_bps, excluded.rx_max_bps),
            tx_max_bps = greatest(traffic_points.tx_max_bps, excluded.tx_max_bps)
      returning 1
    )`);
  }
  const health = record.outcome.reachable ? record.outcome.health : null;
  if (health) steps.push(healthStep(tenantId, routerId, atText, health));
  const [result] = rowsOf<{ applied: number; events: number }>(
    await tx.execute(sql`with ${sql.join(steps, sql`, `)} select count(*)::int as applied, (select count(*)::int from router_events) as events from seen`),
  );
  if (Number(result?.events ?? 0) > 0) kickWebhooks();
  return Number(result?.applied ?? 0) > 0;
}

const healthStep = (tenantId: string, routerId: string, at: string, health: PollHealth) => sql`health as (
  insert into router_health (tenant_id, router_id, at, cpu_load, free_memory, total_memory, uptime_seconds, temperature, voltage, pppoe_sessions)
  select ${tenantId}::uuid, ${routerId}::uuid, ${at}::timestamptz, ${health.cpuLoad}::integer, ${health.freeMemory}::bigint, ${health.totalMemory}::bigint,
    ${health.uptimeSeconds}::integer, ${health.temperature ?? null}::float8, ${health.voltage ?? null}::float8, ${health.pppoeSessions ?? null}::integer
  where exists (select 1 from seen)
  on conflict (router_id, at) do nothing
  returning 1
)`;
