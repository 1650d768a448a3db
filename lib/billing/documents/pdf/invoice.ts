import "server-only";
import { formatCalendarDate, formatDocumentDate, formatPeriod, settlementLabels, vatLabel } from "../format";
import type { InvoiceDocumentData } from "../types";
import { CONTENT_WIDTH, ink, startPdf, type RenderOptions } from "./canvas";
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

/** The invoice as an A4 PDF: letterhead, bill-to, lines, the VAT breakdown, payments, notes and footer. */
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

  y = drawTotals(
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
