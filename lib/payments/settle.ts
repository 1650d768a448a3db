/*
 * What every gateway has in common once a payment is confirmed: claiming the webhook event (so a
 * replay writes nothing), turning our payment request into a ledger payment (so a retried or doubly
 * reported payment is still one payment), and the outcome written back on the event.
 */
import "server-only";
import { and, eq, lt } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { paymentRequests, webhookEvents } from "@/lib/payments/schema";
import { recordPayment } from "@/lib/billing/payments";
import type { TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { onlineMethodLabels, providerLabels, type Provider } from "@/lib/payments/rules";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type WebhookOutcome = "processing" | "recorded" | "already_recorded" | "ignored" | "rejected" | "expired" | "failed";

/** A claim left by a delivery that died half-way (process killed) is taken over after this long. */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Claims an event id before anything else is written. The unique (provider, event_id) index decides
 * between concurrent deliveries: exactly one gets the claim, the others are duplicates.
 */
export async function claimWebhookEvent(
  db: DbOrTx,
  event: { provider: Provider; eventId: string; tenantId: string; type: string; outcome?: WebhookOutcome },
): Promise<{ claimed: boolean; id?: string }> {
  // Event ids are the gateway account's, and two ISPs can share an account (each with its own endpoint): a delivery
  // to one ISP's endpoint must not spend the other's.
  const eventId = `${event.tenantId}:${event.eventId}`;
  const [row] = await db
    .insert(webhookEvents)
    .values({
      provider: event.provider,
      eventId,
      tenantId: event.tenantId,
      type: event.type.slice(0, 100),
      outcome: event.outcome ?? "processing",
    })
    .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.eventId] })
    .returning({ id: webhookEvents.id });
  if (row) return { claimed: true, id: row.id };
  const [stale] = await db
    .update(webhookEvents)
    .set({ receivedAt: clock.now() })
    .where(
      and(
        eq(webhookEvents.provider, event.provider),
        eq(webhookEvents.eventId, eventId),
        eq(webhookEvents.outcome, "processing"),
        lt(webhookEvents.receivedAt, new Date(clock.ms() - STALE_CLAIM_MS)),
      ),
    )
    .returning({ id: webhookEvents.id });
  return stale ? { claimed: true, id: stale.id } : { claimed: false };
}

export async function finishWebhookEvent(db: DbOrTx, id: string, outcome: WebhookOutcome) {
  await db.update(webhookEvents).set({ outcome }).where(eq(webhookEvents.id, id));
}

/** Gives the claim back after a server fault, so the provider's retry is processed rather than called a duplicate. */
export async function releaseWebhookEvent(db: DbOrTx, id: string) {
  await db.delete(webhookEvents).where(and(eq(webhookEvents.id, id), eq(webhookEvents.outcome, "processing")));
}

export type PaymentRequestRow = typeof paymentRequests.$inferSelect;

/** Our record of a Checkout Session / PayPal order, looked up within one tenant only. */
export async function findPaymentRequest(
  db: DbOrTx,
  { tenantId, provider, externalId }: { tenantId?: string; provider: Provider; externalId: string },
) {
  const [row] = await db
    .select()
    .from(paymentRequests)
    .where(
      and(
        eq(paymentRequests.provider, provider),
        eq(paymentRequests.externalId, externalId),
        tenantId === undefined ? undefined : eq(paymentRequests.tenantId, tenantId),
      ),
    );
  return row ?? null;
}

/** Our request by its own id (named in a gateway's metadata), within one tenant and gateway. */
export async function findPaymentRequestById(db: DbOrTx, { tenantId, provider, id }: { tenantId: string; provider: Provider; id: string }) {
  const [row] = await db
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.tenantId, tenantId), eq(paymentRequests.provider, provider), eq(paymentRequests.id, id)));
  return row ?? null;
}

export async function markPaymentRequest(db: DbOrTx, request: PaymentRequestRow, status: "expired" | "failed", failureReason?: string) {
  await db
    .update(paymentRequests)
    .set({ status, ...(failureReason ? { failureReason: failureReason.slice(0, 300) } : {}) })
    .where(and(eq(paymentRequests.tenantId, request.tenantId), eq(paymentRequests.id, request.id), eq(paymentRequests.status, "pending")));
}

