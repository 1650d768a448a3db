/*
 * Money in and out: payments (manual, Stripe, PayPal), refunds and credit notes. Each is one transaction
 * that locks the customer, writes the ledger row with its gap-free number, keeps the caches and audits.
 * A payment that leaves no overdue invoice reactivates the customer's non-payment suspensions at once.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { allocations, creditNotes, invoices, payments, type Gateway, type PaymentMethod } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import { formatMoney } from "@/lib/core/money";
import { reactivateSubscriptions } from "@/lib/provisioning/suspension";
import { grantPaidTopUps } from "@/lib/quotas/top-ups";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { receiptNoticeData } from "./documents/email-text";
import { loadReceiptDocument } from "./documents/load-receipt";
import { adjustBalance, allocateCredit, lockCustomer } from "./ledger";
import { allocateNumbers } from "./numbering";
import { queuePaymentReceived, queuePaymentRefunded } from "./webhook-events";
import { todayIn, yearOf } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import type { Db, DbOrTx, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

const MAX_PAYMENT = 100_000_000_00;

export type RecordPaymentInput = {
  customerId: string;
  amountCentavos: number;
  currency?: string;
  method: PaymentMethod;
  gateway?: Gateway;
  reference?: string;
  receivedAt?: Date;
  /** Staff entry: the calendar day the money came in, in the ISP's zone (today or earlier); `receivedAt` wins if given. */
  receivedOn?: string;
  notes?: string;
  idempotencyKey?: string;
  /** Online payments: the gateway's checkout (Stripe Checkout Session, PayPal order) it settles, recorded once. */
  gatewayPaymentId?: string;
  /** Online payments: what the gateway kept, as it reported it. */
  feeCentavos?: number;
  invoiceId?: string;
};

export type RecordPaymentResult = {
  paymentId: string;
  receiptNumber: string;
  created: boolean;
  allocatedCentavos: number;
  creditCentavos: number;
  reactivated: number;
  /** From the start of recording to the routers' reconcile call, when a suspension was lifted. */
  reactivationMs: number | null;
};

async function tenantBilling(db: DbOrTx, tenantId: string) {
  const [tenant] = await db
    .select({
      currency: tenants.currency,
      timezone: tenants.timezone,
      receiptPrefix: tenants.receiptPrefix,
      creditNotePrefix: tenants.creditNotePrefix,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Tenant");
  return tenant;
}

function checkAmount(amount: number, field = "amount") {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError("validation", "The amount must be more than zero, in whole centavos.", {
      fieldErrors: { [field]: ["The amount must be more than zero"] },
    });
  }
  if (amount > MAX_PAYMENT) throw new AppError("validation", "That amount is too large.", { fieldErrors: { [field]: ["That amount is too large"] } });
}

async function existingPayment(db: DbOrTx, tenantId: string, key: string | { gateway: Gateway; gatewayPaymentId: string }) {
  const [row] = await db
    .select({
      id: payments.id,
      receiptNumber: payments.receiptNumber,
      allocated: payments.allocatedCentavos,
      amount: payments.amountCentavos,
      customerId: payments.customerId,
    })
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        typeof key === "string"
          ? eq(payments.idempotencyKey, key)
          : and(eq(payments.gateway, key.gateway), eq(payments.gatewayPaymentId, key.gatewayPaymentId)),
      ),
    );
  return row;
}

