/*
 * Whether pdfkit can draw a logo. pdfkit decodes PNGs with transparency in an asynchronous zlib callback
 * that throws on bad data, which would take the whole server down rather than fail one download. So a
 * PNG's image data is inflated and its scanlines checked here, synchronously, before it is saved and
 * again before it is drawn; JPEGs and PNG headers are checked by pdfkit's own (synchronous) parser.
 */
import "server-only";
import zlib from "node:zlib";
import PDFDocument from "pdfkit";

const MAX_SIDE = 4000;
const MAX_PIXELS = 4_000_000;
const channels: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Why pdfkit could not draw these image bytes, or null when it can. */
export function logoBytesProblem(bytes: Buffer): string | null {
  let size: { width: number; height: number };
  try {
    // `openImage` parses the file without drawing it (missing from @types/pdfkit).
    const doc = new PDFDocument({ autoFirstPage: false }) as unknown as { openImage(src: Buffer): { width: number; height: number } };
    size = doc.openImage(bytes);
  } catch {
    return "This image could not be read. Save it again as PNG or JPEG.";
  }
  if (size.width > MAX_SIDE || size.height > MAX_SIDE || size.width * size.height > MAX_PIXELS) {
    return `The logo is ${size.width.toLocaleString("en-PH")} × ${size.height.toLocaleString("en-PH")} pixels; use a smaller image (2,000 × 2,000 is plenty).`;
  }
  if (bytes[0] === 0x89 && !pngDataIsSound(bytes)) return "This PNG image is damaged. Save it again and upload it.";
  return null;
}

/** The logo of a data URL as bytes pdfkit can draw, or null. */
export function drawableLogo(dataUrl: string | null): Buffer | null {
  const match = dataUrl?.match(/^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)$/);
  if (!match) return null;
  const bytes = Buffer.from(match[2], "base64");
  return logoBytesProblem(bytes) === null ? bytes : null;
}

function pngDataIsSound(bytes: Buffer): boolean {
  try {
    return scanlinesAreSound(bytes);
  } catch {
    return false;
  }
}

function scanlinesAreSound(bytes: Buffer): boolean {
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const [bitDepth, colorType, , , interlace] = bytes.subarray(24, 29);
  if (!(colorType in channels)) return false;
  const bitsPerPixel = channels[colorType] * bitDepth;
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);
  const passes = interlace ? adam7 : [[0, 0, 1, 1]];
  const rows = passes
    .map(([x0, y0, dx, dy]) => ({ w: Math.ceil((width - x0) / dx), h: Math.ceil((height - y0) / dy) }))
    .filter((p) => p.w > 0 && p.h > 0);
  const expected = rows.reduce((sum, p) => sum + p.h * (1 + rowBytes(p.w)), 0);

  const idat: Buffer[] = [];
  for (let offset = 8; offset + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    if (type === "IDAT") idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    if (type === "IEND") break;
    offset += 12 + length;
  }
  let data: Buffer;
  try {
    data = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1024 });
  } catch {
    return false;
  }
  if (data.length < expected) return false;
  // Every scanline starts with its filter type, 0–4; anything else makes the decoder throw.
  let pos = 0;
  for (const pass of rows) {
    for (let row = 0; row < pass.h; row++) {
      if (data[pos] > 4) return false;
      pos += 1 + rowBytes(pass.w);
    }
  }
  return true;
}
