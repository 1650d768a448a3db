/*
 * What every gateway's webhook does once the delivery is proven genuine: claim the event (a replay or a
 * concurrent duplicate writes nothing), act on it, write the outcome back, and give the claim back after a
 * server fault so the gateway's retry is processed rather than called a duplicate.
 */
import "server-only";
import { logger } from "@/lib/core/logger";
import { claimWebhookEvent, finishWebhookEvent, releaseWebhookEvent, settlePaymentRequest, type PaymentRequestRow, type WebhookOutcome } from "@/lib/payments/settle";
import { acknowledged, refuse, type WebhookReply } from "@/lib/payments/webhook-response";
import type { Provider } from "@/lib/payments/rules";
import type { Db } from "@/lib/db/types";


export type EventResult = { outcome: WebhookOutcome; extra?: Record<string, unknown> } | { retry: string };

export async function processGatewayEvent(
  db: Db,
  event: { provider: Provider; tenantId: string; eventId: string; type: string },
  act: () => Promise<EventResult>,
): Promise<WebhookReply> {
  const claim = await claimWebhookEvent(db, event);
  if (!claim.claimed) return acknowledged("duplicate");
  const claimId = claim.id!;
  try {
    const result = await act();
    if ("retry" in result) {
      // Not ours to judge yet (our side of it is still being written): the gateway delivers it again later.
      await releaseWebhookEvent(db, claimId);
      return refuse(503, "retry", result.retry);
    }
    await finishWebhookEvent(db, claimId, result.outcome);
    return acknowledged(result.outcome, result.extra);
  } catch (error) {
    await releaseWebhookEvent(db, claimId).catch(() => undefined);
    throw error;
  }
}

/** A gateway confirmed money for one of our payment requests (or for something we never opened: ignored). */
export async function settleConfirmedPayment(
  db: Db,
  request: PaymentRequestRow | null,
  paid: Parameters<typeof settlePaymentRequest>[2],
  context: { provider: Provider; tenantId: string; eventId: string },
): Promise<EventResult> {
  if (!request) {
    logger.warn(context, "payment event for a checkout we did not open");
    return { outcome: "ignored", extra: { reason: "unknown checkout" } };
  }
  const settled = await settlePaymentRequest(db, request, paid);
  if (settled.outcome === "rejected") return { outcome: "rejected", extra: { reason: settled.reason } };
  logger.info({ ...context, receipt: settled.receiptNumber, outcome: settled.outcome }, "online payment recorded");
  return { outcome: settled.outcome, extra: { receiptNumber: settled.receiptNumber } };
}
