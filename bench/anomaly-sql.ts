/*
 * Anomaly detection at scale on a real Postgres: one ISP with 100,000 subscribers and 3,000 links (3 ports on each of
 * 1,000 routers), four weeks of rollups, and whole `detectTenantAnomalies` runs (the `anomaly-detect` job's unit for
 * one ISP: reading the points, loading the baselines, rebuilding stale ones in SQL and storing them, judging, writing
 * anomalies, then the anomaly rules) timed end to end.
 *
 *   npm run bench:anomaly-sql        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_SUBSCRIBERS=100000  BENCH_ROUTERS=1000  BENCH_PORTS=3  BENCH_WEEKS=4
 *   # BENCH_KEEP_DB=1 keeps netsphere_bench_anomaly; BENCH_REUSE_DB=1 runs again on it without seeding
 *
 * Creates netsphere_bench_anomaly (dropping any previous one), migrates it, and seeds with set-based statements
 * (generate_series; the rollups' keys, indexes and foreign keys are built after the load): subscribers' hourly rows and links' 5-minute rows for BENCH_WEEKS weeks and the last two hours,
 * one router health row per router every 5 minutes (CPU and PPPoE sessions), and a daily PPPoE reconnect per subscriber
 * in ipam's address history, placed so that the hourly run's window holds one for every subscriber (the disconnects
 * series at its heaviest: all 100,000 judged). Then:
 *   1. cold run: no baselines yet; each metric builds its budget per run (`rebuildsPerRun`), judges those series;
 *   2. hourly run: every series has a stored baseline, one subscriber in 24 and one link in 288 due for its daily
 *      rebuild (the steady state of a job every 5 minutes rebuilding baselines older than a day);
 *   3. a 5-minute run in between (links and routers only: subscribers are judged once an hour);
 * and each source's two heavy statements alone (the points of the window; the slot statistics of a run's budget of
 * series), and 2,000 subscribers' slot statistics read per series and in the form they had before (all the ISP's rows
 * filtered by key), to compare.
 * Goal (issue 19): a run < 30 s on 2 cores.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { seedSubscribers } from "./support/subscribers";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { encryptSecret } from "@/lib/core/crypto";
import { tenants } from "@/lib/tenants/schema";
import { BASELINE_WEEKS } from "@/lib/analytics/anomaly/baseline";
import { detectTenantAnomalies } from "@/lib/analytics/anomaly-detect";
import { readSeriesPoints, readSlotStats, seriesSources } from "@/lib/analytics/anomaly-series";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 1_000);
const PORTS = Number(process.env.BENCH_PORTS ?? 3);
const WEEKS = Number(process.env.BENCH_WEEKS ?? BASELINE_WEEKS);
const GOAL_MS = 30_000;
/** BENCH_REUSE_DB=1 runs again on a database kept with BENCH_KEEP_DB=1, without seeding (its baselines are cleared). */
const REUSE = !!process.env.BENCH_REUSE_DB;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const database = benchDatabase("netsphere_bench_anomaly");

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = async (db: ReturnType<typeof connectPostgres>["db"], query: ReturnType<typeof sql>) =>
  Number(rowsOf<{ n: string }>(await db.execute(query))[0]!.n).toLocaleString("en");

