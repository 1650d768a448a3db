import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { routers } from "@/lib/routers/schema";
import { jobsHealth } from "@/lib/jobs/health";
import { healthReport } from "@/lib/health/report";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("the health check", () => {
  it("is ok when every router was polled lately, degraded (naming how late) when one was not", async () => {
    const now = clock.now();
    const { tenant } = await createTenantFixture(conn.db);
    const [fresh, stale] = await insertSimulatedRouters(conn.db, tenant.id, [
      { name: "Fresh", port: 1, username: "api", password: "x" },
      { name: "Stale", port: 2, username: "api", password: "x" },
    ]);
    await conn.db.update(routers).set({ lastPolledAt: new Date(now.getTime() - 10_000) }).where(eq(routers.id, fresh.id));
    await conn.db.update(routers).set({ lastPolledAt: new Date(now.getTime() - 10_000) }).where(eq(routers.id, stale.id));
    const ok = await healthReport(conn.db, now);
    expect(ok).toMatchObject({ status: "ok", database: { ok: true }, jobs: { runner: "in-process" }, polls: { routers: 2, overdue: 0 }, problems: [] });

    await conn.db.update(routers).set({ lastPolledAt: new Date(now.getTime() - 600_000) }).where(eq(routers.id, stale.id));
    const late = await healthReport(conn.db, now);
    expect(late).toMatchObject({ status: "degraded", polls: { routers: 2, overdue: 1, oldestOverdueSeconds: 600 } });
    expect(late.problems).toEqual(["1 router(s) not polled for 600 s"]);
    expect(JSON.stringify(late)).not.toContain(tenant.id);
  });

  it("reads each pg-boss queue's backlog and the workers connected", async () => {
    await conn.db.execute(sql`create schema health_probe`);
    await conn.db.execute(sql`create table health_probe.job (name text not null, state text not null, start_after timestamptz not null)`);
    await conn.db.execute(sql`insert into health_probe.job values
      ('poll-routers-unit', 'created', now() - interval '300 seconds'),
      ('poll-routers-unit', 'created', now() - interval '5 seconds'),
      ('poll-routers-unit', 'active', now() - interval '900 seconds'),
      ('billing-daily', 'completed', now() - interval '900 seconds')`);
    const jobs = await jobsHealth(conn.db, "health_probe");
    expect(jobs.runner).toBe("worker");
    if (jobs.runner !== "worker") return;
    expect(jobs.queues).toHaveLength(1);
    expect(jobs.queues[0]).toMatchObject({ queue: "poll-routers-unit", waiting: 2 });
    expect(jobs.queues[0].oldestWaitingSeconds).toBeGreaterThanOrEqual(299);
    expect(jobs.workersConnected).toBe(0);
  });

  it("says down, and nothing more, when the database does not answer", async () => {
    const broken = { transaction: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.5:5432 user=netsphere")) } as unknown as Db;
    const report = await healthReport(broken);
    expect(report).toMatchObject({ status: "down", database: { ok: false }, problems: ["the database did not answer"] });
    expect(JSON.stringify(report)).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|netsphere/);
  });
});
