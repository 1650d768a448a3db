/*
 * What invoice and receipt messages say, as notification template variables (lib/notify/events.ts lists them):
 * the same figures the PDF shows, so the two never disagree. The wording is the ISP's template.
 */
import "server-only";
import { payLinkFor, shortPayLinkFor } from "@/lib/billing/pay-links";
import type { NotificationData } from "@/lib/notify/enqueue";
import { formatCalendarDate, formatDocumentDate, formatPeriod, methodWithReference } from "./format";
import type { InvoiceDocumentData, ReceiptDocumentData } from "./types";
import { formatMoney } from "@/lib/core/money";

export type InvoiceNoticeFields = {
  tenantId: string;
  invoiceId: string;
  number: string;
  status: "open" | "paid" | "void";
  dueDate: string;
  periodStart: string | null;
  periodEnd: string | null;
  totalCentavos: number;
  balanceDueCentavos: number;
  voidReason: string | null;
  currency: string;
  /** The invoice template's payment instructions (may be empty). */
  invoiceNotes: string;
};

/** The invoice template's instructions, or ours; the message itself carries the account number. */
export function howToPay(invoiceNotes: string): string {
  return invoiceNotes.trim() || "Pay at our office or by GCash or bank transfer, with your account number as the reference.";
}

/** `invoice_issued` variables; what to pay is left empty once nothing is due. */
export function invoiceNoticeData(f: InvoiceNoticeFields): NotificationData {
  const money = (centavos: number) => formatMoney(centavos, f.currency);
  const payable = f.status === "open" && f.balanceDueCentavos > 0;
  const statusNote =
    f.status === "void"
      ? `This invoice has been voided${f.voidReason ? ` (${f.voidReason})` : ""}; there is nothing to pay on it.`
      : payable
        ? ""
        : `Total: ${money(f.totalCentavos)}. This invoice is fully paid. Thank you!`;
  return {
    invoiceNumber: f.number,
    amountDue: payable ? money(f.balanceDueCentavos) : "",
    dueDate: payable ? formatCalendarDate(f.dueDate) : "",
    period: f.status === "void" ? "" : formatPeriod(f.periodStart, f.periodEnd),
    howToPay: payable ? `How to pay:\n${howToPay(f.invoiceNotes)}` : "",
    statusNote,
    payUrl: payable ? payLinkFor({ tenantId: f.tenantId, invoiceId: f.invoiceId }) : "",
    payShortUrl: payable ? shortPayLinkFor({ tenantId: f.tenantId, invoiceId: f.invoiceId }) : "",
  };
}

export function invoiceDocumentNoticeData(tenantId: string, data: InvoiceDocumentData): NotificationData {
  return invoiceNoticeData({
    tenantId,
    invoiceId: data.invoice.id,
    number: data.invoice.number,
    status: data.invoice.status,
    dueDate: data.invoice.dueDate,
    periodStart: data.invoice.periodStart,
    periodEnd: data.invoice.periodEnd,
    totalCentavos: data.totals.totalCentavos,
    balanceDueCentavos: data.totals.balanceDueCentavos,
    voidReason: data.invoice.voidReason,
    currency: data.branding.currency,
    invoiceNotes: data.branding.invoiceNotes,
  });
}

/** `payment_received` variables. */
export function receiptNoticeData(data: ReceiptDocumentData): NotificationData {
  const { branding, payment } = data;
  const money = (centavos: number) => formatMoney(centavos, branding.currency);
  return {
    receiptNumber: payment.receiptNumber,
    amount: money(payment.amountCentavos),
    paidOn: formatDocumentDate(payment.receivedAt, branding.timezone),
    method: methodWithReference(payment.method, payment.reference),
    appliedTo: data.appliedTo.map((a) => `${a.number} (${money(a.amountCentavos)})`).join(", "),
    creditLeft: data.creditLeftCentavos > 0 ? money(data.creditLeftCentavos) : "",
  };
}

const dayMs = 86_400_000;

/** `due_reminder`, `overdue` and `suspension` variables of an unpaid invoice as of `today` (the tenant's date). */
export function dueNoticeData(f: {
  tenantId: string;
  invoiceId: string;
  number: string;
  outstandingCentavos: number;
  currency: string;
  dueDate: string;
  today: string;
  suspendAfterDays: number;
}): NotificationData {
  const days = Math.max(0, Math.round((Date.parse(`${f.today}T00:00:00Z`) - Date.parse(`${f.dueDate}T00:00:00Z`)) / dayMs));
  return {
    invoiceNumber: f.number,
    amountDue: formatMoney(f.outstandingCentavos, f.currency),
    dueDate: formatCalendarDate(f.dueDate),
    dueWhen: f.dueDate === f.today ? "today" : `on ${formatCalendarDate(f.dueDate)}`,
    daysOverdue: `${days} ${days === 1 ? "day" : "days"}`,
    suspensionNote:
      f.suspendAfterDays > 0 ? `Service is suspended ${f.suspendAfterDays} days after the due date; please pay to avoid interruption.` : "",
    payUrl: payLinkFor({ tenantId: f.tenantId, invoiceId: f.invoiceId }),
    payShortUrl: shortPayLinkFor({ tenantId: f.tenantId, invoiceId: f.invoiceId }),
  };
}
