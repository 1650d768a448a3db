import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { creditNotes, invoiceLines, invoices } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "@/lib/billing/run";
import { changePlan } from "@/lib/billing/plan-change";
import { terminateSubscription } from "@/lib/billing/termination";
import { deriveBalances } from "@/lib/billing/ledger";
import { reactivateSubscriptions, suspendSubscriptions } from "@/lib/provisioning/suspension";
import { manualClock, withClock } from "@/lib/core/clock";
import { runDunning } from "@/lib/billing/dunning";
import { recordPayment } from "@/lib/billing/payments";
import type { Connection } from "@/lib/db/connect";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

async function setup(billingMode: "prepaid" | "postpaid") {
  const fixture = await createTenantFixture(conn.db);
  await conn.db
    .update(tenants)
    .set({ billingAnchor: "billing_day", billingDay: 1, billingMode, paymentTermsDays: 7 })
    .where(eq(tenants.id, fixture.tenant.id));
  const fiber50 = await insertPlan(conn.db, fixture.tenant.id, { name: "Fiber 50", priceCentavos: 99_900 });
  const fiber100 = await insertPlan(conn.db, fixture.tenant.id, { name: "Fiber 100", priceCentavos: 149_900 });
  const router = await insertRouter(conn.db, fixture.tenant.id, { port: 1, password: "x" });
  const { customer, subscription } = await insertSubscriber(conn.db, fixture.tenant.id, {
    planId: fiber50.id,
    routerId: router.id,
    username: `pc${fixture.tenant.id.slice(0, 6)}`,
  });
  await conn.db.update(subscriptions).set({ startDate: "2026-11-01", billedThrough: null }).where(eq(subscriptions.id, subscription.id));
  const billing = actorOf(fixture.ctx.billing);
  return { ...fixture, fiber50, fiber100, customer, subscription, billing };
}

const linesOf = (tenantId: string, invoiceNumber: string | null) =>
  conn.db
    .select({ kind: invoiceLines.kind, amount: invoiceLines.amountCentavos })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.number, invoiceNumber ?? "")))
    .orderBy(asc(invoiceLines.sortOrder));

describe("changing plan mid-period", () => {
  it("prepaid upgrade: credits the unused old plan and charges the new one for the same days", async () => {
    const env = await setup("prepaid");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    await addWebhookEndpoint(conn.db, env.tenant.id, ["invoice.issued"]);
    const result = await changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: env.fiber100.id, today: "2026-11-16" });
    expect(result.invoiceNumber).toMatch(/^INV-2026-/);
    const [issued] = await queuedWebhookEvents(conn.db, env.tenant.id, "invoice.issued");
    expect(issued.data).toMatchObject({ number: result.invoiceNumber, kind: "adjustment", totalCentavos: 25_000, status: "open" });
    // 15 of November's 30 days: −₱499.50 + ₱749.50.
    expect(await linesOf(env.tenant.id, result.invoiceNumber)).toEqual([
      { kind: "proration_credit", amount: -49_950 },
      { kind: "proration_charge", amount: 74_950 },
    ]);
    const [sub] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id));
    expect(sub).toMatchObject({ planId: env.fiber100.id, billedThrough: "2026-11-30", provisionState: "pending" });
    // December bills the new plan in full.
    await runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", now: onDay("2026-12-01"), trigger: "manual" });
    const [december] = await conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, env.tenant.id), eq(invoices.periodStart, "2026-12-01")));
    expect(december.totalCentavos).toBe(149_900);
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenant.id })) expect(b.stored).toBe(b.derived);
  });

  it("prepaid downgrade: the difference becomes a credit note applied to what is owed", async () => {
    const env = await setup("prepaid");
    await conn.db.update(subscriptions).set({ planId: env.fiber100.id }).where(eq(subscriptions.id, env.subscription.id));
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const result = await changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: env.fiber50.id, today: "2026-11-16" });
    expect(result).toMatchObject({ invoiceNumber: null, creditNoteNumber: expect.stringMatching(/^CN-2026-/), creditCentavos: 25_000 });
    const [note] = await conn.db.select().from(creditNotes).where(eq(creditNotes.tenantId, env.tenant.id));
    expect(note).toMatchObject({ kind: "credit", amountCentavos: 25_000, allocatedCentavos: 25_000 });
    const [november] = await conn.db.select().from(invoices).where(eq(invoices.tenantId, env.tenant.id));
    expect(november.amountPaidCentavos).toBe(25_000);
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenant.id })) expect(b.stored).toBe(b.derived);
  });

  it("postpaid: invoices the old plan's days now and prorates the new plan from the change", async () => {
    const env = await setup("postpaid");
    const result = await changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: env.fiber100.id, today: "2026-11-11" });
    expect(await linesOf(env.tenant.id, result.invoiceNumber)).toEqual([{ kind: "proration_charge", amount: 33_300 }]);
    await runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", now: onDay("2026-12-01"), trigger: "manual" });
    const [rest] = await conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, env.tenant.id), eq(invoices.periodStart, "2026-11-11")));
    // 20 of 30 days of ₱1,499.
    expect(rest).toMatchObject({ periodEnd: "2026-11-30", totalCentavos: 99_933 });
  });

  it("refuses the same plan, another tenant's plan, and an ended subscription", async () => {
    const env = await setup("prepaid");
    const other = await setup("prepaid");
    await expect(
      changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: env.fiber50.id, today: "2026-11-16" }),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(
      changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: other.fiber100.id, today: "2026-11-16" }),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(changePlan(conn.db, other.billing, { subscriptionId: env.subscription.id, planId: other.fiber100.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("ending a subscription", () => {
  it("credits prepaid days after today and stops billing; ending it twice is refused", async () => {
    const env = await setup("prepaid");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const ended = await terminateSubscription(conn.db, env.billing, {
      subscriptionId: env.subscription.id,
      reason: "Moving to Manila",
      today: "2026-11-20",
    });
    // 10 unused days of 30 at ₱999.
    expect(ended).toMatchObject({ creditNoteNumber: expect.stringMatching(/^CN-2026-/), creditCentavos: 33_300 });
    const [sub] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id));
    expect(sub).toMatchObject({ status: "terminated", endDate: "2026-11-20", billedThrough: "2026-11-20" });
    expect((await runBilling(conn.db, env.billing, { billUpTo: "2027-01-01", now: onDay("2027-01-01"), trigger: "manual" })).invoicesCreated).toBe(0);
    await expect(terminateSubscription(conn.db, env.billing, { subscriptionId: env.subscription.id, reason: "Again" })).rejects.toMatchObject({
      code: "conflict",
    });
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenant.id })) expect(b.stored).toBe(b.derived);
  });
});

