/*
 * Incident impact benchmark: a router serving 10,000 active subscriptions goes down; how long do the incident's
 * counts and its list of affected subscribers take?
 *
 *   npm run bench:impact        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_SUBSCRIBERS=10000  BENCH_RUNS=20  BENCH_KEEP_DB=1 keeps netsphere_bench_impact afterwards
 *
 * Creates the database netsphere_bench_impact (dropping any previous one), migrates it, seeds one ISP with a second
 * router of 1,000 subscriptions beside the one under test, gives 80 % of the tested router's subscribers a PPPoE
 * session counter from its last good poll, marks the router offline, then times `impactCounts`,
 * `subscribersBehind` and `incidentSubscribers` over BENCH_RUNS runs each (after one warm-up).
 * Goal: every p95 under 200 ms.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { impactCounts, subscribersBehind } from "@/lib/monitoring/impact";
import { incidentSubscribers } from "@/lib/alerts/incidents";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NEIGHBOURS = 1_000;
const GOAL_MS = 200;
const CHUNK = 2_500;
const database = benchDatabase("netsphere_bench_impact");

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

async function timed(name: string, run: () => Promise<unknown>): Promise<{ name: string; p50: number; p95: number; result: unknown }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { name, p50: at(0.5), p95: at(0.95), result };
}

await database.fresh();
const conn = connectPostgres(database.url, 4);
let ok = false;
try {
  console.log(`Impact benchmark: ${SUBSCRIBERS} subscribers behind one router, ${RUNS} runs each`);
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${load()}`);
  await prepareDatabase(conn);
  const db = conn.db;
  const [tenant] = await db
    .insert(tenants)
    .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "executive-pro", onboardingStep: "done" })
    .returning();
  const [router, neighbour] = await insertSimulatedRouters(db, tenant.id, [
    { name: "Tower-1", port: 8728, username: "bench", password: "bench-pass" },
    { name: "Tower-2", port: 8729, username: "bench", password: "bench-pass" },
  ]);
  const seedStarted = performance.now();
  const usernames = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(5, "0")}`);
  const entries = [
    ...usernames("sub", SUBSCRIBERS).map((username) => ({ routerId: router.id, username })),
    ...usernames("nbr", NEIGHBOURS).map((username) => ({ routerId: neighbour.id, username })),
  ];
  for (let i = 0; i < entries.length; i += CHUNK) await insertSubscriptions(db, tenant.id, entries.slice(i, i + CHUNK));
  // The last good poll, a minute ago, saw sessions for four in five subscribers of each router; then Tower-1 went down.
  const lastSeen = new Date(Date.now() - 60_000).toISOString();
  await db.execute(sql`update routers set status = 'online', last_seen_at = ${lastSeen}::timestamptz, last_polled_at = ${lastSeen}::timestamptz`);
  await db.execute(sql`
    insert into traffic_counters (router_id, subject_type, subject, rx_counter, tx_counter, read_at)
    select s.router_id, 'interface', '<pppoe-' || s.username || '>', 1000, 2000, ${lastSeen}::timestamptz
    from subscriptions s where right(s.username, 1) not in ('0', '5')`);
  await db.execute(sql`update routers set status = 'offline', last_error = 'The router did not answer in time.' where id = ${router.id}`);
  await db.execute(sql`analyze`);
  console.log(`Seeded ${entries.length} subscriptions on 2 routers in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`);

  const scope = { tenantId: tenant.id, routerIds: [router.id] };
  const incident = { tenantId: tenant.id, routerId: router.id, siteId: null, objectType: "router" as const, objectKey: "router" };
  const results = [
    await timed("impactCounts (counts for the incident list and dashboard)", () => impactCounts(db, scope)),
    await timed("subscribersBehind (every affected subscriber)", () => subscribersBehind(db, scope)),
    await timed("subscribersBehind, first 50 (the incident page)", () => subscribersBehind(db, { ...scope, limit: 50 })),
    await timed("incidentSubscribers (the outage notice's recipients)", () => incidentSubscribers(db, incident)),
  ];
  const counts = results[0].result as Awaited<ReturnType<typeof impactCounts>>;
  const list = results[1].result as unknown[];
  console.log(`Counts: ${counts.subscribers} subscribers, ${counts.onlineAtLastPoll} online at the last poll, ${counts.onlineNow} online now; list ${list.length} rows\n`);
  for (const r of results) console.log(`${r.name.padEnd(60)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms`);
  ok = counts.subscribers === SUBSCRIBERS && list.length === SUBSCRIBERS && results.every((r) => r.p95 < GOAL_MS);
  console.log(`\nGoal (${SUBSCRIBERS} subscribers' impact in < ${GOAL_MS} ms, p95): ${ok ? "met" : "NOT met"}`);
  console.log(`Load average at the end: ${load()}`);
} finally {
  await conn.close();
  await database.drop();
}
process.exit(ok ? 0 : 1);
