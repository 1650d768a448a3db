import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { invoices, payments } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { paymentRequests, webhookEvents } from "@/lib/payments/schema";
import { actorOf } from "@/lib/audit/record";
import { executeAction } from "@/lib/core/action";
import { addDays, todayIn } from "@/lib/core/calendar";
import { clock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { recordPayment } from "@/lib/billing/payments";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { startCheckout } from "@/lib/payments/checkout";
import { loadGatewayCredentials } from "@/lib/payments/gateways";
import { registerPaymongoWebhook } from "@/lib/payments/paymongo";
import { createCheckoutSession, paymongoWebhookEvents } from "@/lib/payments/paymongo-api";
import { statusLinkFor } from "@/lib/payments/status-links";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { suspendSubscriptions } from "@/lib/provisioning/suspension";
import { startSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import { insertInvoice } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { paymongoFee, startFakePaymongo, type FakePaymongo, type FakePaymongoEvent } from "@/tests/support/fake-paymongo";
import { enablePaymongo, paymongoSecretKey, tenantWithInvoice } from "@/tests/support/online-payments";
import { databaseWithSimulators } from "@/tests/support/simulators";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import type { OnlineMethod } from "@/lib/payments/rules";

let receiver: WebhookReceiver;
let appUrlBefore: string | undefined;
beforeAll(async () => {
  receiver = await startWebhookReceiver(() => testbed.conn.db);
  // PayMongo delivers to the URL NetSphere registers, made from APP_URL: here the app's address is the receiver's.
  appUrlBefore = process.env.APP_URL;
  process.env.APP_URL = receiver.url;
});
const testbed = databaseWithSimulators();
let fake: FakePaymongo;
beforeAll(async () => {
  expect(env().APP_URL).toBe(receiver.url);
  fake = await startFakePaymongo({ secretKey: paymongoSecretKey });
});
afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
  if (appUrlBefore === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = appUrlBefore;
});

const db = () => testbed.conn.db;
type Tenant = { tenant: { id: string }; keys: { webhookSecret: string } };

const hookOf = ({ tenant, keys }: Tenant) => ({ url: receiver.urlFor("paymongo", tenant.id), secret: keys.webhookSecret });

/** A tenant with an open ₱1,499 invoice whose PayMongo account is the fake, which delivers to this tenant's webhook. */
async function tenantPayingWith(methods: OnlineMethod[] = ["gcash"]) {
  const setup = await tenantWithInvoice(db());
  const keys = await enablePaymongo(db(), setup.ctx.billing, { apiBaseUrl: fake.url, methods });
  const tenant = { ...setup, keys };
  fake.setWebhook(hookOf(tenant));
  return tenant;
}

async function checkout({ tenant, invoice }: { tenant: { id: string }; invoice: { id: string } }, method: OnlineMethod) {
  const started = await startCheckout(db(), { tenantId: tenant.id, invoiceId: invoice.id, method });
  const [request] = await db().select().from(paymentRequests).where(eq(paymentRequests.id, started.requestId));
  return { started, request };
}

/** The customer pays while PayMongo's deliveries are held back; the events are the test's to deliver. */
async function payUndelivered(tenant: Tenant, id: string, options: Parameters<FakePaymongo["pay"]>[1] = {}) {
  fake.setWebhook(null);
  const before = fake.events.length;
  try {
    await fake.pay(id, options);
  } finally {
    fake.setWebhook(hookOf(tenant));
  }
  return fake.events.slice(before);
}

const outcomeOf = (reply: { body: string }) => (JSON.parse(reply.body) as { outcome?: string }).outcome;
const paymentsOf = (tenantId: string) => db().select().from(payments).where(eq(payments.tenantId, tenantId));
const invoiceOf = async (id: string) => (await db().select().from(invoices).where(eq(invoices.id, id)))[0];
const eventCount = async () =>
  (
    await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEvents)
  )[0].n;

/** The event's body with the paid payment's currency changed, wherever the event carries the payment. */
function inCurrency(event: FakePaymongoEvent, currency: string) {
  const json = JSON.parse(event.body) as { data: { attributes: { data: { attributes: Record<string, unknown> } } } };
  const resource = json.data.attributes.data.attributes;
  const payment = event.type.startsWith("checkout_session.")
    ? (resource.payments as { attributes: Record<string, unknown> }[])[0].attributes
    : resource;
  payment.currency = currency;
  return JSON.stringify(json);
}