describe("suspension and billing", () => {
  /** Runs `fn` with the clock at 10:00 on `date` in Manila: suspensions, payments and runs happen that day. */
  const on = <T>(date: string, fn: () => Promise<T>) => withClock(manualClock(`${date}T10:00:00+08:00`), fn);

  it("postpaid: the days used before a suspension are billed, the days suspended are not", async () => {
    const env = await setup("postpaid");
    await conn.db.update(tenants).set({ suspendAfterDays: 5 }).where(eq(tenants.id, env.tenant.id));
    await conn.db.update(subscriptions).set({ startDate: "2026-10-01" }).where(eq(subscriptions.id, env.subscription.id));
    await on("2026-11-01", () => runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", trigger: "manual" }));
    const [october] = await conn.db.select().from(invoices).where(eq(invoices.tenantId, env.tenant.id));
    expect([october.periodStart, october.periodEnd, october.issueDate, october.dueDate]).toEqual([
      "2026-10-01",
      "2026-10-31",
      "2026-11-01",
      "2026-11-08",
    ]);
    await on("2026-11-13", () => runDunning(conn.db, { tenantId: env.tenant.id }));
    expect((await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id)))[0].status).toBe("suspended");
    const paid = await on("2026-11-20", () =>
      recordPayment(conn.db, env.billing, { customerId: env.customer.id, amountCentavos: october.totalCentavos, method: "gcash" }),
    );
    expect(paid.reactivated).toBe(1);
    await on("2026-12-01", () => runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", trigger: "manual" }));
    const [november] = await conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, env.tenant.id), eq(invoices.periodStart, "2026-11-01")));
    // Nov 1–12 and 20–30 were used (23 days); Nov 13–19 were suspended.
    expect([november.periodStart, november.periodEnd, november.issueDate]).toEqual(["2026-11-01", "2026-11-30", "2026-12-01"]);
    const [line] = await conn.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, november.id));
    expect(line.amountCentavos).toBe(76_590);
    expect(line.description).toContain("23 of 30 days (7 suspended)");
  });

  it("postpaid: a subscription still suspended is billed for the days it used before", async () => {
    const env = await setup("postpaid");
    await on("2026-11-11", () => suspendSubscriptions(conn.db, env.billing, { subscriptionIds: [env.subscription.id], reason: "Moving house" }));
    await on("2026-12-01", () => runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", trigger: "manual" }));
    const [line] = await conn.db
      .select({ amount: invoiceLines.amountCentavos })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(eq(invoices.tenantId, env.tenant.id));
    expect(line.amount).toBe(33_300); // Nov 1–10 of 30 days
    // December, all suspended, invoices nothing and is not billed again later.
    await on("2027-01-01", () => runBilling(conn.db, env.billing, { billUpTo: "2027-01-01", trigger: "manual" }));
    expect(await conn.db.select().from(invoices).where(eq(invoices.tenantId, env.tenant.id))).toHaveLength(1);
    expect((await conn.db.select().from(subscriptions).where(eq(subscriptions.id, env.subscription.id)))[0].billedThrough).toBe("2026-12-31");
  });

  it("prepaid: a suspended subscription waits, and on reactivation its period is billed without the suspended days", async () => {
    const env = await setup("prepaid");
    await on("2026-11-01", () => runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", trigger: "manual" }));
    await on("2026-11-25", () => suspendSubscriptions(conn.db, env.billing, { subscriptionIds: [env.subscription.id], reason: "Vacation hold" }));
    expect((await on("2026-12-01", () => runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", trigger: "manual" }))).invoicesCreated).toBe(0);
    await on("2026-12-11", () => reactivateSubscriptions(conn.db, env.billing, { subscriptionIds: [env.subscription.id], reason: "Back home" }));
    await on("2026-12-11", () => runBilling(conn.db, env.billing, { billUpTo: "2026-12-11", trigger: "manual" }));
    const [december] = await conn.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, env.tenant.id), eq(invoices.periodStart, "2026-12-01")));
    expect(december.issueDate).toBe("2026-12-11");
    const [line] = await conn.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, december.id));
    expect(line.amountCentavos).toBe(67_674); // Dec 11–31: 21 of 31 days
    expect(line.description).toContain("21 of 31 days (10 suspended)");
  });
});
