/** The parts every billing PDF is made of: letterhead, customer block, tables, totals, notes and footers. */
import { formatMoney, moneyFormat, STORED_DIGITS } from "@/lib/core/money";
import { logger } from "@/lib/core/logger";
import { customerAddress } from "../format";
import type { DocumentBranding, DocumentCustomer } from "../types";
import { drawableLogo } from "../logo-check";
import { A4, BOTTOM, CONTENT_WIDTH, MARGIN, blockHeight, drawBlock, drawLine, ink, pdfSafe, rule, type LineStyle, type Pdf } from "./canvas";

/** `formatMoney`, unless the currency's symbol is one Helvetica cannot draw (₫): then its ISO code. */
export function pdfMoney(centavos: number, currency: string): string {
  const text = formatMoney(centavos, currency);
  if (pdfSafe(text.replace(/₱/g, "P")) === text.replace(/₱/g, "P")) return text;
  return moneyFormat(currency, "en-PH", "code").format(centavos / 10 ** STORED_DIGITS);
}

export type MetaRow = { label: string; value: string; strong?: boolean; color?: string };

const RIGHT_WIDTH = 230;
const RIGHT_X = MARGIN + CONTENT_WIDTH - RIGHT_WIDTH;

/** Brand bar, logo, the ISP's registered details on the left; the document's title and numbers on the right. */
export function drawLetterhead(
  doc: Pdf,
  branding: DocumentBranding,
  { title, meta, withLogo }: { title: string; meta: MetaRow[]; withLogo: boolean },
): number {
  doc.save().rect(0, 0, A4.width, 8).fill(branding.brandColor).restore();
  let left = MARGIN;
  const logo = withLogo ? drawableLogo(branding.logoDataUrl) : null;
  if (logo) {
    doc.image(logo, MARGIN, left, { fit: [160, 56] });
    left += 64;
  }
  const leftWidth = CONTENT_WIDTH - RIGHT_WIDTH - 16;
  left += drawBlock(doc, branding.name, MARGIN, left, { width: leftWidth, font: "Helvetica-Bold", size: 13 }) + 2;
  const details = [
    branding.legalName && branding.legalName !== branding.name ? branding.legalName : "",
    branding.address,
    branding.tin ? `VAT Reg. TIN: ${branding.tin}` : "",
    [branding.email, branding.contactPhone].filter(Boolean).join("  ·  "),
  ].filter(Boolean);
  for (const line of details) left += drawBlock(doc, line, MARGIN, left, { width: leftWidth, size: 8.5, color: ink.muted }) + 1;

  drawLine(doc, title.toUpperCase(), RIGHT_X, MARGIN, {
    width: RIGHT_WIDTH,
    align: "right",
    font: "Helvetica-Bold",
    size: 18,
    color: branding.brandColor,
  });
  let right = MARGIN + 28;
  for (const row of meta) {
    drawLine(doc, row.label, RIGHT_X, right, { size: 8.5, color: ink.muted });
    drawLine(doc, row.value, RIGHT_X + 90, right, {
      width: RIGHT_WIDTH - 90,
      align: "right",
      size: 8.5,
      font: row.strong ? "Helvetica-Bold" : "Helvetica",
      color: row.color ?? ink.text,
    });
    right += 13;
  }
  const bottom = Math.max(left, right) + 10;
  rule(doc, bottom);
  return bottom + 14;
}

/** "Bill to" / "Received from": the customer's name, account, address and VAT exemption. */
export function drawCustomerBlock(doc: Pdf, customer: DocumentCustomer, { heading, width }: { heading: string; width: number }): number {
  let y = doc.y;
  drawLine(doc, heading.toUpperCase(), MARGIN, y, { size: 7.5, font: "Helvetica-Bold", color: ink.muted });
  y += 12;
  y += drawBlock(doc, customer.name, MARGIN, y, { width, font: "Helvetica-Bold", size: 11 }) + 2;
  const lines = [`Account no. ${customer.accountNumber}`, customer.tin ? `TIN ${customer.tin}` : "", customerAddress(customer), customer.email];
  if (customer.taxExempt) lines.push(`VAT-exempt${customer.taxExemptReason ? `: ${customer.taxExemptReason}` : ""}`);
  for (const line of lines.filter(Boolean)) y += drawBlock(doc, line, MARGIN, y, { width, size: 9, color: ink.muted }) + 1;
  return y;
}

/** A boxed callout on the right (balance due and due date; amount received). */
export function drawCallout(doc: Pdf, y: number, color: string, rows: MetaRow[]): number {
  const height = 14 + rows.length * 16;
  doc.save().lineWidth(1.5).strokeColor(color).rect(RIGHT_X, y, RIGHT_WIDTH, height).stroke().restore();
  let rowY = y + 9;
  for (const row of rows) {
    const size = row.strong ? 11 : 9;
    drawLine(doc, row.label, RIGHT_X + 10, rowY + (row.strong ? 1 : 2), { size: 9, color: ink.muted });
    drawLine(doc, row.value, RIGHT_X + 10, rowY, {
      width: RIGHT_WIDTH - 20,
      align: "right",
      size,
      font: row.strong ? "Helvetica-Bold" : "Helvetica",
      color: row.color,
    });
    rowY += 16;
  }
  return y + height;
}

export type Column = { label: string; width: number; align?: "left" | "right" };
export type Cell = { text: string; note?: string; style?: LineStyle };

