import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { auditLog } from "@/lib/audit/schema";
import { invoices, payments } from "@/lib/billing/schema";
import { paymentRequests, webhookEvents } from "@/lib/payments/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { formatMoney } from "@/lib/core/money";
import { executeAction } from "@/lib/core/action";
import { createCheckoutAction } from "@/lib/payments/actions/create-checkout";
import { startCheckout } from "@/lib/payments/checkout";
import { handleStripeWebhook } from "@/lib/payments/stripe-webhook";
import { createTestDatabase } from "@/tests/support/db";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { insertPayment } from "@/tests/support/billing";
import { enableStripe, tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let fake: Awaited<ReturnType<typeof startFakeStripe>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  fake = await startFakeStripe({ secretKey: "sk_test_fake1" });
});
afterAll(async () => {
  await fake?.stop();
  await conn?.close();
});

/** A tenant whose Stripe gateway talks to the fake, with one Checkout Session started for its invoice. */
async function tenantWithSession() {
  const setup = await tenantWithInvoice(conn.db);
  const keys = await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url });
  const checkout = await startCheckout(conn.db, { tenantId: setup.tenant.id, customerId: setup.customer.id, invoiceId: setup.invoice.id, method: "card" });
  return { ...setup, keys, checkout };
}

function completedEvent(
  sessionId: string,
  { amount = 149_900, currency = "php", eventId = `evt_${randomUUID().replaceAll("-", "")}`, type = "checkout.session.completed" } = {},
) {
  return JSON.stringify({
    id: eventId,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    data: {
      object: {
        id: sessionId,
        object: "checkout.session",
        status: "complete",
        payment_status: "paid",
        amount_total: amount,
        currency,
        payment_intent: "pi_test_123",
      },
    },
  });
}

const deliver = (tenantId: string, payload: string, secret: string) =>
  handleStripeWebhook(conn.db, { tenantId, payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) });

