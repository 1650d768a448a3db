/*
 * Invoice changes after issue: extra lines (late fees, promo discounts, one-time charges), voiding, and
 * credit notes. Totals are always the sums of the rounded lines (money.ts); every change moves the
 * customer's balance by exactly the change in the invoice total, in the same transaction.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { invoiceLines, invoices, taxClasses, type LineKind } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { formatMoney } from "@/lib/core/money";
import { adjustBalance, allocateCredit, lockCustomer, recordCredit } from "./ledger";
import { applyTax, creditShareOf, sumLines } from "./money";
import { allocateNumbers } from "./numbering";
import { queueInvoiceEventsFor } from "./webhook-events";
import { addDays, todayIn, yearOf } from "@/lib/core/calendar";
import type { Db, DbOrTx, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type TaxTreatment = { taxRateBps: number; taxInclusive: boolean; taxExempt: boolean };

/** The VAT a line gets: exempt customers pay none; a plan's tax class overrides the tenant's rate. */
export function taxTreatment({
  tenantVatBps,
  taxInclusive,
  customerExempt,
  taxClass,
}: {
  tenantVatBps: number;
  taxInclusive: boolean;
  customerExempt: boolean;
  taxClass?: { rateBps: number; exempt: boolean } | null;
}): TaxTreatment {
  if (customerExempt || taxClass?.exempt) return { taxRateBps: 0, taxInclusive, taxExempt: true };
  return { taxRateBps: taxClass ? taxClass.rateBps : tenantVatBps, taxInclusive, taxExempt: false };
}

export type NewLine = {
  kind: LineKind;
  description: string;
  amountCentavos: number;
  subscriptionId?: string | null;
  planId?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  promoRedemptionId?: string | null;
  lateFeeSeq?: number | null;
} & TaxTreatment;

/** A line's stored values: the priced amount split into net, VAT and total. */
export function priceLine(tenantId: string, line: NewLine, sortOrder: number) {
  return {
    tenantId,
    kind: line.kind,
    description: line.description,
    amountCentavos: line.amountCentavos,
    taxInclusive: line.taxInclusive,
    taxRateBps: line.taxRateBps,
    taxExempt: line.taxExempt,
    subscriptionId: line.subscriptionId ?? null,
    planId: line.planId ?? null,
    periodStart: line.periodStart ?? null,
    periodEnd: line.periodEnd ?? null,
    promoRedemptionId: line.promoRedemptionId ?? null,
    lateFeeSeq: line.lateFeeSeq ?? null,
    sortOrder,
    ...applyTax({ amount: line.amountCentavos, rateBps: line.taxRateBps, inclusive: line.taxInclusive, exempt: line.taxExempt }),
  };
}

export async function loadInvoiceForUpdate(tx: Tx, { tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  if (!isUuid(invoiceId)) throw notFound("Invoice");
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)))
    .for("update");
  if (!invoice) throw notFound("Invoice");
  return invoice;
}

/**
 * Locks an invoice's customer, then the invoice: the one lock order every money operation follows
 * (customer first), so a payment, a void and a promo on the same customer queue instead of deadlocking.
 */
export async function lockInvoiceAndCustomer(tx: Tx, { tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  if (!isUuid(invoiceId)) throw notFound("Invoice");
  const [owner] = await tx
    .select({ customerId: invoices.customerId })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  if (!owner) throw notFound("Invoice");
  await lockCustomer(tx, { tenantId, customerId: owner.customerId });
  return loadInvoiceForUpdate(tx, { tenantId, invoiceId });
}

/** Re-sums an invoice from its (non-waived) lines and moves the balance by the change. */
export async function retotalInvoice(tx: Tx, { tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  const [before] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
  const lines = await tx
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, invoiceId), sql`${invoiceLines.waivedAt} is null`));
  const totals = sumLines(lines);
  const status = before.status === "void" ? "void" : before.amountPaidCentavos >= totals.totalCentavos ? "paid" : "open";
  await tx
    .update(invoices)
    .set({ ...totals, status, paidAt: status === "paid" ? (before.paidAt ?? clock.now()) : null, updatedAt: clock.now() })
    .where(eq(invoices.id, invoiceId));
  if (before.status !== "void")
    await adjustBalance(tx, { tenantId, customerId: before.customerId, delta: totals.totalCentavos - before.totalCentavos });
  // A waived fee or a discount can leave what was already paid covering the whole invoice.
  if (before.status === "open" && status === "paid") await queueInvoiceEventsFor(tx, { tenantId, type: "invoice.paid", invoiceIds: [invoiceId] });
  return { ...before, ...totals, status };
}

