/** The invoice a customer is about to pay online, with what is still owed on it. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";

export type PayableInvoice = {
  tenantId: string;
  tenantName: string;
  /** The tenant's billing currency, upper-case ("PHP"). */
  currency: string;
  /** Differs from `currency` only if the tenant changed currency after issuing it: such an invoice is not paid online. */
  invoiceCurrency: string;
  invoiceId: string;
  number: string;
  status: "open" | "paid" | "void";
  dueDate: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  totalCentavos: number;
  outstandingCentavos: number;
};

export async function findInvoiceForPayment(
  db: DbOrTx,
  { tenantId, invoiceId }: { tenantId: string; invoiceId: string },
): Promise<PayableInvoice | null> {
  if (!isUuid(tenantId) || !isUuid(invoiceId)) return null;
  const [row] = await db
    .select({
      tenantName: tenants.name,
      tenantCurrency: tenants.currency,
      invoiceCurrency: invoices.currency,
      number: invoices.number,
      status: invoices.status,
      dueDate: invoices.dueDate,
      customerId: invoices.customerId,
      customerName: customers.name,
      customerEmail: customers.email,
      total: invoices.totalCentavos,
      paid: invoices.amountPaidCentavos,
    })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .innerJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.tenantId, invoices.tenantId)))
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  if (!row) return null;
  return {
    tenantId,
    tenantName: row.tenantName,
    currency: row.tenantCurrency.toUpperCase(),
    invoiceCurrency: row.invoiceCurrency.toUpperCase(),
    invoiceId,
    number: row.number,
    status: row.status,
    dueDate: row.dueDate,
    customerId: row.customerId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    totalCentavos: row.total,
    outstandingCentavos: Math.max(0, row.total - row.paid),
  };
}

/** The invoice, if it can be paid now: open and with something still owed. */
export async function loadPayableInvoice(db: DbOrTx, ids: { tenantId: string; invoiceId: string; customerId?: string }): Promise<PayableInvoice> {
  const invoice = await findInvoiceForPayment(db, ids);
  if (!invoice || (ids.customerId !== undefined && invoice.customerId !== ids.customerId)) throw notFound("Invoice");
  if (invoice.status === "void") throw new AppError("conflict", `Invoice ${invoice.number} was voided; there is nothing to pay.`);
  if (invoice.status === "paid" || invoice.outstandingCentavos <= 0) throw new AppError("conflict", `Invoice ${invoice.number} is already paid.`);
  if (invoice.invoiceCurrency !== invoice.currency) {
    throw new AppError(
      "conflict",
      `Invoice ${invoice.number} is in ${invoice.invoiceCurrency} but the account bills in ${invoice.currency}; it cannot be paid online.`,
    );
  }
  return invoice;
}

/** What a customer pays online: one invoice's outstanding amount, or the whole account balance. */
export type PayTarget = {
  tenantId: string;
  tenantName: string;
  currency: string;
  customerId: string;
  customerName: string;
  customerEmail: string;
  invoiceId: string | null;
  /** "Invoice INV-2026-000123" or "Account balance", as the gateway's page and the receipt describe it. */
  label: string;
  amountCentavos: number;
};

export const invoiceTarget = (invoice: PayableInvoice): PayTarget => ({
  tenantId: invoice.tenantId,
  tenantName: invoice.tenantName,
  currency: invoice.currency,
  customerId: invoice.customerId,
  customerName: invoice.customerName,
  customerEmail: invoice.customerEmail,
  invoiceId: invoice.invoiceId,
  label: `Invoice ${invoice.number}`,
  amountCentavos: invoice.outstandingCentavos,
});

/** The customer's whole balance, if anything is owed. */
export async function loadBalanceTarget(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<PayTarget> {
  if (!isUuid(tenantId) || !isUuid(customerId)) throw notFound("Customer");
  const [row] = await db
    .select({
      tenantName: tenants.name,
      currency: tenants.currency,
      customerName: customers.name,
      customerEmail: customers.email,
      balance: customers.balanceCentavos,
    })
    .from(customers)
    .innerJoin(tenants, eq(tenants.id, customers.tenantId))
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!row) throw notFound("Customer");
  if (row.balance <= 0) throw new AppError("conflict", "There is nothing to pay on this account right now.");
  return {
    tenantId,
    tenantName: row.tenantName,
    currency: row.currency.toUpperCase(),
    customerId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    invoiceId: null,
    label: "Account balance",
    amountCentavos: row.balance,
  };
}
