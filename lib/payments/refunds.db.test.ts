import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { creditNotes, invoices, payments } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { gatewayRefunds, paymentRequests } from "@/lib/payments/schema";
import { actorOf, type TenantActor } from "@/lib/audit/record";
import { recordPayment } from "@/lib/billing/payments";
import { startCheckout } from "@/lib/payments/checkout";
import { loadGatewayCredentials } from "@/lib/payments/gateways";
import { refundSenders } from "@/lib/payments/refund-senders";
import { refundOnlinePayment, settleGatewayRefund } from "@/lib/payments/refunds";
import { createTestDatabase } from "@/tests/support/db";
import { startFakePaymongo, type FakePaymongo } from "@/tests/support/fake-paymongo";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { startFakeXendit } from "@/tests/support/fake-xendit";
import {
  enablePaymongo,
  enablePaypal,
  enableStripe,
  enableXendit,
  paymongoSecretKey,
  paypalKeys,
  tenantWithInvoice,
  xenditKeys,
} from "@/tests/support/online-payments";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import type { Provider } from "@/lib/payments/rules";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let receiver: WebhookReceiver;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
let paymongo: FakePaymongo;
let xendit: Awaited<ReturnType<typeof startFakeXendit>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  receiver = await startWebhookReceiver(() => conn.db);
  stripe = await startFakeStripe({ secretKey: "sk_test_fake1" });
  paypal = await startFakePaypal({ clientId: paypalKeys.clientId, clientSecret: paypalKeys.clientSecret });
  // Refunds stay pending until the test settles them, as PayMongo and Xendit report them later by webhook.
  paymongo = await startFakePaymongo({ secretKey: paymongoSecretKey, refundSettleMs: null });
  xendit = await startFakeXendit({ ...xenditKeys, refundSettleMs: null });
});
afterAll(async () => {
  await Promise.all([stripe?.stop(), paypal?.stop(), paymongo?.stop(), xendit?.stop()]);
  await receiver?.stop();
  await conn?.close();
});

type Setup = Awaited<ReturnType<typeof tenantWithInvoice>>;
type Payment = typeof payments.$inferSelect;
/** What the ledger records for a payment a gateway confirmed (the checkouts themselves are tested per gateway). */
const gatewayActor = (tenantId: string, userName: string): TenantActor => ({ tenantId, userId: null, userName });

async function paymentOfRequest(requestId: string) {
  const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.id, requestId));
  const [payment] = await conn.db.select().from(payments).where(eq(payments.id, request.paymentId!));
  return payment;
}

/** Each gateway: a ₱1,499 payment of the invoice taken through it, the refund calls it received, and how it reports a refund later. */
const gateways: Record<
  Provider,
  {
    pay: (setup: Setup) => Promise<Payment>;
    refundCalls: () => number;
    /** Stripe and PayPal answer most refunds at once; these make their next refunds wait. */
    holdRefunds: (held: boolean) => void;
    /** The gateway finishes a pending refund and reports it by webhook (null: it answers at once). */
    settle: ((externalId: string) => Promise<void>) | null;
    /** The gateway delivers its last refund report once more. */
    redeliver: (() => Promise<void>) | null;
  }