/** Adds lines to an open invoice (late fee, promo discount, extra charge) and re-totals it. */
export async function appendLines(tx: Tx, { tenantId, invoiceId, lines }: { tenantId: string; invoiceId: string; lines: NewLine[] }) {
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId));
  await tx.insert(invoiceLines).values(lines.map((line, index) => ({ ...priceLine(tenantId, line, n + index), invoiceId })));
  return retotalInvoice(tx, { tenantId, invoiceId });
}

async function tenantTerms(db: DbOrTx, tenantId: string) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Tenant");
  return tenant;
}

/** A one-time invoice (installation, materials, a relocation fee); the customer's credit is applied at once. */
export async function createManualInvoice(
  db: Db,
  actor: TenantActor,
  input: { customerId: string; lines: Array<{ description: string; amountCentavos: number }>; dueDate?: string; notes?: string },
) {
  if (!isUuid(input.customerId)) throw notFound("Customer");
  if (input.lines.length === 0) throw new AppError("validation", "Add at least one line.", { fieldErrors: { lines: ["Add at least one line"] } });
  input.lines.forEach((line, index) => {
    if (!Number.isSafeInteger(line.amountCentavos) || line.amountCentavos <= 0)
      throw new AppError("validation", "Each line needs an amount more than zero.", {
        fieldErrors: { [`lines.${index}.amount`]: ["More than zero"] },
      });
  });
  const tenant = await tenantTerms(db, actor.tenantId);
  const today = todayIn(tenant.timezone);
  const dueDate = input.dueDate ?? addDays(today, tenant.paymentTermsDays);
  if (dueDate < today) throw new AppError("validation", "The due date can't be in the past.", { fieldErrors: { dueDate: ["Not in the past"] } });
  return db.transaction(async (tx) => {
    await lockCustomer(tx, { tenantId: actor.tenantId, customerId: input.customerId });
    const [customer] = await tx.select({ taxExempt: customers.taxExempt }).from(customers).where(eq(customers.id, input.customerId));
    const tax = taxTreatment({ tenantVatBps: tenant.vatRateBps, taxInclusive: tenant.taxInclusive, customerExempt: customer.taxExempt });
    const priced = input.lines.map((line, index) => priceLine(actor.tenantId, { kind: "other", ...line, ...tax }, index));
    const totals = sumLines(priced);
    const [number] = await allocateNumbers(tx, { tenantId: actor.tenantId, kind: "invoice", year: yearOf(today), prefix: tenant.invoicePrefix });
    const [invoice] = await tx
      .insert(invoices)
      .values({
        tenantId: actor.tenantId,
        customerId: input.customerId,
        number,
        kind: "manual",
        currency: tenant.currency,
        issueDate: today,
        dueDate,
        notes: input.notes ?? "",
        createdBy: actor.userId ?? null,
        ...totals,
      })
      .returning();
    await tx.insert(invoiceLines).values(priced.map((line) => ({ ...line, invoiceId: invoice.id })));
    await queueInvoiceEventsFor(tx, { tenantId: actor.tenantId, type: "invoice.issued", invoiceIds: [invoice.id] });
    await adjustBalance(tx, { tenantId: actor.tenantId, customerId: input.customerId, delta: totals.totalCentavos });
    await allocateCredit(tx, { tenantId: actor.tenantId, customerId: input.customerId });
    await recordAudit(tx, actor, {
      action: "invoice.created",
      entityType: "invoice",
      entityId: invoice.id,
      customerId: input.customerId,
      after: { number, total: formatMoney(totals.totalCentavos, tenant.currency) },
    });
    return invoice;
  });
}

