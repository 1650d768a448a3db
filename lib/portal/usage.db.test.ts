/* The usage page's history: the subscriber's own stored traffic from the monitoring rollups. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { trafficPoints } from "@/lib/monitoring/schema";
import { portalSubscriptions, portalUsage } from "@/lib/portal/queries";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let isp: Awaited<ReturnType<typeof createTenantFixture>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db);
});
afterAll(async () => {
  await conn?.close();
});

async function subscriberOn(username: string) {
  // Never contacted: the history is read from the database only.
  const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "s3cret" });
  const plan = await insertPlan(conn.db, isp.tenant.id);
  const { customer } = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username });
  const [subscription] = await portalSubscriptions(conn.db, { tenantId: isp.tenant.id, customerId: customer.id });
  return { customer, subscription, router };
}

describe("usage history", () => {
  it("returns the subscriber's hourly points of the last 24 hours, not older ones or a neighbour's", async () => {
    const mine = await subscriberOn("ACC-0002-R1");
    const theirs = await subscriberOn("ACC-0003-R1");
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
