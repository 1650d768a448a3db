/*
 * Stripe → us: POST /api/webhooks/stripe/<tenantId>. The tenant id in the URL only chooses whose signing
 * secret to verify with; after verification the session is looked up in our own payment_requests within
 * that tenant, so a forged or foreign event can never move money in the ledger.
 *
 * Handled: checkout.session.completed (paid) and checkout.session.async_payment_succeeded record the payment;
 * checkout.session.expired / async_payment_failed close the request. Everything else, charge.refunded
 * included, is acknowledged as "ignored": refunds are issued from NetSphere (refundPayment writes the credit
 * note), so a refund made in the Stripe dashboard must also be entered there.
 */
import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import { isUuid } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import { fromMinorUnits } from "@/lib/core/money";
import { loadGatewayCredentials } from "@/lib/payments/gateways";
import {
  claimWebhookEvent,
  findPaymentRequest,
  finishWebhookEvent,
  markPaymentRequest,
  releaseWebhookEvent,
  settlePaymentRequest,
} from "@/lib/payments/settle";
import { acknowledged as done, refuse, type WebhookReply } from "@/lib/payments/webhook-response";
import type { Db } from "@/lib/db/types";


const sessionObject = z.object({
  id: z.string().min(1).max(255),
  payment_status: z.string(),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_intent: z
    .union([z.string(), z.object({ id: z.string() })])
    .nullable()
    .optional(),
});

const paidTypes = new Set(["checkout.session.completed", "checkout.session.async_payment_succeeded"]);
const closingTypes: Record<string, "expired" | "failed"> = {
  "checkout.session.expired": "expired",
  "checkout.session.async_payment_failed": "failed",
};

export async function handleStripeWebhook(
  db: Db,
  { tenantId, payload, signature }: { tenantId: string; payload: string; signature: string | null },
): Promise<WebhookReply> {
  if (!isUuid(tenantId)) return refuse(404, "not_found", "There is no such webhook endpoint.");
  if (!signature) return refuse(400, "validation", "The Stripe-Signature header is missing.");
  const gateway = await loadGatewayCredentials(db, { tenantId, provider: "stripe" });
  if (!gateway?.webhookSecret) return refuse(404, "not_found", "Stripe webhooks are not set up for this account.");

  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, gateway.webhookSecret);
  } catch (error) {
    const reason = error instanceof Stripe.errors.StripeSignatureVerificationError ? "signature" : "body";
    logger.warn({ provider: "stripe", tenantId, reason }, "stripe webhook refused");
    return refuse(
      400,
      "validation",
      reason === "signature" ? "The signature does not match this endpoint's signing secret." : "The body is not a Stripe event.",
    );
  }

  const closing = closingTypes[event.type];
  if (!paidTypes.has(event.type) && !closing) {
    const claim = await claimWebhookEvent(db, { provider: "stripe", eventId: event.id, tenantId, type: event.type, outcome: "ignored" });
    return done(claim.claimed ? "ignored" : "duplicate");
  }
  const parsed = sessionObject.safeParse(event.data.object);
  if (!parsed.success) return refuse(400, "validation", "The event does not carry a Checkout Session.");
  const session = parsed.data;
  if (!closing && session.payment_status !== "paid") {
    // Bank debits and vouchers settle later; async_payment_succeeded brings the money.
    const claim = await claimWebhookEvent(db, { provider: "stripe", eventId: event.id, tenantId, type: event.type, outcome: "ignored" });
    return done(claim.claimed ? "ignored" : "duplicate", { reason: "not paid yet" });
  }

  const claim = await claimWebhookEvent(db, { provider: "stripe", eventId: event.id, tenantId, type: event.type });
  if (!claim.claimed) return done("duplicate");
  const claimId = claim.id!;
  try {
    const request = await findPaymentRequest(db, { tenantId, provider: "stripe", externalId: session.id });
    if (!request) {
      logger.warn({ provider: "stripe", tenantId, eventId: event.id, sessionId: session.id }, "stripe webhook for a session we did not create");
      await finishWebhookEvent(db, claimId, "ignored");
      return done("ignored", { reason: "unknown session" });
    }
    if (closing) {
      await markPaymentRequest(db, request, closing);
      await finishWebhookEvent(db, claimId, closing);
      return done(closing);
    }
    if (request.status === "completed" && request.paymentId) {
      await finishWebhookEvent(db, claimId, "already_recorded");
      return done("already_recorded");
    }
    const paymentIntent = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? session.id);
    const settlement = await settlePaymentRequest(db, request, {
      // amount_total is in the currency's minor unit (whole đồng for VND); the ledger keeps centavos.
      amountCentavos: session.amount_total === null ? 0 : fromMinorUnits(session.amount_total, session.currency ?? ""),
      currency: session.currency ?? "",
      reference: paymentIntent,
      idempotencyKey: `stripe:${event.id}`,
      receivedAt: new Date(event.created * 1000),
    });
    await finishWebhookEvent(db, claimId, settlement.outcome);
    if (settlement.outcome === "rejected") return done("rejected", { reason: settlement.reason });
    logger.info(
      { provider: "stripe", tenantId, eventId: event.id, receipt: settlement.receiptNumber, outcome: settlement.outcome },
      "stripe payment recorded",
    );
    return done(settlement.outcome, { receiptNumber: settlement.receiptNumber });
  } catch (error) {
    // A server fault: give the claim back so Stripe's retry is processed, and answer 500 so it does retry.
    await releaseWebhookEvent(db, claimId).catch(() => undefined);
    throw error;
  }
}
