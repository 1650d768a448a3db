import "server-only";
import { creditNoteTitle, formatCalendarDate, formatDocumentDate, methodWithReference, paymentMethodLabels } from "../format";
import type { AppliedToInvoice, CreditNoteDocumentData, ReceiptDocumentData } from "../types";
import { CONTENT_WIDTH, startPdf, type Pdf, type RenderOptions } from "./canvas";
import {
  drawCallout,
  drawCustomerBlock,
  drawLetterhead,
  drawParagraph,
  drawTable,
  drawTotals,
  finishPages,
  pdfMoney,
  renderWithLogoFallback,
  type MetaRow,
} from "./layout";

/** The official receipt of a payment as an A4 PDF. */
export function renderReceiptPdf(data: ReceiptDocumentData, options: RenderOptions = {}): Promise<Buffer> {
  return renderWithLogoFallback((withLogo) => drawReceipt(data, withLogo, options), !!data.branding.logoDataUrl);
}

/** A credit note (or refund) as an A4 PDF. */
export function renderCreditNotePdf(data: CreditNoteDocumentData, options: RenderOptions = {}): Promise<Buffer> {
  return renderWithLogoFallback((withLogo) => drawCreditNote(data, withLogo, options), !!data.branding.logoDataUrl);
}

async function drawReceipt(data: ReceiptDocumentData, withLogo: boolean, { compress }: RenderOptions): Promise<Buffer> {
  const { branding, customer, payment } = data;
  const money = (centavos: number) => pdfMoney(centavos, branding.currency);
  const { doc, finished } = startPdf({ title: `Official receipt ${payment.receiptNumber}`, author: branding.name, compress });
  const method = methodWithReference(payment.method, payment.reference);
  const top = drawLetterhead(doc, branding, {
    title: "Official receipt",
    withLogo,
    meta: [
      { label: "Receipt no.", value: payment.receiptNumber, strong: true },
      { label: "Date issued", value: formatDocumentDate(payment.issuedAt, branding.timezone) },
      { label: "Account no.", value: customer.accountNumber },
    ],
  });
  doc.y = top;
  const customerBottom = drawCustomerBlock(doc, customer, { heading: "Received from", width: CONTENT_WIDTH - 254 });
  const calloutBottom = drawCallout(doc, top, branding.brandColor, [
    { label: "Amount received", value: money(payment.amountCentavos), strong: true },
    { label: "Method", value: paymentMethodLabels[payment.method] },
    // A payment entered after the day it came in keeps its own date, shown apart from the receipt's.
    { label: "Payment date", value: formatDocumentDate(payment.receivedAt, branding.timezone) },
  ]);
  let y = Math.max(customerBottom, calloutBottom) + 18;
  y = drawParagraph(
    doc,
    y,
    "Payment",
    `Received from ${customer.name} the sum of ${money(payment.amountCentavos)} by ${method} on ${formatDocumentDate(payment.receivedAt, branding.timezone)}.`,
  );
  y = appliedTable(doc, y, data.appliedTo, money, "Invoices paid");
  const applied = data.appliedTo.reduce((sum, a) => sum + a.amountCentavos, 0);
  const totals: MetaRow[] = [
    { label: "Amount received", value: money(payment.amountCentavos) },
    { label: "Applied to invoices", value: money(applied) },
  ];
  if (payment.refundedCentavos > 0) totals.push({ label: "Refunded", value: money(payment.refundedCentavos) });
  totals.push({ label: "Credit left on account", value: money(data.creditLeftCentavos), strong: true });
  y = drawTotals(doc, y, totals, branding.brandColor);
  drawParagraph(doc, y, "Notes", payment.notes);
  finishPages(doc, { footer: branding.invoiceFooter, reference: payment.receiptNumber, voidMark: false });
  doc.end();
  return finished;
}

async function drawCreditNote(data: CreditNoteDocumentData, withLogo: boolean, { compress }: RenderOptions): Promise<Buffer> {
  const { branding, customer, creditNote } = data;
  const money = (centavos: number) => pdfMoney(centavos, branding.currency);
  const title = creditNoteTitle(creditNote.kind);
  const { doc, finished } = startPdf({ title: `${title} ${creditNote.number}`, author: branding.name, compress });
  const meta: MetaRow[] = [
    { label: "Credit note no.", value: creditNote.number, strong: true },
    { label: "Date", value: formatDocumentDate(creditNote.createdAt, branding.timezone) },
    { label: "Account no.", value: customer.accountNumber },
  ];
  if (creditNote.invoiceNumber) meta.push({ label: "For invoice", value: creditNote.invoiceNumber });
  if (creditNote.receiptNumber) meta.push({ label: "For receipt", value: creditNote.receiptNumber });
  if (creditNote.gatewayReference) meta.push({ label: "Refund ref.", value: creditNote.gatewayReference });
  const top = drawLetterhead(doc, branding, { title: creditNote.kind === "refund" ? "Refund" : "Credit note", meta, withLogo });
  doc.y = top;
  const customerBottom = drawCustomerBlock(doc, customer, { heading: "Issued to", width: CONTENT_WIDTH - 254 });
  const calloutBottom = drawCallout(doc, top, branding.brandColor, [
    { label: creditNote.kind === "refund" ? "Amount refunded" : "Amount credited", value: money(creditNote.amountCentavos), strong: true },
  ]);
  let y = Math.max(customerBottom, calloutBottom) + 18;
  y = drawParagraph(doc, y, "Reason", creditNote.reason);
  y = appliedTable(doc, y, data.appliedTo, money, "Applied to invoices");
  if (creditNote.kind === "credit") {
    drawTotals(
      doc,
      y,
      [
        // The sales taken back, split like an invoice: the VAT here lowers output VAT in the month of issue.
        { label: "VATable sales credited", value: money(creditNote.vatableCentavos) },
        { label: "Zero-rated sales credited", value: money(creditNote.zeroRatedCentavos) },
        { label: "VAT-exempt sales credited", value: money(creditNote.exemptCentavos) },
        { label: "VAT credited", value: money(creditNote.taxCentavos) },
        { label: "Credit amount", value: money(creditNote.amountCentavos), strong: true },
        { label: "Applied to invoices", value: money(creditNote.amountCentavos - data.unappliedCentavos) },
        { label: "Credit left on account", value: money(data.unappliedCentavos), strong: true },
      ],
      branding.brandColor,
    );
  }
  finishPages(doc, { footer: branding.invoiceFooter, reference: creditNote.number, voidMark: false });
  doc.end();
  return finished;
}

function appliedTable(doc: Pdf, y: number, rows: AppliedToInvoice[], money: (centavos: number) => string, caption: string): number {
  if (rows.length === 0) return y;
  return drawTable(doc, y, {
    caption,
    columns: [
      { label: "Invoice no.", width: CONTENT_WIDTH - 235 },
      { label: "Issue date", width: 120 },
      { label: "Amount applied", width: 115, align: "right" },
    ],
    rows: rows.map((a) => [{ text: a.number }, { text: formatCalendarDate(a.issueDate) }, { text: money(a.amountCentavos) }]),
  });
}
