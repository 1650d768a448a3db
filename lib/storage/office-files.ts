/**
 * Word, Excel and PowerPoint files (.docx, .xlsx, .pptx) are ZIP archives, and a ZIP can carry anything: a
 * program with two empty entries named like a document's parts passes a look at the names alone. So an office
 * file is judged by its structure: a well-formed ZIP read through its central directory, within bounds (entry
 * count, sizes, compression ratio), no entry a program, script or macro project (by name or by first bytes), no
 * entry name that climbs out of the archive, and a `[Content_Types].xml` that declares the format's main part,
 * which must be in the archive. Pure: no server imports.
 */
import { Inflate, inflateSync } from "fflate";

export type OfficeFormat = "docx" | "xlsx" | "pptx";

/** Each format's main part and the content type `[Content_Types].xml` must give it (macro-enabled types differ, so they fail). */
const mainParts: Record<OfficeFormat, { part: string; contentType: string }> = {
  docx: { part: "word/document.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" },
  xlsx: { part: "xl/workbook.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" },
  pptx: { part: "ppt/presentation.xml", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml" },
};

/** Bounds that no real office document reaches and every zip bomb does. */
export const officeLimits = {
  entries: 2000,
  /** Sum of the sizes the entries declare once unpacked. */
  unpackedBytes: 100 * 1024 * 1024,
  /** Deflate reaches ~1000:1 only on crafted data; XML packs to about 10:1. */
  ratio: 200,
  contentTypesBytes: 1024 * 1024,
};

export type OfficeCheck = { ok: true; format: OfficeFormat } | { ok: false; message: string };

type Entry = { name: string; method: number; packed: number; unpacked: number; headerOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const damaged: OfficeCheck = { ok: false, message: "This document is damaged or not a real Office file. Save it again from Word, Excel or PowerPoint." };
const refuse = (message: string): OfficeCheck => ({ ok: false, message });

/** Names and first bytes that mean a program, a script or a macro project travels inside the document. */
const executableName = /\.(exe|dll|com|scr|msi|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|lnk|jar|sh|py|pl|rb|php|elf|so|dylib|app|apk|dmg)$/i;
const macroName = /(^|\/)vbaProject\.bin$|(^|\/)vbaData\.xml$/i;

function executableStart(bytes: Uint8Array): boolean {
  const at = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  return (
    at(0x4d, 0x5a) || // Windows PE ("MZ")
    at(0x7f, 0x45, 0x4c, 0x46) || // ELF
    at(0x23, 0x21) || // "#!" script
    at(0xef, 0xbb, 0xbf, 0x23, 0x21) ||
    at(0xfe, 0xed, 0xfa, 0xce) ||
    at(0xfe, 0xed, 0xfa, 0xcf) ||
    at(0xce, 0xfa, 0xed, 0xfe) ||
    at(0xcf, 0xfa, 0xed, 0xfe) ||
    at(0xca, 0xfe, 0xba, 0xbe) // Mach-O, Java class
  );
}

/** An entry name that stays inside the archive: relative, no `..`, no backslashes or drive letters, no control characters. */
function isSafeName(name: string): boolean {
  if (!name || name.startsWith("/") || name.includes("\\") || /^[A-Za-z]:/.test(name) || /[\u0000-\u001f]/.test(name)) return false;
  return !name.split("/").some((segment) => segment === ".." || segment === ".");
}

/** The central directory's entries, or null when the archive is not a plain, well-formed ZIP (ZIP64 and split archives are not office files). */
function readEntries(bytes: Uint8Array): Entry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff || offset + size > end) return null;
  if (count > officeLimits.entries) return [];
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) return null;
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return null;
    entries.push({
      method: view.getUint16(at + 10, true),
      packed: view.getUint32(at + 20, true),
      unpacked: view.getUint32(at + 24, true),
      headerOffset: view.getUint32(at + 42, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + skip;
  }
  return entries;
}

/** Where an entry's data starts, checking its local header names the same entry (a second, hidden name is a known trick). */
function dataStart(bytes: Uint8Array, entry: Entry): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.headerOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) return null;
  const nameLength = view.getUint16(at + 26, true);
  const start = at + 30 + nameLength + view.getUint16(at + 28, true);
  if (start + entry.packed > bytes.length) return null;
  if (new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength)) !== entry.name) return null;
  return start;
}

