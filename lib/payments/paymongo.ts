/*
 * PayMongo for our ISPs: GCash, Maya, GrabPay and card through a hosted Checkout Session, QR Ph as a payment
 * intent whose code we show on our own status page. PayMongo reports payments and refunds by webhook
 * (POST /api/webhooks/paymongo/<tenantId>), signed with the endpoint's secret; the tenant id in the URL only
 * picks whose secret to check with.
 */
import "server-only";
import { logger } from "@/lib/core/logger";
import { AppError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { clock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { loadGatewayCredentials, requireGatewayRow, saveWebhookEndpoint, type GatewayCredentials } from "@/lib/payments/gateways";
import {
  createCheckoutSession,
  createQrPhPayment,
  createRefund,
  createWebhook,
  expireCheckoutSession,
  listPayments,
  parsePaymongoEvent,
  paymentOfEvent,
  PaymongoApiError,
  paymongoWebhookEvents,
  verifyPaymongoSignature,
  type PaymongoAccount,
  type PaymongoMethod,
  type PaymongoPayment,
} from "@/lib/payments/paymongo-api";
import { processGatewayEvent, settleConfirmedPayment } from "@/lib/payments/gateway-events";
import { findPaymentRequest, findPaymentRequestById, markPaymentRequest } from "@/lib/payments/settle";
import { settleGatewayRefund, type RefundSender } from "@/lib/payments/refunds";
import { gatewayFailure } from "@/lib/payments/failures";
import { webhookUrlFor, type OnlineMethod } from "@/lib/payments/rules";
import type { GatewayTransaction } from "@/lib/payments/gateway-types";
import type { Opened, OpenInput } from "@/lib/payments/checkout";
import { acknowledged, refuse, type WebhookReply } from "@/lib/payments/webhook-response";
import type { Db } from "@/lib/db/types";

export const paymongoAccountOf = (gateway: GatewayCredentials): PaymongoAccount => ({
  secretKey: gateway.secret,
  mode: gateway.mode,
  apiBaseUrl: gateway.apiBaseUrl,
});

const methodCodes: Partial<Record<OnlineMethod, PaymongoMethod>> = { gcash: "gcash", maya: "paymaya", grabpay: "grab_pay", qrph: "qrph", card: "card" };

/** How long a hosted checkout stays payable before our expiry job closes it. */
const CHECKOUT_LIFETIME_MS = 24 * 3600_000;

/** A PayMongo failure as a message to act on (gatewayFailure); anything else passes through. */
export const paymongoFailure = (error: unknown): unknown => (error instanceof PaymongoApiError ? gatewayFailure("paymongo", error) : error);

export async function openPaymongoCheckout(gateway: GatewayCredentials, { requestId, method, target, statusUrl, cancelUrl }: OpenInput): Promise<Opened> {
  const account = paymongoAccountOf(gateway);
  const code = methodCodes[method];
  if (!code) throw new AppError("conflict", "PayMongo does not carry this way to pay.");
  const metadata = { tenantId: target.tenantId, requestId, invoiceId: target.invoiceId ?? "" };
  try {
    if (code === "qrph") {
      const qr = await createQrPhPayment(account, {
        amount: target.amountCentavos,
        currency: target.currency,
        description: `${target.tenantName}: ${target.label}`,
        metadata,
        idempotencyKey: requestId,
        billing: { name: target.customerName, email: target.customerEmail || null },
      });
      // Nothing to close: an unpaid QR Ph intent lapses by itself at its expiry.
      return { externalId: qr.paymentIntentId, redirectUrl: null, qrImage: qr.qrImageUrl, expiresAt: qr.expiresAt, close: async () => undefined };
    }
    const session = await createCheckoutSession(account, {
      amount: target.amountCentavos,
      currency: target.currency,
      name: target.label,
      description: `${target.tenantName}: ${target.label}`,
      methods: [code],
      successUrl: statusUrl,
      cancelUrl,
      referenceNumber: requestId,
      metadata,
      idempotencyKey: requestId,
    });
    return {
      externalId: session.id,
      redirectUrl: session.checkoutUrl,
      expiresAt: new Date(clock.ms() + CHECKOUT_LIFETIME_MS),
      close: () => expireCheckoutSession(account, session.id),
    };
  } catch (error) {
    throw paymongoFailure(error);
  }
}

/** Closes a checkout we stopped waiting for; a QR Ph intent lapses by itself. */
export async function closePaymongoCheckout(gateway: GatewayCredentials, externalId: string) {
  if (externalId.startsWith("cs_")) await expireCheckoutSession(paymongoAccountOf(gateway), externalId);
}

export const sendPaymongoRefund: RefundSender = async (gateway, { payment, amountCentavos, reason, idempotencyKey }) => {
  try {
    const refund = await createRefund(paymongoAccountOf(gateway), {
      paymentId: payment.reference,
      amount: amountCentavos,
      reason: "requested_by_customer",
      notes: reason,
      idempotencyKey,
    });
    return { id: refund.id, status: refund.status, amountCentavos: refund.amount, failureReason: refund.status === "failed" ? "PayMongo declined the refund" : null };
  } catch (error) {
    throw paymongoFailure(error);
  }
};

/** PayMongo's payments in a period as settlement lines: each payment, and each of its refunds as money going back. */
export async function listPaymongoSettlement(gateway: GatewayCredentials, range: { since: Date; until: Date }): Promise<GatewayTransaction[]> {
  const found = await listPayments(paymongoAccountOf(gateway), range);
  return found.flatMap((p): GatewayTransaction[] => {
    if (p.status !== "paid") return [];
    const paidAt = p.paidAt ?? range.since;
    const lines: GatewayTransaction[] = [
      {
        id: p.id,
        kind: "payment",
        paymentReference: p.id,
        refundReference: null,
        grossCentavos: p.amount,
        feeCentavos: p.fee,
        netCentavos: p.netAmount,
        currency: p.currency.toUpperCase(),
        occurredAt: paidAt,
        payoutId: p.payoutId,
      },
    ];
    for (const refund of p.refunds.filter((r) => r.status === "succeeded")) {
      lines.push({
        id: refund.id,
        kind: "refund",
        paymentReference: p.id,
        refundReference: refund.id,
        grossCentavos: -refund.amount,
        feeCentavos: 0,
        netCentavos: -refund.amount,
        currency: p.currency.toUpperCase(),
        // A refund belongs to the month it was made in, not its payment's.
        occurredAt: refund.createdAt ?? paidAt,
        payoutId: null,
      });
    }
    return lines;
  });
}

/**
 * Registers our webhook endpoint on PayMongo and keeps the secret PayMongo returns, so the ISP never copies one.
 * Registering again (a new secret after a leak) replaces the saved secret; PayMongo keeps the old endpoint
 * until it is disabled on their dashboard, and deliveries to it then fail the signature check here.
 */
export async function registerPaymongoWebhook(db: Db, actor: TenantActor) {
  const gateway = await requireGatewayRow(db, { tenantId: actor.tenantId, provider: "paymongo" });
  const url = webhookUrlFor(env().APP_URL, "paymongo", actor.tenantId);
  let created: { id: string; secretKey: string };
  try {
    created = await createWebhook(paymongoAccountOf(gateway), { url, events: paymongoWebhookEvents });
  } catch (error) {
    throw paymongoFailure(error);
  }
  await saveWebhookEndpoint(db, { tenantId: actor.tenantId, provider: "paymongo", endpointId: created.id, secret: created.secretKey });
  await recordAudit(db, actor, {
    action: "billing.gateway_webhook_registered",
    entityType: "payment_gateway",
    entityId: gateway.id,
    after: { provider: "paymongo", endpoint: created.id, url },
  });
  return { endpointId: created.id, url };
}

/** The payment an event is about: the checkout session's, or the QR Ph intent's (found by its id or our request id). */
async function requestOfPayment(db: Db, tenantId: string, checkoutSessionId: string | null, payment: PaymongoPayment) {
  if (checkoutSessionId) return findPaymentRequest(db, { tenantId, provider: "paymongo", externalId: checkoutSessionId });
  const byIntent = payment.paymentIntentId
    ? await findPaymentRequest(db, { tenantId, provider: "paymongo", externalId: payment.paymentIntentId })
    : null;
  if (byIntent) return byIntent;
  // A payment made in a checkout session names the session's intent, not the session: our request id is in its metadata.
  const requestId = payment.metadata.requestId;
  return requestId && isUuid(requestId) ? findPaymentRequestById(db, { tenantId, provider: "paymongo", id: requestId }) : null;
}

export async function handlePaymongoWebhook(
  db: Db,
  { tenantId, payload, headers }: { tenantId: string; payload: string; headers: Headers },
): Promise<WebhookReply> {
  if (!isUuid(tenantId)) return refuse(404, "not_found", "There is no such webhook endpoint.");
  const gateway = await loadGatewayCredentials(db, { tenantId, provider: "paymongo" });
  if (!gateway?.webhookSecret) return refuse(404, "not_found", "PayMongo webhooks are not set up for this account.");
  const verdict = verifyPaymongoSignature({
    header: headers.get("paymongo-signature"),
    rawBody: payload,
    secret: gateway.webhookSecret,
    mode: gateway.mode,
    nowMs: clock.ms(),
  });
  if (!verdict.ok) {
    logger.warn({ provider: "paymongo", tenantId, reason: verdict.reason }, "paymongo webhook refused");
    return refuse(400, "validation", `The PayMongo signature is ${verdict.reason === "stale" ? "too old" : verdict.reason === "missing" ? "missing" : "not valid"}.`);
  }
  const event = parsePaymongoEvent(payload);
  if (!event) return refuse(400, "validation", "The body is not a PayMongo event.");
  // A test-mode event on a live account (or the reverse) is another account's business.
  if (event.livemode !== (gateway.mode === "live")) return acknowledged("ignored", { reason: "mode" });
  const context = { provider: "paymongo" as const, tenantId, eventId: event.id };
  const { payment, checkoutSessionId, refund } = paymentOfEvent(event);

  return processGatewayEvent(db, { provider: "paymongo", tenantId, eventId: event.id, type: event.type }, async () => {
    if (refund && (event.type === "payment.refund.updated" || event.type === "payment.refunded")) {
      return settleGatewayRefund(db, {
        tenantId,
        provider: "paymongo",
        externalId: refund.id,
        status: refund.status === "succeeded" ? "succeeded" : refund.status === "failed" ? "failed" : "pending",
        failureReason: refund.status === "failed" ? "PayMongo declined the refund" : null,
      });
    }
    if (!payment) return { outcome: "ignored", extra: { reason: `event ${event.type}` } };
    const request = await requestOfPayment(db, tenantId, checkoutSessionId, payment);
    if (payment.status === "failed" || event.type === "payment.failed") {
      // A failed attempt in a hosted checkout can be retried there; a QR code that failed is done.
      if (request?.method === "qrph") await markPaymentRequest(db, request, "failed", payment.failedMessage ?? "The payment failed");
      return { outcome: "ignored", extra: { reason: "payment failed" } };
    }
    if (payment.status !== "paid") return { outcome: "ignored", extra: { reason: `payment ${payment.status}` } };
    return settleConfirmedPayment(
      db,
      request,
      {
        amountCentavos: payment.amount,
        currency: payment.currency,
        reference: payment.id,
        idempotencyKey: `paymongo:${payment.id}`,
        receivedAt: payment.paidAt && payment.paidAt.getTime() <= clock.ms() ? payment.paidAt : clock.now(),
        feeCentavos: payment.fee,
      },
      context,
    );
  });
}
