/*
 * Time-series benchmark: ingest one 30-second poll cycle of 100,000 subscribers' counters, and drop a day of
 * expired minute points.
 *
 *   npm run bench:timeseries        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_SUBSCRIBERS=100000  BENCH_ROUTERS=1000  BENCH_CONCURRENCY=8  BENCH_DROP_SUBSCRIBERS=2000
 *   # BENCH_KEEP_DB=1 keeps netsphere_bench_timeseries afterwards
 *
 * Creates netsphere_bench_timeseries (dropping any previous one), migrates it (which makes the time partitions), seeds
 * one ISP with BENCH_SUBSCRIBERS subscriptions spread over BENCH_ROUTERS routers. Ingest: every router's poll record
 * (a `<pppoe-…>` interface counter per subscriber plus 5 ports) written through `recordPoll`, the poller's own write
 * path (one read and one write statement per router), BENCH_CONCURRENCY routers at a time; the first cycle stores the
 * counters, the second (30 s later, every counter moved) turns them into deltas and 1-minute points and is timed.
 * Retention: a full day of 1-minute points of BENCH_DROP_SUBSCRIBERS subscribers (1,440 rows each) is written into
 * the oldest kept day's partition, then `maintainPartitions` runs a day later and is timed: it drops that day whole.
 * Goals: ingest < 5 s on 2 cores; a day's retention drop < 1 s.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { seedSubscribers } from "./support/subscribers";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { encryptSecret } from "@/lib/core/crypto";
import { tenants } from "@/lib/tenants/schema";
import { recordPoll, type CounterSample, type PollRecord } from "@/lib/monitoring/store";
import { maintainPartitions, partitionName, partitionStart, retention } from "@/lib/monitoring/partitions";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const DROP_SUBSCRIBERS = Number(process.env.BENCH_DROP_SUBSCRIBERS ?? 2_000);
const INGEST_GOAL_MS = 5_000;
const DROP_GOAL_MS = 1_000;
const BATCH = 20_000;
const DAY = 86_400_000;
const database = benchDatabase("netsphere_bench_timeseries");

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

await database.fresh();
const conn = connectPostgres(database.url, CONCURRENCY + 2);
const db = conn.db;
let ok = false;
try {
  console.log(`Time-series benchmark: ${SUBSCRIBERS.toLocaleString("en")} subscribers on ${ROUTERS.toLocaleString("en")} routers`);
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${load()}`);
  await prepareDatabase(conn);
  const [tenant] = await db
    .insert(tenants)
    .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "executive-pro", onboardingStep: "done" })
    .returning();
  const tenantId = tenant.id;
  const seeded = performance.now();
  await db.execute(sql`insert into service_plans (tenant_id, name, type, download_kbps, upload_kbps, price_centavos) values (${tenantId}, 'Fiber 50', 'pppoe', 50000, 50000, 129900)`);
  await db.execute(sql`
    insert into routers (tenant_id, name, host, api_port, username, password_encrypted)
    select ${tenantId}, 'Router-' || lpad(g::text, 4, '0'), '127.0.0.1', 20000 + g, 'bench', ${encryptSecret("bench-pass")} from generate_series(1, ${ROUTERS}) g`);
  await seedSubscribers(db, { tenantId, count: SUBSCRIBERS, batch: BATCH });
  console.log(`Seeded ${SUBSCRIBERS.toLocaleString("en")} subscriptions in ${seconds(seeded)}`);

  // Each router's samples as the poller makes them (samplesOf): a <pppoe-user> interface per subscriber, and ports.
  const subs = rowsOf<{ id: string; username: string; router_id: string }>(
    await db.execute(sql`select id, username, router_id from subscriptions where tenant_id = ${tenantId}`),
  );
  const byRouter = new Map<string, { id: string; username: string }[]>();
  for (const sub of subs) byRouter.set(sub.router_id, [...(byRouter.get(sub.router_id) ?? []), sub]);
  const now = clock.now();
  const record = (routerId: string, routerSubs: { id: string; username: string }[], cycle: number, at: Date): PollRecord => {
    const moved = (base: number) => BigInt(1_000_000_000 + base + cycle * 3_750_000);
    const samples: CounterSample[] = [
      ...routerSubs.map((sub, k) => ({
        subjectType: "interface" as const,
        subject: `<pppoe-${sub.username}>`,
        rx: moved(k * 1000),
        tx: moved(k * 5000),
        target: { kind: "subscription" as const, subscriptionId: sub.id },
        session: true,
      })),
      ...[1, 2, 3, 4, 5].map((n) => ({
        subjectType: "interface" as const,
        subject: `ether${n}`,
        rx: moved(n * 10_000_000) * 40n,
        tx: moved(n * 20_000_000) * 40n,
        target: { kind: "interface" as const, name: `ether${n}` },
        session: false,
      })),
    ];
    return {
      tenantId,
      routerId,
      at,
      outcome: { reachable: true, durationMs: 120, failedReads: [], health: { cpuLoad: 12, freeMemory: 500_000_000, totalMemory: 1_000_000_000, uptimeSeconds: 86_400 } },
      samples,
      completeSubjectTypes: ["interface"],
    };
  };
  const cycle = async (n: number, at: Date) => {
    let points = 0;
    const started = performance.now();
    await eachLimited([...byRouter], CONCURRENCY, async ([routerId, routerSubs]) => {
      const written = await recordPoll(db, record(routerId, routerSubs, n, at));
      points += written.points;
    });
    return { ms: performance.now() - started, points };
  };
  const first = await cycle(0, new Date(now.getTime() - 30_000));
  console.log(`Cycle 1 (counters stored, no deltas yet): ${(first.ms / 1000).toFixed(2)} s`);
  const second = await cycle(1, now);
  const [{ rows }] = rowsOf<{ rows: string }>(
    await db.execute(sql`select count(*)::text as rows from traffic_points where resolution = '1m' and subject_type = 'subscription'`),
  );
  console.log(
    `Cycle 2 (deltas → ${second.points.toLocaleString("en")} points, ${Number(rows).toLocaleString("en")} subscriber minute rows): ${(second.ms / 1000).toFixed(2)} s — goal < ${INGEST_GOAL_MS / 1000} s ${second.ms < INGEST_GOAL_MS ? "met" : "NOT met"}`,
  );

  // A whole day of minutes in the oldest day the minutes keep, then the maintenance a day later that drops it.
  const oldestDay = partitionStart(now.getTime() - retention["1m"], "day");
  const filled = performance.now();
  await db.execute(sql`
    insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
    select s.tenant_id, s.router_id, 'subscription', s.id::text, '1m', b.bucket, 1000000, 5000000, 266666, 1333333
    from (select * from subscriptions where tenant_id = ${tenantId} order by username limit ${DROP_SUBSCRIBERS}) s
    cross join generate_series(${new Date(oldestDay).toISOString()}::timestamptz, ${new Date(oldestDay + DAY - 60_000).toISOString()}::timestamptz, interval '1 minute') b(bucket)`);
  const dayPartition = partitionName("traffic_points_1m", oldestDay);
  const [size] = rowsOf<{ rows: string; size: string }>(
    await db.execute(sql.raw(`select (select count(*) from "${dayPartition}")::text as rows, pg_size_pretty(pg_total_relation_size('"${dayPartition}"')) as size`)),
  );
  console.log(`Filled ${dayPartition} with ${Number(size.rows).toLocaleString("en")} rows (${size.size}) in ${seconds(filled)}`);
  const dropStarted = performance.now();
  const summary = await maintainPartitions(db, new Date(now.getTime() + DAY));
  const dropMs = performance.now() - dropStarted;
  const gone = rowsOf<{ left: boolean }>(await db.execute(sql`select to_regclass(${`public."${dayPartition}"`}) is null as left`))[0]!.left;
  console.log(
    `Retention a day later: ${summary.dropped} partition(s) dropped, ${summary.created} made ahead, in ${dropMs.toFixed(0)} ms${gone ? "" : " (the day is still there!)"} — goal < ${DROP_GOAL_MS} ms ${dropMs < DROP_GOAL_MS && gone ? "met" : "NOT met"}`,
  );
  console.log(`Load after: ${load()}`);
  ok = true;
} finally {
  await conn.close();
  await database.drop({ force: !ok });
}
