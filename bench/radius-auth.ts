/*
 * RADIUS benchmark: NetSphere's RADIUS rows for 100,000 subscribers, then FreeRADIUS authenticating from them.
 *
 *   npm run bench:radius      (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; Debian's
 *                              freeradius, freeradius-postgresql and freeradius-utils installed)
 *
 * Creates the database netsphere_bench_radius (dropping any previous one): one ISP with two plans and BENCH_ROUTERS
 * (10) routers in RADIUS mode, BENCH_SUBSCRIBERS (100,000) subscriptions spread over them (1 in 20 suspended), and
 * times syncRadiusRouter for every router, from scratch and converged (goal: < 10 s from scratch). Then starts
 * FreeRADIUS on free loopback ports and drives BENCH_REQUESTS (20,000) PAP Access-Requests (with Message-Authenticator,
 * distinct subscribers) through `radclient -p BENCH_PARALLEL` (64), printing requests/s (goal ≥ 1,000/s on 2 cores),
 * and measures latency with BENCH_LATENCY_REQUESTS (5,000) requests from 32 clients side by side (p50, p95). Accounting:
 * BENCH_ACCT_SESSIONS (20,000) Starts, then an Interim-Update for each, through `radclient acct`, as interims/s against
 * the 333/s that 100,000 sessions updating every 5 minutes need.
 */
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { benchDatabase } from "./support/database";
import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { encryptSecret } from "@/lib/core/crypto";
import { radiusNas } from "@/lib/radius/schema";
import { encryptForRadius, radiusKey } from "@/lib/radius/crypto";
import { syncRadiusRouter } from "@/lib/radius/sync";
import { markerOwner, type DesiredInput, type DesiredSubscription } from "@/lib/provisioning/desired";
import { setUpRadiusDatabase, startFreeradius } from "@/tests/support/freeradius";
import { radiusRequest } from "@/tests/support/radius-client";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 64);
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 5000);
const ACCT_SESSIONS = Number(process.env.BENCH_ACCT_SESSIONS ?? 20_000);
const SECRET = "bench-radius-secret";
const database = benchDatabase("netsphere_bench_radius");
process.env.ENCRYPTION_SECRET ||= "bench-encryption-secret-0123456789abcdef";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const username = (i: number) => `sub${String(i).padStart(6, "0")}`;
const password = (i: number) => `pw-${i}-${(i * 7919) % 10007}`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * CPU seconds used so far by FreeRADIUS and by the Postgres backends it is connected with (from /proc): on a machine
 * shared with other work, CPU per request says more than wall time does.
 */
function cpuSeconds(freeradiusPid: number): { freeradius: number; postgres: number } {
  const ticks = (pid: string | number) => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  let postgres = 0;
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(": netsphere_radius netsphere_bench_radius ")) postgres += ticks(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return { freeradius: ticks(freeradiusPid), postgres };
}

/** radclient over a file of requests; its summary line says how many were accepted, rejected and lost. */
function runRadclient(file: string, port: number, kind: "auth" | "acct" = "auth"): Promise<{ ms: number; summary: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("radclient", ["-f", file, "-p", String(PARALLEL), "-r", "1", "-t", "5", "-q", "-s", `127.0.0.1:${port}`, kind, SECRET]);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", () => resolve({ ms: performance.now() - started, summary: output.trim() }));
  });
}