export type Settlement =
  { outcome: "recorded" | "already_recorded"; paymentId: string; receiptNumber: string } | { outcome: "rejected"; reason: string };

/**
 * Records the money a gateway confirmed for one of our payment requests. The payment is keyed on the checkout
 * itself (the request's Checkout Session / order id, unique per tenant and gateway on payments), so two
 * different events about one checkout, even delivered at the same moment, are one payment; the idempotency key
 * (`stripe:<event>` or `paypal:<capture>`) still makes a replay of one event return the first payment.
 */
export async function settlePaymentRequest(
  db: Db,
  request: PaymentRequestRow,
  paid: { amountCentavos: number; currency: string; reference: string; idempotencyKey: string; receivedAt: Date; feeCentavos?: number },
): Promise<Settlement> {
  const provider = request.provider;
  const currency = paid.currency.toUpperCase();
  if (currency !== request.currency.toUpperCase()) {
    logger.warn(
      { provider, requestId: request.id, expected: request.currency, got: currency },
      "online payment in an unexpected currency not recorded",
    );
    return { outcome: "rejected", reason: "currency_mismatch" };
  }
  if (!Number.isSafeInteger(paid.amountCentavos) || paid.amountCentavos <= 0) {
    logger.warn({ provider, requestId: request.id, amount: paid.amountCentavos }, "online payment without a positive amount not recorded");
    return { outcome: "rejected", reason: "amount" };
  }
  if (paid.amountCentavos !== request.amountCentavos) {
    // What the customer actually paid is what the ledger records; the difference shows as credit or balance.
    logger.warn(
      { provider, requestId: request.id, expected: request.amountCentavos, got: paid.amountCentavos },
      "online payment amount differs from the request",
    );
  }
  const actor: TenantActor = { tenantId: request.tenantId, userId: null, userName: providerLabels[provider] };
  const method = request.method ?? (provider === "paypal" ? "paypal" : "card");
  const invoice = await payableInvoice(db, request);
  // Paid some other way while this checkout was open: the money is the customer's credit, and the note says why.
  const late = invoice && invoice.status === "paid" ? ` after invoice ${invoice.number} was already paid; kept as credit` : "";
  try {
    const result = await recordPayment(db, actor, {
      customerId: request.customerId,
      amountCentavos: paid.amountCentavos,
      currency,
      method,
      gateway: provider,
      reference: paid.reference,
      receivedAt: paid.receivedAt,
      notes: `Paid online with ${onlineMethodLabels[method]}${method === "card" || method === "paypal" ? "" : ` through ${providerLabels[provider]}`}${late}`,
      idempotencyKey: paid.idempotencyKey,
      gatewayPaymentId: request.externalId,
      feeCentavos: paid.feeCentavos,
      invoiceId: invoice && !late ? invoice.id : undefined,
    });
    await db
      .update(paymentRequests)
      .set({ status: "completed", paymentId: result.paymentId, completedAt: paid.receivedAt })
      .where(and(eq(paymentRequests.tenantId, request.tenantId), eq(paymentRequests.id, request.id)));
    return { outcome: result.created ? "recorded" : "already_recorded", paymentId: result.paymentId, receiptNumber: result.receiptNumber };
  } catch (error) {
    // The ledger refused it (customer deleted, currency changed since): retrying the webhook would not help.
    if (error instanceof AppError && error.status < 500) {
      logger.warn({ provider, requestId: request.id, code: error.code, message: error.message }, "online payment refused by the ledger");
      return { outcome: "rejected", reason: error.code };
    }
    throw error;
  }
}

/** The request's invoice unless it was voided meanwhile: money received then stays as the customer's credit. */
async function payableInvoice(db: DbOrTx, request: PaymentRequestRow) {
  if (!request.invoiceId) return null;
  const [invoice] = await db
    .select({ id: invoices.id, status: invoices.status, number: invoices.number })
    .from(invoices)
    .where(and(eq(invoices.tenantId, request.tenantId), eq(invoices.id, request.invoiceId)));
  return invoice && invoice.status !== "void" ? invoice : null;
}