/** A table with a tinted header row, repeated on every page it runs onto; only the first column wraps. */
export function drawTable(doc: Pdf, y: number, { caption, columns, rows }: { caption?: string; columns: Column[]; rows: Cell[][] }): number {
  const pad = 5;
  const header = (top: number) => {
    doc.save().rect(MARGIN, top, CONTENT_WIDTH, 18).fill(ink.tint).restore();
    let x = MARGIN;
    for (const col of columns) {
      drawLine(doc, col.label, x + pad, top + 5.5, {
        width: col.width - 2 * pad,
        align: col.align,
        size: 8,
        font: "Helvetica-Bold",
        color: ink.muted,
      });
      x += col.width;
    }
    return top + 18;
  };
  if (caption) {
    if (y + 60 > BOTTOM) y = newPage(doc);
    drawLine(doc, caption, MARGIN, y, { size: 10, font: "Helvetica-Bold" });
    y += 15;
  }
  y = header(y);
  for (const row of rows) {
    const first = row[0];
    const textWidth = columns[0].width - 2 * pad;
    const mainHeight = blockHeight(doc, first.text, { width: textWidth, size: 9, ...first.style });
    const noteHeight = first.note ? blockHeight(doc, first.note, { width: textWidth, size: 8 }) + 2 : 0;
    const height = Math.max(mainHeight + noteHeight, 11) + 2 * pad + 2;
    if (y + height > BOTTOM) y = header(newPage(doc));
    let x = MARGIN;
    row.forEach((cell, index) => {
      const col = columns[index];
      if (index === 0) {
        drawBlock(doc, cell.text, x + pad, y + pad + 1, { width: textWidth, size: 9, ...cell.style });
        if (cell.note) drawBlock(doc, cell.note, x + pad, y + pad + 3 + mainHeight, { width: textWidth, size: 8, color: ink.muted });
      } else {
        drawLine(doc, cell.text, x + pad, y + pad + 2, { width: col.width - 2 * pad, align: col.align, size: 9, ...cell.style });
      }
      x += col.width;
    });
    y += height;
    rule(doc, y);
  }
  return y + 14;
}

/** Label/amount pairs right-aligned under a table; `strong` rows are bold with a rule above. */
export function drawTotals(doc: Pdf, y: number, rows: MetaRow[], accent: string): number {
  if (y + rows.length * 16 + 10 > BOTTOM) y = newPage(doc);
  for (const row of rows) {
    if (row.strong) {
      rule(doc, y - 3, { x: RIGHT_X, length: RIGHT_WIDTH, color: accent, width: 1.25 });
      y += 3;
    }
    const style: LineStyle = { size: row.strong ? 10.5 : 9, font: row.strong ? "Helvetica-Bold" : "Helvetica", color: row.color };
    drawLine(doc, row.label, RIGHT_X, y, { ...style, color: row.color ?? (row.strong ? ink.text : ink.muted) });
    drawLine(doc, row.value, RIGHT_X, y, { ...style, width: RIGHT_WIDTH, align: "right" });
    y += row.strong ? 18 : 15;
  }
  return y + 8;
}

/** A headed paragraph (notes, reason); starts a new page if it would not fit. */
export function drawParagraph(doc: Pdf, y: number, heading: string, text: string, { color = ink.muted }: { color?: string } = {}): number {
  if (!text.trim()) return y;
  const height = blockHeight(doc, text, { width: CONTENT_WIDTH, size: 9 }) + 14;
  if (y + Math.min(height, 120) > BOTTOM) y = newPage(doc);
  drawLine(doc, heading, MARGIN, y, { size: 9, font: "Helvetica-Bold", color: color === ink.muted ? ink.text : color });
  drawBlock(doc, text, MARGIN, y + 13, { width: CONTENT_WIDTH, size: 9, color });
  return doc.y + 10;
}

export function newPage(doc: Pdf): number {
  doc.addPage();
  return MARGIN;
}

/** On every page: the tenant's footer, "INV-2026-000123 · Page n of m" and, for a void invoice, the VOID mark. */
export function finishPages(doc: Pdf, { footer, reference, voidMark }: { footer: string; reference: string; voidMark: boolean }) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits inside the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    const top = A4.height - MARGIN - 30;
    rule(doc, top - 6);
    if (footer.trim()) drawBlock(doc, footer, MARGIN, top, { width: CONTENT_WIDTH - 150, size: 7.5, color: ink.muted });
    drawLine(doc, `${reference}  ·  Page ${i - range.start + 1} of ${range.count}`, MARGIN, top, {
      width: CONTENT_WIDTH,
      align: "right",
      size: 7.5,
      color: ink.muted,
    });
    if (voidMark) {
      doc
        .save()
        .rotate(-35, { origin: [A4.width / 2, A4.height / 2] })
        .fillOpacity(0.16);
      drawLine(doc, "VOID", 0, A4.height / 2 - 60, { width: A4.width, align: "center", size: 150, font: "Helvetica-Bold", color: ink.void });
      doc.restore();
    }
  }
}

/**
 * Renders with the logo and, if the logo cannot be decoded (it was checked when saved, but files lie),
 * renders again without it rather than failing the download.
 */
export async function renderWithLogoFallback(render: (withLogo: boolean) => Promise<Buffer>, hasLogo: boolean): Promise<Buffer> {
  if (!hasLogo) return render(false);
  try {
    return await render(true);
  } catch (error) {
    logger.warn({ err: error }, "invoice logo could not be drawn; rendered without it");
    return render(false);
  }
}
