/*
 * A report as a file: CSV (papaparse, as every export of ours) or XLSX (exceljs's streaming writer), written a batch
 * of rows at a time so a large report never sits in memory whole. Money is written in the currency's main unit;
 * the totals follow the rows, one line each.
 */
import "server-only";
import { PassThrough, Readable } from "node:stream";
import Papa from "papaparse";
import ExcelJS from "exceljs";
import { csvOptions } from "@/lib/core/csv";
import type { OutputColumn } from "@/lib/reports/builder/compile";
import type { Cell, ReportStream } from "@/lib/reports/builder/run";
import type { ExportFormat } from "@/lib/reports/builder/values";

export const contentTypes: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** A cell as written to a file: money in pesos (not centavos), the rest as it came. */
export function fileCell(column: OutputColumn, value: Cell): string | number | boolean | null {
  if (value === null) return null;
  if (column.type === "money" && typeof value === "number") return Math.round(value) / 100;
  return value;
}

const fileRow = (columns: OutputColumn[], row: Cell[]) => row.map((cell, i) => fileCell(columns[i], cell));

function totalLines(stream: ReportStream): (string | number | boolean | null)[][] {
  if (!stream.totals) return [];
  return [[], ...stream.totalColumns.map((column, i) => [column.label, fileCell(column, stream.totals![i])])];
}

/** The CSV's text, one piece per batch: BOM and header first, formula-like cells quoted. */
export async function* csvPieces(stream: ReportStream): AsyncGenerator<string> {
  yield `\uFEFF${Papa.unparse([stream.columns.map((c) => c.label)], csvOptions)}\r\n`;
  for await (const batch of stream.batches) {
    yield `${Papa.unparse(batch.map((row) => fileRow(stream.columns, row).map((cell) => cell ?? "")), csvOptions)}\r\n`;
  }
  const totals = totalLines(stream);
  if (totals.length > 0) yield `${Papa.unparse(totals.map((row) => row.map((cell) => cell ?? "")), csvOptions)}\r\n`;
}

/** Writes the workbook (one sheet) to `output` as rows arrive; resolves when the file is complete. */
export async function writeXlsx(stream: ReportStream, output: PassThrough, sheetName: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/?*[\]:]/g, " ").slice(0, 31) || "Report");
  sheet.columns = stream.columns.map((column) => ({
    header: column.label,
    key: column.key,
    width: Math.min(40, Math.max(12, column.label.length + 2)),
    style: column.type === "money" ? { numFmt: "#,##0.00" } : column.type === "bytes" ? { numFmt: "#,##0" } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of stream.batches) {
    for (const row of batch) sheet.addRow(fileRow(stream.columns, row)).commit();
  }
  for (const line of totalLines(stream)) sheet.addRow(line).commit();
  sheet.commit();
  await workbook.commit();
}

/** The file as a web stream for a download response. */
export function reportFileBody(stream: ReportStream, format: ExportFormat, sheetName: string): ReadableStream<Uint8Array> {
  if (format === "csv") {
    const encoder = new TextEncoder();
    const pieces = csvPieces(stream);
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await pieces.return(undefined);
      },
    });
  }
  const pass = new PassThrough();
  writeXlsx(stream, pass, sheetName).catch((error: unknown) => pass.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(pass) as ReadableStream<Uint8Array>;
}

/** The whole file in memory (a scheduled email's attachment, bounded by its row limit). */
export async function reportFileBytes(stream: ReportStream, format: ExportFormat, sheetName: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = reportFileBody(stream, format, sheetName).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** A file name from the report's name: letters, digits and dashes, with the format's extension. */
export function reportFilename(name: string, format: ExportFormat, date: string): string {
  const base = name.normalize("NFKD").replace(/[^\w\s-]/g, "").trim().replace(/\s+/g, "-").toLowerCase().slice(0, 60) || "report";
  return `${base}-${date}.${format}`;
}
