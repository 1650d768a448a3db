import Papa from "papaparse";
import { AppError } from "@/lib/core/errors";
import { MAX_IMPORT_ROWS, notUtf8Message, type PreviewIssue } from "@/lib/imports/fields";

/*
 * The file layer of the import, pure functions of their inputs: bytes → text (UTF-8 only),
 * text → header and rows (papaparse), and report rows → CSV safe to open in a spreadsheet.
 */

export type CsvRow = { line: number; cells: string[] };
export type ParsedCsv = { headers: string[]; rows: CsvRow[]; emptyRows: number; problems: PreviewIssue[] };

/**
 * UTF-8 with or without BOM. Anything else (Windows-1252 from "Save as CSV", UTF-16 from
 * "Unicode text", an .xlsx workbook) is refused rather than imported as mojibake.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new AppError(
      "validation",
      "This is an Excel workbook, not a CSV file: in Excel choose File › Save As › CSV UTF-8 (comma delimited) and upload that file.",
    );
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new AppError("validation", `${notUtf8Message} (This file is UTF-16.)`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = countLines(bytes, offset);
    throw new AppError("validation", `${notUtf8Message} The first unreadable character is on line ${line}.`, {
      details: { line },
    });
  }
  return text;
}

/** Byte offset of the first sequence that is not valid UTF-8 (the decoder only says "somewhere"). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return -1;
}

function countLines(bytes: Uint8Array, offset: number) {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Line 1 is the header; the first data row is line 2. Line numbers are CSV records (spreadsheet
 * rows), so a quoted cell spanning two lines still counts as one. Rows whose cells are all empty
 * (Excel writes ",,,," for formatted blank rows) are ignored and counted.
 */
export function parseCsv(input: string): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.includes("\u0000")) throw new AppError("validation", "This does not look like a CSV file. Save your list as CSV UTF-8 and upload again.");
  const result = Papa.parse<string[]>(text, { delimiter: guessDelimiter(text), skipEmptyLines: false });
  const data = result.data;
  if (data.length > 0 && data[data.length - 1].length === 1 && data[data.length - 1][0] === "") data.pop();
  if (data.length === 0 || data[0].every((c) => c.trim() === "")) {
    throw new AppError("validation", "The file is empty: the first line must hold the column names.");
  }
  const headers = uniqueHeaders(data[0]);
  if (data.length - 1 > MAX_IMPORT_ROWS) {
    throw new AppError(
      "validation",
      `The file has ${(data.length - 1).toLocaleString("en-PH")} rows; one import takes at most ${MAX_IMPORT_ROWS.toLocaleString("en-PH")}. Split the file.`,
    );
  }
  const problems: PreviewIssue[] = [];
  const quoteErrors = new Set<number>();
  for (const error of result.errors) {
    if (error.code === "UndetectableDelimiter" || error.row === undefined) continue;
    const line = error.row + 1;
    if (quoteErrors.has(line)) continue;
    quoteErrors.add(line);
    problems.push({ line, message: 'A quote (") is not closed or is misplaced in this row; check the cells around it.', kind: "error" });
  }
  const rows: CsvRow[] = [];
  let emptyRows = 0;
  for (let i = 1; i < data.length; i++) {
    const cells = data[i];
    if (cells.every((c) => c.trim() === "")) {
      emptyRows++;
      continue;
    }
    const line = i + 1;
    const lastFilled = cells.findLastIndex((c) => c.trim() !== "");
    if (lastFilled >= headers.length && !quoteErrors.has(line)) {
      problems.push({
        line,
        message: `This row has ${lastFilled + 1} values but the header has ${headers.length} columns; a comma inside a value must be quoted.`,
        kind: "error",
      });
    }
    rows.push({ line, cells });
  }
  return { headers, rows, emptyRows, problems };
}

/** The header line decides: the candidate (",", ";" or tab) it holds most often outside quotes. */
function guessDelimiter(text: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const ch of text.slice(0, 10_000)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  return Object.entries(counts).reduce((best, [d, n]) => (n > counts[best] ? d : best), ",");
}

/** Blank headers become "Column 3"; a repeated header gets " (2)" so each maps on its own. */
function uniqueHeaders(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((h, i) => {
    const base = h.trim() || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[-+]?\d+(\.\d+)?$/;
const INTERNATIONAL_PHONE = /^\+[0-9 ()-]{7,20}$/;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first). Two legitimate cases
 * are not: an international phone number ("+63 917 123 4567") in a phone column and a signed
 * number in a latitude/longitude column.
 */
export function isFormulaLike(field: string, value: string): boolean {
  if (!FORMULA_START.test(value)) return false;
  if ((field === "phone" || field === "alt_phone") && INTERNATIONAL_PHONE.test(value)) return false;
  if ((field === "latitude" || field === "longitude") && SIGNED_NUMBER.test(value)) return false;
  return true;
}

/** A report cell: formula prefixes neutralised with a leading ' and CSV-quoted when needed. */
export function reportCell(value: string | number): string {
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export type ReportRow = { line: number | string; status: string; accountNumber: string; name: string; reason: string };

/** The downloadable result report; the BOM makes Excel read it as UTF-8 (ñ stays ñ). */
export function buildReportCsv(rows: ReportRow[]): string {
  const lines = [["line", "status", "account_number", "name", "reason"].join(",")];
  for (const r of rows) lines.push([r.line, r.status, r.accountNumber, r.name, r.reason].map(reportCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
