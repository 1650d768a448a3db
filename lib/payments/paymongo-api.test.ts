import { createHmac, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clock, manualClock, withClock } from "@/lib/core/clock";
import {
  createCheckoutSession,
  createQrPhPayment,
  createRefund,
  createWebhook,
  expireCheckoutSession,
  getCheckoutSession,
  getPaymentIntent,
  listPayments,
  parsePaymongoEvent,
  paymentOfEvent,
  paymongoBaseUrlProblem,
  paymongoWebhookEvents,
  PaymongoApiError,
  verifyPaymongoSignature,
  type PaymongoAccount,
} from "@/lib/payments/paymongo-api";
import { startFakePaymongo, type FakePaymongo } from "@/tests/support/fake-paymongo";

/** A webhook endpoint on 127.0.0.1 that keeps what PayMongo sent. */
async function startReceiver() {
  const received: { signature: string | null; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ signature: (req.headers["paymongo-signature"] as string | undefined) ?? null, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/paymongo`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const secretKey = `sk_test_${randomBytes(12).toString("hex")}`;
const webhookSecret = `whsk_${randomBytes(12).toString("hex")}`;
let fake: FakePaymongo;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let account: PaymongoAccount;

beforeAll(async () => {
  receiver = await startReceiver();
  fake = await startFakePaymongo({ secretKey, webhook: { url: receiver.url, secret: webhookSecret } });
  account = { secretKey, mode: "test", apiBaseUrl: fake.url };
});
afterAll(async () => {
  await fake?.stop();
  await receiver?.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const checkout = (overrides: Partial<Parameters<typeof createCheckoutSession>[1]> = {}) =>
  createCheckoutSession(account, {
    amount: 149_900,
    currency: "PHP",
    name: "Invoice INV-2026-0042",
    description: "Fiber 50 Mbps, December",
    methods: ["gcash", "paymaya", "card"],
    successUrl: "http://localhost:3000/pay/tok?paid=paymongo",
    cancelUrl: "http://localhost:3000/pay/tok?cancelled=paymongo",
    referenceNumber: "INV-2026-0042",
    metadata: { invoiceId: "inv-42", tenantId: "tenant-1" },
    idempotencyKey: randomUUID(),
    ...overrides,
  });

const verified = (delivery: { signature: string | null; body: string }) =>
  verifyPaymongoSignature({ header: delivery.signature, rawBody: delivery.body, secret: webhookSecret, mode: "test", nowMs: clock.ms() });

describe("PayMongo checkout", () => {
  it("creates a session with Basic auth, centavos, the chosen methods and an idempotency key; a retry gets the same session", async () => {
    const key = randomUUID();
    const session = await checkout({ idempotencyKey: key });

    const sent = fake.requests.findLast((r) => r.method === "POST" && r.path === "/v1/checkout_sessions")!;
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${secretKey}:`).toString("base64")}`);
    expect(sent.headers["idempotency-key"]).toBe(key);
    const attributes = JSON.parse(sent.body).data.attributes;
    expect(attributes.line_items).toEqual([
      { name: "Invoice INV-2026-0042", description: "Fiber 50 Mbps, December", amount: 149_900, currency: "PHP", quantity: 1 },
    ]);
    expect(attributes).toMatchObject({
      payment_method_types: ["gcash", "paymaya", "card"],
      reference_number: "INV-2026-0042",
      success_url: "http://localhost:3000/pay/tok?paid=paymongo",
      metadata: { invoiceId: "inv-42", tenantId: "tenant-1" },
    });
    expect(session.checkoutUrl).toBe(`${fake.url}/checkout/${session.id}`);
    expect(session.paymentIntentId).toMatch(/^pi_/);

    expect((await checkout({ idempotencyKey: key })).id).toBe(session.id);
  });

  it("reads a session paid with GCash back with PayMongo's 2.5% fee and the net amount, after signed webhooks in PayMongo's order", async () => {
    const session = await checkout();
    const before = receiver.received.length;

    await fake.pay(session.id, { method: "gcash" });

    const read = await getCheckoutSession(account, session.id);
    expect(read).toMatchObject({ id: session.id, status: "active", paymentIntentId: session.paymentIntentId, metadata: { invoiceId: "inv-42" } });
    expect(read.payments).toEqual([
      {
        id: expect.stringMatching(/^pay_/),
        status: "paid",
        amount: 149_900,
        fee: 3748,
        netAmount: 146_152,
        currency: "PHP",
        paidAt: expect.any(Date),
        sourceType: "gcash",
        paymentIntentId: session.paymentIntentId,
        metadata: { invoiceId: "inv-42", tenantId: "tenant-1" },
        payoutId: null,
        refunds: [],
        failedMessage: null,
      },
    ]);

    const deliveries = receiver.received.slice(before);
    expect(deliveries.map((d) => verified(d))).toEqual([{ ok: true }, { ok: true }]);
    const [first, second] = deliveries.map((d) => parsePaymongoEvent(d.body)!);
    expect([first.type, second.type]).toEqual(["checkout_session.payment.paid", "payment.paid"]);
    expect(first).toMatchObject({ id: expect.stringMatching(/^evt_/), livemode: false });
    expect(paymentOfEvent(first)).toEqual({ payment: read.payments[0], checkoutSessionId: session.id, refund: null });
    expect(paymentOfEvent(second)).toEqual({ payment: read.payments[0], checkoutSessionId: null, refund: null });
  });

  it("the hosted page offers one labelled button per method; paying by card answers 303 to the success URL with a 3.5% + ₱15 fee", async () => {
    const session = await checkout({ methods: ["gcash", "card"] });
    const page = await fetch(session.checkoutUrl).then((r) => r.text());
    expect(page).toContain('<button type="submit" name="method" value="gcash">Pay with GCash</button>');
    expect(page).toContain("Pay with Card");
    expect(page).not.toContain("Pay with Maya");
    expect(page).toMatch(/<a href="[^"]+\/cancel">Cancel<\/a>/);

    const cancel = await fetch(`${session.checkoutUrl}/cancel`, { redirect: "manual" });
    expect([cancel.status, cancel.headers.get("location")]).toEqual([303, "http://localhost:3000/pay/tok?cancelled=paymongo"]);

    const paid = await fetch(`${session.checkoutUrl}/pay`, { method: "POST", body: new URLSearchParams({ method: "card" }), redirect: "manual" });
    expect([paid.status, paid.headers.get("location")]).toEqual([303, "http://localhost:3000/pay/tok?paid=paymongo"]);
    const [payment] = (await getCheckoutSession(account, session.id)).payments;
    expect(payment).toMatchObject({ sourceType: "card", fee: 6747, netAmount: 143_153 });
  });

  it("expires an unpaid session; its page then says so", async () => {
    const session = await checkout();
    await expireCheckoutSession(account, session.id);
    expect((await getCheckoutSession(account, session.id)).status).toBe("expired");
    expect((await fetch(session.checkoutUrl)).status).toBe(410);
  });

  it("refuses a session without line items the way PayMongo does (400 parameter_required with a pointer)", async () => {
    const response = await fetch(`${fake.url}/v1/checkout_sessions`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${secretKey}:`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ data: { attributes: { payment_method_types: ["gcash"] } } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ code: "parameter_required", detail: "line_items is required.", source: { pointer: "line_items", attribute: "line_items" } }],
    });
  });
});

