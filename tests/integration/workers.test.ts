/*
 * Several `npm run worker` processes on one real Postgres database, against simulated routers: they start
 * together on a fresh pg-boss schema, share the routers, keep polling the others while one router is blocked,
 * and take over a worker's routers after it is killed (SIGKILL, no goodbye) mid-poll and mid-reconcile.
 * Postgres only: PGlite is one process's database. Prints the measured times.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Connection } from "@/lib/db/connect";
import { createPostgresTestDatabase, rowsOf, testDriver } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { releaseRouter } from "@/lib/routers/access";

const POLL_SECONDS = 10;
const RECONCILE_SECONDS = 10;
const LEASE_SECONDS = 9;
const root = path.resolve(import.meta.dirname, "../..");

type LogLine = {
  at: number;
  level: number;
  msg: string;
  worker?: string;
  job?: string;
  unit?: string;
  outcome?: string;
  ms?: number;
  startMs?: number;
};
/** `startedInMs`: from spawning the process; `startMs`: the worker's own start (connect, schema, queues) as it logs it. */
type WorkerProcess = { id: string; pid: number; child: ChildProcess; lines: LogLine[]; startedInMs: number; startMs: number };

let database: { url: string; drop(): Promise<void> };
let conn: Connection;
const sims: RunningSimulator[] = [];
const workers: WorkerProcess[] = [];
const routerIds: string[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const value = await probe();
    if (value) return value;
    await sleep(200);
  }
  throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}`);
}

/** One `npm run worker` process with short intervals, logging every unit (debug). */
async function startWorkerProcess(): Promise<WorkerProcess> {
  const began = performance.now();
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "lib/jobs/worker.ts"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      WORKER_JOBS: "poll-routers,reconcile-routers",
      JOB_INTERVALS: `poll-routers=${POLL_SECONDS},reconcile-routers=${RECONCILE_SECONDS}`,
      WORKER_UNIT_LEASE_SECONDS: String(LEASE_SECONDS),
      WORKER_IDLE_POLL_SECONDS: "0.5",
      WORKER_CONCURRENCY: "4",
      LOG_LEVEL: "debug",
    },
  });
  const lines: LogLine[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (text) => {
    try {
      lines.push({ at: performance.now(), ...(JSON.parse(text) as Omit<LogLine, "at">) });
    } catch {
      // not a log line
    }
  });
  child.stderr!.resume();
  const started = await waitFor("a worker to start", async () => lines.find((line) => line.msg === "worker started"), 60_000);
  const worker = {
    id: started.worker!,
    pid: Number(started.worker!.split("-")[0]),
    child,
    lines,
    startedInMs: started.at - began,
    startMs: started.startMs ?? 0,
  };
  workers.push(worker);
  return worker;
}

/** SIGKILL: the worker's process ends without finishing or releasing anything. */
function kill(worker: WorkerProcess): number {
  process.kill(worker.pid, "SIGKILL");
  return performance.now();
}

async function query<T extends Record<string, unknown>>(text: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf(await conn.db.execute(text)) as T[];
}

/** The worker holding `key`'s active unit in `queue`, if any. */
async function holderOf(queue: string, key: string): Promise<string | undefined> {
  const [row] = await query<{ worker: string | null }>(
    sql`select output->>'worker' as worker from pgboss.job where name = ${queue} and singleton_key = ${key} and state = 'active'`,
  );
  return row?.worker ?? undefined;
}

const unitsDone = (worker: WorkerProcess, job: string, after = 0) =>
  worker.lines.filter((line) => line.msg === "unit done" && line.job === job && line.at > after);

beforeAll(async () => {
  if (testDriver !== "pg") return;
  database = await createPostgresTestDatabase();
  conn = connectPostgres(database.url, 4);
  const { tenant } = await createTenantFixture(conn.db);
  // Each test router on its own simulator port.
  for (let i = 0; i < 5; i += 1) {
    const sim = await startSimulator({ port: 0, username: "api", password: "s3cret" });
    sims.push(sim);
    routerIds.push((await insertRouter(conn.db, tenant.id, { port: sim.port, password: "s3cret", name: `Worker test ${i + 1}` })).id);
  }
}, 60_000);

afterAll(async () => {
  for (const worker of workers) {
    if (worker.child.exitCode === null) {
      try {
        process.kill(worker.pid, "SIGKILL");
      } catch {
        // already gone
      }
      worker.child.kill("SIGKILL");
    }
  }
  await Promise.all(routerIds.map((id) => releaseRouter(id)));
  await Promise.all(sims.map((sim) => sim.stop()));
  await conn?.close();
  await database?.drop();
});

describe("a worker whose database is not there yet", () => {
  it("keeps running and says it will try again, instead of exiting", async () => {
    // A closed loopback port: the database is down (or still starting).
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "lib/jobs/worker.ts"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DATABASE_URL: "postgres://netsphere@127.0.0.1:9/netsphere", LOG_LEVEL: "info" },
    });
    const retries: { attempt?: number; retryInSeconds?: number }[] = [];
    readline.createInterface({ input: child.stdout! }).on("line", (text) => {
      try {
        const line = JSON.parse(text) as { msg: string; attempt?: number; retryInSeconds?: number };
        if (line.msg.includes("could not start yet")) retries.push(line);
      } catch {
        // not a log line
      }
    });
    child.stderr!.resume();
    try {
      await waitFor("two start attempts", async () => retries.length >= 2, 60_000);
      expect(child.exitCode).toBeNull();
      expect(retries[1].retryInSeconds).toBeGreaterThan(retries[0].retryInSeconds!);
    } finally {
      child.kill("SIGTERM");
    }
  }, 90_000);
});

describe.runIf(testDriver === "pg")("workers on Postgres", () => {
  it("start together, share the routers, poll past a blocked router, and take over a killed worker's poll and reconcile", async () => {
    const [blocked, slowReconcile, ...fast] = routerIds;

    // Two workers started at the same moment on a fresh database: both come up (no deadlock creating queues).
    const [a, b] = await Promise.all([startWorkerProcess(), startWorkerProcess()]);
    console.log(
      `[workers] two workers started together on a fresh schema: ${seconds(a.startMs)} and ${seconds(b.startMs)} ` +
        `(${seconds(a.startedInMs)} and ${seconds(b.startedInMs)} from spawning the process)`,
    );

    // The routers spread over both workers even though each has room for all of them.
    await waitFor(
      "both workers to poll routers",
      async () => unitsDone(a, "poll-routers").length > 0 && unitsDone(b, "poll-routers").length > 0,
      40_000,
    );

    // One router's poll is blocked (its stored counters locked, so the poll's write waits): the others keep being
    // polled every interval.
    await waitFor(
      "the router to block to have been polled",
      async () => (await query(sql`select 1 from traffic_counters where router_id = ${blocked}`)).length > 0,
      40_000,
    );
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query("begin");
    const locked = await blocker.query("select 1 from traffic_counters where router_id = $1 for update", [blocked]);
    expect(locked.rowCount, "the blocked router has been polled before, so it has counters to lock").toBeGreaterThan(0);
    const blockedAt = performance.now();
    const holder = await waitFor("the blocked router's poll to be taken", () => holderOf("poll-routers-unit", blocked), 30_000);
    // The next interval's unit for it is queued behind the active one (what used to stall the queue).
    await waitFor(
      "the next poll of the blocked router to be queued",
      async () =>
        (await query(sql`select 1 from pgboss.job where name = 'poll-routers-unit' and singleton_key = ${blocked} and state = 'created'`)).length > 0,
      30_000,
    );
    const victim = [a, b].find((worker) => worker.id === holder)!;
    const survivor = victim === a ? b : a;
    const killedAt = kill(victim);
    const newHolder = await waitFor(
      "another worker to take over the blocked router",
      async () => {
        const current = await holderOf("poll-routers-unit", blocked);
        return current && current !== victim.id ? current : undefined;
      },
      60_000,
    );
    const pollFailoverMs = performance.now() - killedAt;
    expect(newHolder).toBe(survivor.id);
    // While it was blocked, every other router was still polled, once per interval or more.
    const blockedForMs = performance.now() - blockedAt;
    for (const id of [slowReconcile, ...fast]) {
      const polls = [a, b].flatMap((worker) => worker.lines).filter((line) => line.msg === "unit done" && line.unit === id && line.at > blockedAt);
      expect(polls.length, `polls of ${id} during ${seconds(blockedForMs)} with one router blocked`).toBeGreaterThanOrEqual(
        Math.floor(blockedForMs / 1000 / POLL_SECONDS) - 1,
      );
    }
    await blocker.query("commit");
    await blocker.end();
    const blockedPoll = await waitFor(
      "the blocked router's poll to finish",
      async () => unitsDone(survivor, "poll-routers", killedAt).find((line) => line.unit === blocked),
      30_000,
    );
    console.log(
      `[workers] poll failover after SIGKILL mid-poll: ${seconds(pollFailoverMs)} (goal ≤ ${POLL_SECONDS + 10} s, lease ${LEASE_SECONDS} s); ` +
        `blocked router's poll done ${seconds(blockedPoll.at - killedAt)} after the kill (${blockedPoll.outcome}); other routers polled throughout ${seconds(blockedForMs)} of blocking`,
    );
    expect(pollFailoverMs).toBeLessThanOrEqual((POLL_SECONDS + 10) * 1000);

    // A third worker joins; then the one reconciling a slow router is killed mid-reconcile.
    const c = await startWorkerProcess();
    console.log(`[workers] a worker joining running ones started in ${seconds(c.startMs)} (${seconds(c.startedInMs)} from spawning)`);
    const earlier = (await query<{ id: string }>(sql`select id from reconcile_runs where router_id = ${slowReconcile}`)).map((row) => row.id);
    sims[1].setFaults({ commandDelayMs: 700 });
    await conn.db.execute(sql`update routers set last_reconciled_at = null, next_reconcile_at = null where id = ${slowReconcile}`);
    const reconciler = await waitFor("a worker to reconcile the slow router", () => holderOf("reconcile-routers-unit", slowReconcile), 40_000);
    await waitFor(
      "the reconcile run to start",
      async () => (await query(sql`select 1 from reconcile_runs where router_id = ${slowReconcile} and status = 'running'`)).length > 0,
      20_000,
    );
    await sleep(1000);
    const killedWorker = [survivor, c].find((worker) => worker.id === reconciler)!;
    const reconcileKilledAt = kill(killedWorker);
    sims[1].setFaults({ commandDelayMs: 0 });
    const [abandoned] = await query<{ id: string }>(sql`select id from reconcile_runs where router_id = ${slowReconcile} and status = 'running'`);
    const before = [...earlier, abandoned.id];
    await waitFor(
      "the reconcile to resume on another worker",
      async () =>
        (
          await query(
            sql`select 1 from reconcile_runs where router_id = ${slowReconcile} and id not in (${sql.join(
              before.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
        ).length > 0,
      70_000,
    );
    const reconcileResumeMs = performance.now() - reconcileKilledAt;
    const [done] = await waitFor(
      "the resumed reconcile to finish",
      async () => {
        const rows = await query<{ status: string }>(
          sql`select status from reconcile_runs where router_id = ${slowReconcile} and id not in (${sql.join(
            before.map((id) => sql`${id}`),
            sql`, `,
          )}) and status in ('succeeded', 'partial')`,
        );
        return rows.length > 0 ? rows : undefined;
      },
      40_000,
    );
    const reconcileDoneMs = performance.now() - reconcileKilledAt;
    console.log(
      `[workers] reconcile failover after SIGKILL mid-reconcile: resumed in ${seconds(reconcileResumeMs)}, ${done.status} ${seconds(reconcileDoneMs)} after the kill (goal ≤ 60 s)`,
    );
    expect(reconcileResumeMs).toBeLessThanOrEqual(60_000);

    // Every unit's log line names its router, outcome and time; the takeover itself is said at info level.
    const all = workers.flatMap((worker) => worker.lines);
    expect(all.filter((line) => line.msg === "unit done").every((line) => line.unit && line.outcome && typeof line.ms === "number")).toBe(true);
    expect(all.some((line) => line.msg === "took over the units of a worker that stopped answering" && line.level === 30)).toBe(true);
  }, 240_000);
});
