/*
 * Bulk inserts for set-based jobs (the billing run): thousands of rows in one statement with a single
 * JSON parameter, `INSERT … SELECT … FROM jsonb_to_recordset($1)`. Building a VALUES list of 40,000
 * parameters costs more in the driver than the insert itself; this costs one parse and works the same
 * on pg and PGlite. Rows must all have the same keys (the table's TypeScript names).
 */
import { getTableColumns, getTableName, sql, type Table } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";

export async function insertMany<T extends Table>(db: DbOrTx, table: T, rows: T["$inferInsert"][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = Object.keys(rows[0] as object).filter((key) => key in columns);
  const names = keys.map((key) => columns[key].name);
  const payload = rows.map((row) => {
    const out: Record<string, unknown> = {};
    keys.forEach((key, index) => {
      const value = (row as Record<string, unknown>)[key];
      out[names[index]] = value instanceof Date ? value.toISOString() : (value ?? null);
    });
    return out;
  });
  const columnList = sql.raw(names.map((name) => `"${name}"`).join(", "));
  const recordType = sql.raw(keys.map((key) => `"${columns[key].name}" ${columns[key].getSQLType()}`).join(", "));
  await db.execute(
    sql`insert into ${sql.identifier(getTableName(table))} (${columnList}) select ${columnList} from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(${recordType})`,
  );
}

/** Rows of a raw `db.execute(sql…)` result; both drivers return `{ rows }`. */
export const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