describe("PayMongo QR Ph", () => {
  const qr = (amount = 99_900) =>
    createQrPhPayment(account, {
      amount,
      currency: "PHP",
      description: "Invoice INV-2026-0043",
      metadata: { invoiceId: "inv-43" },
      idempotencyKey: randomUUID(),
      billing: { name: "Juan dela Cruz", email: "juan@example.ph" },
    });

  it("creates a qrph-only intent, a qrph method and attaches it: a data: URL that expires in 30 minutes", async () => {
    const before = fake.requests.length;
    const startedAt = clock.ms();
    const code = await qr();

    const sent = fake.requests.slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v1/payment_intents",
      "POST /v1/payment_methods",
      `POST /v1/payment_intents/${code.paymentIntentId}/attach`,
    ]);
    expect(JSON.parse(sent[0].body).data.attributes).toMatchObject({ amount: 99_900, currency: "PHP", payment_method_allowed: ["qrph"] });
    expect(JSON.parse(sent[1].body).data.attributes).toMatchObject({ type: "qrph", billing: { name: "Juan dela Cruz", email: "juan@example.ph" } });
    expect(code.qrImageUrl).toMatch(/^data:image\/png;base64,/);
    expect(code.expiresAt.getTime() - startedAt).toBeGreaterThanOrEqual(30 * 60_000);
    expect(code.expiresAt.getTime() - clock.ms()).toBeLessThanOrEqual(30 * 60_000);
    expect((await getPaymentIntent(account, code.paymentIntentId)).status).toBe("awaiting_next_action");
  });

  it("a scanned code reads back succeeded with the payment and sends payment.paid", async () => {
    const code = await qr();
    await fake.pay(code.paymentIntentId);

    const intent = await getPaymentIntent(account, code.paymentIntentId);
    expect(intent).toMatchObject({ status: "succeeded", metadata: { invoiceId: "inv-43" } });
    expect(intent.payments).toMatchObject([{ status: "paid", amount: 99_900, fee: 2498, netAmount: 97_402, sourceType: "qrph" }]);
    const event = parsePaymongoEvent(receiver.received.at(-1)!.body)!;
    expect(paymentOfEvent(event).payment?.id).toBe(intent.payments[0].id);
  });

  it("an amount under ₱20 is refused with PayMongo's parameter_below_minimum", async () => {
    await expect(qr(1500)).rejects.toMatchObject({
      status: 400,
      code: "parameter_below_minimum",
      detail: "The minimum value for the amount is 2000.",
    });
  });
});

