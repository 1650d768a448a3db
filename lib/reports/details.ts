/*
 * Drill-down: a page of the rows behind a figure (/finance/details) and the same rows as CSV
 * (/api/finance/export), both from `detailSource`. The CSV is streamed in chunks so a large month never
 * sits in memory whole.
 */
import { sql } from "drizzle-orm";
import Papa from "papaparse";
import type { DbOrTx } from "@/lib/db/types";
import { csvOptions } from "@/lib/core/csv";
import { tenantClock } from "./clock";
import { detailSource, type DetailColumn, type DetailSource } from "./detail-sources";
import { DEFAULT_PAGE_SIZE, type DetailParams } from "./params";
import { num, rowsOf } from "./sql";

export type DetailValue = string | number | null;
export type DetailRow = { id: string; customerId: string; values: Record<string, DetailValue> };

export type DetailPage = {
  title: string;
  description: string;
  columns: DetailColumn[];
  rows: DetailRow[];
  total: number;
  sumCentavos: number;
  sumLabel: string;
  page: number;
  pageSize: number;
  currency: string;
};

function toRow(raw: Record<string, unknown>, columns: DetailColumn[]): DetailRow {
  const values: Record<string, DetailValue> = {};
  for (const c of columns) {
    const v = raw[c.key];
    values[c.key] = c.type === "money" || c.type === "number" ? num(v) : v === null || v === undefined ? null : String(v);
  }
  return { id: String(raw.id), customerId: String(raw.customerId), values };
}

async function rowsPage(db: DbOrTx, source: DetailSource, limit: number, offset: number) {
  const result = await db.execute(sql`select * from (${source.query}) r order by ${source.order} limit ${limit} offset ${offset}`);
  return rowsOf<Record<string, unknown>>(result).map((r) => toRow(r, source.columns));
}

async function countAndSum(db: DbOrTx, source: DetailSource) {
  const [row] = rowsOf<{ n: unknown; total: unknown }>(
    await db.execute(sql`select count(*) as n, coalesce(sum(r.${sql.identifier(source.sumKey)}), 0) as total from (${source.query}) r`),
  );
  return { total: num(row?.n), sumCentavos: num(row?.total) };
}

/** One page of the rows behind a metric, with their count and the sum that is the figure. */
export async function detailPage(db: DbOrTx, { tenantId, params, now }: { tenantId: string; params: DetailParams; now?: Date }): Promise<DetailPage> {
  const clock = await tenantClock(db, { tenantId, now });
  const source = await detailSource(db, tenantId, clock, params);
  const pageSize = params.size ?? DEFAULT_PAGE_SIZE;
  const { total, sumCentavos } = await countAndSum(db, source);
  const page = Math.min(params.page ?? 1, Math.max(1, Math.ceil(total / pageSize)));
  const rows = total > 0 ? await rowsPage(db, source, pageSize, (page - 1) * pageSize) : [];
  const sumLabel = source.columns.find((c) => c.key === source.sumKey)?.label ?? "Total";
  return {
    title: source.title,
    description: source.description,
    columns: source.columns,
    rows,
    total,
    sumCentavos,
    sumLabel,
    page,
    pageSize,
    currency: clock.currency,
  };
}

/** Centavos as a plain decimal for spreadsheets: 149900 → "1499.00", −5 → "-0.05". */
export function centavosToDecimal(centavos: number): string {
  const abs = Math.abs(centavos);
  return `${centavos < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const CSV_CHUNK = 1000;

/** The rows behind a metric as a CSV stream (header first), its file name and row count. */
export async function detailCsv(
  db: DbOrTx,
  { tenantId, params, now }: { tenantId: string; params: DetailParams; now?: Date },
): Promise<{ filename: string; rows: number; stream: ReadableStream<Uint8Array> }> {
  const clock = await tenantClock(db, { tenantId, now });
  const source = await detailSource(db, tenantId, clock, params);
  const { total } = await countAndSum(db, source);
  const fields = source.columns.map((c) => (c.type === "money" ? `${c.label} (${clock.currency})` : c.label));
  const cell = (c: DetailColumn, v: DetailValue) => (c.type === "money" ? centavosToDecimal(Number(v)) : (v ?? ""));
  const encoder = new TextEncoder();
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // The BOM makes Excel read names like "Peñaflor" as UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${Papa.unparse({ fields, data: [] }, csvOptions)}\r\n`));
    },
    async pull(controller) {
      const rows = await rowsPage(db, source, CSV_CHUNK, offset);
      offset += rows.length;
      if (rows.length > 0) {
        const data = rows.map((r) => source.columns.map((c) => cell(c, r.values[c.key])));
        controller.enqueue(encoder.encode(`${Papa.unparse(data, { ...csvOptions, header: false })}\r\n`));
      }
      if (rows.length < CSV_CHUNK) controller.close();
    },
  });
  return { filename: `finance-${source.slug}.csv`, rows: total, stream };
}