if (!REUSE) await database.fresh();
const conn = connectPostgres(database.url, 4);
const db = conn.db;
let ok = false;
try {
  console.log(
    `Anomaly detection on Postgres: ${SUBSCRIBERS.toLocaleString("en")} subscribers, ${(ROUTERS * PORTS).toLocaleString("en")} links on ${ROUTERS.toLocaleString("en")} routers, ${WEEKS} weeks of rollups`,
  );
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${load()}`,
  );
  console.log(`Postgres: ${rowsOf<{ v: string }>(await db.execute(sql`select version() as v`))[0]!.v.split(" on ")[0]}`);
  await prepareDatabase(conn);
  const [tenant] = REUSE
    ? await db.select().from(tenants).where(eq(tenants.name, "Bench ISP"))
    : await db
        .insert(tenants)
        .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "executive-pro", onboardingStep: "done" })
        .returning();
  const tenantId = tenant.id;
  if (REUSE) await db.execute(sql`truncate analytics_anomaly_baselines, analytics_anomalies`);

  // The job's "now" for an hourly run: five and a half minutes past the hour, so the hour just ended is final.
  const hourStart = REUSE
    ? new Date(rowsOf<{ t: string }>(await db.execute(sql`select max(bucket) as t from traffic_points_1h`))[0]!.t).getTime() + HOUR
    : Math.floor(clock.ms() / HOUR) * HOUR;
  const hourlyRun = new Date(hourStart + 5.5 * 60_000);
  const from = new Date(hourStart - WEEKS * 7 * DAY - 2 * HOUR);
  const to = new Date(hourStart);

  let started = performance.now();
  if (!REUSE) {
    // Bulk load: the rollup tables' keys, indexes and foreign keys are dropped for the seeding and built again after it
    // (a sort each instead of a hundred million index insertions and foreign-key checks).
    const bulk = ["traffic_points", "router_health"];
    const saved = rowsOf<{ table: string; name: string; definition: string; is_index: boolean }>(
      await db.execute(sql`
      select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as definition, false as is_index
      from pg_constraint c where c.conrelid::regclass::text = any(${`{${bulk.join(",")}}`}::text[]) and c.contype in ('p', 'f')
      union all
      select i.tablename, i.indexname, i.indexdef, true from pg_indexes i
      where i.tablename = any(${`{${bulk.join(",")}}`}::text[]) and i.schemaname = 'public'
        and i.indexname not in (select conname from pg_constraint where contype = 'p')`),
    );
    for (const item of saved)
      await db.execute(sql.raw(item.is_index ? `drop index "${item.name}"` : `alter table "${item.table}" drop constraint "${item.name}"`));
    await db.execute(sql.raw(`alter database netsphere_bench_anomaly set synchronous_commit = off`));

    let started = performance.now();
    await db.execute(
      sql`insert into service_plans (tenant_id, name, type, download_kbps, upload_kbps, price_centavos) values (${tenantId}, 'Fiber 50', 'pppoe', 50000, 50000, 129900)`,
    );
    await db.execute(sql`
    insert into routers (tenant_id, name, host, api_port, username, password_encrypted)
    select ${tenantId}, 'Router-' || lpad(g::text, 4, '0'), '127.0.0.1', 20000 + g, 'bench', ${encryptSecret("bench-pass")} from generate_series(1, ${ROUTERS}) g`);
    await seedSubscribers(db, { tenantId, count: SUBSCRIBERS, batch: 20_000 });
    console.log(`Seeded ${SUBSCRIBERS.toLocaleString("en")} subscriptions in ${seconds(performance.now() - started)}`);

    // Disconnects: every subscriber's PPPoE session ends once a day, three hours before the hourly run's hour, so the
    // judged window holds one for all 100,000 (the disconnects series' worst case: every subscriber judged).
    started = performance.now();
    for (let day = from.getTime(); day < to.getTime(); day += DAY) {
      const ended = new Date(day + ((((hourStart - 3 * HOUR - day) % DAY) + DAY) % DAY) + 10 * 60_000);
      if (ended.getTime() >= to.getTime()) continue;
      await db.execute(sql`
      insert into address_sessions (tenant_id, router_id, source, username, address, caller_id, started_at, ended_at)
      select s.tenant_id, s.router_id, 'ppp', s.username, '100.64.0.1', '', ${new Date(ended.getTime() - DAY + 60_000).toISOString()}::timestamptz, ${ended.toISOString()}::timestamptz
      from subscriptions s where s.tenant_id = ${tenantId}`);
    }
    console.log(
      `Seeded address sessions (a daily reconnect each): ${await count(db, sql`select count(*) as n from address_sessions`)} in ${seconds(performance.now() - started)}`,
    );

    // An evening peak (21:00 Manila = 13:00 UTC) over a floor, with ±20 % noise; upload is what subscribers are judged on.
    const shape = (t: string) =>
      sql.raw(`(0.3 + 0.7 * exp(-power(((extract(hour from ${t})::int - 13 + 36) % 24) - 12, 2) / 8.0)) * (0.8 + 0.4 * random())`);
    started = performance.now();
    // A day at a time: each statement stays in memory and one partition (hourly rows live in monthly partitions).
    for (let day = from.getTime(); day < to.getTime(); day += DAY) {
      const dayEnd = Math.min(day + DAY, to.getTime()) - HOUR;
      await db.execute(sql`
      insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes)
      select s.tenant_id, s.router_id, 'subscription', s.id::text, '1h', b.bucket,
        round(250000000 * ${shape("b.bucket")}), round(2500000000 * ${shape("b.bucket")})
      from subscriptions s cross join generate_series(${new Date(day).toISOString()}::timestamptz, ${new Date(dayEnd).toISOString()}::timestamptz, interval '1 hour') b(bucket)
      where s.tenant_id = ${tenantId}`);
    }
    console.log(
      `Seeded subscribers' hourly rows: ${await count(db, sql`select count(*) as n from traffic_points_1h`)} in ${seconds(performance.now() - started)}`,
    );

    started = performance.now();
    for (let day = from.getTime(); day < to.getTime(); day += DAY) {
      const dayEnd = Math.min(day + DAY, to.getTime()) - 300_000;
      await db.execute(sql`
      insert into traffic_points (tenant_id, router_id, subject_type, subject, resolution, bucket, rx_bytes, tx_bytes)
      select r.tenant_id, r.id, 'interface', 'sfp' || p, '5m', b.bucket, round(3750000000 * ${shape("b.bucket")}), round(375000000 * ${shape("b.bucket")})
      from routers r cross join generate_series(1, ${PORTS}) p
        cross join generate_series(${new Date(day).toISOString()}::timestamptz, ${new Date(dayEnd).toISOString()}::timestamptz, interval '5 minutes') b(bucket)
      where r.tenant_id = ${tenantId}`);
      await db.execute(sql`
      insert into router_health (tenant_id, router_id, at, cpu_load, free_memory, total_memory, uptime_seconds, pppoe_sessions)
      select r.tenant_id, r.id, b.at, round(10 + 30 * ${shape("b.at")}), 500000000, 1000000000, 86400, round(60 + 40 * ${shape("b.at")})
      from routers r cross join generate_series(${new Date(day).toISOString()}::timestamptz, ${new Date(dayEnd).toISOString()}::timestamptz, interval '5 minutes') b(at)
      where r.tenant_id = ${tenantId}`);
    }
    console.log(
      `Seeded links' 5-minute rows: ${await count(db, sql`select count(*) as n from traffic_points_5m`)} and router health rows: ${await count(db, sql`select count(*) as n from router_health`)} in ${seconds(performance.now() - started)}`,
    );
    started = performance.now();
    // Keys first: the foreign keys and indexes read them.
    for (const item of [...saved].sort(
      (a, b) => Number(a.definition.startsWith("PRIMARY") ? 0 : 1) - Number(b.definition.startsWith("PRIMARY") ? 0 : 1),
    ))
      await db.execute(sql.raw(item.is_index ? item.definition : `alter table "${item.table}" add constraint "${item.name}" ${item.definition}`));
    console.log(`Keys, indexes and foreign keys built again in ${seconds(performance.now() - started)}`);
  }
  started = performance.now();
  await db.execute(sql`analyze`);
  console.log(`analyze: ${seconds(performance.now() - started)}; load ${load()}`);

  const baselines = () => count(db, sql`select count(*) as n from analytics_anomaly_baselines`);
  const run = async (title: string, now: Date) => {
    const t0 = performance.now();
    const summary = await detectTenantAnomalies(db, db, tenantId, now);
    const ms = performance.now() - t0;
    console.log(
      `${title}: ${seconds(ms)} — ${summary.series.toLocaleString("en")} series judged, ${summary.baselines.toLocaleString("en")} baselines rebuilt, ${summary.opened} opened, ${summary.updated} updated, ${summary.closed} closed; ${await baselines()} baselines stored; goal < ${GOAL_MS / 1000} s ${ms < GOAL_MS ? "met" : "NOT met"}`,
    );
    return ms;
  };

  console.log("\nWhole runs (detectTenantAnomalies, one ISP):");
  const cold = await run("1. cold hourly run (no baselines yet: each metric builds its budget's worth)", hourlyRun);

  // Every series' baseline as if built over the last day, one subscriber in 24 and one link in 288 due again.
  started = performance.now();
  const computedAt = (share: number) =>
    sql`case when random() < ${share} then ${new Date(hourlyRun.getTime() - 25 * HOUR).toISOString()}::timestamptz else ${new Date(hourlyRun.getTime() - HOUR).toISOString()}::timestamptz end`;
  const shapeArray = (level: number, base = 0) =>
    sql.raw(`array(select ${base} + ${level} * (0.3 + 0.7 * exp(-power(((h % 24) - 13 + 36) % 24 - 12, 2) / 8.0)) from generate_series(0, 167) h)`);
  const flatArray = (value: number) => sql.raw(`array_fill(${value}::float8, array[168])`);
  await db.execute(sql`
    insert into analytics_anomaly_baselines (tenant_id, router_id, object_kind, object_id, metric, medians, mads, counts, expected_medians, expected_mads, computed_at)
    select s.tenant_id, s.router_id, 'subscription', s.id::text, 'upload', ${shapeArray(555_555)}, ${flatArray(50_000)}, array_fill(4, array[168]), ${shapeArray(555_555)}, ${flatArray(50_000)}, ${computedAt(1 / 24)}
    from subscriptions s where s.tenant_id = ${tenantId}
    on conflict (router_id, object_kind, object_id, metric) do update set medians = excluded.medians, mads = excluded.mads, counts = excluded.counts, expected_medians = excluded.expected_medians, expected_mads = excluded.expected_mads, computed_at = excluded.computed_at`);
  await db.execute(sql`
    insert into analytics_anomaly_baselines (tenant_id, router_id, object_kind, object_id, metric, medians, mads, counts, expected_medians, expected_mads, computed_at)
    select r.tenant_id, r.id, 'interface', 'sfp' || p, 'traffic', ${shapeArray(110_000_000)}, ${flatArray(8_000_000)}, array_fill(12, array[168]), ${shapeArray(110_000_000)}, ${flatArray(8_000_000)}, ${computedAt(1 / 288)}
    from routers r cross join generate_series(1, ${PORTS}) p where r.tenant_id = ${tenantId}
    on conflict (router_id, object_kind, object_id, metric) do update set medians = excluded.medians, mads = excluded.mads, counts = excluded.counts, expected_medians = excluded.expected_medians, expected_mads = excluded.expected_mads, computed_at = excluded.computed_at`);
  await db.execute(sql`
    insert into analytics_anomaly_baselines (tenant_id, router_id, object_kind, object_id, metric, medians, mads, counts, expected_medians, expected_mads, computed_at)
    select r.tenant_id, r.id, 'router', r.id::text, 'cpu', ${shapeArray(30, 10)}, ${flatArray(3)}, array_fill(12, array[168]), ${shapeArray(30, 10)}, ${flatArray(3)}, ${computedAt(1 / 288)}
    from routers r where r.tenant_id = ${tenantId}
    union all
    select r.tenant_id, r.id, 'router', r.id::text, 'sessions', ${shapeArray(40, 60)}, ${flatArray(4)}, array_fill(12, array[168]), ${shapeArray(40, 60)}, ${flatArray(4)}, ${computedAt(1 / 288)}
    from routers r where r.tenant_id = ${tenantId}
    on conflict (router_id, object_kind, object_id, metric) do update set medians = excluded.medians, mads = excluded.mads, counts = excluded.counts, expected_medians = excluded.expected_medians, expected_mads = excluded.expected_mads, computed_at = excluded.computed_at`);
  await db.execute(sql`
    insert into analytics_anomaly_baselines (tenant_id, router_id, object_kind, object_id, metric, medians, mads, counts, expected_medians, expected_mads, computed_at)
    select s.tenant_id, s.router_id, 'subscription', s.id::text, 'disconnects', ${flatArray(0)}, ${flatArray(0)}, array_fill(4, array[168]), ${flatArray(0)}, ${flatArray(0)}, ${computedAt(1 / 24)}
    from subscriptions s where s.tenant_id = ${tenantId}
    on conflict (router_id, object_kind, object_id, metric) do update set medians = excluded.medians, mads = excluded.mads, counts = excluded.counts, expected_medians = excluded.expected_medians, expected_mads = excluded.expected_mads, computed_at = excluded.computed_at`);
  await db.execute(sql`analyze analytics_anomaly_baselines`);
  console.log(`(stored ${await baselines()} baselines as a day of runs leaves them, in ${seconds(performance.now() - started)})`);
  const hourly = await run("2. steady hourly run (every baseline stored, the day's share due again)", new Date(hourlyRun.getTime() + 1_000));
  const fiveMinute = await run("3. steady 5-minute run (links and routers only)", new Date(hourlyRun.getTime() + 5 * 60_000));

  console.log("\nThe heavy statements alone, per source:");
  for (const source of seriesSources) {
    const windowTo = new Date(Math.floor((hourlyRun.getTime() - 300_000) / source.stepMs) * source.stepMs);
    const windowFrom = new Date(windowTo.getTime() - source.lookbackSamples * source.stepMs);
    let t0 = performance.now();
    const points = await readSeriesPoints(db, source, tenantId, windowFrom, windowTo);
    const pointsMs = performance.now() - t0;
    const keys = [...new Map(points.map((p) => [`${p.routerId}|${p.objectId}`, { routerId: p.routerId, objectId: p.objectId }])).values()].slice(
      0,
      source.rebuildsPerRun,
    );
    t0 = performance.now();
    const slots = await readSlotStats(db, source, tenantId, keys, new Date(windowFrom.getTime() - BASELINE_WEEKS * 7 * DAY), windowFrom);
    const slotsMs = performance.now() - t0;
    console.log(
      `${source.objectKind}/${source.metric}: window points ${points.length.toLocaleString("en")} rows in ${seconds(pointsMs)}; slot statistics of ${keys.length.toLocaleString("en")} series (${slots.length.toLocaleString("en")} slots) in ${seconds(slotsMs)}`,
    );
  }
  // 2,000 subscribers' slot statistics, per series as now, and as they were read before (every row of the ISP in the
  // four weeks, filtered by key), for comparison.
  {
    const upload = seriesSources.find((candidate) => candidate.metric === "upload")!;
    const sample = rowsOf<{ router_id: string; id: string }>(
      await db.execute(sql`select router_id, id::text as id from subscriptions where tenant_id = ${tenantId} order by id desc limit 2000`),
    );
    const until = new Date(hourStart - 9 * HOUR);
    const t0 = performance.now();
    await readSlotStats(
      db,
      upload,
      tenantId,
      sample.map((row) => ({ routerId: row.router_id, objectId: row.id })),
      new Date(until.getTime() - BASELINE_WEEKS * 7 * DAY),
      until,
    );
    console.log(`subscription/upload, 2,000 series read per series (default work_mem): ${seconds(performance.now() - t0)}`);
  }
  {
    const source = seriesSources.find((candidate) => candidate.metric === "upload")!;
    const windowFrom = new Date(hourStart - 9 * HOUR);
    const sample = rowsOf<{ k: string }>(
      await db.execute(sql`select router_id::text || '|' || id::text as k from subscriptions where tenant_id = ${tenantId} order by id limit 2000`),
    ).map((row) => row.k);
    const t0 = performance.now();
    await db.execute(sql`
      select p.router_id, p.object_id, ((floor(extract(epoch from p.t) / 3600)::bigint + 72) % 168)::int as slot, percentile_cont(0.5) within group (order by p.v)
      from (${source.points(tenantId, new Date(windowFrom.getTime() - BASELINE_WEEKS * 7 * DAY), windowFrom)}) p
      where (p.router_id::text || '|' || p.object_id) = any(${`{${sample.join(",")}}`}::text[])
      group by 1, 2, 3`);
    console.log(
      `subscription/upload, the former form (all the ISP's rows filtered by key; medians only): 2,000 series in ${seconds(performance.now() - t0)}`,
    );
  }
  const worst = Math.max(cold, hourly, fiveMinute);
  console.log(`\nSlowest run ${seconds(worst)} — goal < ${GOAL_MS / 1000} s ${worst < GOAL_MS ? "met" : "NOT met"}. Load after: ${load()}`);
  ok = true;
} finally {
  await conn.close();
  await database.drop({ force: !ok });
}
