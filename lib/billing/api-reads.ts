/*
 * Invoices and payments as the public API lists them: a page at a time by cursor (keyset on the sort column and the
 * id), with the filters the API documents. Staff pages use queries.ts (offset pages with customer names).
 */
import { and, asc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import { cursorValue, keyset, pageOf, type SortOrder } from "@/lib/core/cursor";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { allocations, invoices, payments, type InvoiceStatus } from "./schema";

export { gateways, invoiceKinds, invoiceStatuses, lineKinds } from "./schema";

export const apiInvoiceSorts = ["issueDate", "number"] as const;
export const apiPaymentSorts = ["receivedAt", "receiptNumber"] as const;

export type ApiInvoiceRow = typeof invoices.$inferSelect;

const invoiceSortColumns = { issueDate: invoices.issueDate, number: invoices.number };

/** `issuedFrom` and `issuedTo` are calendar dates, both included. */
export async function pageInvoicesForApi(
  db: DbOrTx,
  input: { tenantId: string; customerId?: string; status?: InvoiceStatus; issuedFrom?: string; issuedTo?: string; order: SortOrder; cursor?: string; limit: number },
): Promise<{ data: ApiInvoiceRow[]; nextCursor: string | null }> {
  const column = invoiceSortColumns[input.order.field as keyof typeof invoiceSortColumns] ?? invoices.issueDate;
  const { where, orderBy } = keyset(column, invoices.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(invoices.tenantId, input.tenantId), where];
  if (input.customerId) filters.push(eq(invoices.customerId, input.customerId));
  if (input.status) filters.push(eq(invoices.status, input.status));
  if (input.issuedFrom) filters.push(gte(invoices.issueDate, input.issuedFrom));
  if (input.issuedTo) filters.push(lte(invoices.issueDate, input.issuedTo));
  const rows = await db
    .select({ invoice: invoices, at: cursorValue(column) })
    .from(invoices)
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.invoice.id }));
  return { data: page.data.map((row) => row.invoice), nextCursor: page.nextCursor };
}

/** Every column but the idempotency key and who recorded it (a staff user id). */
const paymentColumns = {
  id: payments.id,
  customerId: payments.customerId,
  receiptNumber: payments.receiptNumber,
  method: payments.method,
  gateway: payments.gateway,
  reference: payments.reference,
  amountCentavos: payments.amountCentavos,
  currency: payments.currency,
  allocatedCentavos: payments.allocatedCentavos,
  refundedCentavos: payments.refundedCentavos,
  feeCentavos: payments.feeCentavos,
  receivedAt: payments.receivedAt,
  notes: payments.notes,
  createdAt: payments.createdAt,
};

const paymentSortColumns = { receivedAt: payments.receivedAt, receiptNumber: payments.receiptNumber };

/** `receivedFrom` included, `receivedBefore` excluded. */
export async function pagePaymentsForApi(
  db: DbOrTx,
  input: { tenantId: string; customerId?: string; receivedFrom?: Date; receivedBefore?: Date; order: SortOrder; cursor?: string; limit: number },
) {
  const column = paymentSortColumns[input.order.field as keyof typeof paymentSortColumns] ?? payments.receivedAt;
  const { where, orderBy } = keyset(column, payments.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(payments.tenantId, input.tenantId), where];
  if (input.customerId) filters.push(eq(payments.customerId, input.customerId));
  if (input.receivedFrom) filters.push(gte(payments.receivedAt, input.receivedFrom));
  if (input.receivedBefore) filters.push(lt(payments.receivedAt, input.receivedBefore));
  const rows = await db
    .select({ payment: paymentColumns, at: cursorValue(column) })
    .from(payments)
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.payment.id }));
  return { data: page.data.map((row) => row.payment), nextCursor: page.nextCursor };
}

/** One payment of the tenant with the invoices it was applied to; another ISP's reads as not found. */
export async function getPaymentForApi(db: DbOrTx, { tenantId, paymentId }: { tenantId: string; paymentId: string }) {
  if (!isUuid(paymentId)) throw notFound("Payment");
  const [payment] = await db
    .select(paymentColumns)
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, paymentId)));
  if (!payment) throw notFound("Payment");
  const applied = await db
    .select({ invoiceId: allocations.invoiceId, amountCentavos: allocations.amountCentavos })
    .from(allocations)
    .where(and(eq(allocations.tenantId, tenantId), eq(allocations.paymentId, payment.id)))
    .orderBy(asc(allocations.createdAt));
  return { ...payment, allocations: applied };
}

export type ApiPaymentRow = Omit<Awaited<ReturnType<typeof getPaymentForApi>>, "allocations">;
