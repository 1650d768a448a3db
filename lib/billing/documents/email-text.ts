/** The subject and plain-text body of invoice and receipt emails (the PDF rides along as an attachment). */
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate, formatDocumentDate, formatPeriod, methodWithReference } from "./format";
import type { DocumentBranding, InvoiceDocumentData, ReceiptDocumentData } from "./types";

type EmailText = { subject: string; text: string };

function contactLine(branding: DocumentBranding): string {
  const ways = [branding.email, branding.contactPhone].filter((w) => w.trim());
  return ways.length > 0 ? `Questions? Contact us at ${ways.join(" or ")}.` : "";
}

function howToPay(data: InvoiceDocumentData): string {
  if (data.branding.invoiceNotes.trim()) return data.branding.invoiceNotes.trim();
  return `Pay at our office or by GCash or bank transfer, with your account number ${data.customer.accountNumber} as the reference.`;
}

export function invoiceEmail(data: InvoiceDocumentData): EmailText {
  const { branding, customer, invoice, totals } = data;
  const money = (centavos: number) => formatMoney(centavos, branding.currency);
  const period = formatPeriod(invoice.periodStart, invoice.periodEnd);
  const lines = [
    `Hello ${customer.name},`,
    "",
    `Attached is invoice ${invoice.number} from ${branding.name} for account ${customer.accountNumber}.`,
    "",
  ];
  if (invoice.status === "void") {
    lines.push(`This invoice has been voided${invoice.voidReason ? ` (${invoice.voidReason})` : ""}; there is nothing to pay on it.`);
  } else if (totals.balanceDueCentavos === 0) {
    lines.push(`Total: ${money(totals.totalCentavos)}`, "This invoice is fully paid. Thank you!");
  } else {
    lines.push(`Amount due: ${money(totals.balanceDueCentavos)}`, `Due date: ${formatCalendarDate(invoice.dueDate)}`);
    if (period) lines.push(`Service period: ${period}`);
    lines.push("", "How to pay:", howToPay(data));
  }
  lines.push("", contactLine(branding), "", branding.name);
  return { subject: `Invoice ${invoice.number} from ${branding.name}`, text: tidy(lines) };
}

export function receiptEmail(data: ReceiptDocumentData): EmailText {
  const { branding, customer, payment } = data;
  const money = (centavos: number) => formatMoney(centavos, branding.currency);
  const method = methodWithReference(payment.method, payment.reference);
  const lines = [
    `Hello ${customer.name},`,
    "",
    `Thank you for your payment. Attached is official receipt ${payment.receiptNumber} from ${branding.name}.`,
    "",
    `Amount received: ${money(payment.amountCentavos)}`,
    `Date: ${formatDocumentDate(payment.receivedAt, branding.timezone)}`,
    `Method: ${method}`,
  ];
  if (data.appliedTo.length > 0) lines.push(`Applied to: ${data.appliedTo.map((a) => `${a.number} (${money(a.amountCentavos)})`).join(", ")}`);
  if (data.creditLeftCentavos > 0) lines.push(`Credit left on your account: ${money(data.creditLeftCentavos)}`);
  lines.push("", contactLine(branding), "", branding.name);
  return { subject: `Official receipt ${payment.receiptNumber} from ${branding.name}`, text: tidy(lines) };
}

/** No runs of blank lines where an optional line was left out. */
const tidy = (lines: string[]) =>
  lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim() + "\n";
