import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { invoices, payments } from "@/lib/billing/schema";
import { paymentRequests, webhookEvents } from "@/lib/payments/schema";
import { executeAction } from "@/lib/core/action";
import { tenants } from "@/lib/tenants/schema";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { completePaypalReturn } from "@/lib/payments/paypal";
import { startCheckout } from "@/lib/payments/checkout";
import { handlePaypalWebhook } from "@/lib/payments/paypal-webhook";
import { clearPaypalTokens } from "@/lib/payments/paypal-api";
import { createTestDatabase } from "@/tests/support/db";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { enablePaypal, paypalKeys, tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let fake: Awaited<ReturnType<typeof startFakePaypal>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  fake = await startFakePaypal({ clientId: paypalKeys.clientId, clientSecret: paypalKeys.clientSecret });
});
afterAll(async () => {
  await fake?.stop();
  await conn?.close();
});

async function tenantWithOrder() {
  const setup = await tenantWithInvoice(conn.db);
  await enablePaypal(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url });
  const order = await startCheckout(conn.db, { tenantId: setup.tenant.id, customerId: setup.customer.id, invoiceId: setup.invoice.id, method: "paypal" });
  return { ...setup, order };
}

const transmission = () =>
  new Headers({
    "paypal-auth-algo": "SHA256withRSA",
    "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-fake",
    "paypal-transmission-id": randomUUID(),
    "paypal-transmission-sig": "c2lnbmF0dXJl",
    "paypal-transmission-time": new Date().toISOString(),
  });

function captureCompleted(
  capture: { id: string; amount: { currency_code: string; value: string }; custom_id: string },
  orderId: string,
  eventId = `WH-${randomUUID()}`,
) {
  return JSON.stringify({
    id: eventId,
    event_version: "1.0",
    create_time: new Date().toISOString(),
    resource_type: "capture",
    event_type: "PAYMENT.CAPTURE.COMPLETED",
    summary: "Payment completed",
    resource: { ...capture, status: "COMPLETED", final_capture: true, supplementary_data: { related_ids: { order_id: orderId } } },
  });
}

/** A loopback URL nothing listens on: a port the OS gave us and we gave back. */
async function closedPortUrl() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const paymentsOf = (tenantId: string) => conn.db.select().from(payments).where(eq(payments.tenantId, tenantId));
const eventCount = async () => (await conn.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents))[0].n;