describe("PayMongo refunds", () => {
  it("a refund starts pending and succeeds shortly after; payment.refund.updated names it", async () => {
    const session = await checkout({ methods: ["card"] });
    const payment = await fake.pay(session.id);
    const before = receiver.received.length;

    const refund = await createRefund(account, {
      paymentId: payment.id,
      amount: 50_000,
      reason: "requested_by_customer",
      notes: "Outage credit",
      idempotencyKey: randomUUID(),
    });
    expect(refund).toEqual({ id: expect.stringMatching(/^ref_/), status: "pending", amount: 50_000 });

    await vi.waitFor(async () => {
      const [read] = (await getCheckoutSession(account, session.id)).payments;
      expect(read.refunds).toEqual([{ id: refund.id, amount: 50_000, status: "succeeded", createdAt: expect.any(Date) }]);
    });
    await vi.waitFor(() => expect(receiver.received.length - before).toBe(2));
    const events = receiver.received.slice(before).map((d) => parsePaymongoEvent(d.body)!);
    expect(events.map((e) => e.type)).toEqual(["payment.refund.updated", "payment.refunded"]);
    expect(paymentOfEvent(events[0]).refund).toEqual({ id: refund.id, paymentId: payment.id, amount: 50_000, status: "succeeded" });
    expect(paymentOfEvent(events[1])).toMatchObject({ payment: { id: payment.id }, refund: { id: refund.id, paymentId: payment.id } });
  });

  it("more than is left to refund is refused with PayMongo's parameter_above_maximum", async () => {
    const session = await checkout({ methods: ["card"] });
    const payment = await fake.pay(session.id);
    const refund = (amount: number) =>
      createRefund(account, { paymentId: payment.id, amount, reason: "others", notes: "", idempotencyKey: randomUUID() });
    await refund(100_000);
    await vi.waitFor(() => expect(fake.refundsLog.at(-1)?.status).toBe("succeeded"));

    await expect(refund(49_901)).rejects.toMatchObject({
      status: 400,
      code: "parameter_above_maximum",
      detail: "Amount is greater than the remaining refundable value.",
    });
    await expect(refund(149_901)).rejects.toMatchObject({ code: "parameter_above_maximum" });
  });
});

