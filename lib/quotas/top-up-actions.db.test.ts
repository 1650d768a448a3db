/*
 * Data top-ups through the actions people press: packs set up by owners, a subscriber buying one in the portal
 * (added to the bill, or waiting on its invoice while something is overdue), staff giving and selling data, and a
 * plan whose cap is raised releasing its subscribers at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { addDays, todayIn } from "@/lib/core/calendar";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { zonedInstant } from "@/lib/core/time-zones";
import { executePortalAction } from "@/lib/portal/action";
import { buyPortalTopUpAction } from "@/lib/portal/actions/top-ups";
import { deleteTopUpPackAction, saveTopUpPackAction } from "@/lib/quotas/actions/packs";
import { giveTopUpAction, sellTopUpAction } from "@/lib/quotas/actions/top-ups";
import { updatePlanAction } from "@/lib/plans/actions/save-plan";
import { planToFormValues } from "@/lib/plans/format";
import { recordPayment } from "@/lib/billing/payments";
import { invoices } from "@/lib/billing/schema";
import { tenants } from "@/lib/tenants/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { readPayToken } from "@/lib/billing/pay-links";
import { evaluateQuotas } from "@/lib/quotas/evaluate";
import { quotaViews } from "@/lib/quotas/queries";
import { listPacks } from "@/lib/quotas/top-ups";
import { GB } from "@/lib/quotas/rules";
import type { PortalContext } from "@/lib/portal/context";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let isp: Awaited<ReturnType<typeof createTenantFixture>>;
const TZ = "Asia/Manila";

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db, { name: "Lipa Fiber" });
  await conn.db.update(tenants).set({ timezone: TZ, billingAnchor: "billing_day", billingDay: 1 }).where(eq(tenants.id, isp.tenant.id));
});
afterAll(async () => conn?.close());

async function subscriber(username: string) {
  const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "s3cret" });
  const plan = await insertPlan(conn.db, isp.tenant.id, { name: `Capped ${username}`, quotaBytes: 100 * GB, quotaAction: "throttle", quotaThrottleRate: "2M/2M" });
  const { customer, subscription } = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username });
  return { router, plan, customer, subscription };
}

/** The subscriber signed in to the portal, as requirePortalContext builds it. */
const portalOf = (customerId: string): PortalContext => ({
  db: tenantHandle(conn.db, isp.tenant.id),
  tenantId: isp.tenant.id,
  customerId,
  sessionId: "test-session",
  customer: { id: customerId, name: "Ana Cruz", accountNumber: "LF-0001", email: "", phone: "", status: "active", balanceCentavos: 0 },
  tenant: { id: isp.tenant.id, name: "Lipa Fiber", brandColor: "#0ea5e9", logoDataUrl: null, timezone: TZ, currency: "PHP" },
  ipAddress: null,
  userAgent: "test",
});

const view = async (subscriptionId: string) => (await quotaViews(conn.db, { tenantId: isp.tenant.id, subscriptionIds: [subscriptionId] })).get(subscriptionId)!;
const invoicesOf = (customerId: string) =>
  conn.db.select().from(invoices).where(and(eq(invoices.tenantId, isp.tenant.id), eq(invoices.customerId, customerId)));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof AppError ? { code: error.code, fieldErrors: error.fieldErrors } : { code: String(error) }),
  );

async function pack(name: string, gigabytes: string, price: string, active = true) {
  const { id } = await executeAction(saveTopUpPackAction.definition, isp.ctx.owner, { packId: "", name, gigabytes, price, active });
  return id;
}

describe("top-up packs", () => {
  it("owners add, edit and delete packs; others may not, and a name is used once", async () => {
    const id = await pack("Weekend 5 GB", "5", "49.00");
    await executeAction(saveTopUpPackAction.definition, isp.ctx.admin, { packId: id, name: "Weekend 6 GB", gigabytes: "6", price: "59", active: false });
    const [saved] = (await listPacks(conn.db, { tenantId: isp.tenant.id })).filter((p) => p.id === id);
    expect(saved).toMatchObject({ name: "Weekend 6 GB", bytes: 6 * GB, priceCentavos: 5_900, active: false });

    expect(await failure(executeAction(saveTopUpPackAction.definition, isp.ctx.billing, { name: "Cheap", gigabytes: "1", price: "1" }))).toMatchObject({ code: "forbidden" });
    expect(await failure(executeAction(saveTopUpPackAction.definition, isp.ctx.owner, { name: "Weekend 6 GB", gigabytes: "1", price: "1" }))).toMatchObject({
      code: "validation",
      fieldErrors: { name: ["Another pack has this name."] },
    });
    expect(await failure(executeAction(saveTopUpPackAction.definition, isp.ctx.owner, { name: "Odd", gigabytes: "0", price: "abc" }))).toMatchObject({
      code: "validation",
      fieldErrors: { gigabytes: ["More than 0 GB"], price: ["Enter a price like 99.00 (0 for free)"] },
    });

    await executeAction(deleteTopUpPackAction.definition, isp.ctx.owner, { packId: id });
    expect((await listPacks(conn.db, { tenantId: isp.tenant.id })).some((p) => p.id === id)).toBe(false);
  });
});

