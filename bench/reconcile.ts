/*
 * Reconcile benchmark: one router holding 10,000 PPPoE secrets, against the simulator in a child process.
 *
 *   npm run bench:reconcile        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_LATENCY_MS=50 npm run bench:reconcile      (each reply 50 ms late, as over a real link)
 *
 * Creates the database netsphere_bench_reconcile (dropping any previous one), seeds one tenant with a plan,
 * a router and BENCH_SECRETS (10,000) subscribers, then times three reconciles of the whole router:
 * from scratch (every secret added), with 5 % drift made behind our back (changed profiles and passwords,
 * deleted secrets, stray managed entries), and converged (nothing to do). It also times a sample of the
 * one-login-per-change pattern (connect, log in, add, close) for comparison. Goal: ≤ 5 s per reconcile; with
 * BENCH_LATENCY_MS=50, ≤ 15 s from scratch and ≤ 3 s for the drift. Each run prints how well the link was
 * pipelined: replies per second, commands in flight and round-trip times.
 */
import os from "node:os";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { benchDatabase } from "./support/database";
import { insertBenchRouter, startRouterProcess } from "./support/router-process";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { servicePlans } from "@/lib/plans/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { encryptSecret } from "@/lib/core/crypto";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { marker, markerOwner } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import { RouterOsClient } from "@/lib/routeros/client";
import { releaseRouter, ROUTER_TIMEOUT_MS } from "@/lib/routers/access";
import { meteredApi } from "./support/metered-api";

const SECRETS = Number(process.env.BENCH_SECRETS ?? 10_000);
const DRIFT = 0.05;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
const GOALS_MS = LATENCY_MS > 0 ? { scratch: 15_000, drift: 3000, converged: 3000 } : { scratch: 5000, drift: 5000, converged: 5000 };
const DB_NAME = "netsphere_bench_reconcile";
const database = benchDatabase(DB_NAME);


const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  await database.fresh();
  const conn = connectPostgres(database.url);
  const sim = await startRouterProcess();
  try {
    await prepareDatabase(conn);
    const db = conn.db;
    const [tenant] = await db
      .insert(tenants)
      .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "bench@example.test", saasPlanId: "executive-pro" })
      .returning();
    const [plan] = await db
      .insert(servicePlans)
      .values({ tenantId: tenant.id, name: "Fiber 50", type: "pppoe", downloadKbps: 50_000, uploadKbps: 25_000, priceCentavos: 149_900 })
      .returning();
    const router = await insertBenchRouter(db, { tenantId: tenant.id, port: sim.port });
    const seedStarted = performance.now();
    for (let start = 0; start < SECRETS; start += 1000) {
      const n = Math.min(1000, SECRETS - start);
      const made = await db
        .insert(customers)
        .values(
          Array.from({ length: n }, (_, i) => ({
            tenantId: tenant.id,
            accountNumber: `ACC-${String(start + i + 1).padStart(6, "0")}`,
            name: `Subscriber ${start + i + 1}`,
          })),
        )
        .returning({ id: customers.id, accountNumber: customers.accountNumber });
      await db.insert(subscriptions).values(
        made.map((c) => ({
          tenantId: tenant.id,
          customerId: c.id,
          planId: plan.id,
          routerId: router.id,
          username: c.accountNumber.toLowerCase(),
          passwordEncrypted: encryptSecret(`pw-${c.accountNumber}`),
          startDate: "2026-11-01",
        })),
      );
    }
    console.log(`seeded ${SECRETS.toLocaleString()} subscribers in ${seconds(performance.now() - seedStarted)}`);

    const ids = { tenantId: tenant.id, routerId: router.id };
    // The reconciler's own connection, with the pool's per-command deadline, metered.
    const link = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "bench", password: "bench-pass", timeoutMs: ROUTER_TIMEOUT_MS });
    await link.connect();
    const meter = meteredApi(link);
    const measure = async (label: string) => {
      meter.reset();
      const started = performance.now();
      const run = await reconcileRouter(db, { ...ids, trigger: "manual", api: meter.api });
      const ms = performance.now() - started;
      const s = run.summary!;
      console.log(
        `${label.padEnd(22)} ${seconds(ms).padStart(8)}  status ${run.status}  add ${s.add} set ${s.set} remove ${s.remove} kick ${s.kick} unchanged ${s.unchanged} failed ${s.failed}  round trips ${run.roundTrips}  logins 1`,
      );
      console.log(`${"".padEnd(22)} ${meter.report(ms)}`);
      return { ms, run };
    };
    const scratch = await measure("from scratch");

    // 5 % drift made on the router behind NetSphere's back.
    const api = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "bench", password: "bench-pass", timeoutMs: 30_000 });
    await api.connect();
    const rows = (await api.write("/ppp/secret/print", { ".proplist": ".id,name" })).rows;
    const driftCount = Math.round(SECRETS * DRIFT);
    const third = Math.floor(driftCount / 3);
    await Promise.all(rows.slice(0, third).map((r) => api.write("/ppp/secret/set", { ".id": r[".id"], profile: "default" })));
    await Promise.all(rows.slice(third, 2 * third).map((r) => api.write("/ppp/secret/set", { ".id": r[".id"], password: "changed-by-hand" })));
    await Promise.all(rows.slice(2 * third, driftCount - 50).map((r) => api.write("/ppp/secret/remove", { ".id": r[".id"] })));
    // Strays carry this router's marker, so the reconciler removes them as its own leftovers.
    const owner = markerOwner(await installationId(db), ids.routerId);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.write("/ppp/secret/add", { name: `stray-${i}`, password: "x", comment: marker(owner, "sub", randomUUID()) }),
      ),
    );
    const drift = await measure("with 5% drift");
    const converged = await measure("converged");

    // The pattern we avoid: a fresh connection and login per change (timed on a sample, then scaled).
    const sample = LATENCY_MS > 0 ? 50 : 200;
    const naiveStarted = performance.now();
    for (let i = 0; i < sample; i++) {
      const one = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "bench", password: "bench-pass", timeoutMs: 10_000 });
      await one.connect();
      await one.write("/ppp/secret/add", { name: `naive-${i}`, password: "x", profile: "default" });
      await one.close();
    }
    const naivePerChange = (performance.now() - naiveStarted) / sample;
    await api.close();
    await link.close();
    console.log(
      `one login per change   ${seconds(naivePerChange * SECRETS).padStart(8)}  (estimated from ${sample} changes: ${naivePerChange.toFixed(2)} ms each; ${SECRETS.toLocaleString()} logins, ≥ ${(2 * SECRETS).toLocaleString()} round trips)`,
    );
    const met = scratch.ms <= GOALS_MS.scratch && drift.ms <= GOALS_MS.drift && converged.ms <= GOALS_MS.converged;
    console.log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}; latency ${LATENCY_MS} ms per reply; goal from scratch ≤ ${seconds(GOALS_MS.scratch)}, drift ≤ ${seconds(GOALS_MS.drift)}, converged ≤ ${seconds(GOALS_MS.converged)}: ${met ? "met" : "NOT met"}`,
    );
    await releaseRouter(router.id);
  } finally {
    sim.stop();
    await conn.close();
    await database.drop({ force: true });
  }
}

await main();
