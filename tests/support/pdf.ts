/*
 * Reads back what a billing PDF says, for tests (rendered with `compress: false`, or stored compressed):
 * pdfkit writes Helvetica text as hex strings in TJ arrays (WinAnsi bytes), and the peso amounts as a
 * marked span whose ActualText carries the real text; a span's ActualText replaces what is drawn in it.
 * Each text-showing operator's text becomes one line of the result.
 */
import zlib from "node:zlib";

const winAnsiHigh: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x2c6,
  0x89: 0x2030,
  0x8a: 0x160,
  0x8b: 0x2039,
  0x8c: 0x152,
  0x8e: 0x17d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x2dc,
  0x99: 0x2122,
  0x9a: 0x161,
  0x9b: 0x203a,
  0x9c: 0x153,
  0x9e: 0x17e,
  0x9f: 0x178,
};

function decodeWinAnsiHex(hex: string): string {
  let out = "";
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    out += String.fromCodePoint(winAnsiHigh[byte] ?? byte);
  }
  return out;
}

/** A PDF literal string `( … )` with its escapes; UTF-16BE when it starts with a byte-order mark. */
function decodeLiteral(body: string): string {
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== "\\") {
      bytes.push(char.charCodeAt(0));
      continue;
    }
    const next = body[++i];
    if (next in escapes) bytes.push(escapes[next]);
    else if (/[0-7]/.test(next)) {
      const octal = body.slice(i).match(/^[0-7]{1,3}/)![0];
      bytes.push(parseInt(octal, 8));
      i += octal.length - 1;
    }
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let out = "";
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return out;
  }
  return String.fromCharCode(...bytes);
}

/** A stream's content, inflated when it is compressed (images and fonts that are not text stay as they are). */
function streamContent(raw: string): string {
  try {
    return zlib.inflateSync(Buffer.from(raw, "latin1")).toString("latin1");
  } catch {
    return raw;
  }
}

/** The text of every page, one shown string (or ActualText span) per line; compressed or not. */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  if (!source.startsWith("%PDF")) throw new Error("not a PDF");
  const lines: string[] = [];
  const streams = [...source.matchAll(/stream\n([\s\S]*?)\nendstream/g)].map((m) => streamContent(m[1]));
  const token = /\/Span\s*<<\s*\/ActualText\s*\(((?:\\.|[^\\)])*)\)\s*>>\s*BDC|EMC|\[((?:[^\]])*)\]\s*TJ/g;
  for (const content of streams) {
    let actual: string | null = null;
    for (const match of content.matchAll(token)) {
      if (match[1] !== undefined) {
        actual = decodeLiteral(match[1]);
        lines.push(actual);
      } else if (match[0] === "EMC") {
        actual = null;
      } else if (actual === null) {
        lines.push([...match[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => decodeWinAnsiHex(m[1])).join(""));
      }
    }
  }
  return lines.join("\n");
}

/** The page count the document's page tree declares. */
export function pdfPageCount(pdf: Buffer): number {
  const match = pdf.toString("latin1").match(/\/Type \/Pages\s*\/Count (\d+)/);
  if (!match) throw new Error("no page tree found");
  return Number(match[1]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real PNG of one colour (RGBA when `alpha`, so pdfkit decodes its pixels). `noise` adds random rows so
 * the file does not compress (to make large files); `badFilter` writes an invalid scanline filter byte.
 */
export function makePng({ width = 40, height = 20, alpha = false, noise = false, badFilter = false } = {}): Buffer {
  const deflate = (data: Buffer) => zlib.deflateSync(data);
  const channels = alpha ? 4 : 3;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * channels);
    row[0] = badFilter && y === 0 ? 9 : 0;
    for (let x = 0; x < width; x++) {
      const pixel = noise ? [Math.random() * 256, Math.random() * 256, Math.random() * 256, 255] : [15, 118, 110, 200];
      for (let c = 0; c < channels; c++) row[1 + x * channels + c] = pixel[c];
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = alpha ? 6 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflate(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export const dataUrl = (bytes: Buffer, type = "image/png") => `data:${type};base64,${bytes.toString("base64")}`;