describe("PayMongo payments list", () => {
  it("pages with after cursors, newest first, and stops once a page reaches before `since`", async () => {
    const key = `sk_test_${randomBytes(12).toString("hex")}`;
    const small = await startFakePaymongo({ secretKey: key, maxListLimit: 2 });
    const smallAccount: PaymongoAccount = { secretKey: key, mode: "test", apiBaseUrl: small.url };
    try {
      // PayMongo keeps whole seconds; a whole-second start puts payments exactly on the window's edges.
      const start = Math.floor(clock.ms() / 1000) * 1000;
      const at = manualClock(new Date(start));
      const ids: string[] = [];
      for (let hour = 0; hour < 7; hour++) {
        at.set(new Date(start + hour * 3_600_000));
        await withClock(at, async () => {
          const session = await createCheckoutSession(smallAccount, {
            amount: 100_000 + hour,
            currency: "PHP",
            name: `Invoice ${hour}`,
            description: "Fiber",
            methods: ["gcash"],
            successUrl: "http://localhost:3000/ok",
            cancelUrl: "http://localhost:3000/no",
            referenceNumber: `INV-${hour}`,
            metadata: {},
            idempotencyKey: randomUUID(),
          });
          ids.push((await small.pay(session.id)).id);
        });
      }
      const before = small.requests.length;

      const listed = await listPayments(smallAccount, { since: new Date(start + 2 * 3_600_000), until: new Date(start + 5 * 3_600_000) });

      expect(listed.map((p) => p.id)).toEqual([ids[4], ids[3], ids[2]]);
      expect(listed.map((p) => p.amount)).toEqual([100_004, 100_003, 100_002]);
      const pages = small.requests.slice(before).map((r) => r.path);
      expect(pages).toEqual(["/v1/payments?limit=100", `/v1/payments?limit=100&after=${ids[5]}`, `/v1/payments?limit=100&after=${ids[3]}`]);
    } finally {
      await small.stop();
    }
  });
});

describe("PayMongo webhooks", () => {
  it("registers our events; later deliveries go to the new URL signed with the secret PayMongo returned", async () => {
    const other = await startReceiver();
    try {
      const hook = await createWebhook(account, { url: other.url, events: paymongoWebhookEvents });
      expect(hook).toEqual({ id: expect.stringMatching(/^hook_/), secretKey: expect.stringMatching(/^whsk_/) });
      const sent = JSON.parse(fake.requests.findLast((r) => r.path === "/v1/webhooks")!.body).data.attributes;
      expect(sent).toEqual({ url: other.url, events: paymongoWebhookEvents });

      await fake.pay((await checkout()).id);
      expect(other.received).toHaveLength(2);
      const check = (secret: string) =>
        verifyPaymongoSignature({ header: other.received[0].signature, rawBody: other.received[0].body, secret, mode: "test", nowMs: clock.ms() });
      expect(check(hook.secretKey)).toEqual({ ok: true });
      expect(check(webhookSecret)).toEqual({ ok: false, reason: "mismatch" });
    } finally {
      fake.setWebhook({ url: receiver.url, secret: webhookSecret });
      await other.stop();
    }
  });

  it("a re-sent event keeps its id; a stale or wrongly signed re-send fails verification", async () => {
    const before = receiver.received.length;
    await fake.pay((await checkout()).id);
    const event = fake.events.at(-1)!;

    await fake.deliver({ event });
    await fake.deliver({ event, t: Math.floor(clock.ms() / 1000) - 600 });
    await fake.deliver({ event, secret: "whsk_someoneelse" });

    const [, original, again, stale, forged] = receiver.received.slice(before);
    expect(parsePaymongoEvent(again.body)!.id).toBe(parsePaymongoEvent(original.body)!.id);
    expect([verified(again), verified(stale), verified(forged)]).toEqual([
      { ok: true },
      { ok: false, reason: "stale" },
      { ok: false, reason: "mismatch" },
    ]);
  });
});

