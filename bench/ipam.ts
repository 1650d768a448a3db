/*
 * IP address management benchmark: the conflict check over 100,000 assignments and 100,000 sessions the routers
 * report as open, as the IP addresses page runs it.
 *
 *   npm run bench:ipam        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   # BENCH_SUBSCRIBERS=100000  BENCH_RUNS=10  BENCH_KEEP_DB=1 keeps netsphere_bench_ipam afterwards
 *
 * Creates the database netsphere_bench_ipam (dropping any previous one), migrates it, seeds one ISP with one router,
 * BENCH_SUBSCRIBERS subscriptions each with a static address from a CGNAT pool (and its assignment), and as many
 * open address sessions: every subscriber on their own address, except 1 in 1,000 on someone else's and 1 in 1,000
 * outside every pool. Times `addressConflicts` over BENCH_RUNS runs (after one warm-up). Goal: p95 under 2 s.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { benchDatabase } from "./support/database";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { addressConflicts } from "@/lib/ipam/queries";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const GOAL_MS = 2_000;
const CHUNK = 5_000;
const database = benchDatabase("netsphere_bench_ipam");

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

await database.fresh();
const conn = connectPostgres(database.url, 4);
let ok = false;
try {
  console.log(`IPAM benchmark: conflict check over ${SUBSCRIBERS} assignments and ${SUBSCRIBERS} open sessions, ${RUNS} runs`);
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${load()}`);
  await prepareDatabase(conn);
  const db = conn.db;
  const [tenant] = await db
    .insert(tenants)
    .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "executive-pro", onboardingStep: "done" })
    .returning();
  const [router] = await insertSimulatedRouters(db, tenant.id, [{ name: "Core", port: 8728, username: "bench", password: "bench-pass" }]);
  const seedStarted = performance.now();
  const entries = Array.from({ length: SUBSCRIBERS }, (_, i) => ({ routerId: router.id, username: `sub-${String(i + 1).padStart(6, "0")}` }));
  for (let i = 0; i < entries.length; i += CHUNK) await insertSubscriptions(db, tenant.id, entries.slice(i, i + CHUNK));
  // Subscriber n holds 100.64.x.y (n + 10 within 100.64.0.0/10); the pool spans them all.
  const addressOf = sql`'100.' || (64 + (n + 10) / 65536) || '.' || (((n + 10) / 256) % 256) || '.' || ((n + 10) % 256)`;
  await db.execute(sql`
    with numbered as (select id, tenant_id, (row_number() over (order by username))::int as n from subscriptions where tenant_id = ${tenant.id})
    update subscriptions s set static_ip = ${addressOf} from numbered where numbered.id = s.id`);
  await db.execute(sql`insert into ip_prefixes (tenant_id, prefix, version, status) values (${tenant.id}, '100.64.0.0/10', 4, 'active')`);
  await db.execute(sql`
    insert into ip_pools (tenant_id, prefix_id, name, range)
    select ${tenant.id}, id, 'static-pool', '100.64.0.10-100.127.255.254' from ip_prefixes where tenant_id = ${tenant.id}`);
  await db.execute(sql`
    insert into ip_assignments (tenant_id, address, version, pool_id, subscription_id, status, assigned_at)
    select s.tenant_id, s.static_ip, 4, (select id from ip_pools where tenant_id = ${tenant.id}), s.id, 'assigned', now()
    from subscriptions s where s.tenant_id = ${tenant.id}`);
  // What the router reports: each on their own address, but every 1,000th on the next subscriber's, and every
  // 1,000th (offset) outside every pool.
  await db.execute(sql`
    with numbered as (select username, static_ip, (row_number() over (order by username))::int as n from subscriptions where tenant_id = ${tenant.id})
    insert into address_sessions (tenant_id, router_id, username, address, caller_id, started_at)
    select ${tenant.id}, ${router.id}, username,
      case when n % 1000 = 0 then (select s2.static_ip from numbered s2 where s2.n = numbered.n + 1)
           when n % 1000 = 500 then '10.9.' || ((n / 256) % 256) || '.' || (n % 256)
           else static_ip end,
      '', now()
    from numbered where n % 1000 <> 0 or n < ${SUBSCRIBERS}`);
  await db.execute(sql`analyze`);
  console.log(`Seeded ${SUBSCRIBERS} subscriptions, assignments and sessions in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s\n`);

  let conflicts = await addressConflicts(db, { tenantId: tenant.id });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    conflicts = await addressConflicts(db, { tenantId: tenant.id });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  const byKind = conflicts.reduce<Record<string, number>>((counts, c) => ({ ...counts, [c.kind]: (counts[c.kind] ?? 0) + 1 }), {});
  console.log(`Conflicts found: ${JSON.stringify(byKind)}`);
  console.log(`addressConflicts  p50 ${at(0.5).toFixed(0)} ms   p95 ${at(0.95).toFixed(0)} ms`);
  ok = at(0.95) < GOAL_MS && (byKind.taken ?? 0) > 0 && (byKind.unpooled ?? 0) > 0;
  console.log(`\nGoal (conflict check over ${SUBSCRIBERS} assignments and sessions in < ${GOAL_MS} ms, p95): ${ok ? "met" : "NOT met"}`);
  console.log(`Load average at the end: ${load()}`);
} finally {
  await conn.close();
  await database.drop();
}
process.exit(ok ? 0 : 1);
