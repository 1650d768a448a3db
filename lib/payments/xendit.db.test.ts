import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { invoices, payments } from "@/lib/billing/schema";
import { paymentRequests, webhookEvents } from "@/lib/payments/schema";
import { clock } from "@/lib/core/clock";
import { startCheckout } from "@/lib/payments/checkout";
import { statusLinkFor } from "@/lib/payments/status-links";
import { createTestDatabase } from "@/tests/support/db";
import { startFakeXendit } from "@/tests/support/fake-xendit";
import { enableXendit, tenantWithInvoice, xenditKeys } from "@/tests/support/online-payments";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import type { OnlineMethod } from "@/lib/payments/rules";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let receiver: WebhookReceiver;
let fake: Awaited<ReturnType<typeof startFakeXendit>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  receiver = await startWebhookReceiver(() => conn.db);
  fake = await startFakeXendit({ ...xenditKeys, refundSettleMs: null });
});
afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
  await conn?.close();
});

/** A tenant with an open invoice whose Xendit account is the fake, which calls back to this tenant's URL. */
async function tenantPayingWith(methods: OnlineMethod[], { amount = 149_900 } = {}) {
  const setup = await tenantWithInvoice(conn.db, { amount });
  await enableXendit(conn.db, setup.ctx.billing, { apiBaseUrl: fake.url, methods });
  fake.setCallbackUrl(receiver.urlFor("xendit", setup.tenant.id));
  return setup;
}

async function checkout({ tenant, invoice }: { tenant: { id: string }; invoice: { id: string } }, method: OnlineMethod) {
  const started = await startCheckout(conn.db, { tenantId: tenant.id, invoiceId: invoice.id, method });
  const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.id, started.requestId));
  return { started, request };
}

const paymentsOf = (tenantId: string) => conn.db.select().from(payments).where(eq(payments.tenantId, tenantId));
const invoiceOf = async (id: string) => (await conn.db.select().from(invoices).where(eq(invoices.id, id)))[0];
const requestOf = async (id: string) => (await conn.db.select().from(paymentRequests).where(eq(paymentRequests.id, id)))[0];
const eventCount = async () => (await conn.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents))[0].n;
const lastAnswer = () => receiver.received.at(-1)!;

describe("Xendit invoices, QR codes and callbacks", () => {
  it("a Maya checkout is an invoice for the amount in pesos offering Maya only; the paid callback records one payment with Xendit's fee", async () => {
    const setup = await tenantPayingWith(["maya", "qrph"], { amount: 149_950 });
    const sent = fake.requests.length;

    const { started, request } = await checkout(setup, "maya");

    const create = fake.requests.slice(sent).find((r) => r.method === "POST" && r.path === "/v2/invoices")!;
    expect(JSON.parse(create.body)).toMatchObject({
      external_id: started.requestId,
      amount: 1499.5,
      currency: "PHP",
      payment_methods: ["PAYMAYA"],
      success_redirect_url: statusLinkFor({ tenantId: setup.tenant.id, requestId: started.requestId }),
    });
    expect(started).toMatchObject({ provider: "xendit", amountCentavos: 149_950, url: `${fake.url}/web/${request.externalId}` });
    expect(request).toMatchObject({ provider: "xendit", method: "maya", status: "pending", amountCentavos: 149_950, invoiceId: setup.invoice.id });
    expect(request.expiresAt!.getTime()).toBeGreaterThan(clock.ms() + 23 * 3600_000);

    const { invoice, delivery } = await fake.payInvoice(request.externalId, { channel: "PAYMAYA" });

    expect([delivery.status, lastAnswer().body.outcome]).toEqual([200, "recorded"]);
    const fee = Math.round(((invoice.paid_amount as number) - (invoice.adjusted_received_amount as number)) * 100);
    expect(fee).toBeGreaterThan(0);
    const recorded = await paymentsOf(setup.tenant.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: "maya",
      gateway: "xendit",
      amountCentavos: 149_950,
      feeCentavos: fee,
      reference: invoice.payment_id,
      gatewayPaymentId: request.externalId,
    });
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "paid", amountPaidCentavos: 149_950 });
    expect(await requestOf(request.id)).toMatchObject({ status: "completed", paymentId: recorded[0].id });
  });

  it("a callback without the verification token is a 401 and writes nothing; a replay of the genuine one is a duplicate", async () => {
    const setup = await tenantPayingWith(["gcash"]);
    const { request } = await checkout(setup, "gcash");
    fake.setCallbackUrl(null);
    const { delivery } = await fake.payInvoice(request.externalId, { channel: "GCASH" });
    fake.setCallbackUrl(receiver.urlFor("xendit", setup.tenant.id));
    const events = await eventCount();

    const wrong = await fake.deliver(delivery.body, { token: "notTheVerificationToken01" });
    const missing = await fake.deliver(delivery.body, { token: null });

    expect([wrong.status, missing.status]).toEqual([401, 401]);
    expect(await eventCount()).toBe(events);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(0);

    expect((await fake.deliver(delivery.body)).status).toBe(200);
    expect(lastAnswer().body.outcome).toBe("recorded");
    expect((await fake.deliver(delivery.body)).status).toBe(200);
    expect(lastAnswer().body.outcome).toBe("duplicate");
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(1);
  });

  it("an expired invoice callback closes the request and records nothing", async () => {
    const setup = await tenantPayingWith(["gcash"]);
    const { started, request } = await checkout(setup, "gcash");
    const at = clock.now().toISOString();

    const delivery = await fake.deliver({
      id: request.externalId,
      external_id: started.requestId,
      user_id: "5f27a14a9bf05c73dd040bc8",
      status: "EXPIRED",
      merchant_name: "Fake ISP",
      amount: 1499,
      currency: "PHP",
      created: at,
      updated: at,
    });

    expect([delivery.status, lastAnswer().body.outcome]).toEqual([200, "expired"]);
    expect(await requestOf(request.id)).toMatchObject({ status: "expired", paymentId: null });
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(0);
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "open" });
  });

  it("QR Ph is a dynamic code shown on our status page; its qr.payment callback records a QR Ph payment", async () => {
    const setup = await tenantPayingWith(["gcash", "qrph"]);
    const sent = fake.requests.length;

    const { started, request } = await checkout(setup, "qrph");

    const create = fake.requests.slice(sent).find((r) => r.method === "POST" && r.path === "/qr_codes")!;
    expect(JSON.parse(create.body)).toMatchObject({
      reference_id: started.requestId,
      type: "DYNAMIC",
      channel_code: "QRPH",
      amount: 1499,
      currency: "PHP",
    });
    expect(started.url).toBe(statusLinkFor({ tenantId: setup.tenant.id, requestId: started.requestId }));
    expect(request).toMatchObject({
      provider: "xendit",
      method: "qrph",
      status: "pending",
      externalId: expect.stringMatching(/^qr_/),
      qrImage: expect.stringMatching(/^data:image\/png;base64,/),
    });
    const lifetime = request.expiresAt!.getTime() - clock.ms();
    expect(lifetime).toBeGreaterThan(14 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(15 * 60_000);

    const { payment, delivery } = await fake.payQr(request.externalId);

    expect([delivery.status, lastAnswer().body.outcome]).toEqual([200, "recorded"]);
    const recorded = await paymentsOf(setup.tenant.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: "qrph", gateway: "xendit", amountCentavos: 149_900, reference: payment.id });
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "paid" });
    expect(await requestOf(request.id)).toMatchObject({ status: "completed", paymentId: recorded[0].id });
  });
});
