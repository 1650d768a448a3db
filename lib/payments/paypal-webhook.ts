/*
 * PayPal → us: POST /api/webhooks/paypal/<tenantId>. The tenant id in the URL only chooses whose credentials
 * and webhook id to verify with; PayPal itself says whether the delivery is genuine
 * (verify-webhook-signature → SUCCESS). Only then is anything written.
 *
 * Handled: PAYMENT.CAPTURE.COMPLETED records the payment of one of our orders (also the way a capture that
 * was PENDING on return is finally booked). Everything else is acknowledged as "ignored"; refunds are issued
 * from NetSphere (refundPayment), so a refund made on PayPal must also be entered there.
 */
import "server-only";
import { z } from "zod";
import { isUuid } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import { loadGatewayCredentials } from "@/lib/payments/gateways";
import { paypalAccountOf, settleCapture } from "@/lib/payments/paypal";
import { PaypalApiError, verifyWebhookSignature, type WebhookHeaders } from "@/lib/payments/paypal-api";
import { claimWebhookEvent, findPaymentRequest, finishWebhookEvent, releaseWebhookEvent } from "@/lib/payments/settle";
import { acknowledged as done, refuse, type WebhookReply } from "@/lib/payments/webhook-response";
import type { Db } from "@/lib/db/types";


const eventShape = z.object({ id: z.string().min(1).max(255), event_type: z.string().min(1).max(100), resource: z.unknown() });
const captureResource = z
  .object({
    id: z.string().min(1).max(255),
    status: z.string(),
    amount: z.object({ currency_code: z.string(), value: z.string() }).optional(),
    custom_id: z.string().optional(),
    create_time: z.string().optional(),
    supplementary_data: z.object({ related_ids: z.object({ order_id: z.string().optional() }).optional() }).optional(),
  })
  .passthrough();

const headerNames: Record<keyof WebhookHeaders, string> = {
  authAlgo: "paypal-auth-algo",
  certUrl: "paypal-cert-url",
  transmissionId: "paypal-transmission-id",
  transmissionSig: "paypal-transmission-sig",
  transmissionTime: "paypal-transmission-time",
};

function readHeaders(headers: Headers): WebhookHeaders | null {
  const out = {} as WebhookHeaders;
  for (const [key, name] of Object.entries(headerNames) as [keyof WebhookHeaders, string][]) {
    const value = headers.get(name);
    if (!value || value.length > 2000) return null;
    out[key] = value;
  }
  return out;
}

export async function handlePaypalWebhook(
  db: Db,
  { tenantId, payload, headers }: { tenantId: string; payload: string; headers: Headers },
): Promise<WebhookReply> {
  if (!isUuid(tenantId)) return refuse(404, "not_found", "There is no such webhook endpoint.");
  const transmission = readHeaders(headers);
  if (!transmission) return refuse(400, "validation", "The PayPal transmission headers are missing.");
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return refuse(400, "validation", "The body is not a PayPal event.");
  }
  const parsed = eventShape.safeParse(json);
  if (!parsed.success) return refuse(400, "validation", "The body is not a PayPal event.");
  const event = parsed.data;
  const gateway = await loadGatewayCredentials(db, { tenantId, provider: "paypal" });
  if (!gateway?.webhookSecret) return refuse(404, "not_found", "PayPal webhooks are not set up for this account.");

  let genuine: boolean;
  try {
    genuine = await verifyWebhookSignature(paypalAccountOf(gateway), { webhookId: gateway.webhookSecret, headers: transmission, rawEvent: payload });
  } catch (error) {
    if (error instanceof PaypalApiError && (error.status === 400 || error.status === 422)) {
      genuine = false;
    } else {
      // We could not ask PayPal; a 503 makes it deliver again later, when we can.
      if (!(error instanceof PaypalApiError)) throw error;
      logger.warn({ provider: "paypal", tenantId, reason: error.message, debugId: error.debugId }, "paypal webhook not verified");
      return refuse(503, "payment_failed", "PayPal could not be asked to verify this delivery; retry later.");
    }
  }
  if (!genuine) {
    logger.warn({ provider: "paypal", tenantId, eventId: event.id }, "paypal webhook refused");
    return refuse(400, "validation", "PayPal did not confirm this delivery's signature.");
  }

  if (event.event_type !== "PAYMENT.CAPTURE.COMPLETED") {
    const claim = await claimWebhookEvent(db, { provider: "paypal", eventId: event.id, tenantId, type: event.event_type, outcome: "ignored" });
    return done(claim.claimed ? "ignored" : "duplicate");
  }
  const resource = captureResource.safeParse(event.resource);
  if (!resource.success) return refuse(400, "validation", "The event does not carry a capture.");
  const capture = resource.data;

  const claim = await claimWebhookEvent(db, { provider: "paypal", eventId: event.id, tenantId, type: event.event_type });
  if (!claim.claimed) return done("duplicate");
  const claimId = claim.id!;
  try {
    const orderId = capture.supplementary_data?.related_ids?.order_id;
    const request = orderId ? await findPaymentRequest(db, { tenantId, provider: "paypal", externalId: orderId }) : null;
    if (!request) {
      logger.warn({ provider: "paypal", tenantId, eventId: event.id }, "paypal webhook for an order we did not create");
      await finishWebhookEvent(db, claimId, "ignored");
      return done("ignored", { reason: "unknown order" });
    }
    const settled = await settleCapture(db, request, capture);
    if (settled.outcome === "pending") {
      await finishWebhookEvent(db, claimId, "ignored");
      return done("ignored", { reason: `capture ${settled.status.toLowerCase()}` });
    }
    await finishWebhookEvent(db, claimId, settled.outcome);
    if (settled.outcome === "rejected") return done("rejected", { reason: settled.reason });
    logger.info(
      { provider: "paypal", tenantId, eventId: event.id, receipt: settled.receiptNumber, outcome: settled.outcome },
      "paypal payment recorded",
    );
    return done(settled.outcome, { receiptNumber: settled.receiptNumber });
  } catch (error) {
    await releaseWebhookEvent(db, claimId).catch(() => undefined);
    throw error;
  }
}