describe("buying data in the portal", () => {
  it("adds the data at once and the price to the bill when nothing is overdue", async () => {
    const s = await subscriber("PORTAL-1");
    const packId = await pack("10 GB add-on", "10", "99.00");
    const bought = await executePortalAction(buyPortalTopUpAction.definition, portalOf(s.customer.id), { subscriptionId: s.subscription.id, packId });
    expect(bought).toMatchObject({ granted: true, data: "10 GB", payPath: null });
    const [invoice] = await invoicesOf(s.customer.id);
    expect(bought.invoiceNumber).toBe(invoice!.number);
    expect(invoice!.totalCentavos).toBe(9_900);
    const v = await view(s.subscription.id);
    expect(v.allowanceBytes).toBe(110 * GB);
    expect(v.topUps.map((t) => [t.name, t.source, t.status])).toEqual([["10 GB add-on", "portal", "granted"]]);
  });

  it("waits for the invoice to be paid when the subscriber has an overdue bill, then adds the data", async () => {
    const s = await subscriber("PORTAL-2");
    const today = todayIn(TZ, clock.now());
    await insertInvoice(conn.db, {
      tenantId: isp.tenant.id,
      customerId: s.customer.id,
      issueDate: addDays(today, -40),
      dueDate: addDays(today, -10),
      lines: [{ amount: 129_900 }],
    });
    const packId = await pack("20 GB add-on", "20", "179.00");
    const bought = await executePortalAction(buyPortalTopUpAction.definition, portalOf(s.customer.id), { subscriptionId: s.subscription.id, packId });
    expect(bought.granted).toBe(false);
    const invoice = (await invoicesOf(s.customer.id)).find((i) => i.number === bought.invoiceNumber)!;
    // The link pays exactly this invoice.
    expect(readPayToken(bought.payPath!.replace("/pay/", ""))).toEqual({ tenantId: isp.tenant.id, invoiceId: invoice.id });
    expect((await view(s.subscription.id)).allowanceBytes).toBe(100 * GB);

    await recordPayment(conn.db, isp.ctx.billing, { customerId: s.customer.id, invoiceId: invoice.id, amountCentavos: 17_900, method: "gcash", reference: "GC-1" });
    const v = await view(s.subscription.id);
    expect(v.allowanceBytes).toBe(120 * GB);
    expect(v.topUps.map((t) => t.status)).toEqual(["granted"]);
  });

  it("pays online first when the subscriber chooses to: the data waits for the invoice it links to", async () => {
    const s = await subscriber("PORTAL-5");
    const packId = await pack("5 GB add-on", "5", "49.00");
    const bought = await executePortalAction(buyPortalTopUpAction.definition, portalOf(s.customer.id), {
      subscriptionId: s.subscription.id,
      packId,
      payNow: "true",
    });
    expect(bought).toMatchObject({ granted: false, data: "5 GB" });
    const invoice = (await invoicesOf(s.customer.id)).find((i) => i.number === bought.invoiceNumber)!;
    expect(readPayToken(bought.payPath!.replace("/pay/", ""))).toEqual({ tenantId: isp.tenant.id, invoiceId: invoice.id });
    expect((await view(s.subscription.id)).allowanceBytes).toBe(100 * GB);
    await recordPayment(conn.db, isp.ctx.billing, { customerId: s.customer.id, invoiceId: invoice.id, amountCentavos: 4_900, method: "gcash", reference: "GC-5" });
    expect((await view(s.subscription.id)).allowanceBytes).toBe(105 * GB);
  });

  it("refuses another subscriber's service and a pack that is not on sale, writing nothing", async () => {
    const mine = await subscriber("PORTAL-3");
    const theirs = await subscriber("PORTAL-4");
    const packId = await pack("1 GB add-on", "1", "15");
    const offSale = await pack("Old 2 GB", "2", "25", false);
    const ctx = portalOf(mine.customer.id);
    expect(await failure(executePortalAction(buyPortalTopUpAction.definition, ctx, { subscriptionId: theirs.subscription.id, packId }))).toMatchObject({ code: "validation" });
    expect(await failure(executePortalAction(buyPortalTopUpAction.definition, ctx, { subscriptionId: mine.subscription.id, packId: offSale }))).toMatchObject({
      code: "validation",
      fieldErrors: { packId: ["That pack is not on sale."] },
    });
    expect(await invoicesOf(mine.customer.id)).toEqual([]);
    expect(await invoicesOf(theirs.customer.id)).toEqual([]);
    expect((await view(theirs.subscription.id)).topUps).toEqual([]);
  });
});

