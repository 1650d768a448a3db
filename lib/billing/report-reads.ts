/*
 * Invoices and payments as the report builder reads them: this room's own tables, tenant-filtered, with the amounts
 * in centavos. The reports room joins customers' own rows by `customerId` for names.
 */
import { eq, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { invoices, payments } from "@/lib/billing/schema";
export { gateways, invoiceKinds, invoiceStatuses } from "@/lib/billing/schema";
export { paymentMethods } from "@/lib/billing/values";

export function invoiceReportRows(tenantId: string, alias = "report_invoices") {
  return new QueryBuilder()
    .select({
      id: invoices.id,
      customerId: invoices.customerId,
      number: invoices.number,
      kind: invoices.kind,
      status: invoices.status,
      currency: invoices.currency,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      periodStart: invoices.periodStart,
      periodEnd: invoices.periodEnd,
      vatableCentavos: invoices.vatableCentavos,
      taxCentavos: invoices.taxCentavos,
      totalCentavos: invoices.totalCentavos,
      amountPaidCentavos: invoices.amountPaidCentavos,
      // What is still owed on it (a void invoice owes nothing).
      dueCentavos: sql<number>`case when ${invoices.status} = 'void' then 0 else ${invoices.totalCentavos} - ${invoices.amountPaidCentavos} end`.as("due_centavos"),
      paidAt: invoices.paidAt,
      voidedAt: invoices.voidedAt,
    })
    .from(invoices)
    .where(eq(invoices.tenantId, tenantId))
    .as(alias);
}

export function paymentReportRows(tenantId: string, alias = "report_payments") {
  return new QueryBuilder()
    .select({
      id: payments.id,
      customerId: payments.customerId,
      receiptNumber: payments.receiptNumber,
      method: payments.method,
      gateway: payments.gateway,
      reference: payments.reference,
      currency: payments.currency,
      amountCentavos: payments.amountCentavos,
      allocatedCentavos: payments.allocatedCentavos,
      refundedCentavos: payments.refundedCentavos,
      feeCentavos: payments.feeCentavos,
      receivedAt: payments.receivedAt,
    })
    .from(payments)
    .where(eq(payments.tenantId, tenantId))
    .as(alias);
}
