/*
 * CSV for spreadsheets, the one way every export writes it: papaparse with CRLF line ends, a UTF-8 byte-order
 * mark (Excel then reads names like "Peñaflor" right), and formula-like cells quoted so a customer named
 * "=HYPERLINK(…)" is text, while plain negative numbers stay numbers.
 */
import Papa from "papaparse";

export const csvOptions = { newline: "\r\n", escapeFormulae: /^[=+\-@\t\r](?!\d+(\.\d+)?$)/ };

/** A whole CSV document: BOM, header row, rows. */
export function toCsv(fields: string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${Papa.unparse({ fields, data: rows.map((row) => row.map((cell) => cell ?? "")) }, csvOptions)}\r\n`;
}

/** The download response of an export route (never cached; the row count in a header for scripts). */
export function csvResponse(body: string | ReadableStream<Uint8Array>, { filename, rows }: { filename: string; rows: number }): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Row-Count": String(rows),
    },
  });
}
