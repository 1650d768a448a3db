/*
 * Running a report: the preview (first rows, totals and the row count) and the export's batches. Always on the
 * caller's tenant-bound handle, with the tenant and role of the session or of a schedule's owner.
 */
import "server-only";
import { rowsOf } from "@/lib/db/bulk";
import type { DbOrTx } from "@/lib/db/types";
import { compileReport, type OutputColumn, type ReportActor } from "@/lib/reports/builder/compile";
import type { ReportSpec } from "@/lib/reports/builder/spec";
import { PREVIEW_ROWS, type FieldType } from "@/lib/reports/builder/values";

export type Cell = string | number | boolean | null;
export type ReportResult = { columns: OutputColumn[]; rows: Cell[][]; totalColumns: OutputColumn[]; totals: Cell[] | null; rowCount: number };

const numeric: ReadonlySet<FieldType> = new Set(["number", "money", "bytes"]);

/** Sums and bigints come back as text from node-postgres and as numbers from PGlite: numbers both ways. */
function cellOf(type: FieldType, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (numeric.has(type)) return Number(value);
  if (type === "boolean") return value === true || value === "t" || value === "true";
  return String(value);
}

const rowOf = (columns: OutputColumn[], prefix: string, row: Record<string, unknown>): Cell[] => columns.map((c, i) => cellOf(c.type, row[`${prefix}${i}`]));

export async function previewReport(db: DbOrTx, actor: ReportActor, spec: ReportSpec, limit = PREVIEW_ROWS): Promise<ReportResult> {
  const compiled = compileReport(spec, actor);
  // One statement after another: a tenant-bound embedded handle takes one query at a time.
  const rows = rowsOf<Record<string, unknown>>(await db.execute(compiled.rows({ limit, offset: 0 })));
  const [count] = rowsOf<{ n: unknown }>(await db.execute(compiled.count));
  const totals = compiled.totals ? rowsOf<Record<string, unknown>>(await db.execute(compiled.totals))[0] : null;
  return {
    columns: compiled.columns,
    rows: rows.map((row) => rowOf(compiled.columns, "c", row)),
    totalColumns: compiled.totalColumns,
    totals: totals ? rowOf(compiled.totalColumns, "t", totals) : null,
    rowCount: Number(count?.n ?? 0),
  };
}

export type ReportStream = {
  columns: OutputColumn[];
  totalColumns: OutputColumn[];
  rowCount: number;
  totals: Cell[] | null;
  batches: AsyncGenerator<Cell[][]>;
};

/** The whole report in batches (stable order, so none is skipped or repeated), with its count and totals first. */
export async function streamReport(db: DbOrTx, actor: ReportActor, spec: ReportSpec, { batchSize = 1000, maxRows }: { batchSize?: number; maxRows?: number } = {}): Promise<ReportStream> {
  const compiled = compileReport(spec, actor);
  const [count] = rowsOf<{ n: unknown }>(await db.execute(compiled.count));
  const totalsRow = compiled.totals ? rowsOf<Record<string, unknown>>(await db.execute(compiled.totals))[0] : null;
  const rowCount = Math.min(Number(count?.n ?? 0), maxRows ?? Number.POSITIVE_INFINITY);
  async function* batches() {
    for (let offset = 0; offset < rowCount; offset += batchSize) {
      const limit = Math.min(batchSize, rowCount - offset);
      const rows = rowsOf<Record<string, unknown>>(await db.execute(compiled.rows({ limit, offset })));
      if (rows.length === 0) return;
      yield rows.map((row) => rowOf(compiled.columns, "c", row));
    }
  }
  return {
    columns: compiled.columns,
    totalColumns: compiled.totalColumns,
    rowCount,
    totals: totalsRow ? rowOf(compiled.totalColumns, "t", totalsRow) : null,
    batches: batches(),
  };
}
