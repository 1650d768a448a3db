/*
 * Router polling benchmark: simulated routers on 127.0.0.1, polled by the poll-routers job on Postgres.
 *
 *   npm run bench:poll
 *   # TEST_DATABASE_URL / DATABASE_URL   Postgres to use (default postgres://postgres@127.0.0.1:5432/test)
 *   # BENCH_ROUTERS=1000  BENCH_CYCLES=4  BENCH_INTERVAL_SECONDS=30  POLL_CONCURRENCY=32
 *   # BENCH_LATENCY_MS=0      every command's reply that much late, as over a WAN link (the simulator's commandDelayMs)
 *   # BENCH_PROCESSES=ceil(routers / 1250)   child processes holding the simulators (each holds 2 sockets per router)
 *   # BENCH_ALERTS=on|off|both   topology and alert evaluation after each poll; both = the cycles off, then on, and the difference
 *   # BENCH_DB_POOL=20        Postgres connections of the poller
 *   # BENCH_PROFILE=poll.cpuprofile   writes a CPU profile of the poller's last cycle (open it in Chrome DevTools)
 *
 * The simulators run in child processes (this file with --simulators), so the CPU figure below is the
 * poller's alone: RouterOS protocol, parsing, deltas, topology, alerts and its Postgres client. Postgres's own
 * CPU is not counted. The bench creates a scratch database, 10 tenants (or routers/250) sharing the routers, 6 PPPoE
 * secrets / 4 live sessions and a hotspot login per router with matching subscriptions, runs the cycles and drops it all.
 * Goal: every router polled within the 30 s interval at under 50 % of one core; alert evaluation adding < 10 %.
 */
import os from "node:os";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import pg from "pg";

const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 1000);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 4);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_SECONDS ?? 30);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
const PROCESSES = Math.max(1, Math.min(ROUTERS, Number(process.env.BENCH_PROCESSES ?? Math.ceil(ROUTERS / 1250))));
const ALERTS = (process.env.BENCH_ALERTS ?? "on") as "on" | "off" | "both";
const DB_POOL = Number(process.env.BENCH_DB_POOL ?? 20);
/** The demo seed numbers a router's pools 10.<n>.x.x and names its subscribers by n, so one tenant holds at most 250. */
const TENANTS = Math.max(10, Math.ceil(ROUTERS / 250));
const PER_TENANT = Math.ceil(ROUTERS / TENANTS);
const PROFILE = process.env.BENCH_PROFILE;
const ROUTER_USER = "netsphere";
const ROUTER_PASSWORD = "bench-router-password";

/**
 * Child: start simulators `first`..`first + count - 1`, tick them every 5 s, report the ports, stay up until the
 * parent says stop. Each reply waits BENCH_LATENCY_MS before it runs (a link's round trip; logins are not delayed).
 */
async function runSimulators(first: number, count: number, perTenant: number): Promise<void> {
  const { startSimulator } = await import("@/lib/routeros/simulator/server");
  const { seedDemoRouter } = await import("@/lib/routeros/simulator/demo-seed");
  const { tick } = await import("@/lib/routeros/simulator/clock");
  const running: Awaited<ReturnType<typeof startSimulator>>[] = [];
  for (let index = first; index < first + count; index += 1) {
    const simulator = await startSimulator({
      port: 0,
      host: "127.0.0.1",
      username: ROUTER_USER,
      password: ROUTER_PASSWORD,
      maxSessions: 4,
      // Serials count per process: number them by router so two children never share a device.
      router: { serialNumber: `HB${index.toString(16).toUpperCase().padStart(8, "0")}` },
      faults: { commandDelayMs: LATENCY_MS },
    });
    seedDemoRouter(simulator.state, (index % perTenant) + 1);
    running.push(simulator);
  }
  // Counters move every 5 s by 5 s of traffic: a 30 s poll sees the same bytes as with 1 s steps, at a fifth of the cost.
  const ticker = setInterval(() => running.forEach((simulator) => tick(simulator.state, 5)), 5000);
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

/** The simulators, spread evenly over PROCESSES children: ports in router order. */
async function startChildren(): Promise<{ children: ChildProcess[]; ports: number[] }> {
  const shares = Array.from({ length: PROCESSES }, (_, p) => {
    const first = Math.floor((p * ROUTERS) / PROCESSES);
    return { first, count: Math.floor(((p + 1) * ROUTERS) / PROCESSES) - first };
  });
  const started = await Promise.all(
    shares.map(async ({ first, count }) => {
      const child = fork(fileURLToPath(import.meta.url), ["--simulators", String(first), String(count), String(PER_TENANT)], { execArgv: process.execArgv, stdio: "inherit" });
      const [message] = (await once(child, "message")) as [{ ports: number[] }];
      return { child, ports: message.ports };
    }),
  );
  return { children: started.map((s) => s.child), ports: started.flatMap((s) => s.ports) };
}

/** CPU seconds each of these processes used so far (Linux /proc; none elsewhere), for the simulators' and Postgres's share. */
async function cpuSecondsOf(pids: number[]): Promise<Map<number, number>> {
  const { readFile } = await import("node:fs/promises");
  const entries = await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th (clock ticks of 10 ms).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return [pid, (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100] as const;
    }),
  );
  return new Map(entries);
}

