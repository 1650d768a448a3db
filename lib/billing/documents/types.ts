/*
 * What an invoice, official receipt or credit note says, loaded once and rendered twice: as a PDF
 * (pdf/*.ts) and as HTML (components/billing/*-document.tsx). Plain data only, so the template
 * preview can build a sample in the browser.
 */
import type { LineKind, PaymentMethod } from "@/lib/billing/schema";

/** The ISP as it appears on its documents (tenant columns, invoice template). */
export type DocumentBranding = {
  name: string;
  legalName: string;
  address: string;
  tin: string;
  email: string;
  contactPhone: string;
  /** `#rrggbb`, dark enough for text on white paper. */
  brandColor: string;
  /** `data:image/png;base64,…` or `data:image/jpeg;base64,…`. */
  logoDataUrl: string | null;
  invoiceFooter: string;
  invoiceNotes: string;
  currency: string;
  timezone: string;
  vatRateBps: number;
};

export type DocumentCustomer = {
  id: string;
  name: string;
  accountNumber: string;
  serviceAddress: string;
  barangay: string;
  city: string;
  email: string;
  taxExempt: boolean;
  taxExemptReason: string;
  /** The customer's BIR TIN, printed under their name when known. */
  tin: string;
};

export type InvoiceDocumentLine = {
  id: string;
  kind: LineKind;
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  /** What the customer is charged for the line, VAT included (negative for credits and discounts). */
  amountCentavos: number;
  waived: boolean;
  waiveReason: string | null;
};

/** A payment or credit note applied to an invoice. */
export type InvoiceDocumentPayment = {
  kind: "payment" | "credit_note";
  /** The payment or credit note id. */
  id: string;
  /** Official receipt number or credit note number. */
  number: string;
  date: Date;
  method: PaymentMethod | "credit_note";
  amountCentavos: number;
};

export type InvoiceDocumentTotals = {
  vatableCentavos: number;
  zeroRatedCentavos: number;
  exemptCentavos: number;
  taxCentavos: number;
  totalCentavos: number;
  amountPaidCentavos: number;
  balanceDueCentavos: number;
};

/** Where the customer pays online: the pay page, its short link and the pay page's QR code (pay-qr.ts). */
export type InvoicePayLink = { url: string; shortUrl: string; qr: boolean[][] };

export type InvoiceDocumentData = {
  kind: "invoice";
  branding: DocumentBranding;
  customer: DocumentCustomer;
  invoice: {
    id: string;
    number: string;
    status: "open" | "paid" | "void";
    issueDate: string;
    dueDate: string;
    periodStart: string | null;
    periodEnd: string | null;
    notes: string;
    voidedAt: Date | null;
    voidReason: string | null;
    emailedAt: Date | null;
  };
  /** The VAT rate printed beside the VAT amount: the invoice's own when its lines share one, else the tenant's. */
  vatRateBps: number;
  lines: InvoiceDocumentLine[];
  totals: InvoiceDocumentTotals;
  payments: InvoiceDocumentPayment[];
  /** Only while the invoice is open with something owed; null once paid or void (and in the template preview). */
  payLink: InvoicePayLink | null;
};

/** An invoice a payment or credit note was applied to. */
export type AppliedToInvoice = { invoiceId: string; number: string; issueDate: string; amountCentavos: number };

export type ReceiptDocumentData = {
  kind: "receipt";
  branding: DocumentBranding;
  customer: DocumentCustomer;
  payment: {
    id: string;
    receiptNumber: string;
    /** When the money came in (may be before the receipt was issued). */
    receivedAt: Date;
    /** When the receipt was issued: its date and the year of its number. */
    issuedAt: Date;
    method: PaymentMethod;
    reference: string;
    amountCentavos: number;
    refundedCentavos: number;
    notes: string;
  };
  appliedTo: AppliedToInvoice[];
  /** The part of the payment not applied to any invoice: the customer's credit. */
  creditLeftCentavos: number;
};

export type CreditNoteDocumentData = {
  kind: "credit_note";
  branding: DocumentBranding;
  customer: DocumentCustomer;
  creditNote: {
    id: string;
    number: string;
    kind: "credit" | "refund";
    createdAt: Date;
    amountCentavos: number;
    /** Kind `credit`: the sales it takes back, as stored when issued (they add up to the amount); zero for a refund. */
    vatableCentavos: number;
    zeroRatedCentavos: number;
    exemptCentavos: number;
    taxCentavos: number;
    reason: string;
    invoiceNumber: string | null;
    receiptNumber: string | null;
    gatewayReference: string | null;
  };
  appliedTo: AppliedToInvoice[];
  /** Credit not yet applied to an invoice (credit notes of kind `credit` only). */
  unappliedCentavos: number;
};

export type BillingDocumentData = InvoiceDocumentData | ReceiptDocumentData | CreditNoteDocumentData;
