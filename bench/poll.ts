/*
 * Router polling benchmark: 1,000 simulated routers on 127.0.0.1, polled by the poll-routers job on Postgres.
 *
 *   npm run bench:poll
 *   # TEST_DATABASE_URL / DATABASE_URL   Postgres to use (default postgres://postgres@127.0.0.1:5432/test)
 *   # BENCH_ROUTERS=1000  BENCH_CYCLES=4  BENCH_INTERVAL_SECONDS=30  POLL_CONCURRENCY=32
 *
 * The simulators run in a child process (this file with --simulators), so the CPU figure below is the
 * poller's alone: RouterOS protocol, parsing, deltas and its Postgres client. Postgres's own CPU is not
 * counted. The bench creates a scratch database, 10 tenants × 100 routers, 6 PPPoE secrets / 4 live
 * sessions and a hotspot login per router with matching subscriptions, runs the cycles and drops it all.
 * Goal: every router polled within the 30 s interval at under 50 % of one core.
 */
import os from "node:os";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import pg from "pg";

const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 1000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 4);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_SECONDS ?? 30);
const TENANTS = 10;
const ROUTER_USER = "netsphere";
const ROUTER_PASSWORD = "bench-router-password";

/** Child: start the simulators, tick them once a second, report the ports, stay up until the parent says stop. */
async function runSimulators(count: number): Promise<void> {
  const { startSimulator } = await import("@/lib/routeros/simulator/server");
  const { seedDemoRouter } = await import("@/lib/routeros/simulator/demo-seed");
  const { tick } = await import("@/lib/routeros/simulator/clock");
  const running: Awaited<ReturnType<typeof startSimulator>>[] = [];
  for (let index = 0; index < count; index += 1) {
    const simulator = await startSimulator({ port: 0, username: ROUTER_USER, password: ROUTER_PASSWORD, maxSessions: 4 });
    seedDemoRouter(simulator.state, (index % (count / TENANTS)) + 1);
    running.push(simulator);
  }
  const ticker = setInterval(() => running.forEach((simulator) => tick(simulator.state, 1)), 1000);
  process.send!({ ports: running.map((simulator) => simulator.port) });
  process.on("message", async () => {
    clearInterval(ticker);
    await Promise.all(running.map((simulator) => simulator.stop()));
    process.exit(0);
  });
}

