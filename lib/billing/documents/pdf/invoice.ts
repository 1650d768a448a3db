import "server-only";
import { formatCalendarDate, formatDocumentDate, formatPeriod, settlementLabels, vatLabel } from "../format";
import type { InvoiceDocumentData, InvoicePayLink } from "../types";
import { CONTENT_WIDTH, MARGIN, drawLine, ink, lineWidth, startPdf, type Pdf, type RenderOptions } from "./canvas";
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

/** The invoice as an A4 PDF: letterhead, bill-to, lines, the VAT breakdown (beside the pay link's QR code), payments, notes and footer. */
export function renderInvoicePdf(data: InvoiceDocumentData, options: RenderOptions = {}): Promise<Buffer> {
  return renderWithLogoFallback((withLogo) => drawInvoice(data, withLogo, options), !!data.branding.logoDataUrl);
}

async function drawInvoice(data: InvoiceDocumentData, withLogo: boolean, { compress }: RenderOptions): Promise<Buffer> {
  const { branding, customer, invoice, totals } = data;
  const money = (centavos: number) => pdfMoney(centavos, branding.currency);
  const isVoid = invoice.status === "void";
  const { doc, finished } = startPdf({ title: `Invoice ${invoice.number}`, author: branding.name, compress });

  const meta: MetaRow[] = [
    { label: "Invoice no.", value: invoice.number, strong: true },
    { label: "Issue date", value: formatCalendarDate(invoice.issueDate) },
    { label: "Due date", value: formatCalendarDate(invoice.dueDate), strong: true },
  ];
  const period = formatPeriod(invoice.periodStart, invoice.periodEnd);
  if (period) meta.push({ label: "Billing period", value: period });
  if (isVoid) meta.push({ label: "Status", value: "VOID", strong: true, color: ink.void });
  const top = drawLetterhead(doc, branding, { title: "Invoice", meta, withLogo });

  doc.y = top;
  const customerBottom = drawCustomerBlock(doc, customer, { heading: "Bill to", width: CONTENT_WIDTH - 254 });
  const calloutBottom = drawCallout(doc, top, branding.brandColor, [
    { label: "Balance due", value: money(totals.balanceDueCentavos), strong: true },
    { label: "Due date", value: formatCalendarDate(invoice.dueDate) },
  ]);
  let y = Math.max(customerBottom, calloutBottom) + 18;

  if (isVoid) {
    const when = invoice.voidedAt ? ` on ${formatDocumentDate(invoice.voidedAt, branding.timezone)}` : "";
    y = drawParagraph(doc, y, "VOID", `This invoice was voided${when} and is not payable. Reason: ${invoice.voidReason || "not given"}.`, {
      color: ink.void,
    });
  }

  y = drawTable(doc, y, {
    columns: [
      { label: "Description", width: CONTENT_WIDTH - 230 },
      { label: "Period", width: 135 },
      { label: "Amount", width: 95, align: "right" },
    ],
    rows: data.lines.map((line) => [
      { text: line.description, note: line.waived ? `Waived${line.waiveReason ? `: ${line.waiveReason}` : ""}` : undefined },
      { text: formatPeriod(line.periodStart, line.periodEnd) || "—" },
      { text: money(line.amountCentavos), style: line.waived ? { strike: true, color: ink.muted } : undefined },
    ]),
  });

  // The QR code sits in the empty space left of the totals, so it never adds a page; the totals start a new
  // page when they do not fit, and the code goes with them.
  const pagesBefore = doc.bufferedPageRange().count;
  const totalsBottom = drawTotals(
    doc,
    y,
    [
      { label: "VATable sales", value: money(totals.vatableCentavos) },
      { label: "Zero-rated sales", value: money(totals.zeroRatedCentavos) },
      { label: "VAT-exempt sales", value: money(totals.exemptCentavos) },
      { label: vatLabel(data.vatRateBps), value: money(totals.taxCentavos) },
      { label: "Total amount due", value: money(totals.totalCentavos), strong: true },
      { label: "Amount paid", value: money(totals.amountPaidCentavos) },
      { label: "Balance due", value: money(totals.balanceDueCentavos), strong: true },
    ],
    branding.brandColor,
  );
  const totalsTop = doc.bufferedPageRange().count === pagesBefore ? y : MARGIN;
  y = data.payLink ? Math.max(totalsBottom, drawPayQr(doc, totalsTop, data.payLink)) : totalsBottom;

  if (data.payments.length > 0) {
    y = drawTable(doc, y, {
      caption: "Payments received",
      columns: [
        { label: "Receipt no.", width: CONTENT_WIDTH - 315 },
        { label: "Date", width: 110 },
        { label: "Method", width: 110 },
        { label: "Amount", width: 95, align: "right" },
      ],
      rows: data.payments.map((p) => [
        { text: p.number },
        { text: formatDocumentDate(p.date, branding.timezone) },
        { text: settlementLabels[p.method] },
        { text: money(p.amountCentavos) },
      ]),
    });
  }

  drawParagraph(doc, y, "Notes", [invoice.notes, branding.invoiceNotes].filter((n) => n.trim()).join("\n\n"));
  finishPages(doc, { footer: branding.invoiceFooter, reference: invoice.number, voidMark: isVoid });
  doc.end();
  return finished;
}

const QR_SIZE = (28 / 25.4) * 72;
/** Left of the totals, which take the right 230 points, with a gap. */
const QR_COLUMN_WIDTH = CONTENT_WIDTH - 230 - 16;

/** The pay page's QR code as filled squares (vector, sharp at any zoom), a caption and the short link; returns its bottom. */
function drawPayQr(doc: Pdf, top: number, payLink: InvoicePayLink): number {
  const cell = QR_SIZE / payLink.qr.length;
  doc.save();
  // One rectangle per run of dark modules in a row: fewer edges for a viewer's anti-aliasing to show as seams.
  payLink.qr.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (row[c + 1]) c++;
      doc.rect(MARGIN + start * cell, top + r * cell, (c + 1 - start) * cell, cell);
    }
  });
  doc.fill("#000000").restore();
  let y = top + QR_SIZE + 8;
  drawLine(doc, "Scan to pay online", MARGIN, y, { size: 9, font: "Helvetica-Bold" });
  y += 13;
  // The short link is typed by hand from paper: as large as the column allows, never over the totals.
  const size = Math.max(5, Math.min(8.5, (8.5 * QR_COLUMN_WIDTH) / lineWidth(doc, payLink.shortUrl, { size: 8.5 })));
  drawLine(doc, payLink.shortUrl, MARGIN, y, { size });
  return y + size + 14;
}
