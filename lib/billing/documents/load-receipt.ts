import "server-only";
import { and, asc, eq, type SQL } from "drizzle-orm";
import { allocations, creditNotes, invoices, payments } from "@/lib/billing/schema";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { loadBranding, loadDocumentCustomer } from "./load-invoice";
import type { AppliedToInvoice, CreditNoteDocumentData, ReceiptDocumentData } from "./types";

/** The official receipt of a payment: what was received, how, and which invoices it paid. */
export async function loadReceiptDocument(
  db: DbOrTx,
  { tenantId, paymentId }: { tenantId: string; paymentId: string },
): Promise<ReceiptDocumentData> {
  if (!isUuid(paymentId)) throw notFound("Payment");
  const [payment] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  if (!payment) throw notFound("Payment");
  // One after another: `db` may be a transaction (a payment's receipt notice), whose connection takes one query at a time.
  const branding = await loadBranding(db, { tenantId });
  const customer = await loadDocumentCustomer(db, { tenantId, customerId: payment.customerId });
  const appliedTo = await loadAppliedTo(db, tenantId, eq(allocations.paymentId, paymentId));
  const applied = appliedTo.reduce((sum, a) => sum + a.amountCentavos, 0);
  return {
    kind: "receipt",
    branding,
    customer,
    payment: {
      id: payment.id,
      receiptNumber: payment.receiptNumber,
      receivedAt: payment.receivedAt,
      issuedAt: payment.createdAt,
      method: payment.method,
      reference: payment.reference,
      amountCentavos: payment.amountCentavos,
      refundedCentavos: payment.refundedCentavos,
      notes: payment.notes,
    },
    appliedTo,
    creditLeftCentavos: Math.max(0, payment.amountCentavos - applied - payment.refundedCentavos),
  };
}

export async function loadCreditNoteDocument(
  db: DbOrTx,
  { tenantId, creditNoteId }: { tenantId: string; creditNoteId: string },
): Promise<CreditNoteDocumentData> {
  if (!isUuid(creditNoteId)) throw notFound("Credit note");
  const [row] = await db
    .select({ note: creditNotes, invoiceNumber: invoices.number, receiptNumber: payments.receiptNumber })
    .from(creditNotes)
    .leftJoin(invoices, and(eq(invoices.id, creditNotes.invoiceId), eq(invoices.tenantId, tenantId)))
    .leftJoin(payments, and(eq(payments.id, creditNotes.paymentId), eq(payments.tenantId, tenantId)))
    .where(and(eq(creditNotes.tenantId, tenantId), eq(creditNotes.id, creditNoteId)));
  if (!row) throw notFound("Credit note");
  const { note } = row;
  const branding = await loadBranding(db, { tenantId });
  const customer = await loadDocumentCustomer(db, { tenantId, customerId: note.customerId });
  const appliedTo = await loadAppliedTo(db, tenantId, eq(allocations.creditNoteId, creditNoteId));
  const applied = appliedTo.reduce((sum, a) => sum + a.amountCentavos, 0);
  return {
    kind: "credit_note",
    branding,
    customer,
    creditNote: {
      id: note.id,
      number: note.number,
      kind: note.kind,
      createdAt: note.createdAt,
      amountCentavos: note.amountCentavos,
      vatableCentavos: note.vatableCentavos,
      zeroRatedCentavos: note.zeroRatedCentavos,
      exemptCentavos: note.exemptCentavos,
      taxCentavos: note.taxCentavos,
      reason: note.reason,
      invoiceNumber: row.invoiceNumber,
      receiptNumber: row.receiptNumber,
      gatewayReference: note.gatewayReference,
    },
    appliedTo,
    unappliedCentavos: note.kind === "credit" ? Math.max(0, note.amountCentavos - applied) : 0,
  };
}

/** Invoices a payment or credit note was applied to, oldest invoice first. */
async function loadAppliedTo(db: DbOrTx, tenantId: string, source: SQL): Promise<AppliedToInvoice[]> {
  return db
    .select({ invoiceId: invoices.id, number: invoices.number, issueDate: invoices.issueDate, amountCentavos: allocations.amountCentavos })
    .from(allocations)
    .innerJoin(invoices, and(eq(invoices.id, allocations.invoiceId), eq(invoices.tenantId, tenantId)))
    .where(and(eq(allocations.tenantId, tenantId), source))
    .orderBy(asc(invoices.issueDate), asc(invoices.number));
}
