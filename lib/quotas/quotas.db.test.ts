/*
 * Data caps end to end on the database: minutes counted into the cycle once, the 80 % and cap notices queued, the
 * subscriber held at the cap in the reconciler's desired state, released by a top-up and by the next cycle.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { clock } from "@/lib/core/clock";
import { addDays, todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { loadDesiredInput } from "@/lib/provisioning/desired-input";
import { drainReconciles } from "@/lib/provisioning/trigger";
import { evaluateQuotas } from "@/lib/quotas/evaluate";
import { quotaViews } from "@/lib/quotas/queries";
import { buyTopUp, giveTopUp, grantPaidTopUps, savePack } from "@/lib/quotas/top-ups";
import { quotaEnforcements, quotaUsage } from "@/lib/quotas/schema";
import { recordPayment } from "@/lib/billing/payments";
import { GB } from "@/lib/quotas/rules";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
/** The ISP of the test running now: each test gets its own, as the count's watermark is per ISP. */
let isp: Awaited<ReturnType<typeof createTenantFixture>>;
const TZ = "Asia/Manila";
const MIN = 60_000;
/** Noon today on the ISP's wall clock: minutes a few hours either side stay on today, in this cycle. */
const noon = () => new Date(zonedInstant(todayIn(TZ, clock.now()), 12 * 60, TZ));

beforeAll(async () => {
  process.env.RECONCILE_ON_CHANGE = "false";
  conn = await createTestDatabase();
});
beforeEach(async () => {
  isp = await createTenantFixture(conn.db);
  // Cycles are calendar months here, whatever day the subscription started.
  await conn.db.update(tenants).set({ timezone: TZ, billingAnchor: "billing_day", billingDay: 1 }).where(eq(tenants.id, isp.tenant.id));
});
afterAll(async () => {
  await drainReconciles();
  await conn?.close();
});

async function subscriber(username: string, plan: Partial<Parameters<typeof insertPlan>[2]> = {}) {
  const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "s3cret" });
  const quotaPlan = await insertPlan(conn.db, isp.tenant.id, { quotaBytes: 10 * GB, quotaAction: "throttle", quotaThrottleRate: "2M/2M", ...plan });
  const { customer, subscription } = await insertSubscriber(conn.db, isp.tenant.id, { planId: quotaPlan.id, routerId: router.id, username });
  await conn.db.update(customers).set({ email: `${username.toLowerCase()}@example.test` }).where(eq(customers.id, customer.id));
  /** One minute of traffic: `down` bytes to the subscriber (the router's tx), `up` from them. */
  const minute = (at: Date, down: number, up = 0) =>
    conn.db.insert(trafficPoints).values({
      tenantId: isp.tenant.id,
      routerId: router.id,
      subjectType: "subscription",
      subject: subscription.id,
      resolution: "1m",
      bucket: new Date(Math.floor(at.getTime() / MIN) * MIN),
      rxBytes: up,
      txBytes: down,
    });
  return { router, plan: quotaPlan, customer, subscription, minute };
}

const notices = (customerId: string) =>
  conn.db
    .select({ event: notificationOutbox.event })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.tenantId, isp.tenant.id), eq(notificationOutbox.customerId, customerId)));

const capOnRouter = async (routerId: string, subscriptionId: string) =>
  (await loadDesiredInput(conn.db, { tenantId: isp.tenant.id, routerId })).subscriptions.find((s) => s.id === subscriptionId)?.cap ?? null;

const view = async (subscriptionId: string, now: Date) => (await quotaViews(conn.db, { tenantId: isp.tenant.id, subscriptionIds: [subscriptionId], now })).get(subscriptionId)!;