async function main() {
  await database.fresh();
  const conn = connectPostgres(database.url, 4);
  let server: Awaited<ReturnType<typeof startFreeradius>> | undefined;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-bench-radius-"));
  try {
    await prepareDatabase(conn);
    const db = conn.db;
    const [tenant] = await db
      .insert(tenants)
      .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "bench@example.test", saasPlanId: "executive-pro" })
      .returning();
    const plans = await db
      .insert(servicePlans)
      .values([
        {
          tenantId: tenant.id,
          name: "Fiber 50",
          type: "pppoe",
          downloadKbps: 50_000,
          uploadKbps: 25_000,
          priceCentavos: 149_900,
          addressPool: "pool-fiber",
        },
        {
          tenantId: tenant.id,
          name: "Fiber 100",
          type: "pppoe",
          downloadKbps: 100_000,
          uploadKbps: 50_000,
          priceCentavos: 199_900,
          addressPool: "pool-fiber",
        },
      ])
      .returning();
    const inputs: { routerId: string; input: DesiredInput }[] = [];
    for (let r = 0; r < ROUTERS; r++) {
      const [router] = await db
        .insert(routers)
        .values({
          tenantId: tenant.id,
          name: `Bench-${r}`,
          host: `192.0.2.${r + 1}`,
          apiPort: 8728,
          username: "bench",
          passwordEncrypted: encryptSecret("bench"),
        })
        .returning();
      // Only the first router's NAS is where the requests come from (127.0.0.1); the others' rows are part of the load.
      await db.insert(radiusNas).values({
        tenantId: tenant.id,
        routerId: router.id,
        nasname: r === 0 ? "127.0.0.1" : `192.0.2.${r}`,
        shortname: `bench-${r}`,
        secret: encryptForRadius(SECRET, radiusKey()),
      });
      const subscriptions: DesiredSubscription[] = [];
      for (let i = r; i < SUBSCRIBERS; i += ROUTERS)
        subscriptions.push({
          id: randomUUID(),
          username: username(i),
          password: password(i),
          planId: plans[i % 2].id,
          status: i % 20 === 19 ? "suspended" : "active",
          staticIp: null,
          macAddress: null,
        });
      inputs.push({
        routerId: router.id,
        input: {
          owner: markerOwner("bench", router.id),
          knownIds: { subscriptions: subscriptions.map((s) => s.id), vouchers: [] },
          plans,
          subscriptions,
          vouchers: [],
          queueNodes: [],
          pools: [],
          isolation: { mode: "address_list", profile: "isolated", addressList: "ns-isolated", rateLimit: "512k/512k" },
        },
      });
    }

    const syncAll = async () => {
      const started = performance.now();
      let changed = 0;
      for (const { input } of inputs) changed += (await syncRadiusRouter(db, { tenantId: tenant.id, input, radiusMode: true })).users.length;
      return { ms: performance.now() - started, changed };
    };
    const scratch = await syncAll();
    console.log(
      `rows for ${SUBSCRIBERS.toLocaleString("en")} subscribers on ${ROUTERS} routers, from scratch: ${seconds(scratch.ms)} (${scratch.changed} users written; goal < 10 s)`,
    );
    const converged = await syncAll();
    console.log(`again, nothing changed: ${seconds(converged.ms)} (${converged.changed} users written)`);

    const dbPassword = `bench-${randomUUID()}`;
    await setUpRadiusDatabase(database.url, dbPassword);
    server = await startFreeradius({ databaseUrl: database.url, radiusKey: radiusKey(), password: dbPassword, maxConnections: 16 });

    // Users of the first router (the NAS at 127.0.0.1), each once, in a random order.
    const users = Array.from({ length: Math.ceil(SUBSCRIBERS / ROUTERS) }, (_, k) => k * ROUTERS).filter((i) => i < SUBSCRIBERS);
    const file = path.join(work, "requests.txt");
    fs.writeFileSync(
      file,
      Array.from({ length: REQUESTS }, (_, k) => users[(k * 7_919) % users.length])
        .map((i) => `User-Name = "${username(i)}"\nUser-Password = "${password(i)}"\nNAS-Port-Type = Ethernet\nMessage-Authenticator = 0x00\n`)
        .join("\n"),
    );
    // The NAS's first packet defines it (dynamic client): one request first, so the run measures steady state.
    await radiusRequest({
      port: server.authPort,
      secret: SECRET,
      attributes: [
        ["User-Name", username(0)],
        ["User-Password", password(0)],
      ],
    });
    const before = cpuSeconds(server.pid);
    const run = await runRadclient(file, server.authPort);
    const after = cpuSeconds(server.pid);
    const perRequest = {
      freeradius: ((after.freeradius - before.freeradius) * 1000) / REQUESTS,
      postgres: ((after.postgres - before.postgres) * 1000) / REQUESTS,
    };
    console.log(
      `radclient -p ${PARALLEL}: ${REQUESTS.toLocaleString("en")} Access-Requests in ${seconds(run.ms)}, ${Math.round(REQUESTS / (run.ms / 1000)).toLocaleString("en")} requests/s (goal ≥ 1,000/s)`,
    );
    console.log(run.summary.replace(/\s+/g, " "));
    console.log(
      `CPU per request: FreeRADIUS ${perRequest.freeradius.toFixed(2)} ms + Postgres ${perRequest.postgres.toFixed(2)} ms ` +
        `= ${(perRequest.freeradius + perRequest.postgres).toFixed(2)} ms, so 2 idle cores would answer about ` +
        `${Math.round(2000 / (perRequest.freeradius + perRequest.postgres)).toLocaleString("en")} requests/s (load average now ${os.loadavg()[0].toFixed(1)})`,
    );

    const latencies: number[] = [];
    let accepted = 0;
    let next = 0;
    const client = async () => {
      while (next < LATENCY_REQUESTS) {
        const i = users[(next++ * 104_729) % users.length];
        const started = performance.now();
        const answer = await radiusRequest({
          port: server!.authPort,
          secret: SECRET,
          attributes: [
            ["User-Name", username(i)],
            ["User-Password", password(i)],
          ],
          tries: 1,
          timeoutMs: 5000,
        });
        latencies.push(performance.now() - started);
        if (answer?.code === "Access-Accept") accepted++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 32 }, client));
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    console.log(
      `latency, 32 clients side by side: ${LATENCY_REQUESTS.toLocaleString("en")} requests in ${seconds(elapsed)} (${accepted} accepted), ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    // Accounting, last (an open session makes Simultaneous-Use refuse that user's next login): ACCT_SESSIONS sessions start, then each sends an Interim-Update (what 100,000 sessions every 5 minutes
    // ask for is 333 a second).
    const acct = (status: "Start" | "Interim-Update") =>
      Array.from({ length: ACCT_SESSIONS }, (_, k) => users[k % users.length])
        .map(
          (i, k) =>
            `User-Name = "${username(i)}"\nAcct-Status-Type = ${status}\nAcct-Session-Id = "bench-${k}"\nFramed-IP-Address = 100.64.${(k >> 8) & 255}.${k & 255}\n` +
            `Acct-Session-Time = ${status === "Start" ? 0 : 300}\nAcct-Input-Octets = ${status === "Start" ? 0 : 1_000_000 + k}\nAcct-Output-Octets = ${status === "Start" ? 0 : 9_000_000 + k}\nNAS-Port-Type = Ethernet\n`,
        )
        .join("\n");
    fs.writeFileSync(path.join(work, "start.txt"), acct("Start"));
    fs.writeFileSync(path.join(work, "interim.txt"), acct("Interim-Update"));
    const starts = await runRadclient(path.join(work, "start.txt"), server.acctPort, "acct");
    const interims = await runRadclient(path.join(work, "interim.txt"), server.acctPort, "acct");
    const interimRate = ACCT_SESSIONS / (interims.ms / 1000);
    console.log(
      `accounting: ${ACCT_SESSIONS.toLocaleString("en")} Starts in ${seconds(starts.ms)}, then their Interim-Updates in ${seconds(interims.ms)}: ` +
        `${Math.round(interimRate).toLocaleString("en")} interims/s, ${(interimRate / (100_000 / 300)).toFixed(1)}× what 100,000 sessions every 5 minutes need (333/s)`,
    );
    console.log(interims.summary.replace(/\s+/g, " "));

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
  } finally {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
    await conn.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