describe("PayPal Checkout", () => {
  it("creates an order for what is owed, with two decimals, the invoice as custom_id and our return URL", async () => {
    const before = fake.state.requests.length;
    const { tenant, invoice, order } = await tenantWithOrder();
    const sent = fake.state.requests.slice(before).find((r) => r.path === "/v2/checkout/orders")!;
    const body = JSON.parse(sent.body);
    expect(body.intent).toBe("CAPTURE");
    expect(body.purchase_units[0]).toMatchObject({ custom_id: invoice.id, amount: { currency_code: "PHP", value: "1499.00" } });
    expect(body.payment_source.paypal.experience_context.return_url).toBe("http://localhost:3000/api/payments/paypal/return");
    expect(body.payment_source.paypal.experience_context.cancel_url).toMatch(/^http:\/\/localhost:3000\/pay\/[A-Za-z0-9_-]{86}\?cancelled=1$/);
    expect(sent.headers.authorization).toMatch(/^Bearer A21AA-fake-/);
    expect(order.url).toBe(`https://www.sandbox.paypal.test/checkoutnow?token=${order.externalId}`);
    const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.externalId, order.externalId));
    expect(request).toMatchObject({ tenantId: tenant.id, provider: "paypal", amountCentavos: 149_900, currency: "PHP", status: "pending" });
  });

  it("asks for one OAuth token and reuses it until it expires", async () => {
    clearPaypalTokens();
    const issued = fake.state.tokensIssued;
    await tenantWithOrder();
    await tenantWithOrder();
    expect(fake.state.tokensIssued - issued).toBe(1);
  });

  it("a capture PayPal leaves pending records nothing until the webhook says it completed", async () => {
    const { tenant, order } = await tenantWithOrder();
    fake.state.captureStatus = "PENDING";
    try {
      expect(await completePaypalReturn(conn.db, { orderId: order.externalId })).toMatchObject({
        outcome: "pending",
        redirectTo: expect.stringMatching(/\/pay\/status\/[A-Za-z0-9_-]{86}$/),
      });
    } finally {
      fake.state.captureStatus = "COMPLETED";
    }
    expect(await paymentsOf(tenant.id)).toHaveLength(0);
    const capture = fake.state.orders.get(order.externalId)!.capture as Parameters<typeof captureCompleted>[0];
    const reply = await handlePaypalWebhook(conn.db, {
      tenantId: tenant.id,
      payload: captureCompleted(capture, order.externalId),
      headers: transmission(),
    });
    expect(reply.body.outcome).toBe("recorded");
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it("create → return → capture records one payment and pays the invoice; a reload records nothing more", async () => {
    const { tenant, customer, invoice, order } = await tenantWithOrder();

    const back = await completePaypalReturn(conn.db, { orderId: order.externalId });

    expect(back).toMatchObject({
      outcome: "recorded",
      redirectTo: expect.stringMatching(/^http:\/\/localhost:3000\/pay\/status\/[A-Za-z0-9_-]{86}$/),
    });
    const captureId = fake.state.orders.get(order.externalId)!.capture!.id as string;
    const [payment] = await paymentsOf(tenant.id);
    expect(payment).toMatchObject({
      customerId: customer.id,
      amountCentavos: 149_900,
      method: "paypal",
      gateway: "paypal",
      reference: captureId,
      idempotencyKey: `paypal:${captureId}`,
      // PayPal's fee as the capture reports it: 4.4 % of ₱1,499.00 + ₱15.00.
      feeCentavos: 8096,
    });
    expect((await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id)))[0].status).toBe("paid");
    expect((await conn.db.select().from(paymentRequests).where(eq(paymentRequests.externalId, order.externalId)))[0]).toMatchObject({
      status: "completed",
      paymentId: payment.id,
    });

    const reload = await completePaypalReturn(conn.db, { orderId: order.externalId });
    expect(reload?.outcome).toBe("already_recorded");
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it("refused credentials or an unreachable PayPal are payment_failed messages, and nothing is stored", async () => {
    const wrongSecret = await tenantWithInvoice(conn.db);
    await executeAction(saveGatewayAction.definition, wrongSecret.ctx.owner, {
      provider: "paypal",
      enabled: true,
      mode: "test",
      apiBaseUrl: fake.url,
      ...paypalKeys,
      clientSecret: "EnotTheSecret",
    });
    await expect(
      startCheckout(conn.db, { tenantId: wrongSecret.tenant.id, customerId: wrongSecret.customer.id, invoiceId: wrongSecret.invoice.id, method: "paypal" }),
    ).rejects.toMatchObject({ code: "payment_failed", message: expect.stringMatching(/refused the saved client id or secret/) });

    const offline = await tenantWithInvoice(conn.db);
    await enablePaypal(conn.db, offline.ctx.owner, { apiBaseUrl: await closedPortUrl() });
    await expect(
      startCheckout(conn.db, { tenantId: offline.tenant.id, customerId: offline.customer.id, invoiceId: offline.invoice.id, method: "paypal" }),
    ).rejects.toMatchObject({ code: "payment_failed", message: expect.stringMatching(/could not be reached/) });
    for (const tenantId of [wrongSecret.tenant.id, offline.tenant.id]) {
      expect(await conn.db.select().from(paymentRequests).where(eq(paymentRequests.tenantId, tenantId))).toEqual([]);
    }
  });

  it("a ₫150,000 invoice is ordered as value 150000 (no decimals) and its capture recorded as ₫150,000", async () => {
    const setup = await tenantWithInvoice(conn.db, { amount: 150_000_00 });
    await conn.db.update(tenants).set({ currency: "VND" }).where(eq(tenants.id, setup.tenant.id));
    await conn.db.update(invoices).set({ currency: "VND" }).where(eq(invoices.id, setup.invoice.id));
    await enablePaypal(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url });
    const before = fake.state.requests.length;
    const order = await startCheckout(conn.db, { tenantId: setup.tenant.id, customerId: setup.customer.id, invoiceId: setup.invoice.id, method: "paypal" });
    const sent = fake.state.requests.slice(before).find((r) => r.path === "/v2/checkout/orders")!;
    expect(JSON.parse(sent.body).purchase_units[0].amount).toEqual({ currency_code: "VND", value: "150000" });

    const back = await completePaypalReturn(conn.db, { orderId: order.externalId });
    expect(back?.outcome).toBe("recorded");
    const [payment] = await paymentsOf(setup.tenant.id);
    expect(payment).toMatchObject({ amountCentavos: 150_000_00, currency: "VND" });
    const [paid] = await conn.db.select().from(invoices).where(eq(invoices.id, setup.invoice.id));
    expect(paid).toMatchObject({ status: "paid", amountPaidCentavos: 150_000_00 });
  });

  it("an order we did not create is not captured", async () => {
    expect(await completePaypalReturn(conn.db, { orderId: "5O999999999999999" })).toBeNull();
  });
});