/** The first bytes an entry unpacks to, inflating only its first few hundred packed bytes. */
function firstBytes(bytes: Uint8Array, entry: Entry, start: number): Uint8Array {
  const packed = bytes.subarray(start, start + entry.packed);
  if (entry.method === 0) return packed.subarray(0, 8);
  const out: Uint8Array[] = [];
  const inflate = new Inflate((chunk) => out.push(chunk));
  const head = packed.subarray(0, 256);
  inflate.push(head, head.length === packed.length);
  return out[0]?.subarray(0, 8) ?? new Uint8Array();
}

/** `[Content_Types].xml`'s overrides: part name (without its leading slash) → content type. */
function declaredParts(xml: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const [tag] of xml.matchAll(/<Override\b[^>]*>/g)) {
    const part = /\bPartName\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    const type = /\bContentType\s*=\s*"([^"]*)"/.exec(tag)?.[1];
    if (part && type) parts.set(part.replace(/^\//, ""), type.trim());
  }
  return parts;
}

function unpackContentTypes(bytes: Uint8Array, entry: Entry, start: number): string | null {
  // Both sizes bounded: inflating goes on to the end of the packed data, whatever size the entry declares.
  if (entry.unpacked > officeLimits.contentTypesBytes || entry.packed > officeLimits.contentTypesBytes / 4) return null;
  const packed = bytes.subarray(start, start + entry.packed);
  // The output buffer has the declared size, so an entry that lies about it cannot grow memory.
  const xml = entry.method === 0 ? packed : inflateSync(packed, { out: new Uint8Array(entry.unpacked) });
  return new TextDecoder().decode(xml);
}

/** Whether `bytes` (which start like a ZIP) are a macro-free .docx, .xlsx or .pptx, and which; otherwise why not. */
export function checkOfficeFile(bytes: Uint8Array): OfficeCheck {
  try {
    const entries = readEntries(bytes);
    if (!entries) return damaged;
    if (entries.length === 0) return refuse(`This document has more than ${officeLimits.entries} parts or none; it cannot be uploaded.`);
    let unpacked = 0;
    let contentTypes: { entry: Entry; start: number } | null = null;
    for (const entry of entries) {
      if (!isSafeName(entry.name)) return refuse("This document holds a file with a path outside the document; it cannot be uploaded.");
      if (executableName.test(entry.name)) return refuse("This document carries a program or script inside; it cannot be uploaded.");
      if (macroName.test(entry.name)) return refuse("This document contains macros; save it as a document without macros and upload that.");
      if (entry.method !== 0 && entry.method !== 8) return damaged;
      const start = dataStart(bytes, entry);
      if (start === null) return damaged;
      unpacked += entry.unpacked;
      if (unpacked > officeLimits.unpackedBytes || entry.unpacked > Math.max(64 * 1024, entry.packed * officeLimits.ratio)) {
        return refuse("This document unpacks to far more than its size; it cannot be uploaded.");
      }
      if (entry.name.endsWith("/") || entry.unpacked === 0) continue;
      if (executableStart(firstBytes(bytes, entry, start))) return refuse("This document carries a program or script inside; it cannot be uploaded.");
      if (entry.name === "[Content_Types].xml") contentTypes = { entry, start };
    }
    if (!contentTypes) return damaged;
    const xml = unpackContentTypes(bytes, contentTypes.entry, contentTypes.start);
    if (xml === null) return damaged;
    const declared = declaredParts(xml);
    const names = new Set(entries.map((e) => e.name));
    const format = (Object.keys(mainParts) as OfficeFormat[]).find((key) => {
      const { part, contentType } = mainParts[key];
      return declared.get(part) === contentType && names.has(part);
    });
    return format ? { ok: true, format } : damaged;
  } catch {
    // A malformed deflate stream or a truncated header: not something Word, Excel or PowerPoint wrote.
    return damaged;
  }
}