> = {
  stripe: {
    pay: async (setup) => {
      await enableStripe(conn.db, setup.ctx.billing, { apiBaseUrl: stripe.url });
      const intent = `pi_${randomUUID().replaceAll("-", "")}`;
      stripe.addPaymentIntent({ id: intent, amount: 149_900, currency: "PHP" });
      const { paymentId } = await recordPayment(conn.db, gatewayActor(setup.tenant.id, "Stripe"), {
        customerId: setup.customer.id,
        amountCentavos: 149_900,
        method: "card",
        gateway: "stripe",
        reference: intent,
        gatewayPaymentId: `cs_test_${randomUUID().replaceAll("-", "")}`,
        invoiceId: setup.invoice.id,
      });
      return (await conn.db.select().from(payments).where(eq(payments.id, paymentId)))[0];
    },
    refundCalls: () => stripe.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds").length,
    holdRefunds: (held) => {
      stripe.state.refundStatus = held ? "pending" : "succeeded";
    },
    settle: null,
    redeliver: null,
  },
  paypal: {
    pay: async (setup) => {
      await enablePaypal(conn.db, setup.ctx.billing, { apiBaseUrl: paypal.url });
      const capture = `CAP${randomUUID().replaceAll("-", "").slice(0, 14).toUpperCase()}`;
      paypal.addCapture({ id: capture, currency: "PHP", value: "1499.00" });
      const { paymentId } = await recordPayment(conn.db, gatewayActor(setup.tenant.id, "PayPal"), {
        customerId: setup.customer.id,
        amountCentavos: 149_900,
        method: "paypal",
        gateway: "paypal",
        reference: capture,
        gatewayPaymentId: `5O${randomUUID().replaceAll("-", "").slice(0, 15)}`,
        invoiceId: setup.invoice.id,
      });
      return (await conn.db.select().from(payments).where(eq(payments.id, paymentId)))[0];
    },
    refundCalls: () => paypal.state.requests.filter((r) => r.method === "POST" && /\/refund$/.test(r.path)).length,
    holdRefunds: (held) => {
      paypal.state.refundStatus = held ? "PENDING" : "COMPLETED";
    },
    settle: null,
    redeliver: null,
  },
  paymongo: {
    pay: async (setup) => {
      const keys = await enablePaymongo(conn.db, setup.ctx.billing, { apiBaseUrl: paymongo.url });
      paymongo.setWebhook({ url: receiver.urlFor("paymongo", setup.tenant.id), secret: keys.webhookSecret });
      const { requestId } = await startCheckout(conn.db, { tenantId: setup.tenant.id, invoiceId: setup.invoice.id, method: "gcash" });
      const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.id, requestId));
      await paymongo.pay(request.externalId);
      return paymentOfRequest(requestId);
    },
    refundCalls: () => paymongo.refundsLog.length,
    holdRefunds: () => undefined,
    // PayMongo sends payment.refund.updated, then payment.refunded: the same refund reported twice.
    settle: (externalId) => paymongo.settleRefund(externalId, "succeeded"),
    redeliver: async () => {
      await paymongo.deliver({ event: paymongo.events.at(-2)! });
    },
  },
  xendit: {
    pay: async (setup) => {
      await enableXendit(conn.db, setup.ctx.billing, { apiBaseUrl: xendit.url });
      xendit.setCallbackUrl(receiver.urlFor("xendit", setup.tenant.id));
      const { requestId } = await startCheckout(conn.db, { tenantId: setup.tenant.id, invoiceId: setup.invoice.id, method: "gcash" });
      const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.id, requestId));
      await xendit.payInvoice(request.externalId, { channel: "GCASH" });
      return paymentOfRequest(requestId);
    },
    refundCalls: () => xendit.requests.filter((r) => r.method === "POST" && r.path === "/refunds").length,
    holdRefunds: () => undefined,
    settle: async (externalId) => {
      await xendit.settleRefund(externalId, "SUCCEEDED");
    },
    redeliver: async () => {
      await xendit.deliver(xendit.deliveries.at(-1)!.body);
    },
  },
};

const refundRow = async (refundId: string) => (await conn.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.id, refundId)))[0];
const paymentRow = async (id: string) => (await conn.db.select().from(payments).where(eq(payments.id, id)))[0];
const creditNotesOf = (paymentId: string) => conn.db.select().from(creditNotes).where(eq(creditNotes.paymentId, paymentId));
const reason = "Two days without service";

/** A refund made on the gateway's own dashboard: the gateway has less left to refund than NetSphere's ledger says. */
async function refundOnDashboard(provider: Provider, setup: Setup, payment: Payment, amountCentavos: number) {
  const gateway = await loadGatewayCredentials(conn.db, { tenantId: setup.tenant.id, provider });
  const made = await refundSenders[provider](gateway!, {
    payment: {
      id: payment.id,
      reference: payment.reference,
      gatewayPaymentId: payment.gatewayPaymentId,
      currency: payment.currency,
      method: payment.method,
    },
    amountCentavos,
    reason: "Refunded on the dashboard",
    idempotencyKey: randomUUID(),
  });
  if (made.status === "pending") await gateways[provider].settle!(made.id);
}