/** Records a payment, applies it to open invoices (the given one first, then oldest), keeps the rest as credit. */
export async function recordPayment(db: Db, actor: TenantActor, input: RecordPaymentInput): Promise<RecordPaymentResult> {
  const started = performance.now();
  checkAmount(input.amountCentavos);
  if (!isUuid(input.customerId)) throw notFound("Customer");
  if (input.invoiceId !== undefined && !isUuid(input.invoiceId)) throw notFound("Invoice");
  const tenant = await tenantBilling(db, actor.tenantId);
  const currency = input.currency?.toUpperCase() ?? tenant.currency;
  if (currency !== tenant.currency) {
    throw new AppError("validation", `This ISP bills in ${tenant.currency}; a ${currency} payment can't be recorded.`, {
      fieldErrors: { currency: [`Use ${tenant.currency}`] },
    });
  }
  // The receipt is issued now and numbered in today's year; the payment's own date may be earlier, never later.
  const issuedAt = clock.now();
  const today = todayIn(tenant.timezone, issuedAt);
  const receivedAt =
    input.receivedAt ??
    (input.receivedOn && input.receivedOn !== today ? new Date(zonedInstant(input.receivedOn, 12 * 60, tenant.timezone)) : issuedAt);
  if (receivedAt.getTime() > issuedAt.getTime() + 5 * 60_000 || (input.receivedOn ?? "") > today)
    throw new AppError("validation", "A payment can't be dated in the future.", { fieldErrors: { receivedAt: [`Today (${today}) or earlier`] } });
  const gatewayPaymentId = input.gatewayPaymentId?.trim();
  const gatewayPayment = gatewayPaymentId ? { gateway: input.gateway ?? "manual", gatewayPaymentId } : null;
  const written = await db
    .transaction(async (tx) => {
      const customer = await lockCustomer(tx, { tenantId: actor.tenantId, customerId: input.customerId });
      if (input.idempotencyKey) {
        const seen = await existingPayment(tx, actor.tenantId, input.idempotencyKey);
        if (seen)
          return { id: seen.id, receiptNumber: seen.receiptNumber, created: false, allocated: seen.allocated, credit: seen.amount - seen.allocated };
      }
      if (gatewayPayment) {
        // Another event about the same checkout already recorded it (the customer lock made us wait for it).
        const seen = await existingPayment(tx, actor.tenantId, gatewayPayment);
        if (seen)
          return { id: seen.id, receiptNumber: seen.receiptNumber, created: false, allocated: seen.allocated, credit: seen.amount - seen.allocated };
      }
      if (input.invoiceId) {
        const [invoice] = await tx
          .select({ status: invoices.status })
          .from(invoices)
          .where(and(eq(invoices.tenantId, actor.tenantId), eq(invoices.id, input.invoiceId), eq(invoices.customerId, input.customerId)));
        if (!invoice) throw notFound("Invoice");
        if (invoice.status === "void") throw new AppError("validation", "That invoice is void; record the payment against the customer instead.");
      }
      const [receiptNumber] = await allocateNumbers(tx, {
        tenantId: actor.tenantId,
        kind: "receipt",
        year: yearOf(today),
        prefix: tenant.receiptPrefix,
      });
      const [payment] = await tx
        .insert(payments)
        .values({
          tenantId: actor.tenantId,
          customerId: input.customerId,
          receiptNumber,
          method: input.method,
          gateway: input.gateway ?? "manual",
          reference: input.reference?.trim() ?? "",
          amountCentavos: input.amountCentavos,
          currency,
          receivedAt,
          createdAt: issuedAt,
          notes: input.notes?.trim() ?? "",
          idempotencyKey: input.idempotencyKey ?? null,
          gatewayPaymentId: gatewayPayment?.gatewayPaymentId ?? null,
          feeCentavos: input.feeCentavos !== undefined && Number.isSafeInteger(input.feeCentavos) && input.feeCentavos > 0 ? input.feeCentavos : 0,
          recordedBy: actor.userId ?? null,
        })
        .returning({ id: payments.id });
      await adjustBalance(tx, { tenantId: actor.tenantId, customerId: input.customerId, delta: -input.amountCentavos });
      await allocateCredit(tx, { tenantId: actor.tenantId, customerId: input.customerId, preferInvoiceId: input.invoiceId, paidAt: receivedAt });
      const [after] = await tx.select({ allocated: payments.allocatedCentavos }).from(payments).where(eq(payments.id, payment.id));
      await queuePaymentReceived(tx, actor.tenantId, {
        id: payment.id,
        receiptNumber,
        customerId: input.customerId,
        accountNumber: customer.accountNumber,
        amountCentavos: input.amountCentavos,
        currency,
        method: input.method,
        gateway: input.gateway ?? "manual",
        reference: input.reference?.trim() ?? "",
        receivedAt,
        allocatedCentavos: after.allocated,
      });
      await recordAudit(tx, actor, {
        action: "payment.recorded",
        entityType: "payment",
        entityId: payment.id,
        customerId: input.customerId,
        after: {
          receiptNumber,
          amount: formatMoney(input.amountCentavos, currency),
          method: input.method,
          gateway: input.gateway ?? "manual",
          reference: input.reference ?? "",
        },
      });
      // The receipt message is queued with the payment: both or neither.
      await enqueueNotification(tx, {
        tenantId: actor.tenantId,
        event: "payment_received",
        customerId: input.customerId,
        data: receiptNoticeData(await loadReceiptDocument(tx, { tenantId: actor.tenantId, paymentId: payment.id })),
        dedupeKey: `payment_received:${payment.id}`,
      });
      return { id: payment.id, receiptNumber, created: true, allocated: after.allocated, credit: input.amountCentavos - after.allocated };
    })
    .catch(async (error: unknown) => {
      // Two submissions with one key raced past the check: the unique index kept one; answer with it.
      if (input.idempotencyKey && isUniqueViolation(error, "payments_tenant_idempotency_idx")) {
        const seen = await existingPayment(db, actor.tenantId, input.idempotencyKey);
        if (seen)
          return { id: seen.id, receiptNumber: seen.receiptNumber, created: false, allocated: seen.allocated, credit: seen.amount - seen.allocated };
      }
      if (gatewayPayment && isUniqueViolation(error, "payments_tenant_gateway_payment_idx")) {
        const seen = await existingPayment(db, actor.tenantId, gatewayPayment);
        if (seen)
          return { id: seen.id, receiptNumber: seen.receiptNumber, created: false, allocated: seen.allocated, credit: seen.amount - seen.allocated };
      }
      throw error;
    });
  let reactivated = 0;
  let reactivationMs: number | null = null;
  if (written.created) {
    const outcome = await reactivateIfSettled(db, actor, { customerId: input.customerId, reason: `Paid: official receipt ${written.receiptNumber}` });
    reactivated = outcome.changed;
    if (outcome.reconcileCalledAt !== null) reactivationMs = Math.round(outcome.reconcileCalledAt - started);
    if (reactivated > 0) logger.info({ receipt: written.receiptNumber, reactivated, reactivationMs }, "payment reactivated service");
    // Data top-ups bought "pay first" are granted once their invoice is paid.
    await grantPaidTopUps(db, { tenantId: actor.tenantId, customerId: input.customerId });
    kickOutbox(db);
  }
  return {
    paymentId: written.id,
    receiptNumber: written.receiptNumber,
    created: written.created,
    allocatedCentavos: written.allocated,
    creditCentavos: written.credit,
    reactivated,
    reactivationMs,
  };
}