function databaseUrls() {
  const base = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  const name = `netsphere_bench_poll_${process.pid}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const scratch = new URL(base);
  scratch.pathname = `/${name}`;
  return { admin: admin.toString(), scratch: scratch.toString(), name };
}

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function startChild(): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = fork(fileURLToPath(import.meta.url), ["--simulators", String(ROUTERS)], { execArgv: process.execArgv, stdio: "inherit" });
  const [message] = (await once(child, "message")) as [{ ports: number[] }];
  return { child, ports: message.ports };
}

type Cycle = {
  pollMs: number;
  cpuPercentOfInterval: number;
  cpuPercentWhilePolling: number;
  online: number;
  offline: number;
  degraded: number;
  failed: number;
};

async function main(): Promise<void> {
  const { connectPostgres } = await import("@/lib/db/connect");
  const { prepareDatabase } = await import("@/lib/db/prepare");
  const { tenants } = await import("@/lib/tenants/schema");
  const { insertSimulatedRouters, insertSubscriptions } = await import("@/lib/monitoring/fixtures");
  const { pollRouters, POLL_CONCURRENCY } = await import("@/lib/monitoring/jobs");
  const { releaseRouter } = await import("@/lib/routers/access");

  const urls = databaseUrls();
  console.log(`Poll benchmark: ${ROUTERS} simulated routers, ${CYCLES} cycles of ${INTERVAL_S} s, concurrency ${POLL_CONCURRENCY}`);
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await adminQuery(urls.admin, `CREATE DATABASE ${urls.name}`);
  const connection = connectPostgres(urls.scratch, 20);
  let child: ChildProcess | undefined;
  const routerIds: string[] = [];
  try {
    await prepareDatabase(connection);
    const startedAt = performance.now();
    const simulators = await startChild();
    child = simulators.child;
    console.log(`Started ${simulators.ports.length} simulators in a child process in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);

    const perTenant = ROUTERS / TENANTS;
    for (let t = 0; t < TENANTS; t += 1) {
      const [tenant] = await connection.db
        .insert(tenants)
        .values({
          name: `Bench ISP ${t + 1}`,
          legalName: `Bench ISP ${t + 1} Inc.`,
          email: `owner${t}@bench.example`,
          saasPlanId: "executive-pro",
          onboardingStep: "done",
        })
        .returning();
      const ports = simulators.ports.slice(t * perTenant, (t + 1) * perTenant);
      const rows = await insertSimulatedRouters(
        connection.db,
        tenant.id,
        ports.map((port, index) => ({ name: `R${index + 1}`, port, username: ROUTER_USER, password: ROUTER_PASSWORD })),
      );
      routerIds.push(...rows.map((row) => row.id));
      const entries = rows.flatMap((row, index) => {
        const n = index + 1;
        return [...["0001", "0002", "0003", "0005"].map((account) => `ACC-${account}-R${n}`), `V${n}001`].map((username) => ({
          routerId: row.id,
          username,
        }));
      });
      await insertSubscriptions(connection.db, tenant.id, entries);
    }
    console.log(`Seeded ${TENANTS} tenants, ${routerIds.length} routers, ${routerIds.length * 5} subscriptions\n`);

    const cycles: Cycle[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const wallStart = performance.now();
      const cpuStart = process.cpuUsage();
      const summary = await pollRouters(connection.db);
      const pollMs = performance.now() - wallStart;
      const cpuPoll = process.cpuUsage(cpuStart);
      const waitMs = INTERVAL_S * 1000 - pollMs;
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      const cpuInterval = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - wallStart;
      const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
      cycles.push({
        pollMs,
        cpuPercentOfInterval: (cpuMs(cpuInterval) / wallMs) * 100,
        cpuPercentWhilePolling: (cpuMs(cpuPoll) / pollMs) * 100,
        online: summary.online,
        offline: summary.offline,
        degraded: summary.degraded,
        failed: summary.failed,
      });
      const c = cycles[cycle];
      console.log(
        `cycle ${cycle + 1}${cycle === 0 ? " (cold: logs in to every router)" : ""}: all ${summary.routers} polled in ${(c.pollMs / 1000).toFixed(2)} s ` +
          `(${c.pollMs <= INTERVAL_S * 1000 ? "within" : "OVER"} the ${INTERVAL_S} s interval); online ${c.online}, degraded ${c.degraded}, offline ${c.offline}, failed ${c.failed}; ` +
          `poller CPU ${c.cpuPercentOfInterval.toFixed(1)} % of one core over the interval (${c.cpuPercentWhilePolling.toFixed(0)} % while polling)`,
      );
    }
    const points = await connection.db.execute(
      sql`select count(*)::int as n, count(distinct subject) filter (where subject_type = 'subscription')::int as subscribers from traffic_points`,
    );
    const counts = (points as unknown as { rows: { n: number; subscribers: number }[] }).rows[0];
    const warm = cycles.slice(1);
    const worst = (key: keyof Cycle) => Math.max(...warm.map((c) => c[key]));
    console.log(`\ntraffic_points rows: ${counts.n} (${counts.subscribers} subscribers with traffic)`);
    console.log(
      `Warm cycles: slowest poll ${(worst("pollMs") / 1000).toFixed(2)} s, highest CPU ${worst("cpuPercentOfInterval").toFixed(1)} % of one core`,
    );
    const met = cycles.every((c) => c.pollMs <= INTERVAL_S * 1000 && c.online === ROUTERS) && worst("cpuPercentOfInterval") < 50;
    console.log(`Goal (all ${ROUTERS} routers within ${INTERVAL_S} s, < 50 % of one core): ${met ? "met" : "NOT met"}`);
    console.log(
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await Promise.all(routerIds.map((id) => releaseRouter(id)));
    if (child?.connected) {
      child.send("stop");
      await once(child, "exit");
    }
    await connection.close();
    await adminQuery(urls.admin, `DROP DATABASE IF EXISTS ${urls.name}`);
  }
}

if (process.argv.includes("--simulators")) {
  void runSimulators(Number(process.argv[process.argv.indexOf("--simulators") + 1]));
} else {
  main()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