async function paymentsOf(tenantId: string) {
  return conn.db.select().from(payments).where(eq(payments.tenantId, tenantId));
}
async function countRows() {
  const n = async (table: typeof payments | typeof webhookEvents | typeof auditLog) =>
    (await conn.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;
  return { payments: await n(payments), events: await n(webhookEvents), audit: await n(auditLog) };
}

describe("Stripe Checkout", () => {
  it("starts a session for what is still owed, in the tenant's currency, and remembers it", async () => {
    const setup = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url });
    await insertPayment(conn.db, {
      tenantId: setup.tenant.id,
      customerId: setup.customer.id,
      amount: 49_900,
      allocateTo: [{ invoiceId: setup.invoice.id, amount: 49_900 }],
    });
    const before = fake.requests.length;

    const result = await startCheckout(conn.db, { tenantId: setup.tenant.id, customerId: setup.customer.id, invoiceId: setup.invoice.id, method: "card" });

    const sent = fake.requests.slice(before).find((r) => r.path === "/v1/checkout/sessions")!;
    expect(sent.authorization).toBe("Bearer sk_test_fake1");
    expect(sent.form.get("mode")).toBe("payment");
    expect(sent.form.get("line_items[0][price_data][currency]")).toBe("php");
    expect(sent.form.get("line_items[0][price_data][unit_amount]")).toBe("100000");
    expect(sent.form.get("line_items[0][price_data][product_data][name]")).toBe(`Invoice ${setup.invoice.number}`);
    expect(sent.form.get("client_reference_id")).toBe(setup.invoice.id);
    expect(sent.form.get("metadata[tenantId]")).toBe(setup.tenant.id);
    expect(sent.form.get("metadata[customerId]")).toBe(setup.customer.id);
    expect(sent.form.get("metadata[invoiceId]")).toBe(setup.invoice.id);
    expect(sent.form.get("success_url")).toMatch(/^http:\/\/localhost:3000\/pay\/status\/[A-Za-z0-9_-]{86}$/);
    expect(sent.form.get("cancel_url")).toMatch(/^http:\/\/localhost:3000\/pay\/[A-Za-z0-9_-]{86}\?cancelled=1$/);

    expect(result.url).toBe(`https://checkout.stripe.test/c/pay/${result.externalId}`);
    const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.externalId, result.externalId));
    expect(request).toMatchObject({
      tenantId: setup.tenant.id,
      customerId: setup.customer.id,
      invoiceId: setup.invoice.id,
      provider: "stripe",
      amountCentavos: 100_000,
      currency: "PHP",
      status: "pending",
    });
  });

  it("a ₫150,000 invoice is sent as 150000 đồng (VND has no minor unit) and its payment recorded as ₫150,000", async () => {
    const setup = await tenantWithInvoice(conn.db, { amount: 150_000_00 });
    await conn.db.update(tenants).set({ currency: "VND" }).where(eq(tenants.id, setup.tenant.id));
    await conn.db.update(invoices).set({ currency: "VND" }).where(eq(invoices.id, setup.invoice.id));
    const keys = await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url });
    const before = fake.requests.length;

    const checkout = await startCheckout(conn.db, { tenantId: setup.tenant.id, customerId: setup.customer.id, invoiceId: setup.invoice.id, method: "card" });

    const sent = fake.requests.slice(before).find((r) => r.path === "/v1/checkout/sessions")!;
    expect(sent.form.get("line_items[0][price_data][currency]")).toBe("vnd");
    expect(sent.form.get("line_items[0][price_data][unit_amount]")).toBe("150000");
    const reply = await deliver(setup.tenant.id, completedEvent(checkout.externalId, { amount: 150_000, currency: "vnd" }), keys.webhookSigningSecret);
    expect(reply.body).toMatchObject({ outcome: "recorded" });
    const [payment] = await paymentsOf(setup.tenant.id);
    expect(payment).toMatchObject({ amountCentavos: 150_000_00, currency: "VND" });
    expect(formatMoney(payment.amountCentavos, payment.currency)).toBe("₫150,000");
    const [paid] = await conn.db.select().from(invoices).where(eq(invoices.id, setup.invoice.id));
    expect(paid).toMatchObject({ status: "paid", amountPaidCentavos: 150_000_00 });
  });

  it("staff get the pay link and a Stripe checkout link for an invoice", async () => {
    const setup = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url });
    const plain = await executeAction(createCheckoutAction.definition, setup.ctx.billing, { invoiceId: setup.invoice.id });
    expect(plain).toEqual({ payLink: expect.stringMatching(/^http:\/\/localhost:3000\/pay\/[A-Za-z0-9_-]{86}$/), checkoutUrl: null });
    const withStripe = await executeAction(createCheckoutAction.definition, setup.ctx.billing, { invoiceId: setup.invoice.id, method: "card" });
    expect(withStripe.checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    await expect(executeAction(createCheckoutAction.definition, setup.ctx.technician, { invoiceId: setup.invoice.id })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("refuses an invoice of another tenant, a paid invoice and a switched-off gateway", async () => {
    const a = await tenantWithInvoice(conn.db);
    const b = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, a.ctx.billing, { apiBaseUrl: fake.url });
    await expect(
      executeAction(createCheckoutAction.definition, a.ctx.billing, { invoiceId: b.invoice.id, method: "card" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(startCheckout(conn.db, { tenantId: b.tenant.id, customerId: b.customer.id, invoiceId: b.invoice.id, method: "card" })).rejects.toMatchObject({
      code: "conflict",
    });
    await insertPayment(conn.db, {
      tenantId: a.tenant.id,
      customerId: a.customer.id,
      amount: 149_900,
      allocateTo: [{ invoiceId: a.invoice.id, amount: 149_900 }],
    });
    await expect(startCheckout(conn.db, { tenantId: a.tenant.id, customerId: a.customer.id, invoiceId: a.invoice.id, method: "card" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/already paid/),
    });
  });

  it("a rejected secret key is a payment_failed message, not a crash", async () => {
    const setup = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url, n: "2" });
    await expect(
      startCheckout(conn.db, { tenantId: setup.tenant.id, customerId: setup.customer.id, invoiceId: setup.invoice.id, method: "card" }),
    ).rejects.toMatchObject({
      code: "payment_failed",
      message: expect.stringMatching(/refused the saved secret key/),
    });
    expect(await conn.db.select().from(paymentRequests).where(eq(paymentRequests.tenantId, setup.tenant.id))).toEqual([]);
  });
});