describe("data caps", () => {
  it("counts each minute once, warns at 80 %, and holds the subscriber at the cap with the plan's action", async () => {
    const s = await subscriber("CAP-1");
    const t0 = noon();
    await s.minute(new Date(t0.getTime() - 60 * MIN), 7 * GB, 1.5 * GB);
    await evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id });
    let v = await view(s.subscription.id, t0);
    expect(v.usedBytes).toBe(8.5 * GB);
    expect([v.downloadBytes, v.uploadBytes]).toEqual([7 * GB, 1.5 * GB]);
    expect(v.level).toBe("warning");
    expect((await notices(s.customer.id)).map((n) => n.event)).toEqual(["quota_warning"]);
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBeNull();

    // Running again at the same instant counts nothing twice and notifies nothing twice.
    await evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id });
    expect((await view(s.subscription.id, t0)).usedBytes).toBe(8.5 * GB);
    expect(await notices(s.customer.id)).toHaveLength(1);

    // A minute that was still landing at the first run (inside the lag) and a later one are counted by the next run.
    await s.minute(new Date(t0.getTime() - 1 * MIN), 1 * GB);
    await s.minute(new Date(t0.getTime() + 5 * MIN), 1 * GB);
    const t1 = new Date(t0.getTime() + 10 * MIN);
    await evaluateQuotas(conn.db, t1, { tenantId: isp.tenant.id });
    v = await view(s.subscription.id, t1);
    expect(v.usedBytes).toBe(10.5 * GB);
    expect(v.level).toBe("capped");
    expect(v.enforced).toBe(true);
    expect((await notices(s.customer.id)).map((n) => n.event).sort()).toEqual(["quota_reached", "quota_warning"]);
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBe("throttle");

    // Staff give 5 GB: released at once (15 GB allowance, 70 % used), and the marks clear for the new allowance.
    await giveTopUp(conn.db, isp.ctx.owner, { subscriptionId: s.subscription.id, gigabytes: 5, reason: "Outage on Dec 2", now: t1 });
    v = await view(s.subscription.id, t1);
    expect([v.allowanceBytes, v.level, v.enforced]).toEqual([15 * GB, "under", false]);
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBeNull();

    // Crossing 80 % of the new allowance notifies again.
    await s.minute(new Date(t1.getTime() + 1 * MIN), 2 * GB);
    const t2 = new Date(t1.getTime() + 10 * MIN);
    await evaluateQuotas(conn.db, t2, { tenantId: isp.tenant.id });
    expect((await notices(s.customer.id)).filter((n) => n.event === "quota_warning")).toHaveLength(2);
  });

  it("starts the next cycle at zero and lifts the cap there", async () => {
    const s = await subscriber("CAP-2", { quotaAction: "block" });
    const t0 = noon();
    await s.minute(new Date(t0.getTime() - 30 * MIN), 11 * GB);
    await evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id });
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBe("block");
    const cycle = await view(s.subscription.id, t0);
    const nextNoon = new Date(zonedInstant(addDays(cycle.cycleEnd, 1), 12 * 60, TZ));
    await evaluateQuotas(conn.db, nextNoon, { tenantId: isp.tenant.id });
    const next = await view(s.subscription.id, nextNoon);
    expect(next.cycleStart).toBe(addDays(cycle.cycleEnd, 1));
    expect([next.usedBytes, next.level, next.enforced]).toEqual([0, "under", false]);
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBeNull();
  });

  it("only tells the subscriber when the plan's action is to notify", async () => {
    const s = await subscriber("CAP-3", { quotaAction: "notify", quotaDirection: "download" });
    const t0 = noon();
    // Upload does not count against a download quota.
    await s.minute(new Date(t0.getTime() - 30 * MIN), 10 * GB, 50 * GB);
    await evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id });
    const v = await view(s.subscription.id, t0);
    expect([v.usedBytes, v.level, v.enforced]).toEqual([10 * GB, "capped", false]);
    expect((await notices(s.customer.id)).map((n) => n.event)).toEqual(["quota_reached"]);
    expect(await conn.db.select().from(quotaEnforcements).where(eq(quotaEnforcements.subscriptionId, s.subscription.id))).toEqual([]);
  });

  it("counts two runs at once only once", async () => {
    const s = await subscriber("CAP-4");
    const t0 = noon();
    await s.minute(new Date(t0.getTime() - 20 * MIN), 3 * GB);
    await Promise.all([evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id }), evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id })]);
    const [row] = await conn.db.select().from(quotaUsage).where(eq(quotaUsage.subscriptionId, s.subscription.id));
    expect(row!.downloadBytes).toBe(3 * GB);
  });

  it("sells a pack on an invoice: granted now for a customer in good standing, or once paid when something is overdue", async () => {
    const s = await subscriber("CAP-5");
    const t0 = noon();
    await s.minute(new Date(t0.getTime() - 30 * MIN), 12 * GB);
    await evaluateQuotas(conn.db, t0, { tenantId: isp.tenant.id });
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBe("throttle");
    const pack = await savePack(conn.db, isp.ctx.owner, { name: "10 GB", gigabytes: 10, priceCentavos: 9_900, active: true });

    const payFirst = await buyTopUp(conn.db, isp.ctx.owner, { subscriptionId: s.subscription.id, packId: pack.id, source: "portal", customerId: s.customer.id, payFirst: true, now: t0 });
    expect(payFirst.granted).toBe(false);
    expect(payFirst.invoiceId).not.toBeNull();
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBe("throttle");

    await recordPayment(conn.db, isp.ctx.owner, { customerId: s.customer.id, amountCentavos: 9_900, method: "cash" });
    expect(await grantPaidTopUps(conn.db, { tenantId: isp.tenant.id, customerId: s.customer.id, now: t0 })).toBe(0);
    const v = await view(s.subscription.id, t0);
    expect([v.allowanceBytes, v.enforced]).toEqual([20 * GB, false]);
    expect(v.topUps.map((t) => t.status)).toEqual(["granted"]);
    expect(await capOnRouter(s.router.id, s.subscription.id)).toBeNull();

    const now = await buyTopUp(conn.db, isp.ctx.owner, { subscriptionId: s.subscription.id, packId: pack.id, source: "staff", now: t0 });
    expect(now.granted).toBe(true);
    expect((await view(s.subscription.id, t0)).allowanceBytes).toBe(30 * GB);
  });

  it("refuses a top-up for a service without a quota, or another customer's", async () => {
    const s = await subscriber("CAP-6");
    const other = await subscriber("CAP-7");
    const pack = await savePack(conn.db, isp.ctx.owner, { name: "5 GB", gigabytes: 5, priceCentavos: 4_900, active: true });
    await expect(
      buyTopUp(conn.db, isp.ctx.owner, { subscriptionId: s.subscription.id, packId: pack.id, source: "portal", customerId: other.customer.id }),
    ).rejects.toThrow(/no data allowance/);
    await expect(giveTopUp(conn.db, isp.ctx.owner, { subscriptionId: s.subscription.id, gigabytes: 0, reason: "x" })).rejects.toThrow(/Between/);
    const unlimited = await insertPlan(conn.db, isp.tenant.id);
    const { subscription } = await insertSubscriber(conn.db, isp.tenant.id, { planId: unlimited.id, routerId: s.router.id, username: "NOCAP-1" });
    await expect(giveTopUp(conn.db, isp.ctx.owner, { subscriptionId: subscription.id, gigabytes: 1, reason: "x" })).rejects.toThrow(/no data allowance/);
  });
});