describe("verifyPaymongoSignature", () => {
  const secret = `whsk_${randomBytes(12).toString("hex")}`;
  const body = JSON.stringify({ data: { id: "evt_1", type: "event", attributes: { type: "payment.paid", livemode: false, data: {} } } });
  const t = Math.floor(clock.ms() / 1000);
  const nowMs = t * 1000;
  const hmac = (at: number, raw = body, key = secret) => createHmac("sha256", key).update(`${at}.${raw}`).digest("hex");

  it.each([
    ["a test-mode delivery", `t=${t},te=${hmac(t)},li=`, "test", body, { ok: true }],
    ["a live-mode delivery", `t=${t},te=,li=${hmac(t)}`, "live", body, { ok: true }],
    ["exactly five minutes old", `t=${t - 300},te=${hmac(t - 300)},li=`, "test", body, { ok: true }],
    ["a live signature read in test mode", `t=${t},te=,li=${hmac(t)}`, "test", body, { ok: false, reason: "mismatch" }],
    ["a test signature read in live mode", `t=${t},te=${hmac(t)},li=`, "live", body, { ok: false, reason: "mismatch" }],
    ["a tampered body", `t=${t},te=${hmac(t)},li=`, "test", body.replace("payment.paid", "payment.failed"), { ok: false, reason: "mismatch" }],
    ["another webhook's secret", `t=${t},te=${hmac(t, body, "whsk_other")},li=`, "test", body, { ok: false, reason: "mismatch" }],
    ["a timestamp the signature does not cover", `t=${t + 1},te=${hmac(t)},li=`, "test", body, { ok: false, reason: "mismatch" }],
    ["a stale timestamp", `t=${t - 301},te=${hmac(t - 301)},li=`, "test", body, { ok: false, reason: "stale" }],
    ["a future timestamp", `t=${t + 301},te=${hmac(t + 301)},li=`, "test", body, { ok: false, reason: "stale" }],
    ["no header", null, "test", body, { ok: false, reason: "missing" }],
    ["an empty header", " ", "test", body, { ok: false, reason: "missing" }],
    ["not a signature at all", "sha256=abc", "test", body, { ok: false, reason: "malformed" }],
    ["no timestamp", `te=${hmac(t)},li=`, "test", body, { ok: false, reason: "malformed" }],
    ["a timestamp that is not a number", `t=soon,te=${hmac(t)},li=`, "test", body, { ok: false, reason: "malformed" }],
    ["a signature that is not hex", `t=${t},te=not-hex,li=`, "test", body, { ok: false, reason: "malformed" }],
  ] as const)("%s", (_, header, mode, rawBody, outcome) => {
    expect(verifyPaymongoSignature({ header, rawBody, secret, mode, nowMs })).toEqual(outcome);
  });

  it("takes another tolerance when asked", () => {
    const header = `t=${t - 100},te=${hmac(t - 100)},li=`;
    expect(verifyPaymongoSignature({ header, rawBody: body, secret, mode: "test", nowMs, toleranceSeconds: 60 })).toEqual({
      ok: false,
      reason: "stale",
    });
  });
});

describe("PayMongo events", () => {
  it("anything but an event envelope is null", () => {
    expect(parsePaymongoEvent("not json")).toBeNull();
    expect(parsePaymongoEvent(JSON.stringify({ data: { id: "evt_1", attributes: { type: "payment.paid" } } }))).toBeNull();
  });

  it("an event about something else names no payment", () => {
    expect(paymentOfEvent({ type: "source.chargeable", resource: { id: "src_1" } })).toEqual({
      payment: null,
      checkoutSessionId: null,
      refund: null,
    });
    expect(paymentOfEvent({ type: "payment.paid", resource: { id: "pay_1" } })).toEqual({ payment: null, checkoutSessionId: null, refund: null });
  });
});

describe("PayMongo refusals", () => {
  it("a base URL other than api.paymongo.com is refused unless the operator allows it, before anything is sent", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    expect(paymongoBaseUrlProblem("https://api.paymongo.com")).toBeNull();
    expect(paymongoBaseUrlProblem(fake.url)).toMatch(/api\.paymongo\.com/);
    const before = fake.requests.length;

    const refused = await checkout().catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(PaymongoApiError);
    expect(refused).toMatchObject({ status: 503, code: "REFUSED_HOST" });
    expect(fake.requests.length).toBe(before);
  });

  it("a key PayMongo does not know is a 401 whose message and detail leave the key out", async () => {
    const wrongKey = `sk_test_${randomBytes(12).toString("hex")}`;
    const refused = await getCheckoutSession({ ...account, secretKey: wrongKey }, "cs_missing").catch((error: unknown) => error);

    expect(refused).toMatchObject({ status: 401, code: "api_key_invalid" });
    const { message, detail } = refused as PaymongoApiError;
    expect(`${message} ${detail} ${String(refused)}`).not.toContain(wrongKey);
  });

  it("no answer is UNREACHABLE, and a reply of another shape UNEXPECTED_REPLY", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: { id: "cs_1" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await expect(getCheckoutSession({ ...account, apiBaseUrl: base }, "cs_1")).rejects.toMatchObject({ status: 502, code: "UNEXPECTED_REPLY" });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(getCheckoutSession({ ...account, apiBaseUrl: base }, "cs_1")).rejects.toMatchObject({ status: 503, code: "UNREACHABLE" });
  });
});
