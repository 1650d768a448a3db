import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { insertPayment, onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { invoiceLines, invoices, payments } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling, previewBilling } from "@/lib/billing/run";
import { recordPayment, refundPayment } from "@/lib/billing/payments";
import { issueCreditNote, voidInvoice, createManualInvoice } from "@/lib/billing/invoices";
import { deriveBalances, inconsistentInvoices } from "@/lib/billing/ledger";
import { runDunning } from "@/lib/billing/dunning";
import { todayIn } from "@/lib/core/calendar";
import { manualClock, withClock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

/** Receipts and credit notes are numbered in the year they are issued: today, in the ISP's zone. */
const issueYear = () => todayIn("Asia/Manila").slice(0, 4);

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

async function setup(options: { billingAnchor?: "anniversary" | "billing_day"; billingMode?: "prepaid" | "postpaid" } = {}) {
  const fixture = await createTenantFixture(conn.db);
  await conn.db
    .update(tenants)
    .set({ billingAnchor: options.billingAnchor ?? "billing_day", billingDay: 1, billingMode: options.billingMode ?? "prepaid", paymentTermsDays: 7 })
    .where(eq(tenants.id, fixture.tenant.id));
  const plan = await insertPlan(conn.db, fixture.tenant.id, { name: "Fiber 50", priceCentavos: 149_900 });
  const router = await insertRouter(conn.db, fixture.tenant.id, { port: 1, password: "x" });
  const billing = actorOf(fixture.ctx.billing);
  return { ...fixture, plan, router, billing, tenantId: fixture.tenant.id };
}

async function subscriber(env: Awaited<ReturnType<typeof setup>>, username: string, startDate: string) {
  const { customer, subscription } = await insertSubscriber(conn.db, env.tenantId, { planId: env.plan.id, routerId: env.router.id, username });
  await conn.db.update(subscriptions).set({ startDate }).where(eq(subscriptions.id, subscription.id));
  return { customer, subscription };
}

const invoicesOf = (tenantId: string) => conn.db.select().from(invoices).where(eq(invoices.tenantId, tenantId)).orderBy(asc(invoices.number));

async function expectLedgerConsistent(tenantId: string) {
  const balances = await deriveBalances(conn.db, { tenantId });
  for (const b of balances) expect(b.stored, `customer ${b.customerId}`).toBe(b.derived);
  expect(await inconsistentInvoices(conn.db, { tenantId })).toEqual([]);
}

describe("billing run", () => {
  it("invoices a mid-month activation prorated, then full months, with gap-free numbers; a rerun creates nothing", async () => {
    const env = await setup();
    const maria = await subscriber(env, "maria", "2026-10-20");
    await subscriber(env, "jose", "2026-11-01");

    const preview = await previewBilling(conn.db, { tenantId: env.tenantId, billUpTo: "2026-11-01" });
    expect(preview).toMatchObject({ invoices: 3, subscriptions: 2 });
    expect(await invoicesOf(env.tenantId)).toEqual([]);

    const first = await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    expect(first.invoicesCreated).toBe(3);
    const rows = await invoicesOf(env.tenantId);
    expect(rows.map((r) => r.number)).toEqual(["INV-2026-000001", "INV-2026-000002", "INV-2026-000003"]);
    const mariaInvoices = rows.filter((r) => r.customerId === maria.customer.id).sort((a, b) => a.periodStart!.localeCompare(b.periodStart!));
    expect(rows.map((r) => r.issueDate)).toEqual(["2026-11-01", "2026-11-01", "2026-11-01"]);
    // 12 of October's 31 days, then November in full; VAT-inclusive ₱1,499.00.
    expect(mariaInvoices.map((r) => [r.periodStart, r.periodEnd, r.totalCentavos, r.dueDate])).toEqual([
      // Issued by the Nov 1 run (the day it was made), so due a week after that.
      ["2026-10-20", "2026-10-31", 58_026, "2026-11-08"],
      ["2026-11-01", "2026-11-30", 149_900, "2026-11-08"],
    ]);
    expect(mariaInvoices[1]).toMatchObject({ vatableCentavos: 133_839, taxCentavos: 16_061, exemptCentavos: 0 });

    const again = await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    expect(again.invoicesCreated).toBe(0);
    expect(await invoicesOf(env.tenantId)).toHaveLength(3);
    await expectLedgerConsistent(env.tenantId);
  });

  it("two concurrent runs create each invoice exactly once, with no gap in the numbers", async () => {
    const env = await setup();
    for (let i = 0; i < 25; i += 1) await subscriber(env, `sub${i}`, "2026-11-01");
    const [a, b] = await Promise.all([
      runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual", batchSize: 7 }),
      runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "schedule", batchSize: 7 }),
    ]);
    expect(a.invoicesCreated + b.invoicesCreated).toBe(25);
    const rows = await invoicesOf(env.tenantId);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: 25 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, "0")}`));
    const lines = await conn.db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, env.tenantId), eq(invoiceLines.kind, "service")));
    expect(new Set(lines.map((l) => l.subscriptionId)).size).toBe(25);
    await expectLedgerConsistent(env.tenantId);
  });

  it("issues invoices the day of the run, numbered in that order, and looks ahead no further than the prepaid lead time", async () => {
    const env = await setup();
    await subscriber(env, "lito", "2026-10-01");
    // A run "up to" a far date is refused before it writes anything: it would issue next years' invoices today.
    await expect(previewBilling(conn.db, { tenantId: env.tenantId, billUpTo: "2028-02-15", now: onDay("2026-11-03") })).rejects.toMatchObject({
      code: "validation",
    });
    await expect(runBilling(conn.db, env.billing, { billUpTo: "2028-02-15", now: onDay("2026-11-03"), trigger: "manual" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { billUpTo: ["At most 2026-11-10"] },
    });
    expect(await invoicesOf(env.tenantId)).toEqual([]);
    // Catching up two months late: both invoices are dated today and numbered in today's year, in order.
    await runBilling(conn.db, env.billing, { billUpTo: "2027-01-02", now: onDay("2027-01-02"), trigger: "manual" });
    const rows = (await invoicesOf(env.tenantId)).sort((a, b) => a.number.localeCompare(b.number));
    expect(rows.map((r) => [r.number, r.issueDate, r.periodStart])).toEqual([
      ["INV-2027-000001", "2027-01-02", "2026-10-01"],
      ["INV-2027-000002", "2027-01-02", "2026-11-01"],
      ["INV-2027-000003", "2027-01-02", "2026-12-01"],
      ["INV-2027-000004", "2027-01-02", "2027-01-01"],
    ]);
  });

  it("applies credit whatever the interleaving of a billing run and overpayments, and dunning charges none of them", async () => {
    const env = await setup();
    const people = [];
    for (let i = 0; i < 12; i += 1) people.push(await subscriber(env, `race${i}`, "2026-11-01"));
    await Promise.all([
      runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual", batchSize: 5 }),
      ...people.map(({ customer }) =>
        recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 200_000, method: "gcash", receivedAt: onDay("2026-11-01") }),
      ),
    ]);
    const rows = await invoicesOf(env.tenantId);
    expect(rows).toHaveLength(12);
    // Every customer paid more than their invoice: every invoice is paid, each customer keeps ₱501.00 credit.
    expect(rows.filter((r) => r.status !== "paid").map((r) => r.number)).toEqual([]);
    await expectLedgerConsistent(env.tenantId);
    const summary = await runDunning(conn.db, { tenantId: env.tenantId, today: "2026-11-20" });
    expect(summary).toMatchObject({ lateFees: 0, reminders: 0, suspended: 0 });
  });

  it("dunning applies credit left beside an open invoice before it reminds, charges or suspends", async () => {
    const env = await setup();
    await conn.db
      .update(tenants)
      .set({ lateFeeMode: "fixed", lateFeeFixedCentavos: 10_000, lateFeeGraceDays: 0 })
      .where(eq(tenants.id, env.tenantId));
    const { customer } = await subscriber(env, "credit", "2026-11-01");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    // A payment written without being applied: what a lost race used to leave behind.
    await insertPayment(conn.db, { tenantId: env.tenantId, customerId: customer.id, amount: 200_000 });
    const summary = await runDunning(conn.db, { tenantId: env.tenantId, today: "2026-11-20" });
    expect(summary).toMatchObject({ lateFees: 0, reminders: 0, suspended: 0 });
    const [invoice] = await invoicesOf(env.tenantId);
    expect(invoice.status).toBe("paid");
    await expectLedgerConsistent(env.tenantId);
  });

  it("postpaid bills a period after it ends and a terminated subscription's last days once", async () => {
    const env = await setup({ billingMode: "postpaid" });
    const { subscription } = await subscriber(env, "ana", "2026-10-01");
    expect((await runBilling(conn.db, env.billing, { billUpTo: "2026-10-31", now: onDay("2026-10-31"), trigger: "manual" })).invoicesCreated).toBe(0);
    expect((await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" })).invoicesCreated).toBe(1);
    await conn.db.update(subscriptions).set({ status: "terminated", endDate: "2026-11-10" }).where(eq(subscriptions.id, subscription.id));
    expect((await runBilling(conn.db, env.billing, { billUpTo: "2026-11-11", now: onDay("2026-11-11"), trigger: "manual" })).invoicesCreated).toBe(1);
    const last = (await invoicesOf(env.tenantId)).at(-1)!;
    expect([last.periodStart, last.periodEnd, last.issueDate, last.totalCentavos]).toEqual(["2026-11-01", "2026-11-10", "2026-11-11", 49_967]);
    expect((await runBilling(conn.db, env.billing, { billUpTo: "2027-02-01", now: onDay("2027-02-01"), trigger: "manual" })).invoicesCreated).toBe(0);
  });
});

describe("payments and the ledger", () => {
  it("allocates oldest invoice first, keeps an overpayment as credit and applies it to the next invoice", async () => {
    const env = await setup();
    const { customer } = await subscriber(env, "pedro", "2026-10-01");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [october, november] = await invoicesOf(env.tenantId);

    const partial = await recordPayment(conn.db, env.billing, {
      customerId: customer.id,
      amountCentavos: 100_000,
      method: "gcash",
      reference: "GC-1",
    });
    expect(partial).toMatchObject({ created: true, allocatedCentavos: 100_000, creditCentavos: 0, receiptNumber: `OR-${issueYear()}-000001` });
    const over = await recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 300_000, method: "cash" });
    expect(over).toMatchObject({ allocatedCentavos: 199_800, creditCentavos: 100_200 });
    const after = await invoicesOf(env.tenantId);
    expect(after.map((i) => i.status)).toEqual(["paid", "paid"]);
    expect([october.number, november.number]).toEqual(after.map((i) => i.number));

    await runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", now: onDay("2026-12-01"), trigger: "manual" });
    const december = (await invoicesOf(env.tenantId)).at(-1)!;
    expect(december).toMatchObject({ amountPaidCentavos: 100_200, status: "open", totalCentavos: 149_900 });
    await expectLedgerConsistent(env.tenantId);
  });

  it("a backdated payment gets today's receipt number and keeps its own date; a future date is refused", async () => {
    const env = await setup();
    const { customer } = await subscriber(env, "dado", "2026-11-01");
    const backdated = await withClock(manualClock("2026-12-06T10:00:00+08:00"), () =>
      recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 50_000, method: "cash", receivedOn: "2025-06-01" }),
    );
    expect(backdated.receiptNumber).toBe("OR-2026-000001");
    const [row] = await conn.db.select().from(payments).where(eq(payments.id, backdated.paymentId));
    expect(row.receivedAt.toISOString()).toBe("2025-06-01T04:00:00.000Z"); // noon in Manila
    expect(row.createdAt.toISOString()).toBe("2026-12-06T02:00:00.000Z");
    await expect(
      withClock(manualClock("2026-12-06T10:00:00+08:00"), () =>
        recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 50_000, method: "cash", receivedOn: "2099-01-01" }),
      ),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { receivedAt: ["Today (2026-12-06) or earlier"] } });
    // Between 00:00 and 08:00 in Manila the ISP's day is already the next one: "today" is accepted.
    const early = await withClock(manualClock("2026-12-31T17:30:00Z"), () =>
      recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 10_000, method: "cash", receivedOn: "2027-01-01" }),
    );
    expect(early.receiptNumber).toBe("OR-2027-000001");
  });

  it("refuses bad payments with a clear error and writes nothing", async () => {
    const env = await setup();
    const other = await setup();
    const { customer } = await subscriber(env, "rosa", "2026-11-01");
    const { customer: stranger } = await subscriber(other, "ben", "2026-11-01");
    await runBilling(conn.db, other.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [theirs] = await invoicesOf(other.tenantId);

    await expect(recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 0, method: "cash" })).rejects.toMatchObject({
      code: "validation",
    });
    await expect(recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: -500, method: "cash" })).rejects.toMatchObject({
      code: "validation",
    });
    await expect(recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 100.5, method: "cash" })).rejects.toMatchObject({
      code: "validation",
    });
    await expect(
      recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 500, method: "cash", currency: "USD" }),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(recordPayment(conn.db, env.billing, { customerId: stranger.id, amountCentavos: 500, method: "cash" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 500, method: "cash", invoiceId: theirs.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await conn.db.select().from(payments).where(eq(payments.tenantId, env.tenantId))).toEqual([]);
    await expectLedgerConsistent(env.tenantId);
  });

  it("a double-click (two concurrent submissions with one key) records one payment", async () => {
    const env = await setup();
    const { customer } = await subscriber(env, "lito", "2026-11-01");
    const input = { customerId: customer.id, amountCentavos: 149_900, method: "gcash" as const, idempotencyKey: "form-7f3a" };
    const results = await Promise.all([recordPayment(conn.db, env.billing, input), recordPayment(conn.db, env.billing, input)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.paymentId)).size).toBe(1);
    expect(await conn.db.select().from(payments).where(eq(payments.tenantId, env.tenantId))).toHaveLength(1);
    await expectLedgerConsistent(env.tenantId);
  });

  it("voids only unpaid invoices, credits at most what is owed, refunds at most what was paid", async () => {
    const env = await setup();
    const { customer } = await subscriber(env, "nena", "2026-10-01");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [october, november] = await invoicesOf(env.tenantId);
    const paid = await recordPayment(conn.db, env.billing, {
      customerId: customer.id,
      amountCentavos: 149_900,
      method: "bank_transfer",
      invoiceId: october.id,
    });

    await expect(voidInvoice(conn.db, env.billing, { invoiceId: october.id, reason: "Duplicate" })).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("Issue a credit note instead"),
    });
    await expect(voidInvoice(conn.db, env.billing, { invoiceId: november.id, reason: "" })).rejects.toMatchObject({ code: "validation" });
    await expect(issueCreditNote(conn.db, env.billing, { invoiceId: november.id, amountCentavos: 149_901, reason: "Outage" })).rejects.toMatchObject({
      code: "validation",
    });
    const credit = await issueCreditNote(conn.db, env.billing, { invoiceId: november.id, amountCentavos: 20_000, reason: "Three-day outage" });
    expect(credit.number).toBe(`CN-${issueYear()}-000001`);
    await expect(
      refundPayment(conn.db, env.billing, { paymentId: paid.paymentId, amountCentavos: 149_901, reason: "Moved away" }),
    ).rejects.toMatchObject({ code: "validation" });
    const refund = await refundPayment(conn.db, env.billing, { paymentId: paid.paymentId, amountCentavos: 50_000, reason: "Moved away" });
    expect(refund.number).toBe(`CN-${issueYear()}-000002`);
    const [oct] = await conn.db.select().from(invoices).where(eq(invoices.id, october.id));
    expect(oct).toMatchObject({ status: "open", amountPaidCentavos: 99_900 });
    const manual = await createManualInvoice(conn.db, env.billing, {
      customerId: customer.id,
      lines: [{ description: "Installation", amountCentavos: 150_000 }],
    });
    const voided = await voidInvoice(conn.db, env.billing, { invoiceId: manual.id, reason: "Installation waived" });
    expect(voided.number).toBe(manual.number);
    await expectLedgerConsistent(env.tenantId);
  });
});

describe("webhook events", () => {
  it("the billing run queues invoice.issued for each invoice, batch by batch, with the invoice's figures", async () => {
    const env = await setup();
    for (const name of ["ana", "ben", "cora", "dan", "eli"]) await subscriber(env, name, "2026-11-01");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    expect(await queuedWebhookEvents(conn.db, env.tenantId)).toEqual([]);

    await addWebhookEndpoint(conn.db, env.tenantId, ["invoice.issued"]);
    await runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", now: onDay("2026-12-01"), trigger: "manual", batchSize: 2 });
    const december = (await invoicesOf(env.tenantId)).filter((invoice) => invoice.periodStart === "2026-12-01");
    const events = await queuedWebhookEvents(conn.db, env.tenantId, "invoice.issued");
    expect(events).toHaveLength(5);
    const [customer] = await conn.db.select().from(customers).where(eq(customers.id, december[0].customerId));
    expect(events.find((event) => event.data.id === december[0].id)?.data).toEqual({
      id: december[0].id,
      number: december[0].number,
      customerId: customer.id,
      accountNumber: customer.accountNumber,
      kind: "recurring",
      status: "open",
      currency: "PHP",
      issueDate: "2026-12-01",
      dueDate: "2026-12-08",
      periodStart: "2026-12-01",
      periodEnd: "2026-12-31",
      totalCentavos: 149_900,
      taxCentavos: 16_061,
      amountPaidCentavos: 0,
      amountDueCentavos: 149_900,
      paidAt: null,
    });
    expect(new Set(events.map((event) => event.data.id))).toEqual(new Set(december.map((invoice) => invoice.id)));
  });

  it("queues invoice.issued for a manual invoice, invoice.paid when the last centavo is in, payment.received and payment.refunded", async () => {
    const env = await setup();
    const { customer } = await subscriber(env, "pia", "2026-11-01");
    await addWebhookEndpoint(conn.db, env.tenantId);
    const manual = await createManualInvoice(conn.db, env.billing, { customerId: customer.id, lines: [{ description: "Installation", amountCentavos: 150_000 }] });
    const [issued] = await queuedWebhookEvents(conn.db, env.tenantId, "invoice.issued");
    expect(issued.data).toMatchObject({ id: manual.id, kind: "manual", status: "open", totalCentavos: 150_000, accountNumber: customer.accountNumber });

    const part = await recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 100_000, method: "gcash", reference: "GC 1" });
    expect(await queuedWebhookEvents(conn.db, env.tenantId, "invoice.paid")).toEqual([]);
    const rest = await recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 70_000, method: "cash" });
    const [paid] = await queuedWebhookEvents(conn.db, env.tenantId, "invoice.paid");
    expect(paid.data).toMatchObject({ id: manual.id, status: "paid", amountPaidCentavos: 150_000, amountDueCentavos: 0 });
    const [stored] = await conn.db.select().from(invoices).where(eq(invoices.id, manual.id));
    expect(paid.data.paidAt).toBe(stored.paidAt!.toISOString());
    const received = await queuedWebhookEvents(conn.db, env.tenantId, "payment.received");
    expect(received.map((event) => event.data.id).sort()).toEqual([part.paymentId, rest.paymentId].sort());
    expect(received.find((event) => event.data.id === rest.paymentId)?.data).toMatchObject({
      receiptNumber: rest.receiptNumber,
      customerId: customer.id,
      accountNumber: customer.accountNumber,
      amountCentavos: 70_000,
      currency: "PHP",
      method: "cash",
      gateway: "manual",
      allocatedCentavos: 50_000,
      creditCentavos: 20_000,
    });

    const refund = await refundPayment(conn.db, env.billing, { paymentId: rest.paymentId, amountCentavos: 30_000, reason: "Overpaid" });
    const [refunded] = await queuedWebhookEvents(conn.db, env.tenantId, "payment.refunded");
    expect(refunded.data).toMatchObject({
      id: rest.paymentId,
      refundCentavos: 30_000,
      refundedCentavos: 30_000,
      creditNoteId: refund.creditNoteId,
      creditNoteNumber: refund.number,
      reason: "Overpaid",
      currency: "PHP",
    });
    // A payment refused for bad input queues nothing.
    await expect(recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 0, method: "cash" })).rejects.toMatchObject({ code: "validation" });
    expect(await queuedWebhookEvents(conn.db, env.tenantId, "payment.received")).toHaveLength(2);
  });
});