describe("PayPal webhook", () => {
  it("a capture reported after the return is the same payment, not a second one", async () => {
    const { tenant, order } = await tenantWithOrder();
    await completePaypalReturn(conn.db, { orderId: order.externalId });
    const capture = fake.state.orders.get(order.externalId)!.capture as Parameters<typeof captureCompleted>[0];
    const before = fake.state.requests.length;
    const payload = captureCompleted(capture, order.externalId);

    const reply = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() });

    expect(reply).toMatchObject({ status: 200, body: { ok: true, outcome: "already_recorded" } });
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
    const verify = fake.state.requests.slice(before).find((r) => r.path === "/v1/notifications/verify-webhook-signature")!;
    const verifyBody = JSON.parse(verify.body);
    expect(verifyBody.webhook_id).toBe(paypalKeys.webhookId);
    expect(verifyBody.auth_algo).toBe("SHA256withRSA");
    expect(verifyBody.webhook_event).toEqual(JSON.parse(payload));
  });

  it("a capture reported first by webhook is recorded, and the customer's return then finds it", async () => {
    const { tenant, order } = await tenantWithOrder();
    const capture = fake.captureNow(order.externalId);

    const reply = await handlePaypalWebhook(conn.db, {
      tenantId: tenant.id,
      payload: captureCompleted(capture, order.externalId),
      headers: transmission(),
    });
    expect(reply.body).toMatchObject({ outcome: "recorded", receiptNumber: expect.stringMatching(/^OR-\d{4}-000001$/) });

    const back = await completePaypalReturn(conn.db, { orderId: order.externalId });
    expect(back?.outcome).toBe("already_recorded");
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it("the return and the webhook arriving at once still make one payment", async () => {
    const { tenant, order } = await tenantWithOrder();
    const capture = fake.captureNow(order.externalId);
    const [back, reply] = await Promise.all([
      completePaypalReturn(conn.db, { orderId: order.externalId }),
      handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload: captureCompleted(capture, order.externalId), headers: transmission() }),
    ]);
    expect([back?.outcome, reply.body.outcome].sort()).toEqual(["already_recorded", "recorded"]);
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it("two different events for one order, delivered at once, are one payment", async () => {
    const { tenant, invoice, order } = await tenantWithOrder();
    const capture = fake.captureNow(order.externalId);
    // PayPal re-sends a capture under a new event id, and may report it under another capture id.
    const payloads = [captureCompleted(capture, order.externalId), captureCompleted({ ...capture, id: `${capture.id}-B` }, order.externalId)];
    const replies = await Promise.all(
      payloads.map((payload) => handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() })),
    );

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.body.outcome).sort()).toEqual(["already_recorded", "recorded"]);
    const recorded = await paymentsOf(tenant.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ amountCentavos: 149_900, gateway: "paypal", gatewayPaymentId: order.externalId });
    const [paid] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(paid).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
  });

  it("a replayed event answers duplicate", async () => {
    const { tenant, order } = await tenantWithOrder();
    const payload = captureCompleted(fake.captureNow(order.externalId), order.externalId);
    await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() });
    const events = await eventCount();
    const replay = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() });
    expect(replay.body.outcome).toBe("duplicate");
    expect(await eventCount()).toBe(events);
    expect(await paymentsOf(tenant.id)).toHaveLength(1);
  });

  it("a delivery PayPal does not verify is a 400 and nothing is written", async () => {
    const { tenant, order } = await tenantWithOrder();
    const payload = captureCompleted(fake.captureNow(order.externalId), order.externalId);
    const events = await eventCount();
    fake.state.verification = "FAILURE";
    try {
      const reply = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() });
      expect(reply).toMatchObject({ status: 400, body: { ok: false, code: "validation" } });
    } finally {
      fake.state.verification = "SUCCESS";
    }
    const noHeaders = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: new Headers() });
    const notJson = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload: "{not json", headers: transmission() });
    expect([noHeaders.status, notJson.status]).toEqual([400, 400]);
    expect(await eventCount()).toBe(events);
    expect(await paymentsOf(tenant.id)).toHaveLength(0);
  });

  it("when PayPal cannot be asked, the delivery is answered 503 (PayPal retries) and nothing is written", async () => {
    const { tenant, ctx } = await tenantWithInvoice(conn.db);
    await enablePaypal(conn.db, ctx.owner, { apiBaseUrl: await closedPortUrl() });
    const events = await eventCount();
    const payload = captureCompleted(
      { id: "CAPOFFLINE0001", amount: { currency_code: "PHP", value: "10.00" }, custom_id: randomUUID() },
      "5O000000000000998",
    );
    const reply = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() });
    expect(reply).toMatchObject({ status: 503, body: { ok: false } });
    expect(await eventCount()).toBe(events);
  });

  it("a capture of an order we did not create is ignored", async () => {
    const { tenant } = await tenantWithOrder();
    const payload = captureCompleted(
      { id: "CAPNOTOURS0001", amount: { currency_code: "PHP", value: "10.00" }, custom_id: randomUUID() },
      "5O000000000000999",
    );
    const reply = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, payload, headers: transmission() });
    expect(reply).toMatchObject({ status: 200, body: { outcome: "ignored" } });
    expect(await paymentsOf(tenant.id)).toHaveLength(0);
  });
});
