/** Wording and formats shared by the PDF and HTML documents and their emails, so the two never disagree. */
import { paymentMethodLabels } from "@/lib/billing/values";
import type { PaymentMethod } from "@/lib/billing/schema";
import type { DocumentCustomer } from "./types";
import { formatCalendarDate } from "@/lib/core/dates";
import { joinAddress } from "@/lib/core/address";

/** How a document was paid: a payment method, or a credit note applied to it. */
export const settlementLabels: Record<PaymentMethod | "credit_note", string> = { ...paymentMethodLabels, credit_note: "Credit note" };
export { paymentMethodLabels };

/** `GCash (ref. 1234567890)`. */
export const methodWithReference = (method: PaymentMethod, reference: string) =>
  `${paymentMethodLabels[method]}${reference.trim() ? ` (ref. ${reference.trim()})` : ""}`;

/** Service dates are calendar dates already in the tenant's time zone: formatted as they are, never shifted. */
export { formatCalendarDate };

/** A moment (payment received, invoice voided) as the date it was in the tenant's time zone. */
export function formatDocumentDate(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-PH", { dateStyle: "medium", timeZone }).format(date);
}

export function formatPeriod(start: string | null, end: string | null): string {
  if (!start && !end) return "";
  if (!start || !end || start === end) return formatCalendarDate((start ?? end)!);
  return `${formatCalendarDate(start)} – ${formatCalendarDate(end)}`;
}

/** `VAT (12%)`, `VAT (12.5%)`. */
export function vatLabel(rateBps: number): string {
  return `VAT (${Number((rateBps / 100).toFixed(2))}%)`;
}

export function customerAddress(customer: Pick<DocumentCustomer, "serviceAddress" | "barangay" | "city">): string {
  return joinAddress(customer.serviceAddress, customer.barangay, customer.city);
}

/** `INV-2026-000123.pdf`; anything but letters, digits, dots and dashes is dropped so the header stays valid. */
export function documentFilename(number: string): string {
  return `${number.replace(/[^A-Za-z0-9.-]/g, "") || "document"}.pdf`;
}

export const documentTitles = { invoice: "Invoice", receipt: "Official receipt", credit_note: "Credit note" } as const;

export const creditNoteTitle = (kind: "credit" | "refund") => (kind === "refund" ? "Credit note (refund)" : "Credit note");