describe("PayMongo checkout and webhooks", () => {
  it("a GCash checkout sends centavos, GCash only and our status page; paying it records one payment with PayMongo's fee", async () => {
    const setup = await tenantPayingWith(["gcash"]);
    const sent = fake.requests.length;

    const { started, request } = await checkout(setup, "gcash");

    const create = fake.requests.slice(sent).find((r) => r.method === "POST" && r.path === "/v1/checkout_sessions")!;
    const attributes = JSON.parse(create.body).data.attributes;
    expect(attributes.line_items).toEqual([expect.objectContaining({ amount: 149_900, currency: "PHP", quantity: 1 })]);
    expect(attributes.payment_method_types).toEqual(["gcash"]);
    expect(attributes.success_url).toBe(statusLinkFor({ tenantId: setup.tenant.id, requestId: started.requestId }));
    expect(attributes.metadata).toEqual({ tenantId: setup.tenant.id, requestId: started.requestId, invoiceId: setup.invoice.id });
    expect(started).toMatchObject({
      provider: "paymongo",
      amountCentavos: 149_900,
      currency: "PHP",
      url: `${fake.url}/checkout/${request.externalId}`,
    });
    expect(request).toMatchObject({
      provider: "paymongo",
      method: "gcash",
      status: "pending",
      invoiceId: setup.invoice.id,
      amountCentavos: 149_900,
      externalId: expect.stringMatching(/^cs_/),
    });
    expect(request.expiresAt!.getTime()).toBeGreaterThan(clock.ms() + 23 * 3600_000);

    const before = fake.events.length;
    const paid = await fake.pay(request.externalId);

    const events = fake.events.slice(before);
    expect(events.map((e) => [e.type, e.delivered.map((d) => d.status)])).toEqual([
      ["checkout_session.payment.paid", [200]],
      ["payment.paid", [200]],
    ]);
    const recorded = await paymentsOf(setup.tenant.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      method: "gcash",
      gateway: "paymongo",
      amountCentavos: 149_900,
      feeCentavos: paymongoFee("gcash", 149_900),
      reference: paid.id,
      gatewayPaymentId: request.externalId,
    });
    expect(paid.id).toMatch(/^pay_/);
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
    const [completed] = await db().select().from(paymentRequests).where(eq(paymentRequests.id, request.id));
    expect(completed).toMatchObject({ status: "completed", paymentId: recorded[0].id });
  });

  it("both events delivered at once are one payment, and replaying them is answered duplicate", async () => {
    const setup = await tenantPayingWith();
    const { request } = await checkout(setup, "gcash");
    const events = await payUndelivered(setup, request.externalId);

    const first = await Promise.all(events.map((event) => fake.deliver({ event })));
    expect(first.map((r) => r.status)).toEqual([200, 200]);
    expect(first.map(outcomeOf).sort()).toEqual(["already_recorded", "recorded"]);

    const replayed = await Promise.all(events.map((event) => fake.deliver({ event })));
    expect(replayed.map((r) => [r.status, outcomeOf(r)])).toEqual([
      [200, "duplicate"],
      [200, "duplicate"],
    ]);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(1);
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
  });

  it("refuses a wrong signature, a stale timestamp and a live-mode signature, and writes nothing until a genuine delivery", async () => {
    const setup = await tenantPayingWith();
    const { request } = await checkout(setup, "gcash");
    const [event] = (await payUndelivered(setup, request.externalId)).filter((e) => e.type === "payment.paid");
    const events = await eventCount();

    const wrongSecret = await fake.deliver({ event, secret: `whsk_${randomUUID().replaceAll("-", "")}` });
    const stale = await fake.deliver({ event, t: Math.floor(clock.ms() / 1000) - 10 * 60 });
    fake.setWebhook({ ...hookOf(setup), livemode: true });
    const live = await fake.deliver({ event });
    fake.setWebhook(hookOf(setup));
    const unsigned = await fake.deliver({ event, signature: "" });

    expect([wrongSecret, stale, live, unsigned].map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(JSON.parse(stale.body).message).toMatch(/too old/);
    expect(await eventCount()).toBe(events);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(0);

    const genuine = await fake.deliver({ event });
    expect([genuine.status, outcomeOf(genuine)]).toEqual([200, "recorded"]);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(1);
  });

  it("another tenant's webhook URL does not record a tenant's payment, for anyone, and does not spend the event", async () => {
    const a = await tenantPayingWith();
    const b = await tenantPayingWith();
    const { request } = await checkout(a, "gcash");
    const events = await payUndelivered(a, request.externalId);

    // A's event sent to B's URL: signed with A's secret it fails B's check; signed with B's it names no checkout of B's.
    fake.setWebhook({ url: receiver.urlFor("paymongo", b.tenant.id), secret: a.keys.webhookSecret });
    const withSecretOfA = await Promise.all(events.map((event) => fake.deliver({ event })));
    fake.setWebhook(hookOf(b));
    const withSecretOfB = await Promise.all(events.map((event) => fake.deliver({ event })));
    fake.setWebhook(hookOf(a));

    expect(withSecretOfA.map((r) => r.status)).toEqual([400, 400]);
    expect(withSecretOfB.map((r) => [r.status, outcomeOf(r)])).toEqual([
      [200, "ignored"],
      [200, "ignored"],
    ]);
    expect(await paymentsOf(a.tenant.id)).toHaveLength(0);
    expect(await paymentsOf(b.tenant.id)).toHaveLength(0);
    expect(await invoiceOf(b.invoice.id)).toMatchObject({ status: "open", amountPaidCentavos: 0 });

    const genuine = await Promise.all(events.map((event) => fake.deliver({ event })));
    expect(genuine.map(outcomeOf).sort()).toEqual(["already_recorded", "recorded"]);
    expect(await paymentsOf(a.tenant.id)).toHaveLength(1);
  });

  it("a payment of a checkout NetSphere never opened is acknowledged and ignored", async () => {
    const setup = await tenantPayingWith();
    const session = await createCheckoutSession(
      { secretKey: paymongoSecretKey, mode: "test", apiBaseUrl: fake.url },
      {
        amount: 50_000,
        currency: "PHP",
        name: "Not ours",
        description: "Made on the PayMongo dashboard",
        methods: ["gcash"],
        successUrl: "https://example.test/thanks",
        cancelUrl: "https://example.test/cancel",
        referenceNumber: "manual-1",
        metadata: { requestId: randomUUID() },
        idempotencyKey: randomUUID(),
      },
    );
    const before = receiver.received.length;

    await fake.pay(session.id);

    expect(receiver.received.slice(before).map((r) => [r.status, r.body.outcome, r.body.reason])).toEqual([
      [200, "ignored", "unknown checkout"],
      [200, "ignored", "unknown checkout"],
    ]);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(0);
  });

  it("QR Ph shows the code on our status page until it expires; paying it records a QR Ph payment", async () => {
    const setup = await tenantPayingWith(["gcash", "qrph"]);

    const { started, request } = await checkout(setup, "qrph");

    expect(started.url).toBe(statusLinkFor({ tenantId: setup.tenant.id, requestId: started.requestId }));
    expect(request).toMatchObject({
      provider: "paymongo",
      method: "qrph",
      status: "pending",
      externalId: expect.stringMatching(/^pi_/),
      qrImage: expect.stringMatching(/^data:image\/png;base64,/),
    });
    const lifetime = request.expiresAt!.getTime() - clock.ms();
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000);

    const paid = await fake.pay(request.externalId);

    const recorded = await paymentsOf(setup.tenant.id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ method: "qrph", gateway: "paymongo", reference: paid.id, feeCentavos: paymongoFee("qrph", 149_900) });
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "paid" });
  });

  it("records what was actually paid: less leaves the invoice part paid, more leaves the customer in credit", async () => {
    const short = await tenantPayingWith();
    const shortCheckout = await checkout(short, "gcash");
    await fake.pay(shortCheckout.request.externalId, { amount: 100_000 });
    expect(await paymentsOf(short.tenant.id)).toEqual([expect.objectContaining({ amountCentavos: 100_000 })]);
    expect(await invoiceOf(short.invoice.id)).toMatchObject({ status: "open", amountPaidCentavos: 100_000 });
    const [owing] = await db().select().from(customers).where(eq(customers.id, short.customer.id));
    expect(owing.balanceCentavos).toBe(49_900);

    const over = await tenantPayingWith();
    const overCheckout = await checkout(over, "gcash");
    await fake.pay(overCheckout.request.externalId, { amount: 200_000 });
    expect(await paymentsOf(over.tenant.id)).toEqual([expect.objectContaining({ amountCentavos: 200_000, allocatedCentavos: 149_900 })]);
    expect(await invoiceOf(over.invoice.id)).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
    const [inCredit] = await db().select().from(customers).where(eq(customers.id, over.customer.id));
    expect(inCredit.balanceCentavos).toBe(-50_100);
  });

  it("a payment in another currency is rejected and records nothing", async () => {
    const setup = await tenantPayingWith();
    const { request } = await checkout(setup, "gcash");
    const events = await payUndelivered(setup, request.externalId);

    const replies = await Promise.all(events.map((event) => fake.deliver({ event, body: inCurrency(event, "USD") })));

    expect(replies.map((r) => [r.status, outcomeOf(r)])).toEqual([
      [200, "rejected"],
      [200, "rejected"],
    ]);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(0);
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "open", amountPaidCentavos: 0 });
    const [still] = await db().select().from(paymentRequests).where(eq(paymentRequests.id, request.id));
    expect(still.status).toBe("pending");
  });

  it("a payment arriving after the invoice was paid in cash is kept as credit and says so", async () => {
    const setup = await tenantPayingWith();
    const { request } = await checkout(setup, "gcash");
    await recordPayment(db(), actorOf(setup.ctx.billing), {
      customerId: setup.customer.id,
      amountCentavos: 149_900,
      method: "cash",
      invoiceId: setup.invoice.id,
    });

    await fake.pay(request.externalId);

    const [online] = await db()
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, setup.tenant.id), eq(payments.gateway, "paymongo")));
    expect(online).toMatchObject({ amountCentavos: 149_900, allocatedCentavos: 0, notes: expect.stringContaining("already paid") });
    expect(await invoiceOf(setup.invoice.id)).toMatchObject({ status: "paid", amountPaidCentavos: 149_900 });
    const [customer] = await db().select().from(customers).where(eq(customers.id, setup.customer.id));
    expect(customer.balanceCentavos).toBe(-149_900);
  });

  it("paying the overdue invoice of a subscriber suspended for non-payment restores service on the router", async () => {
    const sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
    testbed.sims.push(sim);
    const { tenant, ctx } = await createTenantFixture(db());
    const router = await insertRouter(db(), tenant.id, { port: sim.port, password: "s3cret" });
    const plan = await insertPlan(db(), tenant.id, { name: "Fiber 50" });
    const username = `pm${tenant.id.slice(0, 6)}`;
    const { customer, subscription } = await insertSubscriber(db(), tenant.id, { planId: plan.id, routerId: router.id, username });
    await reconcileRouter(db(), { tenantId: tenant.id, routerId: router.id, trigger: "manual" });
    const today = todayIn(tenant.timezone);
    const invoice = await insertInvoice(db(), {
      tenantId: tenant.id,
      customerId: customer.id,
      issueDate: addDays(today, -20),
      dueDate: addDays(today, -13),
      lines: [{ amount: 149_900 }],
    });
    await suspendSubscriptions(db(), actorOf(ctx.billing), { subscriptionIds: [subscription.id], reason: "Overdue", source: "nonpayment" });
    const secret = () => findRowByName(sim.state, "ppp/secret", username)?.props;
    expect(secret()?.profile).toBe("netsphere-isolir");
    const keys = await enablePaymongo(db(), ctx.billing, { apiBaseUrl: fake.url });
    fake.setWebhook(hookOf({ tenant, keys }));
    const { request } = await checkout({ tenant, invoice }, "gcash");

    await fake.pay(request.externalId);

    const [back] = await db().select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(back).toMatchObject({ status: "active", suspensionSource: null });
    expect(secret()).toMatchObject({ profile: "ns-fiber-50", disabled: "false" });
    expect(await invoiceOf(invoice.id)).toMatchObject({ status: "paid" });
  });

  it("registering the webhook keeps the secret PayMongo returns, and PayMongo's deliveries verify with it", async () => {
    const setup = await tenantWithInvoice(db());
    const settings = {
      provider: "paymongo" as const,
      mode: "test" as const,
      apiBaseUrl: fake.url,
      methods: ["gcash" as const],
      publicKey: "pk_test_fakePaymongo1",
      secretKey: paymongoSecretKey,
      webhookSecret: "",
    };
    // Saved switched off and without a webhook secret: registering is how the ISP gets one.
    await executeAction(saveGatewayAction.definition, { ...setup.ctx.owner, db: db() }, { ...settings, enabled: false });
    const sent = fake.requests.length;

    const registered = await registerPaymongoWebhook(db(), actorOf(setup.ctx.owner));

    expect(registered.url).toBe(receiver.urlFor("paymongo", setup.tenant.id));
    const create = fake.requests.slice(sent).find((r) => r.method === "POST" && r.path === "/v1/webhooks")!;
    expect(JSON.parse(create.body).data.attributes).toEqual({ url: registered.url, events: paymongoWebhookEvents });
    const gateway = await loadGatewayCredentials(db(), { tenantId: setup.tenant.id, provider: "paymongo" });
    expect(gateway).toMatchObject({ webhookSecret: expect.stringMatching(/^whsk_/) });

    await executeAction(saveGatewayAction.definition, { ...setup.ctx.owner, db: db() }, { ...settings, enabled: true });
    const { request } = await checkout(setup, "gcash");
    const before = fake.events.length;
    await fake.pay(request.externalId);

    const events = fake.events.slice(before);
    expect(events.map((e) => e.delivered.map((d) => d.status))).toEqual([[200], [200]]);
    expect(await paymentsOf(setup.tenant.id)).toHaveLength(1);
    const forged = await fake.deliver({ event: events[1], secret: `whsk_${randomUUID().replaceAll("-", "")}` });
    expect(forged.status).toBe(400);
  });
});