describe.each(Object.keys(gateways) as Provider[])("refunds through %s", (provider) => {
  const gateway = gateways[provider];

  it("a refund the gateway confirms writes one refund credit note, however often the confirmation comes", async () => {
    const setup = await tenantWithInvoice(conn.db);
    const payment = await gateway.pay(setup);
    const actor = actorOf(setup.ctx.billing);

    const outcome = await refundOnlinePayment(conn.db, actor, refundSenders, { paymentId: payment.id, amountCentavos: 50_000, reason });

    const sent = await refundRow(outcome.refundId);
    expect(sent.externalId).toEqual(expect.any(String));
    if (gateway.settle) {
      expect(outcome).toEqual({ status: "pending", refundId: sent.id, creditNoteNumber: null });
      expect(await creditNotesOf(payment.id)).toHaveLength(0);
      expect((await paymentRow(payment.id)).refundedCentavos).toBe(0);
      const before = receiver.received.length;
      await gateway.settle(sent.externalId!);
      await gateway.redeliver!();
      const answers = receiver.received.slice(before).map((r) => r.body.outcome);
      expect(answers.filter((a) => a === "recorded")).toHaveLength(1);
      expect(answers.at(-1)).toBe("duplicate");
    } else {
      expect(outcome).toEqual({ status: "succeeded", refundId: sent.id, creditNoteNumber: expect.stringMatching(/^CN-/) });
    }
    const late = await settleGatewayRefund(conn.db, {
      tenantId: setup.tenant.id,
      provider,
      externalId: sent.externalId!,
      status: "succeeded",
      failureReason: null,
    });
    expect(late).toEqual({ outcome: "already_recorded" });

    const notes = await creditNotesOf(payment.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "refund", amountCentavos: 50_000, reason, gatewayReference: sent.externalId });
    expect(await refundRow(outcome.refundId)).toMatchObject({ status: "succeeded", creditNoteId: notes[0].id, failureReason: null });
    expect((await paymentRow(payment.id)).refundedCentavos).toBe(50_000);
    // The money went back out of what paid the invoice: ₱500 of it is owed again.
    const [invoice] = await conn.db.select().from(invoices).where(eq(invoices.id, setup.invoice.id));
    expect(invoice).toMatchObject({ status: "open", amountPaidCentavos: 99_900 });
    const [customer] = await conn.db.select().from(customers).where(eq(customers.id, setup.customer.id));
    expect(customer.balanceCentavos).toBe(50_000);
  });

  it("a refund the gateway refuses keeps the gateway's reason and leaves the ledger as it was", async () => {
    const setup = await tenantWithInvoice(conn.db);
    const payment = await gateway.pay(setup);
    await refundOnDashboard(provider, setup, payment, 100_000);

    const refused = refundOnlinePayment(conn.db, actorOf(setup.ctx.billing), refundSenders, {
      paymentId: payment.id,
      amountCentavos: 149_900,
      reason,
    });

    const because = {
      stripe: /Stripe refused the refund: .*greater than unrefunded amount/,
      paypal: /PayPal refused the refund: the amount is more than what is left to refund/,
      paymongo: /PayMongo refused the request: Amount is greater than the remaining refundable value/,
      xendit: /Xendit refused the request: Refund amount .* must be less than or equal to unrefunded/,
    }[provider];
    await expect(refused).rejects.toMatchObject({ code: "payment_failed", message: expect.stringMatching(because) });
    const [row] = await conn.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.paymentId, payment.id));
    expect(row).toMatchObject({ status: "failed", amountCentavos: 149_900, failureReason: expect.stringMatching(because), creditNoteId: null });
    expect(await creditNotesOf(payment.id)).toHaveLength(0);
    expect((await paymentRow(payment.id)).refundedCentavos).toBe(0);
  });

  it("a pending refund holds its amount: a second one that would exceed the payment is refused before the gateway is called", async () => {
    const setup = await tenantWithInvoice(conn.db);
    const payment = await gateway.pay(setup);
    const actor = actorOf(setup.ctx.billing);
    gateway.holdRefunds(true);
    try {
      const first = await refundOnlinePayment(conn.db, actor, refundSenders, { paymentId: payment.id, amountCentavos: 100_000, reason });
      expect(first.status).toBe("pending");
    } finally {
      gateway.holdRefunds(false);
    }
    const calls = gateway.refundCalls();

    const second = refundOnlinePayment(conn.db, actor, refundSenders, { paymentId: payment.id, amountCentavos: 60_000, reason });

    await expect(second).rejects.toMatchObject({
      code: "validation",
      message: "At most ₱499.00 of this payment can be refunded while other refunds are pending.",
    });
    expect(gateway.refundCalls()).toBe(calls);
    const rows = await conn.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.paymentId, payment.id));
    expect(rows.map((r) => [r.status, r.amountCentavos])).toEqual([["pending", 100_000]]);
    expect(await creditNotesOf(payment.id)).toHaveLength(0);
  });
});

describe("refunds of money not taken online", () => {
  it("a cash payment is refused with a message saying to record its refund by hand", async () => {
    const setup = await tenantWithInvoice(conn.db);
    const actor = actorOf(setup.ctx.billing);
    const { paymentId } = await recordPayment(conn.db, actor, {
      customerId: setup.customer.id,
      amountCentavos: 149_900,
      method: "cash",
      invoiceId: setup.invoice.id,
    });

    const refused = refundOnlinePayment(conn.db, actor, refundSenders, { paymentId, amountCentavos: 10_000, reason });

    await expect(refused).rejects.toMatchObject({ code: "conflict", message: "This payment was not taken online; record its refund by hand." });
    expect(await conn.db.select().from(gatewayRefunds).where(eq(gatewayRefunds.tenantId, setup.tenant.id))).toEqual([]);
    expect(await creditNotesOf(paymentId)).toHaveLength(0);
  });
});
