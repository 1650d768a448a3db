/*
 * Rendered PDFs are stored once per document (billing_documents, unique on tenant, kind and ref id) and
 * served from there. The billing services call `forgetDocument` when they change what a document says
 * (a void, a late fee, a waiver); as a safety net a stored copy older than the last change to its source
 * (a payment applied, the customer's or the ISP's details, the invoice template) is rendered again.
 */
import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { billingDocuments, type DocumentKind } from "@/lib/billing/schema";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { documentFilename } from "./format";
import { loadInvoiceDocument } from "./load-invoice";
import { loadCreditNoteDocument, loadReceiptDocument } from "./load-receipt";
import { renderInvoicePdf } from "./pdf/invoice";
import { renderCreditNotePdf, renderReceiptPdf } from "./pdf/receipt";

export type StoredDocument = { id: string; kind: DocumentKind; refId: string; filename: string; pdf: Buffer; createdAt: Date };
type DocumentRef = { tenantId: string; kind: DocumentKind; refId: string };

const labels: Record<DocumentKind, string> = { invoice: "Invoice", receipt: "Receipt", credit_note: "Credit note" };

/** Loads and renders a document afresh; another tenant's id is "not found". */
export async function renderDocument(db: DbOrTx, { tenantId, kind, refId }: DocumentRef): Promise<{ filename: string; pdf: Buffer }> {
  if (kind === "invoice") {
    const data = await loadInvoiceDocument(db, { tenantId, invoiceId: refId });
    return { filename: documentFilename(data.invoice.number), pdf: await renderInvoicePdf(data) };
  }
  if (kind === "receipt") {
    const data = await loadReceiptDocument(db, { tenantId, paymentId: refId });
    return { filename: documentFilename(data.payment.receiptNumber), pdf: await renderReceiptPdf(data) };
  }
  const data = await loadCreditNoteDocument(db, { tenantId, creditNoteId: refId });
  return { filename: documentFilename(data.creditNote.number), pdf: await renderCreditNotePdf(data) };
}

/** The stored PDF when it is current; otherwise renders, stores and returns it. */
export async function getOrRenderDocument(db: DbOrTx, ref: DocumentRef): Promise<StoredDocument> {
  if (!isUuid(ref.refId)) throw notFound(labels[ref.kind]);
  // A copy forgotten between our insert and our read is rendered again; three rounds cover any real race.
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await findStored(db, ref);
    if (stored && !stored.stale) return stored.document;
    const { filename, pdf } = await renderDocument(db, ref);
    if (stored)
      await db.delete(billingDocuments).where(and(eq(billingDocuments.tenantId, ref.tenantId), eq(billingDocuments.id, stored.document.id)));
    // Two requests may render at once: the first insert wins and both return that row.
    await db
      .insert(billingDocuments)
      .values({ tenantId: ref.tenantId, kind: ref.kind, refId: ref.refId, filename, pdf })
      .onConflictDoNothing({ target: [billingDocuments.tenantId, billingDocuments.kind, billingDocuments.refId] });
    const saved = await findStored(db, ref);
    if (saved) return saved.document;
  }
  throw new AppError("conflict", "The document changed while it was being prepared. Try again.");
}

/** Drops the stored copy so the next request renders the document again; call it in the changing transaction. */
export async function forgetDocument(db: DbOrTx, { tenantId, kind, refId }: DocumentRef): Promise<void> {
  await db
    .delete(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.kind, kind), eq(billingDocuments.refId, refId)));
}

/** A stored document of this tenant by its own id (email attachments refer to it so). */
export async function getStoredDocument(db: DbOrTx, { tenantId, documentId }: { tenantId: string; documentId: string }): Promise<StoredDocument> {
  if (!isUuid(documentId)) throw notFound("Document");
  const [document] = await db
    .select(documentColumns)
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.id, documentId)));
  if (!document) throw notFound("Document");
  return document;
}

const documentColumns = {
  id: billingDocuments.id,
  kind: billingDocuments.kind,
  refId: billingDocuments.refId,
  filename: billingDocuments.filename,
  pdf: billingDocuments.pdf,
  createdAt: billingDocuments.createdAt,
};

async function findStored(db: DbOrTx, { tenantId, kind, refId }: DocumentRef) {
  const lastChange = lastChangeOf(kind, tenantId, refId);
  const [row] = await db
    .select({ ...documentColumns, stale: sql<boolean>`coalesce((${lastChange}) > ${billingDocuments.createdAt}, true)` })
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), eq(billingDocuments.kind, kind), eq(billingDocuments.refId, refId)));
  if (!row) return null;
  const { stale, ...document } = row;
  return { document, stale };
}

/** When the document's source last changed; NULL when the source is gone (so the copy is never served). */
function lastChangeOf(kind: DocumentKind, tenantId: string, refId: string): SQL {
  if (kind === "invoice") {
    return sql`select greatest(i.updated_at, i.paid_at, i.voided_at, c.updated_at, t.updated_at,
        (select max(a.created_at) from allocations a where a.tenant_id = i.tenant_id and a.invoice_id = i.id),
        (select max(l.waived_at) from invoice_lines l where l.tenant_id = i.tenant_id and l.invoice_id = i.id))
      from invoices i join customers c on c.id = i.customer_id join tenants t on t.id = i.tenant_id
      where i.tenant_id = ${tenantId} and i.id = ${refId}`;
  }
  if (kind === "receipt") {
    return sql`select greatest(p.created_at, c.updated_at, t.updated_at,
        (select max(a.created_at) from allocations a where a.tenant_id = p.tenant_id and a.payment_id = p.id),
        (select max(n.created_at) from credit_notes n where n.tenant_id = p.tenant_id and n.payment_id = p.id))
      from payments p join customers c on c.id = p.customer_id join tenants t on t.id = p.tenant_id
      where p.tenant_id = ${tenantId} and p.id = ${refId}`;
  }
  return sql`select greatest(n.created_at, c.updated_at, t.updated_at,
      (select max(a.created_at) from allocations a where a.tenant_id = n.tenant_id and a.credit_note_id = n.id))
    from credit_notes n join customers c on c.id = n.customer_id join tenants t on t.id = n.tenant_id
    where n.tenant_id = ${tenantId} and n.id = ${refId}`;
}