/** Overdue = open, past due and not fully paid, as of today in the tenant's time zone. */
export async function hasOverdue(db: DbOrTx, { tenantId, customerId, today }: { tenantId: string; customerId: string; today: string }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.customerId, customerId),
        eq(invoices.status, "open"),
        sql`${invoices.dueDate} < ${today}`,
        sql`${invoices.totalCentavos} > ${invoices.amountPaidCentavos}`,
      ),
    );
  return row.n > 0;
}

/** Lifts the customer's non-payment suspensions when nothing is overdue any more; manual suspensions stay. */
export async function reactivateIfSettled(db: Db, actor: TenantActor, { customerId, reason }: { customerId: string; reason: string }) {
  const none = { changed: 0, reconcileCalledAt: null as number | null };
  const suspended = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, actor.tenantId),
        eq(subscriptions.customerId, customerId),
        eq(subscriptions.status, "suspended"),
        eq(subscriptions.suspensionSource, "nonpayment"),
      ),
    );
  if (suspended.length === 0) return none;
  const tenant = await tenantBilling(db, actor.tenantId);
  if (await hasOverdue(db, { tenantId: actor.tenantId, customerId, today: todayIn(tenant.timezone) })) return none;
  const result = await reactivateSubscriptions(db, actor, {
    subscriptionIds: suspended.map((s) => s.id),
    reason,
    // "Service is back" goes out with the reactivation, in its transaction.
    alongWith: async (tx, changed) => {
      if (changed.length > 0) await enqueueNotification(tx, { tenantId: actor.tenantId, event: "reactivation", customerId, data: { reason } });
    },
  });
  return { changed: result.changed, reconcileCalledAt: result.reconcileCalledAt };
}

async function loadPaymentForUpdate(tx: Tx, tenantId: string, paymentId: string) {
  if (!isUuid(paymentId)) throw notFound("Payment");
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)))
    .for("update");
  if (!payment) throw notFound("Payment");
  return payment;
}

/**
 * Pays money back out of a payment (full or partial). What the payment had not yet covered goes first;
 * beyond that its allocations are undone, newest invoice first, so those invoices are open again.
 * A numbered credit note of kind `refund` is the paper trail.
 */