/** CPU seconds used between two readings; a process born in between counts from zero. */
const cpuSecondsBetween = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);

/** The poller's own CPU profile, taken through the inspector so the simulators' processes stay out of it. */
async function startProfile() {
  const { Session } = await import("node:inspector/promises");
  const { writeFile } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop(file: string) {
      const { profile } = await session.post("Profiler.stop");
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of this cycle written to ${file}`);
    },
  };
}

type Cycle = {
  afterPoll: boolean;
  simulatorCpuPercent: number;
  postgresCpuPercent: number;
  pollMs: number;
  loopDelayP99Ms: number;
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
  const { listAlertRules } = await import("@/lib/alerts/rules-service");
  const { releaseRouter } = await import("@/lib/routers/access");

  const urls = databaseUrls();
  console.log(
    `Poll benchmark: ${ROUTERS} simulated routers in ${PROCESSES} child process(es), ${LATENCY_MS} ms reply latency, ` +
      `${CYCLES} cycles of ${INTERVAL_S} s, concurrency ${POLL_CONCURRENCY}, ${DB_POOL} Postgres connections, alert evaluation ${ALERTS}`,
  );
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await adminQuery(urls.admin, `CREATE DATABASE ${urls.name}`);
  const connection = connectPostgres(urls.scratch, DB_POOL);
  let children: ChildProcess[] = [];
  const routerIds: string[] = [];
  try {
    await prepareDatabase(connection);
    const startedAt = performance.now();
    const simulators = await startChildren();
    children = simulators.children;
    console.log(
      `Started ${simulators.ports.length} simulators in ${children.length} child process(es) in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
    );

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
      const ports = simulators.ports.slice(t * PER_TENANT, (t + 1) * PER_TENANT);
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
      // The default alert rules, as an ISP has them from its first visit to the alert settings.
      await listAlertRules(connection.db, { tenantId: tenant.id });
    }
    console.log(`Seeded ${TENANTS} tenants, ${routerIds.length} routers, ${routerIds.length * 5} subscriptions\n`);

    const phases = ALERTS === "both" ? [false, true] : [ALERTS === "on"];
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cycles: Cycle[] = [];
    const childPids = children.map((child) => child.pid!);
    const backendPids = async () => {
      const result = await connection.db.execute(sql`select pid from pg_stat_activity where datname = current_database()`);
      return (result as unknown as { rows: { pid: number }[] }).rows.map((row) => row.pid);
    };
    for (const afterPoll of phases) {
      for (let cycle = 0; cycle < CYCLES; cycle += 1) {
        const wallStart = performance.now();
        const cpuStart = process.cpuUsage();
        const [simulatorStart, postgresStart] = await Promise.all([cpuSecondsOf(childPids), backendPids().then(cpuSecondsOf)]);
        loopDelay.reset();
        const profiling = PROFILE && afterPoll === phases.at(-1) && cycle === CYCLES - 1 ? await startProfile() : null;
        const summary = await pollRouters(connection.db, { afterPoll });
        if (profiling) await profiling.stop(PROFILE!);
        const pollMs = performance.now() - wallStart;
        const cpuPoll = process.cpuUsage(cpuStart);
        // Read before the idle wait: the pool closes idle connections, and their backends' figures go with them.
        const postgresEnd = await backendPids().then(cpuSecondsOf);
        const loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
        const waitMs = INTERVAL_S * 1000 - pollMs;
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
        const cpuInterval = process.cpuUsage(cpuStart);
        const simulatorEnd = await cpuSecondsOf(childPids);
        const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
        const c: Cycle = {
          afterPoll,
          simulatorCpuPercent: (cpuSecondsBetween(simulatorStart, simulatorEnd) * 100_000) / (INTERVAL_S * 1000),
          postgresCpuPercent: (cpuSecondsBetween(postgresStart, postgresEnd) * 100_000) / (INTERVAL_S * 1000),
          pollMs,
          loopDelayP99Ms,
          // Per cycle of the interval, what a deployment pays every 30 s (a cycle that overran still counts against 30 s).
          cpuPercentOfInterval: (cpuMs(cpuInterval) / (INTERVAL_S * 1000)) * 100,
          cpuPercentWhilePolling: (cpuMs(cpuPoll) / pollMs) * 100,
          online: summary.online,
          offline: summary.offline,
          degraded: summary.degraded,
          failed: summary.failed,
        };
        cycles.push(c);
        const cold = cycles.length === 1 ? " (cold: logs in to every router)" : cycle === 0 && afterPoll ? " (first with topology: writes every router's ports)" : "";
        console.log(
          `alerts ${afterPoll ? "on " : "off"} cycle ${cycle + 1}${cold}: all ${summary.routers} polled in ${(c.pollMs / 1000).toFixed(2)} s ` +
            `(${c.pollMs <= INTERVAL_S * 1000 ? "within" : "OVER"} the ${INTERVAL_S} s interval); online ${c.online}, degraded ${c.degraded}, offline ${c.offline}, failed ${c.failed}; ` +
            `poller CPU ${c.cpuPercentOfInterval.toFixed(1)} % of one core over the interval (${c.cpuPercentWhilePolling.toFixed(0)} % while polling); ` +
            `event-loop delay p99 ${c.loopDelayP99Ms.toFixed(0)} ms; over the interval the simulators used ${c.simulatorCpuPercent.toFixed(0)} % ` +
            `and our Postgres backends ${c.postgresCpuPercent.toFixed(0)} % of one core; poller heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`,
        );
      }
    }
    loopDelay.disable();
    const points = await connection.db.execute(
      sql`select count(*)::int as n, count(distinct subject) filter (where subject_type = 'subscription')::int as subscribers from traffic_points`,
    );
    const counts = (points as unknown as { rows: { n: number; subscribers: number }[] }).rows[0];
    // Warm cycles: not the first of a phase (logins, or topology written for the first time).
    const warm = cycles.filter((c, index) => index > 0 && c.afterPoll === cycles[index - 1].afterPoll);
    const worst = (key: "pollMs" | "cpuPercentOfInterval") => Math.max(...warm.map((c) => c[key]));
    const mean = (list: Cycle[]) => list.reduce((sum, c) => sum + c.cpuPercentOfInterval, 0) / list.length;
    console.log(`\ntraffic_points rows: ${counts.n} (${counts.subscribers} subscribers with traffic)`);
    console.log(
      `Warm cycles: slowest poll ${(worst("pollMs") / 1000).toFixed(2)} s, highest CPU ${worst("cpuPercentOfInterval").toFixed(1)} % of one core`,
    );
    const met = cycles.every((c) => c.pollMs <= INTERVAL_S * 1000 && c.online === ROUTERS) && worst("cpuPercentOfInterval") < 50;
    console.log(`Goal (all ${ROUTERS} routers within ${INTERVAL_S} s, < 50 % of one core): ${met ? "met" : "NOT met"}`);
    if (ALERTS === "both") {
      const off = mean(warm.filter((c) => !c.afterPoll));
      const on = mean(warm.filter((c) => c.afterPoll));
      const added = ((on - off) / off) * 100;
      const perRouterMs = (percent: number) => ((percent / 100) * INTERVAL_S * 1000) / ROUTERS;
      console.log(
        `Topology and alert evaluation: warm CPU ${off.toFixed(1)} % off → ${on.toFixed(1)} % on of one core ` +
          `(${perRouterMs(off).toFixed(2)} → ${perRouterMs(on).toFixed(2)} ms per router), ` +
          `+${added.toFixed(1)} % of the poller's CPU (goal < 10 %: ${added < 10 ? "met" : "NOT met"})`,
      );
    }
    console.log(
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    await Promise.all(routerIds.map((id) => releaseRouter(id)));
    await Promise.all(
      children
        .filter((child) => child.connected)
        .map(async (child) => {
          child.send("stop");
          await once(child, "exit");
        }),
    );
    await connection.close();
    await adminQuery(urls.admin, `DROP DATABASE IF EXISTS ${urls.name}`);
  }
}

if (process.argv.includes("--simulators")) {
  const at = process.argv.indexOf("--simulators");
  void runSimulators(Number(process.argv[at + 1]), Number(process.argv[at + 2]), Number(process.argv[at + 3]));
} else {
  main()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
