/*
 * Refunds of online payments, sent to the gateway that took the money. The ledger (billing's credit note of
 * kind `refund`) is written only once the gateway confirms, in the same transaction that marks our refund
 * row succeeded, so a confirmation seen twice (the API's answer and the webhook) refunds once. A refund the
 * gateway refuses is kept with its reason and changes nothing in the ledger. While a refund is pending its
 * amount is held: two refunds together can never exceed what was paid.
 */
import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { payments } from "@/lib/billing/schema";
import { refundPayment } from "@/lib/billing/payments";
import { gatewayRefunds } from "@/lib/payments/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { isUuid } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import { formatMoney } from "@/lib/core/money";
import { loadGatewayCredentials, type GatewayCredentials } from "@/lib/payments/gateways";
import { providerLabels, type Provider } from "@/lib/payments/rules";
import type { GatewayRefund } from "@/lib/payments/gateway-types";
import type { EventResult } from "@/lib/payments/gateway-events";
import type { Db, DbOrTx } from "@/lib/db/types";

export type RefundedPayment = { id: string; reference: string; gatewayPaymentId: string | null; currency: string; method: string };

/** One gateway's refund call. A refusal is thrown as an AppError whose message is the gateway's reason. */
export type RefundSender = (
  gateway: GatewayCredentials,
  input: { payment: RefundedPayment; amountCentavos: number; reason: string; idempotencyKey: string },
) => Promise<GatewayRefund>;

/** Filled in by each gateway's module (refund-senders.ts), so this file imports none of them. */
export type RefundSenders = Record<Provider, RefundSender>;

const isProvider = (gateway: string): gateway is Provider => gateway === "stripe" || gateway === "paypal" || gateway === "paymongo" || gateway === "xendit";

export type RefundOutcome = { status: "succeeded" | "pending"; refundId: string; creditNoteNumber: string | null };

/**
 * Sends a refund of an online payment to its gateway. Succeeded: the credit note is written now. Pending:
 * the gateway's webhook finishes it. Refused: the row keeps the reason and the error says it.
 */
