/*
 * Vercel stops a cron function at 60 s. With a hundred routers that never answer (each waits out the router
 * timeout), a reconcile through the cron route must answer before that: it works on routers side by side,
 * takes no new router after its deadline, and says how many it left for the next call.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { releaseRouter, ROUTER_TIMEOUT_MS } from "@/lib/routers/access";
import { STOP_GRACE_MS } from "./concurrency";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getConnection: async () => conn }));
const { GET } = await import("@/app/api/cron/[job]/route");

const SECRET = "cron-secret-for-tests-0123456789";
const DEADLINE_SECONDS = 8;
const ROUTERS = 100;
let sim: RunningSimulator;
let routerIds: string[] = [];

const call = (job: string) =>
  GET(new Request(`http://127.0.0.1/api/cron/${job}`, { headers: { authorization: `Bearer ${SECRET}` } }), { params: Promise.resolve({ job }) });

beforeAll(async () => {
  conn = await createTestDatabase();
  const { tenant } = await createTenantFixture(conn.db);
  // Answers nothing within the router timeout (login included): every router waits it out once, like one that is unreachable.
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", maxSessions: ROUTERS * 2, faults: { latencyMs: 60_000 } });
  const rows = Array.from({ length: ROUTERS }, (_, i) => ({ name: `Unreachable ${i + 1}`, port: sim.port, username: "api", password: "s3cret" }));
  routerIds = (await insertSimulatedRouters(conn.db, tenant.id, rows)).map((router) => router.id);
  process.env.CRON_SECRET = SECRET;
  process.env.CRON_DEADLINE_SECONDS = String(DEADLINE_SECONDS);
});

afterAll(async () => {
  delete process.env.CRON_SECRET;
  delete process.env.CRON_DEADLINE_SECONDS;
  await Promise.all(routerIds.map((id) => releaseRouter(id)));
  await sim?.stop();
  await conn?.close();
});

describe("cron reconcile against 100 unreachable routers", () => {
  it("answers within the function's time limit, saying how many routers it left, and the next call takes those", async () => {
    const started = performance.now();
    const response = await call("reconcile-routers");
    const seconds = (performance.now() - started) / 1000;
    const body = await response.json();
    console.log(`[cron] ${ROUTERS} unreachable routers: answered in ${seconds.toFixed(1)} s, ${JSON.stringify(body.summary)}`);
    expect(response.status).toBe(200);
    // The deadline, then at most the grace for the routers in hand; with the defaults (45 s + 10 s) inside Vercel's 60 s.
    expect(seconds).toBeLessThan(DEADLINE_SECONDS + STOP_GRACE_MS / 1000 + 3);
    expect(seconds).toBeLessThan(60);
    expect(body.summary.routers).toBe(ROUTERS);
    // Side by side: more routers in hand than one after another could have started before the deadline.
    expect(body.summary.failed + body.summary.running).toBeGreaterThan(DEADLINE_SECONDS / (ROUTER_TIMEOUT_MS / 1000));
    expect(body.left).toBeGreaterThan(0);
    expect(body.left).toBe(body.summary.left);
    expect(body.summary.failed + body.summary.busy + body.summary.running + body.left).toBe(ROUTERS);

    // The routers it reached are in backoff, the ones still in hand are locked: the next call takes the ones left.
    const next = await (await call("reconcile-routers")).json();
    console.log(`[cron] next call: ${JSON.stringify(next.summary)}`);
    expect(next.summary.routers - next.summary.busy).toBeLessThanOrEqual(body.left);
    expect(next.summary.routers).toBeGreaterThanOrEqual(body.left);
  }, 90_000);
});