describe("staff and data top-ups", () => {
  it("support gives free data with a reason; technicians may not; the reason is required", async () => {
    const s = await subscriber("STAFF-1");
    const given = await executeAction(giveTopUpAction.definition, isp.ctx.support, { subscriptionId: s.subscription.id, gigabytes: "5", reason: "Outage on Dec 2" });
    expect(given).toEqual({ data: "5 GB" });
    const v = await view(s.subscription.id);
    expect(v.allowanceBytes).toBe(105 * GB);
    expect(v.topUps.map((t) => [t.name, t.priceCentavos, t.createdBy])).toEqual([["Outage on Dec 2", 0, "support user"]]);
    expect(await invoicesOf(s.customer.id)).toEqual([]);

    expect(await failure(executeAction(giveTopUpAction.definition, isp.ctx.technician, { subscriptionId: s.subscription.id, gigabytes: "5", reason: "x" }))).toMatchObject({
      code: "forbidden",
    });
    expect(await failure(executeAction(giveTopUpAction.definition, isp.ctx.support, { subscriptionId: s.subscription.id, gigabytes: "5", reason: " " }))).toMatchObject({
      code: "validation",
      fieldErrors: { reason: ["Say why (the customer's history keeps it)"] },
    });
  });

  it("billing sells a pack on an invoice; support may not sell", async () => {
    const s = await subscriber("STAFF-2");
    const packId = await pack("50 GB add-on", "50", "399");
    const sold = await executeAction(sellTopUpAction.definition, isp.ctx.billing, { subscriptionId: s.subscription.id, packId });
    expect(sold).toMatchObject({ granted: true, data: "50 GB" });
    expect((await invoicesOf(s.customer.id)).map((i) => [i.number, i.totalCentavos])).toEqual([[sold.invoiceNumber, 39_900]]);
    expect((await view(s.subscription.id)).topUps.map((t) => [t.source, t.status])).toEqual([["staff", "granted"]]);
    expect(await failure(executeAction(sellTopUpAction.definition, isp.ctx.support, { subscriptionId: s.subscription.id, packId }))).toMatchObject({ code: "forbidden" });
  });
});

describe("changing a plan's cap", () => {
  it("judges its subscribers at once: a raised allowance releases those held at the old cap", async () => {
    process.env.RECONCILE_ON_CHANGE = "false";
    const s = await subscriber("PLAN-1");
    // Noon on the ISP's clock today: the minute an hour before stays in this cycle whatever the hour now.
    const noon = new Date(zonedInstant(todayIn(TZ, clock.now()), 12 * 60, TZ));
    await conn.db.insert(trafficPoints).values({
      tenantId: isp.tenant.id,
      routerId: s.router.id,
      subjectType: "subscription",
      subject: s.subscription.id,
      resolution: "1m",
      bucket: new Date(noon.getTime() - 60 * 60_000),
      rxBytes: 0,
      txBytes: 101 * GB,
    });
    await evaluateQuotas(conn.db, noon, { tenantId: isp.tenant.id });
    expect(await view(s.subscription.id)).toMatchObject({ level: "capped", enforced: true });

    await executeAction(updatePlanAction.definition, isp.ctx.owner, { planId: s.plan.id, plan: { ...planToFormValues(s.plan), quotaGb: "200" } });
    expect(await view(s.subscription.id)).toMatchObject({ quotaBytes: 200 * GB, level: "under", enforced: false });
  });
});