export async function refundOnlinePayment(
  db: Db,
  actor: TenantActor,
  senders: RefundSenders,
  input: { paymentId: string; amountCentavos: number; reason: string },
): Promise<RefundOutcome> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new AppError("validation", "Give a reason for the refund.", { fieldErrors: { reason: ["Give a reason"] } });
  if (!Number.isSafeInteger(input.amountCentavos) || input.amountCentavos <= 0) {
    throw new AppError("validation", "The amount must be more than zero.", { fieldErrors: { amount: ["The amount must be more than zero"] } });
  }
  if (!isUuid(input.paymentId)) throw notFound("Payment");

  // Held first, under the payment's lock, so a second refund started meanwhile sees this one.
  const held = await db.transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, actor.tenantId), eq(payments.id, input.paymentId)))
      .for("update");
    if (!payment) throw notFound("Payment");
    if (!isProvider(payment.gateway)) throw new AppError("conflict", "This payment was not taken online; record its refund by hand.");
    const [pending] = await tx
      .select({ total: sql<number>`coalesce(sum(${gatewayRefunds.amountCentavos}), 0)::bigint` })
      .from(gatewayRefunds)
      .where(and(eq(gatewayRefunds.paymentId, payment.id), eq(gatewayRefunds.status, "pending")));
    const refundable = payment.amountCentavos - payment.refundedCentavos - Number(pending.total);
    if (input.amountCentavos > refundable) {
      const most = formatMoney(Math.max(0, refundable), payment.currency);
      throw new AppError("validation", `At most ${most} of this payment can be refunded${Number(pending.total) > 0 ? " while other refunds are pending" : ""}.`, {
        fieldErrors: { amount: [`At most ${most}`] },
      });
    }
    const [row] = await tx
      .insert(gatewayRefunds)
      .values({
        tenantId: actor.tenantId,
        customerId: payment.customerId,
        paymentId: payment.id,
        provider: payment.gateway,
        amountCentavos: input.amountCentavos,
        currency: payment.currency,
        reason,
        requestedBy: actor.userId ?? null,
        createdAt: clock.now(),
      })
      .returning({ id: gatewayRefunds.id });
    return { refundId: row.id, payment, provider: payment.gateway };
  });

  const { refundId, payment, provider } = held;
  const gateway = await loadGatewayCredentials(db, { tenantId: actor.tenantId, provider });
  let answer: GatewayRefund;
  try {
    if (!gateway) throw new AppError("conflict", `${providerLabels[provider]} is no longer set up for this account, so the refund cannot be sent.`);
    answer = await senders[provider](gateway, {
      payment: { id: payment.id, reference: payment.reference, gatewayPaymentId: payment.gatewayPaymentId, currency: payment.currency, method: payment.method },
      amountCentavos: input.amountCentavos,
      reason,
      idempotencyKey: `refund-${refundId}`,
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : `${providerLabels[provider]} could not be reached; nothing was refunded. Try again in a minute.`;
    await failRefund(db, { tenantId: actor.tenantId, refundId, failureReason: message });
    await recordAudit(db, actor, {
      action: "payment.refund_refused",
      entityType: "payment",
      entityId: payment.id,
      customerId: payment.customerId,
      after: { provider, amount: formatMoney(input.amountCentavos, payment.currency), reason: message },
    });
    if (error instanceof AppError) throw new AppError("payment_failed", message);
    logger.error({ provider, err: error instanceof Error ? error.message : String(error) }, "refund request failed");
    throw new AppError("payment_failed", message);
  }

  await db
    .update(gatewayRefunds)
    .set({ externalId: answer.id })
    .where(and(eq(gatewayRefunds.tenantId, actor.tenantId), eq(gatewayRefunds.id, refundId)));
  if (answer.status === "failed") {
    const message = `${providerLabels[provider]} declined the refund${answer.failureReason ? `: ${answer.failureReason}` : ""}.`;
    await failRefund(db, { tenantId: actor.tenantId, refundId, failureReason: message });
    throw new AppError("payment_failed", message);
  }
  if (answer.status === "pending") return { status: "pending", refundId, creditNoteNumber: null };
  const settled = await completeRefund(db, actor, refundId);
  return { status: "succeeded", refundId, creditNoteNumber: settled?.number ?? null };
}

async function failRefund(db: DbOrTx, { tenantId, refundId, failureReason }: { tenantId: string; refundId: string; failureReason: string }) {
  await db
    .update(gatewayRefunds)
    .set({ status: "failed", failureReason: failureReason.slice(0, 500), settledAt: clock.now() })
    .where(and(eq(gatewayRefunds.tenantId, tenantId), eq(gatewayRefunds.id, refundId), eq(gatewayRefunds.status, "pending")));
}

class AlreadySettled extends Error {}

/** Writes the ledger's refund for a confirmed gateway refund, once: the row leaves `pending` in the credit note's transaction. */
async function completeRefund(db: Db, actor: TenantActor, refundId: string): Promise<{ number: string } | null> {
  const [row] = await db
    .select()
    .from(gatewayRefunds)
    .where(and(eq(gatewayRefunds.tenantId, actor.tenantId), eq(gatewayRefunds.id, refundId)));
  if (!row || row.status !== "pending") return null;
  try {
    return await refundPayment(
      db,
      actor,
      { paymentId: row.paymentId, amountCentavos: row.amountCentavos, reason: row.reason, gatewayReference: row.externalId ?? undefined },
      async (tx, note) => {
        const [won] = await tx
          .update(gatewayRefunds)
          .set({ status: "succeeded", creditNoteId: note.creditNoteId, settledAt: clock.now() })
          .where(and(eq(gatewayRefunds.id, row.id), eq(gatewayRefunds.status, "pending")))
          .returning({ id: gatewayRefunds.id });
        if (!won) throw new AlreadySettled();
      },
    );
  } catch (error) {
    if (error instanceof AlreadySettled) return null;
    throw error;
  }
}

/** A gateway's word on one of our refunds (webhook). A refund made on the gateway's own dashboard is not ours to book. */
export async function settleGatewayRefund(
  db: Db,
  update: { tenantId: string; provider: Provider; externalId: string; status: "pending" | "succeeded" | "failed"; failureReason: string | null },
): Promise<EventResult> {
  const [row] = await db
    .select({ id: gatewayRefunds.id, status: gatewayRefunds.status })
    .from(gatewayRefunds)
    .where(and(eq(gatewayRefunds.tenantId, update.tenantId), eq(gatewayRefunds.provider, update.provider), eq(gatewayRefunds.externalId, update.externalId)));
  if (!row) {
    // The answer to our own refund call may not be stored yet: have the gateway deliver again shortly.
    const [unanswered] = await db
      .select({ id: gatewayRefunds.id })
      .from(gatewayRefunds)
      .where(
        and(
          eq(gatewayRefunds.tenantId, update.tenantId),
          eq(gatewayRefunds.provider, update.provider),
          eq(gatewayRefunds.status, "pending"),
          isNull(gatewayRefunds.externalId),
        ),
      )
      .limit(1);
    if (unanswered) return { retry: "A refund of ours is still waiting for the gateway's answer; deliver again later." };
    logger.warn({ provider: update.provider, tenantId: update.tenantId }, "refund event for a refund not made in NetSphere");
    return { outcome: "ignored", extra: { reason: "unknown refund" } };
  }
  if (row.status !== "pending" || update.status === "pending") return { outcome: "already_recorded" };
  const actor: TenantActor = { tenantId: update.tenantId, userId: null, userName: providerLabels[update.provider] };
  if (update.status === "failed") {
    await failRefund(db, { tenantId: update.tenantId, refundId: row.id, failureReason: update.failureReason ?? `${providerLabels[update.provider]} declined the refund.` });
    return { outcome: "rejected", extra: { reason: "refund failed" } };
  }
  const settled = await completeRefund(db, actor, row.id);
  return settled ? { outcome: "recorded", extra: { creditNote: settled.number } } : { outcome: "already_recorded" };
}

export type RefundView = {
  id: string;
  provider: Provider;
  amountCentavos: number;
  currency: string;
  reason: string;
  status: "pending" | "succeeded" | "failed";
  failureReason: string | null;
  externalId: string | null;
  createdAt: Date;
};

/** A payment's gateway refunds, newest first, for its receipt page. */
export async function refundsOfPayment(db: DbOrTx, { tenantId, paymentId }: { tenantId: string; paymentId: string }): Promise<RefundView[]> {
  if (!isUuid(paymentId)) return [];
  return db
    .select({
      id: gatewayRefunds.id,
      provider: gatewayRefunds.provider,
      amountCentavos: gatewayRefunds.amountCentavos,
      currency: gatewayRefunds.currency,
      reason: gatewayRefunds.reason,
      status: gatewayRefunds.status,
      failureReason: gatewayRefunds.failureReason,
      externalId: gatewayRefunds.externalId,
      createdAt: gatewayRefunds.createdAt,
    })
    .from(gatewayRefunds)
    .where(and(eq(gatewayRefunds.tenantId, tenantId), eq(gatewayRefunds.paymentId, paymentId)))
    .orderBy(sql`${gatewayRefunds.createdAt} desc`);
}
