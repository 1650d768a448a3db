import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { allocations, creditNotes, invoiceLines, invoices, payments } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { payLinkFor, shortPayLinkFor } from "@/lib/billing/pay-links";
import type { DbOrTx } from "@/lib/db/types";
import { qrModules } from "./pay-qr";
import type { DocumentBranding, DocumentCustomer, InvoiceDocumentData, InvoiceDocumentPayment, InvoicePayLink } from "./types";

/** The tenant's name, address, TIN and invoice template. */
export async function loadBranding(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<DocumentBranding> {
  const [branding] = await db
    .select({
      name: tenants.name,
      legalName: tenants.legalName,
      address: tenants.address,
      tin: tenants.tin,
      email: tenants.email,
      contactPhone: tenants.contactPhone,
      brandColor: tenants.brandColor,
      logoDataUrl: tenants.logoDataUrl,
      invoiceFooter: tenants.invoiceFooter,
      invoiceNotes: tenants.invoiceNotes,
      currency: tenants.currency,
      timezone: tenants.timezone,
      vatRateBps: tenants.vatRateBps,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!branding) throw notFound("ISP account");
  return branding;
}

export const customerColumns = {
  id: customers.id,
  name: customers.name,
  accountNumber: customers.accountNumber,
  serviceAddress: customers.serviceAddress,
  barangay: customers.barangay,
  city: customers.city,
  email: customers.email,
  taxExempt: customers.taxExempt,
  taxExemptReason: customers.taxExemptReason,
  tin: customers.tin,
};

export async function loadDocumentCustomer(
  db: DbOrTx,
  { tenantId, customerId }: { tenantId: string; customerId: string },
): Promise<DocumentCustomer> {
  const [customer] = await db
    .select(customerColumns)
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!customer) throw notFound("Customer");
  return customer;
}

/** Everything an invoice shows; another tenant's invoice (or a malformed id) is "not found". */
export async function loadInvoiceDocument(
  db: DbOrTx,
  { tenantId, invoiceId }: { tenantId: string; invoiceId: string },
): Promise<InvoiceDocumentData> {
  if (!isUuid(invoiceId)) throw notFound("Invoice");
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  if (!invoice) throw notFound("Invoice");
  const [branding, customer, lines, applied] = await Promise.all([
    loadBranding(db, { tenantId }),
    loadDocumentCustomer(db, { tenantId, customerId: invoice.customerId }),
    db
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
      .orderBy(asc(invoiceLines.sortOrder)),
    loadInvoicePayments(db, { tenantId, invoiceId }),
  ]);
  const rates = new Set(lines.filter((l) => !l.taxExempt && !l.waivedAt && l.taxRateBps > 0).map((l) => l.taxRateBps));
  const isVoid = invoice.status === "void";
  // A void invoice is owed by no one, whatever it once totalled.
  const balanceDueCentavos = isVoid ? 0 : Math.max(0, invoice.totalCentavos - invoice.amountPaidCentavos);
  return {
    kind: "invoice",
    branding,
    customer,
    invoice: {
      id: invoice.id,
      number: invoice.number,
      status: invoice.status,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      notes: invoice.notes,
      voidedAt: invoice.voidedAt,
      voidReason: invoice.voidReason,
      emailedAt: invoice.emailedAt,
    },
    vatRateBps: rates.size === 1 ? [...rates][0] : branding.vatRateBps,
    lines: lines.map((line) => ({
      id: line.id,
      kind: line.kind,
      description: line.description,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      amountCentavos: line.totalCentavos,
      waived: line.waivedAt !== null,
      waiveReason: line.waiveReason,
    })),
    // The header's totals are the ledger's; a waived late fee is already out of them.
    totals: {
      vatableCentavos: invoice.vatableCentavos,
      zeroRatedCentavos: invoice.zeroRatedCentavos,
      exemptCentavos: invoice.exemptCentavos,
      taxCentavos: invoice.taxCentavos,
      totalCentavos: invoice.totalCentavos,
      amountPaidCentavos: invoice.amountPaidCentavos,
      balanceDueCentavos,
    },
    payments: applied,
    payLink: invoice.status === "open" && balanceDueCentavos > 0 ? invoicePayLink({ tenantId, invoiceId: invoice.id }) : null,
  };
}

function invoicePayLink(ids: { tenantId: string; invoiceId: string }): InvoicePayLink {
  const url = payLinkFor(ids);
  return { url, shortUrl: shortPayLinkFor(ids), qr: qrModules(url) };
}

/** Payments and credit notes applied to the invoice, oldest first. */
async function loadInvoicePayments(db: DbOrTx, { tenantId, invoiceId }: { tenantId: string; invoiceId: string }): Promise<InvoiceDocumentPayment[]> {
  const rows = await db
    .select({
      amountCentavos: allocations.amountCentavos,
      paymentId: payments.id,
      receiptNumber: payments.receiptNumber,
      receivedAt: payments.receivedAt,
      method: payments.method,
      creditNoteId: creditNotes.id,
      creditNoteNumber: creditNotes.number,
      creditedAt: creditNotes.createdAt,
    })
    .from(allocations)
    .leftJoin(payments, and(eq(payments.id, allocations.paymentId), eq(payments.tenantId, tenantId)))
    .leftJoin(creditNotes, and(eq(creditNotes.id, allocations.creditNoteId), eq(creditNotes.tenantId, tenantId)))
    .where(and(eq(allocations.tenantId, tenantId), eq(allocations.invoiceId, invoiceId)))
    .orderBy(sql`coalesce(${payments.receivedAt}, ${creditNotes.createdAt})`, asc(allocations.createdAt));
  return rows.flatMap((row): InvoiceDocumentPayment[] => {
    if (row.paymentId && row.receiptNumber && row.receivedAt && row.method) {
      return [
        {
          kind: "payment",
          id: row.paymentId,
          number: row.receiptNumber,
          date: row.receivedAt,
          method: row.method,
          amountCentavos: row.amountCentavos,
        },
      ];
    }
    if (row.creditNoteId && row.creditNoteNumber && row.creditedAt) {
      return [
        {
          kind: "credit_note",
          id: row.creditNoteId,
          number: row.creditNoteNumber,
          date: row.creditedAt,
          method: "credit_note",
          amountCentavos: row.amountCentavos,
        },
      ];
    }
    return [];
  });
}
