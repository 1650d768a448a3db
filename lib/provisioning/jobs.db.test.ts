import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { dueRouters, reconcileRoutersJob, RECONCILE_EVERY_MS } from "@/lib/provisioning/jobs";
import { runJob } from "@/lib/jobs/define";
import { routers } from "@/lib/routers/schema";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.16.1" });
});
afterAll(async () => {
  await sim?.stop();
  await conn?.close();
});

describe("scheduled reconcile", () => {
  it("picks new, stale and failed-but-due routers, skips fresh and backing-off ones, and converges them", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const plan = await insertPlan(conn.db, tenant.id, { name: "Home 25" });
    const fresh = await insertRouter(conn.db, tenant.id, { port: sim.port, password: "s3cret", name: "fresh" });
    const backingOff = await insertRouter(conn.db, tenant.id, { port: 1, password: "x", name: "backing-off" });
    const now = new Date();
    await conn.db.update(routers).set({ lastReconciledAt: now }).where(eq(routers.id, fresh.id));
    await conn.db
      .update(routers)
      .set({ reconcileFailures: 2, nextReconcileAt: new Date(now.getTime() + 60_000) })
      .where(eq(routers.id, backingOff.id));
    const due = () => dueRouters(conn.db, now).then((rows) => rows.filter((r) => r.tenantId === tenant.id).map((r) => r.id));
    expect(await due()).toEqual([]);

    await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: fresh.id, username: "sched-1" });
    expect(await due()).toEqual([fresh.id]);
    await conn.db
      .update(routers)
      .set({ lastReconciledAt: new Date(now.getTime() - RECONCILE_EVERY_MS - 1) })
      .where(eq(routers.id, fresh.id));

    const summary = await runJob(
      reconcileRoutersJob,
      { db: conn.db, now: () => now, signal: new AbortController().signal, runner: "test" },
      { routerId: fresh.id, tenantId: tenant.id },
    );
    expect(summary).toMatchObject({ routers: 1, succeeded: 1 });
    expect(findRowByName(sim.state, "ppp/secret", "sched-1")).toBeDefined();
    expect(await due()).toEqual([]);
  });
});