describe("Stripe webhook", () => {
  it("a paid Checkout Session records one payment with a receipt number and pays the invoice", async () => {
    const { tenant, customer, invoice, keys, checkout } = await tenantWithSession();
    const reply = await deliver(tenant.id, completedEvent(checkout.externalId), keys.webhookSigningSecret);

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ ok: true, outcome: "recorded", receiptNumber: expect.stringMatching(/^OR-\d{4}-000001$/) });
    const [payment] = await paymentsOf(tenant.id);
    expect(payment).toMatchObject({
      customerId: customer.id,
      amountCentavos: 149_900,
      currency: "PHP",
      method: "card",
      gateway: "stripe",
      reference: "pi_test_123",
      recordedBy: null,
    });
    const [paid] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(paid).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
    const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.externalId, checkout.externalId));
    expect(request).toMatchObject({ status: "completed", paymentId: payment.id });
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "payment.recorded")));
    expect(audit.actorLabel).toBe("Stripe");
  });

  it("a replayed event answers duplicate and writes nothing", async () => {
    const { tenant, keys, checkout } = await tenantWithSession();
    const payload = completedEvent(checkout.externalId);
    await deliver(tenant.id, payload, keys.webhookSigningSecret);
    const before = await countRows();

    const replay = await deliver(tenant.id, payload, keys.webhookSigningSecret);

    expect(replay).toEqual({ status: 200, body: { ok: true, outcome: "duplicate" } });
    expect(await countRows()).toEqual(before);
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it("the same event delivered twice at once is still one payment", async () => {
    const { tenant, keys, checkout } = await tenantWithSession();
    const payload = completedEvent(checkout.externalId);
    const replies = await Promise.all(Array.from({ length: 4 }, () => deliver(tenant.id, payload, keys.webhookSigningSecret)));
    expect(replies.map((r) => r.body.outcome).sort()).toEqual(["duplicate", "duplicate", "duplicate", "recorded"]);
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it.each([
    ["checkout.session.completed", "checkout.session.async_payment_succeeded"],
    ["checkout.session.completed", "checkout.session.completed"],
  ])("%s and %s for one Checkout Session, delivered at once, are one payment", async (first, second) => {
    const { tenant, invoice, keys, checkout } = await tenantWithSession();
    const replies = await Promise.all(
      [first, second].map((type) => deliver(tenant.id, completedEvent(checkout.externalId, { type }), keys.webhookSigningSecret)),
    );

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.body.outcome).sort()).toEqual(["already_recorded", "recorded"]);
    const recorded = await paymentsOf(tenant.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ amountCentavos: 149_900, gateway: "stripe", gatewayPaymentId: checkout.externalId });
    expect(new Set(replies.map((r) => r.body.receiptNumber))).toEqual(new Set([recorded[0].receiptNumber]));
    const [paid] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(paid).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
    const [customer] = await conn.db.select({ balance: customers.balanceCentavos }).from(customers).where(eq(customers.tenantId, tenant.id));
    expect(customer.balance).toBe(0);
  });

  it("a bad or missing signature is a 400 and nothing is written", async () => {
    const { tenant, checkout } = await tenantWithSession();
    const other = await tenantWithInvoice(conn.db);
    const otherKeys = await enableStripe(conn.db, other.ctx.billing, { n: "3" });
    const payload = completedEvent(checkout.externalId);
    const before = await countRows();

    const forged = await deliver(tenant.id, payload, "whsec_notTheSecret");
    const missing = await handleStripeWebhook(conn.db, { tenantId: tenant.id, payload, signature: null });
    const otherTenantsSecret = await deliver(tenant.id, payload, otherKeys.webhookSigningSecret);
    const valid = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_fakeSigning1" });
    const alteredBody = await handleStripeWebhook(conn.db, { tenantId: tenant.id, payload: payload.replace("149900", "1"), signature: valid });

    for (const reply of [forged, missing, otherTenantsSecret, alteredBody]) {
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ ok: false, code: "validation" });
    }
    expect(await countRows()).toEqual(before);
  });

  it("an unknown tenant id or one without Stripe is a 404", async () => {
    const plain = await tenantWithInvoice(conn.db);
    const payload = completedEvent("cs_test_x");
    expect((await deliver("not-a-uuid", payload, "whsec_x")).status).toBe(404);
    expect((await deliver(plain.tenant.id, payload, "whsec_x")).status).toBe(404);
  });

  it("a session we did not create is acknowledged as ignored, and only that is recorded", async () => {
    const { tenant, keys } = await tenantWithSession();
    const before = await countRows();
    const eventId = `evt_unknown_${randomUUID().slice(0, 8)}`;

    const reply = await deliver(tenant.id, completedEvent("cs_test_not_ours", { eventId }), keys.webhookSigningSecret);

    expect(reply).toMatchObject({ status: 200, body: { ok: true, outcome: "ignored" } });
    const [event] = await conn.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, `${tenant.id}:${eventId}`));
    expect(event).toMatchObject({ provider: "stripe", tenantId: tenant.id, outcome: "ignored" });
    expect(await countRows()).toEqual({ ...before, events: before.events + 1 });
  });

  it("another tenant's session, signed with this tenant's secret, is ignored", async () => {
    const a = await tenantWithSession();
    const b = await tenantWithInvoice(conn.db);
    const bKeys = await enableStripe(conn.db, b.ctx.billing, { n: "4" });
    const reply = await deliver(b.tenant.id, completedEvent(a.checkout.externalId), bKeys.webhookSigningSecret);
    expect(reply.body.outcome).toBe("ignored");
    expect(await paymentsOf(a.tenant.id)).toHaveLength(0);
    expect(await paymentsOf(b.tenant.id)).toHaveLength(0);
  });

  it("a payment in another currency is recorded as rejected, with no payment", async () => {
    const { tenant, keys, checkout } = await tenantWithSession();
    const eventId = `evt_usd_${randomUUID().slice(0, 8)}`;
    const reply = await deliver(tenant.id, completedEvent(checkout.externalId, { currency: "usd", eventId }), keys.webhookSigningSecret);
    expect(reply).toMatchObject({ status: 200, body: { outcome: "rejected", reason: "currency_mismatch" } });
    expect(await paymentsOf(tenant.id)).toHaveLength(0);
    const [event] = await conn.db.select().from(webhookEvents).where(eq(webhookEvents.eventId, `${tenant.id}:${eventId}`));
    expect(event.outcome).toBe("rejected");
    const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.externalId, checkout.externalId));
    expect(request.status).toBe("pending");
  });

  it("other events (charge.refunded) and unpaid sessions are acknowledged without touching the ledger", async () => {
    const { tenant, keys, checkout } = await tenantWithSession();
    const refunded = JSON.stringify({
      id: `evt_ref_${randomUUID().slice(0, 8)}`,
      object: "event",
      created: Math.floor(Date.now() / 1000),
      type: "charge.refunded",
      data: { object: { id: "ch_1", object: "charge" } },
    });
    const unpaid = completedEvent(checkout.externalId).replace('"payment_status":"paid"', '"payment_status":"unpaid"');
    expect((await deliver(tenant.id, refunded, keys.webhookSigningSecret)).body.outcome).toBe("ignored");
    expect((await deliver(tenant.id, unpaid, keys.webhookSigningSecret)).body.outcome).toBe("ignored");
    expect(await paymentsOf(tenant.id)).toHaveLength(0);
  });

  it("an expired session closes the request", async () => {
    const { tenant, keys, checkout } = await tenantWithSession();
    const expired = completedEvent(checkout.externalId, { type: "checkout.session.expired" }).replace(
      '"payment_status":"paid"',
      '"payment_status":"unpaid"',
    );
    expect((await deliver(tenant.id, expired, keys.webhookSigningSecret)).body.outcome).toBe("expired");
    const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.externalId, checkout.externalId));
    expect(request.status).toBe("expired");
  });
});