/** Voids an unpaid invoice with a reason. A paid or part-paid invoice is refused: issue a credit note instead. */
export async function voidInvoice(db: Db, actor: TenantActor, { invoiceId, reason }: { invoiceId: string; reason: string }) {
  const why = reason.trim();
  if (why.length < 3) throw new AppError("validation", "Give a reason for voiding.", { fieldErrors: { reason: ["Give a reason"] } });
  return db.transaction(async (tx) => {
    const invoice = await lockInvoiceAndCustomer(tx, { tenantId: actor.tenantId, invoiceId });
    if (invoice.status === "void") throw new AppError("conflict", `${invoice.number} is already void.`);
    if (invoice.amountPaidCentavos > 0) {
      throw new AppError("validation", `${invoice.number} has payments applied; it can't be voided. Issue a credit note instead.`);
    }
    await tx
      .update(invoices)
      .set({ status: "void", voidedAt: clock.now(), voidReason: why, updatedAt: clock.now() })
      .where(eq(invoices.id, invoice.id));
    await adjustBalance(tx, { tenantId: actor.tenantId, customerId: invoice.customerId, delta: -invoice.totalCentavos });
    await recordAudit(tx, actor, {
      action: "invoice.voided",
      entityType: "invoice",
      entityId: invoice.id,
      customerId: invoice.customerId,
      before: { status: invoice.status },
      after: { status: "void", number: invoice.number, reason: why },
    });
    return { number: invoice.number };
  });
}

/** A credit note lowering what an open invoice asks for (goodwill for an outage, a billing error). */
export async function issueCreditNote(
  db: Db,
  actor: TenantActor,
  { invoiceId, amountCentavos, reason }: { invoiceId: string; amountCentavos: number; reason: string },
) {
  const why = reason.trim();
  if (why.length < 3) throw new AppError("validation", "Give a reason for the credit.", { fieldErrors: { reason: ["Give a reason"] } });
  if (!Number.isSafeInteger(amountCentavos) || amountCentavos <= 0)
    throw new AppError("validation", "The amount must be more than zero.", { fieldErrors: { amount: ["The amount must be more than zero"] } });
  const tenant = await tenantTerms(db, actor.tenantId);
  return db.transaction(async (tx) => {
    const invoice = await lockInvoiceAndCustomer(tx, { tenantId: actor.tenantId, invoiceId });
    const outstanding = invoice.totalCentavos - invoice.amountPaidCentavos;
    if (invoice.status !== "open" || outstanding <= 0) throw new AppError("validation", `${invoice.number} has nothing left to credit.`);
    if (amountCentavos > outstanding) {
      throw new AppError("validation", `At most ${formatMoney(outstanding, invoice.currency)} can be credited on ${invoice.number}.`, {
        fieldErrors: { amount: [`At most ${formatMoney(outstanding, invoice.currency)}`] },
      });
    }
    const note = await recordCredit(tx, {
      tenantId: actor.tenantId,
      customerId: invoice.customerId,
      amountCentavos,
      reason: why,
      prefix: tenant.creditNotePrefix,
      year: yearOf(todayIn(tenant.timezone)),
      createdBy: actor.userId ?? null,
      invoiceId: invoice.id,
      split: creditShareOf(amountCentavos, invoice),
    });
    const number = note.number;
    await recordAudit(tx, actor, {
      action: "credit_note.issued",
      entityType: "credit_note",
      entityId: note.id,
      customerId: invoice.customerId,
      after: { number, invoice: invoice.number, amount: formatMoney(amountCentavos, invoice.currency), reason: why },
    });
    return { creditNoteId: note.id, number };
  });
}

/** Tax classes of the tenant, for plan forms and the billing run. */
export async function listTaxClasses(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db.select().from(taxClasses).where(eq(taxClasses.tenantId, tenantId)).orderBy(asc(taxClasses.name));
}
