/* The usage page's data: live status asked of a (simulated) router, and stored traffic from the rollups. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { releaseRouter } from "@/lib/routers/access";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { trafficPoints } from "@/lib/monitoring/schema";
import { subscriberLiveStatus } from "@/lib/portal/live-status";
import { portalSubscriptions, portalUsage } from "@/lib/portal/queries";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
let isp: Awaited<ReturnType<typeof createTenantFixture>>;
const routerIds: string[] = [];

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.16.1" });
  seedDemoRouter(sim.state, 1);
  isp = await createTenantFixture(conn.db);
});
afterAll(async () => {
  for (const id of routerIds) await releaseRouter(id);
  await sim?.stop();
  await conn?.close();
});

async function subscriberOn(port: number, username: string) {
  const router = await insertRouter(conn.db, isp.tenant.id, { port, password: "s3cret" });
  routerIds.push(router.id);
  const plan = await insertPlan(conn.db, isp.tenant.id);
  const { customer } = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username });
  const [subscription] = await portalSubscriptions(conn.db, { tenantId: isp.tenant.id, customerId: customer.id });
  return { customer, subscription, router };
}

describe("live status", () => {
  it("shows an online subscriber's IP and uptime, and an offline one as offline", async () => {
    const online = await subscriberOn(sim.port, "ACC-0001-R1");
    const status = await subscriberLiveStatus(conn.db, { tenantId: isp.tenant.id, subscription: online.subscription });
    expect(status).toMatchObject({ state: "online", address: "10.1.0.10" });
    expect(status.state === "online" && status.uptime).toBeTruthy();
    const offline = await subscriberOn(sim.port, "ACC-0004-R1");
    expect(await subscriberLiveStatus(conn.db, { tenantId: isp.tenant.id, subscription: offline.subscription })).toEqual({ state: "offline" });
  });

  it("says the status is unavailable when the router does not answer", async () => {
    const { subscription } = await subscriberOn(1, "ACC-0001-R1-down");
    expect(await subscriberLiveStatus(conn.db, { tenantId: isp.tenant.id, subscription })).toMatchObject({ state: "unknown" });
  });
});

describe("usage history", () => {
  it("returns the subscriber's hourly points of the last 24 hours, not older ones or a neighbour's", async () => {
    const mine = await subscriberOn(sim.port, "ACC-0002-R1");
    const theirs = await subscriberOn(sim.port, "ACC-0003-R1");
    const now = new Date("2026-11-20T12:00:00Z");
    const point = (subject: string, hoursAgo: number, txBytes: number) => ({
      tenantId: isp.tenant.id,
      routerId: mine.router.id,
      subjectType: "subscription" as const,
      subject,
      resolution: "1h" as const,
      bucket: new Date(now.getTime() - hoursAgo * 3_600_000),
      rxBytes: 1_000_000,
      txBytes,
    });
    await conn.db
      .insert(trafficPoints)
      .values([
        point(mine.subscription.id, 2, 450_000_000),
        point(mine.subscription.id, 1, 900_000_000),
        point(mine.subscription.id, 30, 5),
        point(theirs.subscription.id, 1, 7),
      ]);
    const [usage] = await portalUsage(conn.db, { tenantId: isp.tenant.id, customerId: mine.customer.id, range: "24h", now });
    expect(usage.subscription.id).toBe(mine.subscription.id);
    expect(usage.points.map((p) => [p.txBytes, p.txBps])).toEqual([
      [450_000_000, 1_000_000],
      [900_000_000, 2_000_000],
    ]);
  });
});
