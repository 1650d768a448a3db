import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, ne } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { executeAction } from "@/lib/core/action";
import { dunningEvents, invoiceLines, invoices } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { sentEmails } from "@/lib/mail/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { sendDueNotifications } from "@/lib/notify/outbox";
import { runBilling } from "@/lib/billing/run";
import { runDunning } from "@/lib/billing/dunning";
import { recordPaymentAction, waiveLateFeeAction } from "@/lib/billing/actions/money";
import { deriveBalances } from "@/lib/billing/ledger";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { releaseRouter } from "@/lib/routers/access";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import type { Connection } from "@/lib/db/connect";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

let conn: Connection;
/** The router of the latest setup(): each tenant's router is its own device (one record per device). */
let sim: RunningSimulator;
const sims: RunningSimulator[] = [];
const routerIds: string[] = [];
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  for (const id of routerIds) await releaseRouter(id);
  await Promise.all(sims.map((s) => s.stop()));
  await conn?.close();
});

async function setup() {
  const fixture = await createTenantFixture(conn.db);
  await conn.db
    .update(tenants)
    .set({
      billingAnchor: "billing_day",
      billingDay: 1,
      paymentTermsDays: 7,
      reminderDaysBefore: 3,
      reminderDaysAfter: 2,
      suspendAfterDays: 5,
      lateFeeMode: "fixed",
      lateFeeFixedCentavos: 10_000,
      lateFeeGraceDays: 3,
      lateFeeRecurrence: "monthly",
      lateFeeCapCentavos: 15_000,
    })
    .where(eq(tenants.id, fixture.tenant.id));
  const plan = await insertPlan(conn.db, fixture.tenant.id, { name: `Fiber ${fixture.tenant.id.slice(0, 4)}`, priceCentavos: 149_900 });
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  sims.push(sim);
  const router = await insertRouter(conn.db, fixture.tenant.id, { port: sim.port, password: "s3cret" });
  routerIds.push(router.id);
  const username = `dn${fixture.tenant.id.slice(0, 6)}`;
  const { customer, subscription } = await insertSubscriber(conn.db, fixture.tenant.id, { planId: plan.id, routerId: router.id, username });
  await conn.db
    .update(customers)
    .set({ email: `${username}@example.test` })
    .where(eq(customers.id, customer.id));
  await conn.db.update(subscriptions).set({ startDate: "2026-11-01" }).where(eq(subscriptions.id, subscription.id));
  await reconcileRouter(conn.db, { tenantId: fixture.tenant.id, routerId: router.id, trigger: "manual" });
  await runBilling(conn.db, actorOf(fixture.ctx.billing), { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
  const [invoice] = await conn.db.select().from(invoices).where(eq(invoices.tenantId, fixture.tenant.id));
  expect(invoice.dueDate).toBe("2026-11-08");
  return { ...fixture, plan, router, customer, subscription, invoice, username };
}

/** Dunning emails to the customer in the order they were queued, once the outbox sender has run; each must be in the mailbox. */
async function dunningEmailsTo(customerId: string) {
  await sendDueNotifications(conn.db);
  const queued = await conn.db
    .select({ subject: notificationOutbox.subject, status: notificationOutbox.status, recipient: notificationOutbox.recipient })
    .from(notificationOutbox)
    .where(
      and(eq(notificationOutbox.customerId, customerId), eq(notificationOutbox.channel, "email"), ne(notificationOutbox.event, "invoice_issued")),
    )
    .orderBy(asc(notificationOutbox.createdAt));
  for (const message of queued) {
    expect(message.status).toBe("sent");
    const mailbox = await conn.db
      .select()
      .from(sentEmails)
      .where(and(eq(sentEmails.to, message.recipient), eq(sentEmails.subject, message.subject)));
    expect(mailbox).toHaveLength(1);
  }
  return queued.map((m) => m.subject);
}

describe("dunning", () => {
  it("reminds once before, on and after the due date, whatever how often it runs", async () => {
    const env = await setup();
    for (const today of ["2026-11-04", "2026-11-05", "2026-11-05", "2026-11-08", "2026-11-08", "2026-11-10", "2026-11-11"])
      await runDunning(conn.db, { tenantId: env.tenant.id, today });
    expect(await dunningEmailsTo(env.customer.id)).toEqual([
      `Reminder: invoice ${env.invoice.number} is due on Nov 8, 2026`,
      `Reminder: invoice ${env.invoice.number} is due today`,
      `Overdue: invoice ${env.invoice.number}`,
    ]);
  });

  it("marks an invoice overdue once, from the day after its due date, and tells the ISP's webhook endpoints", async () => {
    const env = await setup();
    await addWebhookEndpoint(conn.db, env.tenant.id, ["invoice.overdue"]);
    for (const today of ["2026-11-07", "2026-11-08"]) await runDunning(conn.db, { tenantId: env.tenant.id, today });
    expect(await queuedWebhookEvents(conn.db, env.tenant.id)).toEqual([]);
    for (const today of ["2026-11-09", "2026-11-09", "2026-11-10"]) await runDunning(conn.db, { tenantId: env.tenant.id, today });
    const events = await queuedWebhookEvents(conn.db, env.tenant.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "invoice.overdue",
      data: { id: env.invoice.id, number: env.invoice.number, customerId: env.customer.id, status: "open", dueDate: "2026-11-08", amountDueCentavos: 149_900 },
    });
  });

  it("adds late fees after the grace days, monthly, up to the cap; a fee can be waived with a reason", async () => {
    const env = await setup();
    await runDunning(conn.db, { tenantId: env.tenant.id, today: "2026-11-11" });
    expect(
      (
        await conn.db
          .select()
          .from(invoiceLines)
          .where(and(eq(invoiceLines.invoiceId, env.invoice.id), eq(invoiceLines.kind, "late_fee")))
      ).length,
    ).toBe(0);
    await runDunning(conn.db, { tenantId: env.tenant.id, today: "2026-11-12" });
    await runDunning(conn.db, { tenantId: env.tenant.id, today: "2026-11-12" });
    await runDunning(conn.db, { tenantId: env.tenant.id, today: "2026-12-12" });
    await runDunning(conn.db, { tenantId: env.tenant.id, today: "2027-01-12" });
    const fees = await conn.db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.invoiceId, env.invoice.id), eq(invoiceLines.kind, "late_fee")))
      .orderBy(asc(invoiceLines.lateFeeSeq));
    expect(fees.map((f) => f.amountCentavos)).toEqual([10_000, 5_000]);
    const [withFees] = await conn.db.select().from(invoices).where(eq(invoices.id, env.invoice.id));
    expect(withFees.totalCentavos).toBe(164_900);

    await expect(executeAction(waiveLateFeeAction.definition, env.ctx.support, { lineId: fees[0].id, reason: "Goodwill" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await executeAction(waiveLateFeeAction.definition, env.ctx.billing, { lineId: fees[0].id, reason: "First time late" });
    const [waived] = await conn.db.select().from(invoices).where(eq(invoices.id, env.invoice.id));
    expect(waived.totalCentavos).toBe(154_900);
    const [balance] = await deriveBalances(conn.db, { tenantId: env.tenant.id });
    expect(balance.stored).toBe(balance.derived);
    expect(balance.stored).toBe(154_900);
  });

  it.each`
    pricing            | taxInclusive | fee      | vat    | pays
    ${"VAT-exclusive"} | ${false}     | ${4_464} | ${536} | ${5_000}
    ${"VAT-inclusive"} | ${true}      | ${4_464} | ${536} | ${5_000}
  `("a 5% late fee capped at ₱50 costs the customer ₱50 with VAT on a $pricing tenant", async ({ taxInclusive, fee, vat, pays }) => {
    const env = await setup();
    await conn.db
      .update(tenants)
      .set({ taxInclusive, vatRateBps: 1200, lateFeeMode: "percent", lateFeeBps: 500, lateFeeCapCentavos: 5_000 })
      .where(eq(tenants.id, env.tenant.id));
    for (const today of ["2026-11-12", "2026-12-12", "2027-01-12"]) await runDunning(conn.db, { tenantId: env.tenant.id, today });
    const fees = await conn.db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.invoiceId, env.invoice.id), eq(invoiceLines.kind, "late_fee")));
    expect(fees.map((f) => ({ net: f.netCentavos, vat: f.taxCentavos, total: f.totalCentavos }))).toEqual([{ net: fee, vat, total: pays }]);
    const [withFee] = await conn.db.select().from(invoices).where(eq(invoices.id, env.invoice.id));
    expect(withFee.totalCentavos - env.invoice.totalCentavos).toBe(pays);
  });

  it("suspends on the router after the grace period and a payment that clears it reactivates at once", async () => {
    const env = await setup();
    const secret = () => findRowByName(sim.state, "ppp/secret", env.username)?.props;
    const planProfile = secret()?.profile;
    expect(planProfile).toMatch(/^ns-/);

    const early = await runDunning(conn.db, { tenantId: env.tenant.id, today: "2026-11-12" });
    expect(early.suspended).toBe(0);
    const late = await runDunning(conn.db, { tenantId: env.tenant.id, today: "2026-11-13" });
    expect(late.suspended).toBe(1);
    const [suspended] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id));
    expect(suspended).toMatchObject({ status: "suspended", suspensionSource: "nonpayment" });
    expect(secret()?.profile).toBe("netsphere-isolir");
    expect(await dunningEmailsTo(env.customer.id)).toContain(`Service suspended: invoice ${env.invoice.number} is overdue`);
    const events = await conn.db.select().from(dunningEvents).where(eq(dunningEvents.invoiceId, env.invoice.id));
    expect(events.filter((e) => e.kind === "suspended")).toHaveLength(1);

    // Part payment leaves it overdue: still suspended.
    const part = await executeAction(recordPaymentAction.definition, env.ctx.billing, {
      customerId: env.customer.id,
      invoiceId: "",
      amount: "1,000.00",
      method: "gcash",
      reference: "GC 1234 5678",
      receivedAt: "",
      notes: "",
      idempotencyKey: "part-payment-1",
    });
    expect(part).toMatchObject({ created: true, reactivated: 0 });
    expect(secret()?.profile).toBe("netsphere-isolir");

    const rest = await executeAction(recordPaymentAction.definition, env.ctx.billing, {
      customerId: env.customer.id,
      invoiceId: env.invoice.id,
      // ₱1,499 + the ₱100 late fee added on Nov 12, less the ₱1,000 already paid.
      amount: "599.00",
      method: "cash",
      reference: "",
      receivedAt: "",
      notes: "",
      idempotencyKey: "rest-payment-1",
    });
    expect(rest).toMatchObject({ created: true, reactivated: 1 });
    expect(rest.reactivationMs).toBeLessThan(2000);
    expect(secret()?.profile).toBe(planProfile);
    const [back] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id));
    expect(back).toMatchObject({ status: "active", suspensionSource: null });
    // The customer hears about each step: the invoice, the suspension, both receipts and service being back.
    const notices = await conn.db
      .select({ event: notificationOutbox.event })
      .from(notificationOutbox)
      .where(eq(notificationOutbox.customerId, env.customer.id))
      .orderBy(asc(notificationOutbox.createdAt));
    expect(notices.map((e) => e.event)).toEqual(["invoice_issued", "overdue", "suspension", "payment_received", "payment_received", "reactivation"]);
  });

  it("never lifts a manual suspension on payment", async () => {
    const env = await setup();
    await conn.db
      .update(subscriptions)
      .set({ status: "suspended", suspensionSource: "manual", suspendedReason: "Violation of terms" })
      .where(eq(subscriptions.id, env.subscription.id));
    const paid = await executeAction(recordPaymentAction.definition, env.ctx.billing, {
      customerId: env.customer.id,
      invoiceId: "",
      amount: "1499",
      method: "maya",
      reference: "",
      receivedAt: "",
      notes: "",
      idempotencyKey: "manual-susp-1",
    });
    expect(paid.reactivated).toBe(0);
    const [still] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id));
    expect(still.status).toBe("suspended");
  });
});