export async function refundPayment(
  db: Db,
  actor: TenantActor,
  input: { paymentId: string; amountCentavos: number; reason: string; gatewayReference?: string },
  /** Written in the same transaction as the credit note (the gateway refund it settles); throwing undoes both. */
  alongWith?: (tx: Tx, note: { creditNoteId: string; number: string }) => Promise<void>,
): Promise<{ creditNoteId: string; number: string }> {
  checkAmount(input.amountCentavos);
  const reason = input.reason.trim();
  if (reason.length < 3) throw new AppError("validation", "Give a reason for the refund.", { fieldErrors: { reason: ["Give a reason"] } });
  const tenant = await tenantBilling(db, actor.tenantId);
  return db.transaction(async (tx) => {
    if (!isUuid(input.paymentId)) throw notFound("Payment");
    const [owner] = await tx
      .select({ customerId: payments.customerId })
      .from(payments)
      .where(and(eq(payments.tenantId, actor.tenantId), eq(payments.id, input.paymentId)));
    if (!owner) throw notFound("Payment");
    // Customer first, like every money operation, then the payment.
    const customer = await lockCustomer(tx, { tenantId: actor.tenantId, customerId: owner.customerId });
    const payment = await loadPaymentForUpdate(tx, actor.tenantId, input.paymentId);
    const refundable = payment.amountCentavos - payment.refundedCentavos;
    if (input.amountCentavos > refundable) {
      throw new AppError("validation", `At most ${formatMoney(refundable, payment.currency)} of this payment can be refunded.`, {
        fieldErrors: { amount: [`At most ${formatMoney(refundable, payment.currency)}`] },
      });
    }
    let toUndo = input.amountCentavos - (payment.amountCentavos - payment.allocatedCentavos - payment.refundedCentavos);
    if (toUndo > 0) {
      const rows = await tx
        .select({ id: allocations.id, invoiceId: allocations.invoiceId, amount: allocations.amountCentavos })
        .from(allocations)
        .where(and(eq(allocations.tenantId, actor.tenantId), eq(allocations.paymentId, payment.id)))
        .orderBy(desc(allocations.createdAt));
      for (const row of rows) {
        if (toUndo <= 0) break;
        const take = Math.min(row.amount, toUndo);
        if (take === row.amount) await tx.delete(allocations).where(eq(allocations.id, row.id));
        else
          await tx
            .update(allocations)
            .set({ amountCentavos: row.amount - take })
            .where(eq(allocations.id, row.id));
        await tx
          .update(invoices)
          .set({ amountPaidCentavos: sql`${invoices.amountPaidCentavos} - ${take}`, status: "open", paidAt: null, updatedAt: clock.now() })
          .where(and(eq(invoices.id, row.invoiceId), sql`${invoices.status} <> 'void'`));
        await tx
          .update(payments)
          .set({ allocatedCentavos: sql`${payments.allocatedCentavos} - ${take}` })
          .where(eq(payments.id, payment.id));
        toUndo -= take;
      }
    }
    const [number] = await allocateNumbers(tx, {
      tenantId: actor.tenantId,
      kind: "credit_note",
      year: yearOf(todayIn(tenant.timezone)),
      prefix: tenant.creditNotePrefix,
    });
    const [note] = await tx
      .insert(creditNotes)
      .values({
        tenantId: actor.tenantId,
        customerId: payment.customerId,
        number,
        kind: "refund",
        paymentId: payment.id,
        amountCentavos: input.amountCentavos,
        reason,
        gatewayReference: input.gatewayReference ?? null,
        createdBy: actor.userId ?? null,
      })
      .returning({ id: creditNotes.id });
    await tx
      .update(payments)
      .set({ refundedCentavos: sql`${payments.refundedCentavos} + ${input.amountCentavos}` })
      .where(eq(payments.id, payment.id));
    await adjustBalance(tx, { tenantId: actor.tenantId, customerId: payment.customerId, delta: input.amountCentavos });
    await recordAudit(tx, actor, {
      action: "payment.refunded",
      entityType: "payment",
      entityId: payment.id,
      customerId: payment.customerId,
      after: { creditNote: number, amount: formatMoney(input.amountCentavos, payment.currency), reason },
    });
    await queuePaymentRefunded(tx, actor.tenantId, {
      id: payment.id,
      receiptNumber: payment.receiptNumber,
      customerId: payment.customerId,
      accountNumber: customer.accountNumber,
      currency: payment.currency,
      refundCentavos: input.amountCentavos,
      refundedCentavos: payment.refundedCentavos + input.amountCentavos,
      creditNoteId: note.id,
      creditNoteNumber: number,
      reason,
      gatewayReference: input.gatewayReference ?? null,
    });
    await alongWith?.(tx, { creditNoteId: note.id, number });
    return { creditNoteId: note.id, number };
  });
}
