import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import type { GatewayCredentials } from "@/lib/payments/gateways";
import { listPaypalSettlement, refundPaypalCapture } from "@/lib/payments/paypal";
import { createStripeRefund, listStripeTransactions } from "@/lib/payments/stripe-api";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";

const DAY = 24 * 3600 * 1000;
/** Both gateways time their transactions in whole seconds. */
const secondsAgo = (ms: number) => new Date(Math.floor((clock.ms() - ms) / 1000) * 1000);
const secretKey = "sk_test_refunds1";
const paypalKeys = { clientId: "AfakeRefundsClient", clientSecret: "EfakeRefundsSecret" };

let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
beforeAll(async () => {
  process.env.OUTBOUND_ALLOWED_HOSTS = "127.0.0.1";
  stripe = await startFakeStripe({ secretKey });
  paypal = await startFakePaypal(paypalKeys);
});
afterAll(async () => {
  await stripe?.stop();
  await paypal?.stop();
});

const stripeGateway = () => ({ secret: secretKey, apiBaseUrl: stripe.url });
const paypalGateway = (apiBaseUrl = paypal.url): GatewayCredentials => {
  const credentials = {
    id: randomUUID(),
    tenantId: randomUUID(),
    provider: "paypal" as const,
    enabled: true,
    mode: "test" as const,
    publicId: paypalKeys.clientId,
    secret: paypalKeys.clientSecret,
    webhookSecret: null,
    apiBaseUrl,
  };
  return credentials;
};
const paidIntent = (amount: number, currency = "php") => {
  const id = `pi_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  stripe.addPaymentIntent({ id, amount, currency });
  return id;
};
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe("payment_failed");
  return error as AppError;
}

describe("Stripe refunds", () => {
  it("sends the amount in the currency's minor unit with our idempotency key, and a retry gets the first refund back", async () => {
    const paymentIntentId = paidIntent(300_000, "vnd");
    const input = { paymentIntentId, amountCentavos: 15_000_000, currency: "VND", reason: "Outage credit for March", idempotencyKey: randomUUID() };

    const refund = await createStripeRefund(stripeGateway(), input);
    const again = await createStripeRefund(stripeGateway(), input);

    expect(refund).toEqual({ id: expect.stringMatching(/^re_/), status: "succeeded", amountCentavos: 15_000_000, failureReason: null });
    expect(again.id).toBe(refund.id);
    expect(stripe.state.paymentIntents.get(paymentIntentId)?.refunded).toBe(150_000);
    const sent = stripe.requests.filter((r) => r.path === "/v1/refunds");
    expect(sent.at(-1)?.headers["idempotency-key"]).toBe(input.idempotencyKey);
    expect(Object.fromEntries(sent.at(-1)!.form)).toMatchObject({
      payment_intent: paymentIntentId,
      amount: "150000",
      reason: "requested_by_customer",
      "metadata[reason]": "Outage credit for March",
    });
  });

  it.each([
    ["succeeded", "succeeded", null],
    ["pending", "pending", null],
    ["requires_action", "pending", null],
    ["failed", "failed", "insufficient_funds"],
    ["canceled", "failed", "canceled"],
  ])("reports Stripe's %s refund as %s", async (stripeStatus, status, failureReason) => {
    stripe.state.refundStatus = stripeStatus;
    stripe.state.refundFailureReason = stripeStatus === "failed" ? "insufficient_funds" : null;
    try {
      const refund = await createStripeRefund(stripeGateway(), {
        paymentIntentId: paidIntent(149_900),
        amountCentavos: 49_900,
        currency: "PHP",
        reason: "Duplicate payment",
        idempotencyKey: randomUUID(),
      });
      expect(refund).toMatchObject({ status, failureReason, amountCentavos: 49_900 });
    } finally {
      stripe.state.refundStatus = "succeeded";
      stripe.state.refundFailureReason = null;
    }
  });

  it("refuses more than is left to refund, and anything once fully refunded, with Stripe's reason", async () => {
    const paymentIntentId = paidIntent(149_900);
    const refund = (amountCentavos: number) =>
      createStripeRefund(stripeGateway(), {
        paymentIntentId,
        amountCentavos,
        currency: "PHP",
        reason: "Customer asked",
        idempotencyKey: randomUUID(),
      });

    await refund(100_000);
    const tooMuch = await refusal(refund(50_000));
    expect(tooMuch.message).toBe("Stripe refused the refund: Refund amount (₱500.00) is greater than unrefunded amount on charge (₱499.00)");
    await refund(49_900);
    expect((await refusal(refund(100))).message).toMatch(/^Stripe refused the refund: Charge ch_\w+ has already been refunded\.$/);
  });
});

describe("Stripe balance transactions", () => {
  it("lists every transaction of the period across pages: payments with their fee, refunds and payouts negative", async () => {
    const fake = await startFakeStripe({ secretKey });
    const gateway = { secret: secretKey, apiBaseUrl: fake.url };
    try {
      const since = secondsAgo(10 * DAY);
      const until = new Date(clock.ms() + 60_000);
      fake.addPaymentIntent({ id: "pi_before_period", amount: 99_900, currency: "php", created: new Date(since.getTime() - DAY) });
      const intents = Array.from({ length: 101 }, (_, i) => {
        const id = `pi_period_${String(i).padStart(3, "0")}`;
        fake.addPaymentIntent({ id, amount: 149_900, currency: "php", fee: 5_397, created: new Date(since.getTime() + i * 60_000) });
        return id;
      });
      const refund = await createStripeRefund(gateway, {
        paymentIntentId: intents[7],
        amountCentavos: 50_000,
        currency: "PHP",
        reason: "Outage",
        idempotencyKey: randomUUID(),
      });
      const payout = fake.addPayout({ amount: 1_000_000, currency: "php" });
      const listed = fake.requests.length;

      const transactions = await listStripeTransactions(gateway, { since, until });

      const calls = fake.requests.slice(listed);
      expect(calls.map((c) => new URL(c.path, fake.url).searchParams.get("starting_after") ?? "first page")).toEqual([
        "first page",
        expect.stringMatching(/^txn_/),
      ]);
      expect(transactions.filter((t) => t.kind === "payment").map((t) => t.paymentReference)).toEqual([...intents].reverse());
      expect(transactions.find((t) => t.paymentReference === "pi_period_000")).toMatchObject({
        kind: "payment",
        grossCentavos: 149_900,
        feeCentavos: 5_397,
        netCentavos: 144_503,
        currency: "PHP",
        refundReference: null,
        payoutId: null,
        occurredAt: since,
      });
      expect(transactions.find((t) => t.kind === "refund")).toMatchObject({
        paymentReference: intents[7],
        refundReference: refund.id,
        grossCentavos: -50_000,
        netCentavos: -50_000,
      });
      expect(transactions.find((t) => t.kind === "payout")).toMatchObject({
        id: payout.id,
        payoutId: payout.source,
        grossCentavos: -1_000_000,
        paymentReference: null,
      });
      expect(transactions).toHaveLength(103);
    } finally {
      await fake.stop();
    }
  });
});

describe("PayPal refunds", () => {
  const capture = (value = "1499.00") => {
    const id = `${randomUUID().replaceAll("-", "").slice(0, 17).toUpperCase()}`;
    paypal.addCapture({ id, currency: "PHP", value });
    return id;
  };

  it("refunds with PayPal-Request-Id, and a retry with the same key gets the first refund back", async () => {
    const captureId = capture();
    const input = { captureId, amountCentavos: 50_000, currency: "PHP", reason: "Outage credit for March", idempotencyKey: randomUUID() };

    const refund = await refundPaypalCapture(paypalGateway(), input);
    const again = await refundPaypalCapture(paypalGateway(), input);

    expect(refund).toEqual({ id: expect.any(String), status: "succeeded", amountCentavos: 50_000, failureReason: null });
    expect(again.id).toBe(refund.id);
    expect(paypal.state.captures.get(captureId)?.refunded).toBe(50_000);
    const sent = paypal.state.requests.filter((r) => r.path === `/v2/payments/captures/${captureId}/refund`);
    expect(sent.map((r) => r.headers["paypal-request-id"])).toEqual([input.idempotencyKey, input.idempotencyKey]);
    expect(JSON.parse(sent[0].body)).toEqual({ amount: { currency_code: "PHP", value: "500.00" }, note_to_payer: "Outage credit for March" });
  });

  it.each([
    ["PENDING", "pending", null],
    ["CANCELLED", "failed", "cancelled"],
  ])("reports PayPal's %s refund as %s", async (paypalStatus, status, failureReason) => {
    paypal.state.refundStatus = paypalStatus;
    try {
      const refund = await refundPaypalCapture(paypalGateway(), {
        captureId: capture(),
        amountCentavos: 149_900,
        currency: "PHP",
        reason: "Duplicate payment",
        idempotencyKey: randomUUID(),
      });
      expect(refund).toMatchObject({ status, failureReason, amountCentavos: 149_900 });
    } finally {
      paypal.state.refundStatus = "COMPLETED";
    }
  });

  it("refuses more than is left to refund, and anything once fully refunded, in words", async () => {
    const captureId = capture("1000.00");
    const refund = (amountCentavos: number) =>
      refundPaypalCapture(paypalGateway(), { captureId, amountCentavos, currency: "PHP", reason: "Customer asked", idempotencyKey: randomUUID() });

    await refund(60_000);
    expect((await refusal(refund(50_000))).message).toBe(
      "PayPal refused the refund: the amount is more than what is left to refund on this payment.",
    );
    await refund(40_000);
    expect((await refusal(refund(100))).message).toBe("PayPal refused the refund: this payment has already been refunded in full.");
  });
});

describe("PayPal settlement", () => {
  it("splits a period longer than 31 days into searches PayPal accepts and reads every page", async () => {
    const fake = await startFakePaypal(paypalKeys);
    try {
      const since = secondsAgo(100 * DAY);
      const until = new Date(since.getTime() + 70 * DAY);
      for (let i = 0; i < 501; i++) {
        fake.addCapture({
          id: `PAY${String(i).padStart(14, "0")}`,
          currency: "PHP",
          value: "1499.00",
          fee: "-57.46",
          at: new Date(since.getTime() + i * 60_000),
        });
      }
      fake.addTransaction({
        id: "REFUND00000000001",
        eventCode: "T1107",
        currency: "PHP",
        value: "-500.00",
        fee: "12.50",
        at: new Date(since.getTime() + 40 * DAY),
        referenceId: "PAY00000000000007",
      });
      fake.addTransaction({
        id: "WITHDRAW000000001",
        eventCode: "T0400",
        currency: "PHP",
        value: "-700000.00",
        at: new Date(since.getTime() + 65 * DAY),
      });
      fake.addTransaction({ id: "OUTSIDE0000000001", eventCode: "T0006", currency: "PHP", value: "1.00", at: until });

      const transactions = await listPaypalSettlement(paypalGateway(fake.url), { since, until });

      const searches = fake.state.requests
        .filter((r) => r.path.startsWith("/v1/reporting/transactions"))
        .map((r) => Object.fromEntries(new URL(r.path, fake.url).searchParams));
      expect(searches.map((s) => [s.start_date, s.page])).toEqual([
        [since.toISOString(), "1"],
        [since.toISOString(), "2"],
        [new Date(since.getTime() + 31 * DAY).toISOString(), "1"],
        [new Date(since.getTime() + 62 * DAY).toISOString(), "1"],
      ]);
      expect(searches.at(-1)?.end_date).toBe(new Date(until.getTime() - 1).toISOString());
      for (const s of searches) expect(Date.parse(s.end_date) - Date.parse(s.start_date)).toBeLessThan(31 * DAY);

      expect(transactions).toHaveLength(503);
      expect(transactions[0]).toEqual({
        id: "PAY00000000000000",
        kind: "payment",
        paymentReference: "PAY00000000000000",
        refundReference: null,
        grossCentavos: 149_900,
        feeCentavos: 5_746,
        netCentavos: 144_154,
        currency: "PHP",
        occurredAt: since,
        payoutId: null,
      });
      expect(transactions.find((t) => t.kind === "refund")).toMatchObject({
        paymentReference: "PAY00000000000007",
        refundReference: "REFUND00000000001",
        grossCentavos: -50_000,
        feeCentavos: -1_250,
        netCentavos: -48_750,
      });
      expect(transactions.find((t) => t.kind === "payout")).toMatchObject({ payoutId: "WITHDRAW000000001", grossCentavos: -70_000_000 });
    } finally {
      await fake.stop();
    }
  });

  it("says to turn on Transaction Search when PayPal does not allow it", async () => {
    paypal.state.transactionSearchEnabled = false;
    try {
      const error = await refusal(listPaypalSettlement(paypalGateway(), { since: new Date(clock.ms() - DAY), until: clock.now() }));
      expect(error.message).toMatch(/Turn on Transaction Search/);
    } finally {
      paypal.state.transactionSearchEnabled = true;
    }
  });
});
