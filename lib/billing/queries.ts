/*
 * Reads for the billing pages: invoice and payment lists (filtered and paginated in SQL), a customer's
 * ledger, billing runs. Every query filters by tenant; another tenant's ids read as not found.
 */
import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { allocations, billingRuns, creditNotes, invoiceLines, invoices, payments } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { assertRowsOfTenant } from "@/lib/core/ownership";
import type { DbOrTx } from "@/lib/db/types";

export const PAGE_SIZE = 50;

/** Refuses invoice ids that are not all this tenant's (another ISP's invoice reads as not found). */
export async function assertInvoicesOfTenant(db: DbOrTx, tenantId: string, invoiceIds: readonly string[], field?: string) {
  await assertRowsOfTenant(db, invoices, tenantId, invoiceIds, { one: "invoice", many: "selected invoices" }, field);
}
export const invoiceFilters = ["all", "open", "overdue", "paid", "void"] as const;
export type InvoiceFilter = (typeof invoiceFilters)[number];

const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listInvoices(
  db: DbOrTx,
  {
    tenantId,
    status = "all",
    q,
    page = 1,
    today,
    customerId,
  }: { tenantId: string; status?: InvoiceFilter; q?: string; page?: number; today: string; customerId?: string },
) {
  const where: (SQL | undefined)[] = [eq(invoices.tenantId, tenantId)];
  if (customerId) where.push(eq(invoices.customerId, customerId));
  if (status === "open") where.push(eq(invoices.status, "open"));
  if (status === "paid") where.push(eq(invoices.status, "paid"));
  if (status === "void") where.push(eq(invoices.status, "void"));
  if (status === "overdue") where.push(eq(invoices.status, "open"), sql`${invoices.dueDate} < ${today}`);
  if (q) where.push(or(ilike(invoices.number, likeTerm(q)), ilike(customers.name, likeTerm(q)), ilike(customers.accountNumber, likeTerm(q))));
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      status: invoices.status,
      kind: invoices.kind,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      totalCentavos: invoices.totalCentavos,
      amountPaidCentavos: invoices.amountPaidCentavos,
      currency: invoices.currency,
      customerId: customers.id,
      customerName: customers.name,
      accountNumber: customers.accountNumber,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(and(...where))
    .orderBy(desc(invoices.issueDate), desc(invoices.number))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

export async function listPayments(
  db: DbOrTx,
  { tenantId, q, page = 1, customerId }: { tenantId: string; q?: string; page?: number; customerId?: string },
) {
  const where: (SQL | undefined)[] = [eq(payments.tenantId, tenantId)];
  if (customerId) where.push(eq(payments.customerId, customerId));
  if (q)
    where.push(
      or(
        ilike(payments.receiptNumber, likeTerm(q)),
        ilike(payments.reference, likeTerm(q)),
        ilike(customers.name, likeTerm(q)),
        ilike(customers.accountNumber, likeTerm(q)),
      ),
    );
  const rows = await db
    .select({
      id: payments.id,
      receiptNumber: payments.receiptNumber,
      method: payments.method,
      gateway: payments.gateway,
      reference: payments.reference,
      amountCentavos: payments.amountCentavos,
      allocatedCentavos: payments.allocatedCentavos,
      refundedCentavos: payments.refundedCentavos,
      feeCentavos: payments.feeCentavos,
      currency: payments.currency,
      receivedAt: payments.receivedAt,
      customerId: customers.id,
      customerName: customers.name,
      accountNumber: customers.accountNumber,
    })
    .from(payments)
    .innerJoin(customers, eq(customers.id, payments.customerId))
    .where(and(...where))
    .orderBy(desc(payments.receivedAt))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}

export type LedgerEntry = {
  at: string;
  kind: "invoice" | "payment" | "credit" | "refund";
  id: string;
  number: string;
  description: string;
  debitCentavos: number;
  creditCentavos: number;
  status?: string;
};

/** The customer's statement: every invoice, payment, credit and refund in date order with a running balance. */
export async function customerLedger(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }) {
  if (!isUuid(customerId)) throw notFound("Customer");
  const [customer] = await db
    .select({ balanceCentavos: customers.balanceCentavos, taxExempt: customers.taxExempt, taxExemptReason: customers.taxExemptReason })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!customer) throw notFound("Customer");
  const [inv, pay, notes] = await Promise.all([
    db
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.customerId, customerId)))
      .orderBy(desc(invoices.issueDate))
      .limit(500),
    db
      .select()
      .from(payments)
      .where(and(eq(payments.tenantId, tenantId), eq(payments.customerId, customerId)))
      .orderBy(desc(payments.receivedAt))
      .limit(500),
    db
      .select()
      .from(creditNotes)
      .where(and(eq(creditNotes.tenantId, tenantId), eq(creditNotes.customerId, customerId)))
      .orderBy(desc(creditNotes.createdAt))
      .limit(500),
  ]);
  const entries: LedgerEntry[] = [
    ...inv.map((i) => ({
      at: i.issueDate,
      kind: "invoice" as const,
      id: i.id,
      number: i.number,
      description: i.periodStart ? `Service ${i.periodStart} – ${i.periodEnd}` : i.kind === "manual" ? "One-time charges" : "Invoice",
      debitCentavos: i.status === "void" ? 0 : i.totalCentavos,
      creditCentavos: 0,
      status: i.status,
    })),
    ...pay.map((p) => ({
      at: p.receivedAt.toISOString().slice(0, 10),
      kind: "payment" as const,
      id: p.id,
      number: p.receiptNumber,
      description: `Payment (${p.method.replace("_", " ")}${p.reference ? ` · ${p.reference}` : ""})`,
      debitCentavos: 0,
      creditCentavos: p.amountCentavos,
    })),
    ...notes.map((n) => ({
      at: n.createdAt.toISOString().slice(0, 10),
      kind: n.kind === "refund" ? ("refund" as const) : ("credit" as const),
      id: n.id,
      number: n.number,
      description: `${n.kind === "refund" ? "Refund" : "Credit note"}: ${n.reason}`,
      debitCentavos: n.kind === "refund" ? n.amountCentavos : 0,
      creditCentavos: n.kind === "credit" ? n.amountCentavos : 0,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || (a.kind === "invoice" ? -1 : 1));
  let running = 0;
  const withBalance = entries.map((e) => {
    running += e.debitCentavos - e.creditCentavos;
    return { ...e, balanceCentavos: running };
  });
  return { ...customer, entries: withBalance.reverse(), invoices: inv, payments: pay };
}

export async function invoiceDetail(db: DbOrTx, { tenantId, invoiceId }: { tenantId: string; invoiceId: string }) {
  if (!isUuid(invoiceId)) throw notFound("Invoice");
  const [invoice] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  if (!invoice) throw notFound("Invoice");
  const [lines, paidBy] = await Promise.all([
    db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(invoiceLines.sortOrder),
    db
      .select({ amount: allocations.amountCentavos, paymentId: allocations.paymentId, creditNoteId: allocations.creditNoteId })
      .from(allocations)
      .where(eq(allocations.invoiceId, invoice.id)),
  ]);
  return { invoice, lines, paidBy };
}

export async function listBillingRuns(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db.select().from(billingRuns).where(eq(billingRuns.tenantId, tenantId)).orderBy(desc(billingRuns.startedAt)).limit(30);
}

/**
 * The ISP an invoice belongs to, by invoice id alone: only for the public short pay link, whose token carries
 * the invoice id and is signed for the tenant, so the tenant must be known before the signature can be checked.
 */
export async function invoiceTenantOf(db: DbOrTx, invoiceId: string): Promise<string | null> {
  if (!isUuid(invoiceId)) return null;
  const [row] = await db.select({ tenantId: invoices.tenantId }).from(invoices).where(eq(invoices.id, invoiceId));
  return row?.tenantId ?? null;
}
