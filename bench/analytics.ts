/*
 * Bandwidth analytics benchmark: top talkers over 30 days for 100,000 subscribers, and the 95th percentile of
 * 3,000 interfaces over a month of 5-minute samples.
 *
 *   npm run bench:analytics        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_SUBSCRIBERS=100000  BENCH_INTERFACES=3000  BENCH_RUNS=20  BENCH_PERCENTILE_RUNS=5
 *   # BENCH_KEEP_DB=1 keeps netsphere_bench_analytics afterwards; BENCH_REUSE_DB=1 times a kept one without seeding
 *   # BENCH_USAGE_INDEX=1 first adds the index a migration would need for index-only reads of subscriber rollups
 *   #   (traffic_points (tenant_id, subject_type, resolution, bucket) INCLUDE (subject, rx_bytes, tx_bytes)); 0 drops it
 *
 * Creates the database netsphere_bench_analytics (dropping any previous one), migrates it, seeds one ISP (Manila)
 * with 4 plans, 10 sites, 100 routers of 30 interfaces, 100,000 customers and subscriptions, and the rollup rows the
 * two reads touch, each with INSERT … SELECT generate_series, in the order the rollup job writes them (bucket by
 * bucket): daily rows for every subscriber over the 31 UTC days the last 30 Manila days touch, hourly rows for the
 * two ragged ends (8 hours before the first UTC midnight, and today) plus the hours around them, and 5-minute rows for
 * every interface over 30 days (25.9 million). Then VACUUM ANALYZE, and times `topTalkers` (the page's first page,
 * sorted three ways, narrowed by a router and a plan; the CSV's all rows once) over BENCH_RUNS runs and
 * the 95th percentile of all interfaces: once by sorting the samples (`interfacePercentiles`), then the merge of the
 * samples into month rows (what the rollup does as samples become final), then the page's read of the local month
 * holding most of the seeded days from those rows (`monthPercentiles`) over BENCH_PERCENTILE_RUNS runs, after a warm-up.
 * Top talkers are timed both ways: adding up the rollups (the fallback) and from the stored period sums the
 * analytics-refresh job keeps (the page; the refresh itself is timed once).
 * Goals: top talkers p95 < 500 ms; the 95th percentile of 3,000 interfaces < 2 s.
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
import { periodRange } from "@/lib/analytics/periods";
import { topTalkers, type TopTalkersInput } from "@/lib/analytics/top-talkers";
import { planUsage } from "@/lib/analytics/plan-usage";
import { refreshPeriodUsage } from "@/lib/analytics/period-usage";
import { interfacePercentiles } from "@/lib/monitoring/percentile-query";
import { mergePercentileSamples, monthPercentiles } from "@/lib/monitoring/percentile-months";
import { monthRange } from "@/lib/analytics/periods";
import { monthOf } from "@/lib/core/calendar";
import { localDate } from "@/lib/core/time-zones";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const INTERFACES = Number(process.env.BENCH_INTERFACES ?? 3_000);
const ROUTERS = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const PERCENTILE_RUNS = Number(process.env.BENCH_PERCENTILE_RUNS ?? 5);
const TALKERS_GOAL_MS = 500;
const PERCENTILE_GOAL_MS = 2_000;
const BATCH = 20_000;
const DAY = 86_400_000;
const REUSE = process.env.BENCH_REUSE_DB === "1";
const database = benchDatabase("netsphere_bench_analytics");
const timeZone = "Asia/Manila";

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function timed(name: string, runs: number, run: () => Promise<unknown>) {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { name, runs, p50: at(0.5), p95: at(0.95), max: times[times.length - 1], result };
}

if (!REUSE) await database.fresh();
const conn = connectPostgres(database.url, 4);
const db = conn.db;
let ok = false;
try {
  console.log(
    `Analytics benchmark: top talkers of ${SUBSCRIBERS.toLocaleString("en")} subscribers, 95th percentile of ${INTERFACES.toLocaleString("en")} interfaces`,
  );
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${load()}`);
  const now = clock.now();
  const range = periodRange({ kind: "30d" }, timeZone, now);
  // A complete 30-day month of 5-minute samples, ending before today.
  const monthTo = new Date(Math.floor(now.getTime() / DAY) * DAY - DAY);
  const monthFrom = new Date(monthTo.getTime() - 30 * DAY);

  if (!REUSE) {
    await prepareDatabase(conn);
    const [tenant] = await db
      .insert(tenants)
      .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "executive-pro", onboardingStep: "done" })
      .returning();
    const tenantId = tenant.id;
    const started = performance.now();
    await db.execute(sql`
      insert into service_plans (tenant_id, name, type, download_kbps, upload_kbps, price_centavos)
      values (${tenantId}, 'Fiber 25', 'pppoe', 25000, 25000, 99900), (${tenantId}, 'Fiber 50', 'pppoe', 50000, 50000, 129900),
             (${tenantId}, 'Fiber 100', 'pppoe', 100000, 100000, 169900), (${tenantId}, 'Wireless 10', 'pppoe', 10000, 5000, 69900)`);
    await db.execute(sql`insert into sites (tenant_id, name) select ${tenantId}, 'Site ' || g from generate_series(1, 10) g`);
    await db.execute(sql`
      insert into routers (tenant_id, site_id, name, host, api_port, username, password_encrypted)
      select ${tenantId}, (select id from sites where tenant_id = ${tenantId} and name = 'Site ' || (1 + g % 10)), 'Router-' || lpad(g::text, 3, '0'),
             '127.0.0.1', 20000 + g, 'bench', ${encryptSecret("bench-pass")}
      from generate_series(1, ${ROUTERS}) g`);
    await seedSubscribers(db, { tenantId, count: SUBSCRIBERS, batch: BATCH });
    console.log(`Seeded ${SUBSCRIBERS.toLocaleString("en")} subscriptions on ${ROUTERS} routers in ${seconds(started)}`);

    // Subscriber rows, bucket by bucket as the rollup writes them: volumes skewed so a few subscribers move a lot.
    const trafficStarted = performance.now();
    const subscriberRows = (resolution: "1h" | "1d", bucket: Date, scale: number) => sql`
      insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
      select s.tenant_id, s.router_id, 'subscription', s.id::text, ${resolution}, ${bucket.toISOString()}::timestamptz,
        v.tx / 5, v.tx, v.tx * 8 / ${scale} / 2, v.tx * 8 / ${scale}
      from subscriptions s
      cross join lateral (select ((2147483647 & hashtext(s.username || ${bucket.toISOString()}))::bigint % 1000) ^ 3 / 1000 * ${scale} as raw) r
      cross join lateral (select r.raw::bigint as tx) v
      where s.tenant_id = ${tenantId}`;
    const firstDay = Math.floor(range.from.getTime() / DAY) * DAY;
    let rows = 0;
    for (let day = firstDay; day <= now.getTime(); day += DAY) {
      await db.execute(subscriberRows("1d", new Date(day), 86_400));
      rows += SUBSCRIBERS;
    }
    // The hours of the ragged ends (and a few around them, as a real table holds 90 days of hours).
    const hourSpans = [
      [firstDay - DAY, firstDay + DAY],
      [Math.floor(now.getTime() / DAY) * DAY - DAY, now.getTime()],
    ];
    for (const [from, to] of hourSpans) {
      for (let hour = from; hour <= to; hour += 3_600_000) {
        await db.execute(subscriberRows("1h", new Date(hour), 3600));
        rows += SUBSCRIBERS;
      }
    }
    console.log(`Seeded ${rows.toLocaleString("en")} subscriber rollup rows in ${seconds(trafficStarted)}`);

    // 5-minute samples of every interface (30 per router), a day per statement; a tenth of the samples burst.
    const samplesStarted = performance.now();
    const perRouter = Math.ceil(INTERFACES / ROUTERS);
    for (let day = monthFrom.getTime(); day < monthTo.getTime(); day += DAY) {
      await db.execute(sql`
        insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes, rx_max_bps, tx_max_bps)
        select r.tenant_id, r.id, 'interface', 'ether' || i, '5m', b.bucket,
          v.rx, v.rx / 4, v.rx * 8 / 300 * 2, v.rx * 8 / 300 / 2
        from generate_series(${new Date(day).toISOString()}::timestamptz, ${new Date(day + DAY - 300_000).toISOString()}::timestamptz, interval '5 minutes') b(bucket)
        cross join routers r
        cross join generate_series(1, ${perRouter}) i
        cross join lateral (select (2147483647 & hashint4((i * 7919 + extract(epoch from b.bucket)::int) # r.api_port))::bigint as h) x
        cross join lateral (select case when x.h % 10 = 0 then 30000000000 else x.h % 20000000000 end as rx) v
        where r.tenant_id = ${tenantId}
        order by b.bucket`);
    }
    console.log(`Seeded ${(30 * 288 * perRouter * ROUTERS).toLocaleString("en")} 5-minute interface samples in ${seconds(samplesStarted)}`);
    const vacuumStarted = performance.now();
    await db.execute(sql`vacuum analyze traffic_points`);
    await db.execute(sql`analyze`);
    console.log(`VACUUM ANALYZE in ${seconds(vacuumStarted)}`);
  }

  if (process.env.BENCH_USAGE_INDEX === "1") {
    const started = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
      await tx.execute(
        sql`create index if not exists traffic_points_usage_idx on traffic_points (tenant_id, subject_type, resolution, bucket) include (subject, rx_bytes, tx_bytes)`,
      );
    });
    await db.execute(sql`vacuum analyze traffic_points`);
    console.log(`With the candidate index traffic_points_usage_idx (built in ${seconds(started)}; not in any migration)`);
  } else if (process.env.BENCH_USAGE_INDEX === "0") {
    await db.execute(sql`drop index if exists traffic_points_usage_idx`);
  }
  const size = rowsOf<{ rows: string; size: string }>(
    await db.execute(
      sql`select (select count(*) from traffic_points)::text as rows,
        (select pg_size_pretty(sum(pg_total_relation_size(relid))) from pg_partition_tree('traffic_points')) as size`,
    ),
  )[0];
  console.log(`traffic_points: ${Number(size.rows).toLocaleString("en")} rows, ${size.size} with its indexes\n`);
  const [{ id: tenantId }] = rowsOf<{ id: string }>(await db.execute(sql`select id from tenants where name = 'Bench ISP'`));
  const [router] = rowsOf<{ id: string }>(await db.execute(sql`select id from routers where tenant_id = ${tenantId} order by name limit 1`));
  const [plan] = rowsOf<{ id: string }>(await db.execute(sql`select id from service_plans where tenant_id = ${tenantId} order by name limit 1`));
  const base: TopTalkersInput = { tenantId, range, now, sort: "total", page: 1 };

  const talkers = [
    await timed("topTalkers, 30 days, by total (the page)", RUNS, () => topTalkers(db, base)),
    await timed("topTalkers, 30 days, by download", RUNS, () => topTalkers(db, { ...base, sort: "download" })),
    await timed("topTalkers, 30 days, page 200", RUNS, () => topTalkers(db, { ...base, page: 200 })),
    await timed("topTalkers, 30 days, one router", RUNS, () => topTalkers(db, { ...base, routerId: router.id })),
    await timed("topTalkers, 30 days, one plan", RUNS, () => topTalkers(db, { ...base, planId: plan.id })),
  ];
  // The page as it runs: the period's stored sums, refreshed by the analytics-refresh job every 5 minutes.
  const refreshStarted = performance.now();
  await refreshPeriodUsage(db, now, { tenantId });
  const refreshSeconds = seconds(refreshStarted);
  const stored = [
    await timed("topTalkers, 30 days, stored sums, by total (the page)", RUNS, () => topTalkers(db, { ...base, period: "30d" })),
    await timed("topTalkers, 30 days, stored sums, page 200", RUNS, () => topTalkers(db, { ...base, period: "30d", page: 200 })),
    await timed("topTalkers, 30 days, stored sums, one plan", RUNS, () => topTalkers(db, { ...base, period: "30d", planId: plan.id })),
  ];
  console.log(`Stored the period sums (today, 7 and 30 days, this month, last month) in ${refreshSeconds}`);
  const exportRun = await timed("topTalkers, 30 days, every row (CSV)", 1, () => topTalkers(db, { ...base, pageSize: null }));
  const usage = await timed("planUsage, month so far (plan distribution)", 3, () =>
    planUsage(db, { tenantId, range: periodRange({ kind: "month" }, timeZone, now), now }),
  );
  const sorted = await timed(`interfacePercentiles (sorting the samples), ${INTERFACES.toLocaleString("en")} × 30 days`, 1, () =>
    interfacePercentiles(db, { tenantId, from: monthFrom, to: monthTo }),
  );
  // The rollup merges samples into month rows as they become final; here the whole seeded span at once (a first run).
  const mergeStarted = performance.now();
  await db.execute(sql`delete from percentile_merge_marks`);
  await db.execute(sql`delete from interface_percentile_months`);
  const merged = await mergePercentileSamples(db, monthTo);
  console.log(`Merged 30 days of samples into ${merged.toLocaleString("en")} month rows in ${seconds(mergeStarted)} (once; each rollup then merges 5 minutes)`);
  // The page: the local month holding most of the seeded days, from the merged rows.
  const daysOfSpanIn = (month: string) => {
    const { from, to } = monthRange(month, timeZone);
    return Math.max(0, Math.min(to.getTime(), monthTo.getTime()) - Math.max(from.getTime(), monthFrom.getTime())) / DAY;
  };
  const candidates = [...new Set([monthFrom.getTime(), monthTo.getTime() - DAY].map((ms) => monthOf(localDate(ms, timeZone))))];
  const fullest = candidates.sort((a, b) => daysOfSpanIn(b) - daysOfSpanIn(a))[0]!;
  const whole = monthRange(fullest, timeZone);
  const percentile = await timed(`monthPercentiles (the page), ${INTERFACES.toLocaleString("en")} interfaces, ${fullest}`, PERCENTILE_RUNS, () =>
    monthPercentiles(db, { tenantId, month: fullest, from: whole.from, monthEnd: whole.to, to: whole.to }),
  );

  const page = talkers[0].result as Awaited<ReturnType<typeof topTalkers>>;
  const percentiles = percentile.result as Awaited<ReturnType<typeof interfacePercentiles>>;
  console.log(`Top talkers: ${page.subscribers.toLocaleString("en")} subscribers with traffic, ${page.rows.length} on the page`);
  console.log(`95th percentile: ${percentiles.length.toLocaleString("en")} interfaces, ${percentiles[0]?.percentile.samples} samples each\n`);
  for (const r of [...talkers, ...stored, exportRun, usage, sorted, percentile]) {
    console.log(
      `${r.name.padEnd(62)} runs ${String(r.runs).padStart(2)}   p50 ${r.p50.toFixed(0).padStart(6)} ms   p95 ${r.p95.toFixed(0).padStart(6)} ms`,
    );
  }
  // The page reads the stored sums; adding up the rollups is the fallback when they are missing or old.
  const talkersOk = stored.every((r) => r.p95 < TALKERS_GOAL_MS) && stored.every((r) => (r.result as { asOf: Date | null }).asOf !== null);
  const percentileOk = percentile.p95 < PERCENTILE_GOAL_MS;
  ok = talkersOk && percentileOk && page.subscribers === SUBSCRIBERS && percentiles.length === INTERFACES;
  console.log(`\nGoal top talkers over 30 days, p95 < ${TALKERS_GOAL_MS} ms: ${talkersOk ? "met" : "NOT met"}`);
  console.log(
    `Goal 95th percentile of ${INTERFACES.toLocaleString("en")} interfaces < ${PERCENTILE_GOAL_MS} ms: ${percentileOk ? "met" : "NOT met"}`,
  );
  console.log(`Load average at the end: ${load()}`);
} finally {
  await conn.close();
  await database.drop();
}
process.exit(ok ? 0 : 1);
