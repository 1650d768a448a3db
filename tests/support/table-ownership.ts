/*
 * The scanner behind lib/db/table-ownership.test.ts: which domain owns each table, and where a file imports
 * another domain's schema module or writes another domain's table.
 */
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import path from "node:path";
import { importsOf, libFolderOf, readSource, repoRoot, sourceFiles } from "@/tests/support/source-scan";

export type TableInfo = { owner: string; exportName: string; sqlName: string };

/** Every table, by its export name in the owner's schema.ts and by its SQL name. */
export async function loadTables() {
  const byExport = new Map<string, TableInfo>();
  const bySql = new Map<string, TableInfo>();
  for (const file of sourceFiles("lib").filter((f) => /^lib\/[^/]+\/schema\.ts$/.test(f))) {
    const owner = libFolderOf(file)!;
    const schema = (await import(path.join(repoRoot, file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(schema)) {
      if (!is(value, PgTable)) continue;
      // A schema module may re-export another's table for its foreign keys; the owner is where it is declared.
      if (!new RegExp(`export const ${exportName}\\b`).test(readSource(file))) continue;
      const info = { owner, exportName, sqlName: getTableName(value) };
      byExport.set(`${owner}:${exportName}`, info);
      bySql.set(info.sqlName, info);
    }
  }
  return { byExport, bySql };
}

export type Tables = Awaited<ReturnType<typeof loadTables>>;
export type Seam = { key: string; file: string; line: number };

const escape = (name: string) => name.replace(/\$/g, "\\$");

/** The seams of one file: imports of another domain's schema module and writes to another domain's tables. */
export function seamsOf(file: string, source: string, tables: Tables): { imports: Seam[]; writes: Seam[] } {
  const own = libFolderOf(file) ?? "app";
  const imports: Seam[] = [];
  const writes: Seam[] = [];
  const lineOf = (index: number) => source.slice(0, index).split("\n").length;
  const foreignTables = new Map<string, TableInfo>();
  for (const statement of importsOf(file, source)) {
    const schemaOwner = /^lib\/([^/]+)\/schema$/.exec(statement.module)?.[1];
    if (!schemaOwner || schemaOwner === own) continue;
    imports.push({ key: `${file} → ${statement.module}`, file, line: statement.line });
    for (const { name, local, typeOnly } of statement.names) {
      const table = tables.byExport.get(`${schemaOwner}:${name}`);
      if (table && !typeOnly) foreignTables.set(local, table);
    }
  }
  for (const [local, table] of foreignTables) {
    const id = escape(local);
    const drizzle = new RegExp(
      `\\.(?:insert|update|delete)\\(\\s*${id}\\s*\\)|\\b(?:insertMany|insertRecordset)\\(\\s*\\w+\\s*,\\s*${id}\\b|\\bunnestInsert\\(\\s*${id}\\b`,
      "g",
    );
    for (const match of source.matchAll(drizzle)) writes.push({ key: `${file} → ${table.sqlName}`, file, line: lineOf(match.index) });
  }
  // `update customers c set …`: an alias may sit between the table and `set`.
  const raw =
    /\b(?:insert\s+into|delete\s+from)\s+"?([a-z_][a-z0-9_]*)"?|\bupdate\s+"?([a-z_][a-z0-9_]*)"?(?:\s+(?:as\s+)?(?!set\b)[a-z_]\w*)?\s+set\b/gi;
  for (const match of source.matchAll(raw)) {
    const table = tables.bySql.get((match[1] ?? match[2]).toLowerCase());
    if (table && table.owner !== own) writes.push({ key: `${file} → ${table.sqlName}`, file, line: lineOf(match.index) });
  }
  return { imports, writes };
}
