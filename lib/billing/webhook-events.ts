/*
 * What billing tells an ISP's other systems through outgoing webhooks. Invoice events are built in SQL from the
 * invoice rows (one INSERT … SELECT however many invoices: the billing run's batches), payment events from the
 * payment just written. Field names are the public API's (camelCase; amounts in centavos beside `currency`).
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { arrayLiteral } from "@/lib/db/bulk";
import type { DbOrTx } from "@/lib/db/types";
import { queueWebhookEvent, queueWebhookEventsFrom } from "@/lib/webhooks/emit";

/** An invoice (alias `i`) with its customer's account number (alias `c`) as an event's `data`; times as JavaScript writes them (UTC, `Z`). */
const invoiceData = sql`jsonb_build_object(
  'id', i.id, 'number', i.number, 'customerId', i.customer_id, 'accountNumber', c.account_number, 'kind', i.kind, 'status', i.status,
  'currency', i.currency, 'issueDate', i.issue_date, 'dueDate', i.due_date, 'periodStart', i.period_start, 'periodEnd', i.period_end,
  'totalCentavos', i.total_centavos, 'taxCentavos', i.tax_centavos, 'amountPaidCentavos', i.amount_paid_centavos,
  'amountDueCentavos', greatest(i.total_centavos - i.amount_paid_centavos, 0),
  'paidAt', to_char(i.paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

type InvoiceEvent = "invoice.issued" | "invoice.paid" | "invoice.overdue";

/** Queues `type` for the tenant's invoices matching `where` (on alias `i`), in one statement. */
export function queueInvoiceEvents(tx: DbOrTx, { tenantId, type, where }: { tenantId: string; type: InvoiceEvent; where: SQL }) {
  return queueWebhookEventsFrom(tx, {
    tenantId,
    type,
    source: sql`select ${invoiceData} as data from invoices i join customers c on c.id = i.customer_id
      where i.tenant_id = ${tenantId}::uuid and ${where}`,
  });
}

/** The same for a list of invoice ids (one array parameter). */
export function queueInvoiceEventsFor(tx: DbOrTx, { tenantId, type, invoiceIds }: { tenantId: string; type: InvoiceEvent; invoiceIds: string[] }) {
  if (invoiceIds.length === 0) return Promise.resolve();
  return queueInvoiceEvents(tx, { tenantId, type, where: sql`i.id = any(${arrayLiteral(invoiceIds)}::text::uuid[])` });
}

export type PaymentFacts = {
  id: string;
  receiptNumber: string;
  customerId: string;
  accountNumber: string;
  amountCentavos: number;
  currency: string;
  method: string;
  gateway: string;
  reference: string;
  receivedAt: Date;
  allocatedCentavos: number;
};

/** `payment.received`, inside the payment's transaction. */
export function queuePaymentReceived(tx: DbOrTx, tenantId: string, payment: PaymentFacts) {
  return queueWebhookEvent(tx, { tenantId, type: "payment.received", data: { ...payment, creditCentavos: payment.amountCentavos - payment.allocatedCentavos } });
}

/** `payment.refunded`, inside the refund's transaction: the refund's amount and the payment's refunded total. */
export function queuePaymentRefunded(
  tx: DbOrTx,
  tenantId: string,
  refund: {
    id: string;
    receiptNumber: string;
    customerId: string;
    accountNumber: string;
    currency: string;
    refundCentavos: number;
    refundedCentavos: number;
    creditNoteId: string;
    creditNoteNumber: string;
    reason: string;
    gatewayReference: string | null;
  },
) {
  return queueWebhookEvent(tx, { tenantId, type: "payment.refunded", data: refund });
}
