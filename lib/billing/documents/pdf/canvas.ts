/*
 * The drawing primitives of every billing PDF: an A4 pdfkit document in the built-in Helvetica fonts,
 * single-line text placed exactly, and money.
 *
 * Helvetica's built-in encoding (WinAnsi) has no peso sign. Amounts are drawn as "P" with the sign's two
 * bars stroked over it, inside a marked span whose ActualText is the real text, so the page reads
 * "₱1,499.00" and search, copy and screen readers get "₱1,499.00" too. Any other character WinAnsi cannot
 * hold is replaced rather than printed as garbage.
 */
import PDFDocument from "pdfkit";

export type Pdf = PDFKit.PDFDocument;
export type FontName = "Helvetica" | "Helvetica-Bold" | "Helvetica-Oblique";

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 48;
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
/** Room kept at the bottom of every page for the footer. */
export const FOOTER_HEIGHT = 56;
export const BOTTOM = A4.height - MARGIN - FOOTER_HEIGHT;

export const ink = { text: "#111827", muted: "#4b5563", rule: "#d1d5db", tint: "#f3f4f6", void: "#b42318" };

export type RenderOptions = {
  /** Tests turn stream compression off to read the text back. */
  compress?: boolean;
};

/** Starts an A4 document; `finished` resolves with its bytes after `doc.end()`. */
export function startPdf({ title, author, compress = true }: { title: string; author: string; compress?: boolean }) {
  // Pages are buffered so every page's footer can say "Page n of m" once the count is known.
  // The bottom margin includes the footer's room, so text that flows onto a new page never runs into it.
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
    compress,
    bufferPages: true,
    font: "Helvetica",
    info: { Title: pdfSafe(title), Author: pdfSafe(author) },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, finished };
}

/** WinAnsi beyond Latin-1: the code points pdfkit maps into 0x80–0x9F. */
const winAnsiExtras = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020,
  0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);
const drawable = (code: number) => (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(code);

/** Text Helvetica can draw: composed (so "ñ" stays "ñ"), peso as "PHP", anything else undrawable as "?". */
export function pdfSafe(text: string): string {
  let out = "";
  for (const char of text.normalize("NFC").replace(/\r\n?/g, "\n").replace(/₱\s?/g, "PHP ")) {
    const code = char.codePointAt(0)!;
    out += char === "\n" || drawable(code) ? char : code === 0x09 ? " " : "?";
  }
  return out;
}

export type LineStyle = { font?: FontName; size?: number; color?: string; strike?: boolean };

function applyStyle(doc: Pdf, { font = "Helvetica", size = 9, color = ink.text }: LineStyle) {
  doc.font(font).fontSize(size).fillColor(color);
}

/** Width of one line of text as `drawLine` draws it. */
export function lineWidth(doc: Pdf, text: string, style: LineStyle = {}): number {
  applyStyle(doc, style);
  return doc.widthOfString(pdfSafe(text.replace(/₱/g, "P")));
}

/**
 * Draws one line at (x, y) (y is the top of the capitals), left-aligned or right-aligned to `x + width`.
 * Returns the width drawn.
 */
export function drawLine(
  doc: Pdf,
  text: string,
  x: number,
  y: number,
  options: LineStyle & { width?: number; align?: "left" | "right" | "center" } = {},
): number {
  const { width, align = "left", size = 9, font = "Helvetica", strike = false, color = ink.text } = options;
  // One line: every code point becomes one drawn character, so a peso's index is its index in `drawn`.
  const source = text.normalize("NFC").replace(/[\r\n\t]/g, " ");
  const drawn = pdfSafe(source.replace(/₱/g, "P"));
  applyStyle(doc, options);
  const w = doc.widthOfString(drawn);
  const left = width === undefined || align === "left" ? x : align === "right" ? x + width - w : x + (width - w) / 2;
  const pesos = [...source].flatMap((char, index) => (char === "₱" ? [index] : []));
  if (pesos.length > 0) doc.markContent("Span", { actual: source });
  doc.text(drawn, left, y, { lineBreak: false, strike });
  if (pesos.length > 0) {
    doc.endMarkedContent();
    const thickness = size * (font === "Helvetica-Bold" ? 0.09 : 0.065);
    doc.save().lineWidth(thickness).strokeColor(color);
    for (const index of pesos) {
      const px = left + doc.widthOfString(drawn.slice(0, index));
      // The bars cross the P's bowl at 58% and 80% of the cap height (718/1000 em in Helvetica).
      for (const height of [416, 574]) {
        const barY = y + ((718 - height) / 1000) * size;
        doc
          .moveTo(px + 0.01 * size, barY)
          .lineTo(px + 0.7 * size, barY)
          .stroke();
      }
    }
    doc.restore();
  }
  return w;
}

const LINE_GAP = 1.5;

/** Greedy word wrap measured the way `drawLine` draws; pdfkit wraps everything else itself. */
function wrapLines(doc: Pdf, text: string, width: number, style: LineStyle): string[] {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, "\n").split("\n")) {
    let current = "";
    for (const word of paragraph.split(/ +/)) {
      const candidate = current ? `${current} ${word}` : word;
      if (current && lineWidth(doc, candidate, style) > width) {
        lines.push(current);
        current = word;
      } else current = candidate;
    }
    lines.push(current);
  }
  return lines;
}

/**
 * Wrapped text in a box `width` wide, flowing onto a new page at the bottom margin; returns its height
 * (`doc.y` is left below it). Text with a peso sign is wrapped here so each line can draw the sign.
 */
export function drawBlock(doc: Pdf, text: string, x: number, y: number, options: LineStyle & { width: number }): number {
  applyStyle(doc, options);
  if (!text.includes("₱")) {
    const safe = pdfSafe(text);
    doc.text(safe, x, y, { width: options.width, lineGap: LINE_GAP });
    return doc.heightOfString(safe, { width: options.width, lineGap: LINE_GAP });
  }
  const step = doc.currentLineHeight(true) + LINE_GAP;
  let top = y;
  for (const line of wrapLines(doc, text, options.width, options)) {
    if (top + step > doc.page.maxY()) {
      doc.addPage();
      top = MARGIN;
    }
    drawLine(doc, line, x, top, options);
    top += step;
  }
  doc.y = top;
  return top - y;
}

export function blockHeight(doc: Pdf, text: string, options: LineStyle & { width: number }): number {
  applyStyle(doc, options);
  if (!text.includes("₱")) return doc.heightOfString(pdfSafe(text), { width: options.width, lineGap: LINE_GAP });
  return wrapLines(doc, text, options.width, options).length * (doc.currentLineHeight(true) + LINE_GAP);
}

export function rule(doc: Pdf, y: number, { color = ink.rule, width = 0.75, x = MARGIN, length = CONTENT_WIDTH } = {}) {
  doc
    .save()
    .lineWidth(width)
    .strokeColor(color)
    .moveTo(x, y)
    .lineTo(x + length, y)
    .stroke()
    .restore();
}
