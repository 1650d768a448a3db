import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { routers } from "@/lib/routers/schema";
import { releaseRouter, withRouter } from "@/lib/routers/access";
import { testRouterConnection } from "@/lib/routers/connection-test";
import { pollRouters } from "@/lib/monitoring/jobs";
import { dueRouters } from "@/lib/provisioning/jobs";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { clock } from "@/lib/core/clock";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import type { Connection } from "@/lib/db/connect";

// This instance runs with its simulated demo routers off, as a second instance on a machine whose first one serves them.
vi.hoisted(() => {
  process.env.DEMO_ROUTERS = "false";
});

let conn: Connection;
let demoSim: RunningSimulator;
let realSim: RunningSimulator;
const routerIds: string[] = [];
beforeAll(async () => {
  conn = await createTestDatabase();
  // The simulator another instance runs for its demo, on the port this database's demo routers point at.
  demoSim = await startSimulator({ port: 0, username: "netsphere", password: "demo-router-1" });
  realSim = await startSimulator({ port: 0, username: "api", password: "s3cret" });
});
afterAll(async () => {
  await Promise.all(routerIds.map((id) => releaseRouter(id)));
  await demoSim?.stop();
  await realSim?.stop();
  await conn?.close();
});

describe("DEMO_ROUTERS=false", () => {
  it("never contacts the demo's routers: not polled, not reconciled, not tested; other routers still are", async () => {
    const demo = await createTenantFixture(conn.db, { name: "Batangas Fiber Net" });
    const demoRouter = await insertRouter(conn.db, demo.tenant.id, { port: demoSim.port, password: "demo-router-1", name: "Tanauan-CCR1" });
    await conn.db.update(routers).set({ demo: true, username: "netsphere" }).where(eq(routers.id, demoRouter.id));
    const plan = await insertPlan(conn.db, demo.tenant.id);
    await insertSubscriber(conn.db, demo.tenant.id, { planId: plan.id, routerId: demoRouter.id, username: "acc-000001" });
    const isp = await createTenantFixture(conn.db);
    const realRouter = await insertRouter(conn.db, isp.tenant.id, { port: realSim.port, password: "s3cret" });
    routerIds.push(demoRouter.id, realRouter.id);

    const polled = await pollRouters(conn.db);
    expect(polled.routers).toBe(1);
    expect(realSim.metrics().connectionsAccepted).toBeGreaterThan(0);
    expect((await dueRouters(conn.db, clock.now())).map((r) => r.id)).toEqual([realRouter.id]);

    const run = await reconcileRouter(conn.db, { tenantId: demo.tenant.id, routerId: demoRouter.id, trigger: "manual" });
    expect(run).toMatchObject({ status: "failed", error: expect.stringContaining("DEMO_ROUTERS=false") });
    await expect(testRouterConnection(conn.db, actorOf(demo.ctx.owner), { routerId: demoRouter.id })).rejects.toMatchObject({
      code: "router_unreachable",
      message: expect.stringContaining("demo routers are off"),
    });
    await expect(
      withRouter(conn.db, { tenantId: demo.tenant.id, routerId: demoRouter.id }, (api) => api.write("/system/identity/print")),
    ).rejects.toMatchObject({
      code: "router_unreachable",
    });
    await pollRouters(conn.db, { routerIds: [demoRouter.id] });

    expect(demoSim.metrics().connectionsAccepted).toBe(0);
    expect(demoSim.metrics().commands).toBe(0);
  });
});
