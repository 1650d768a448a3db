/**
 * The floor for a bulk write: how long Postgres itself takes to load rows with `COPY … FROM STDIN`, with no
 * application work around it. `exportRows` reads a table's rows (as COPY text) into memory; `timeCopyFloor`
 * creates empty copies of the tables in a scratch schema — same columns, defaults, checks, indexes and foreign
 * keys (to the real tables they reference, or to each other) — and times loading the rows into them in one
 * transaction, in the order given (parents first). The scratch schema is dropped afterwards.
 */
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

export type ExportedTable = { table: string; rows: number; bytes: number; chunks: Buffer[] };

/** Reads `select` into memory as COPY text, for loading into `table` later. */
export async function exportRows(client: pg.Client, table: string, select: string): Promise<ExportedTable> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`copy (${select}) to stdout`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { table, rows: stream.rowCount, bytes: chunks.reduce((sum, c) => sum + c.length, 0), chunks };
}

const SCRATCH = "bench_copy_floor";

/** Empty copies of `tables` (public schema) in the scratch schema, with the foreign keys of the originals. */
async function scratchTables(client: pg.Client, tables: string[]) {
  await client.query(`drop schema if exists ${SCRATCH} cascade; create schema ${SCRATCH}`);
  for (const table of tables) await client.query(`create table ${SCRATCH}.${table} (like public.${table} including all)`);
  // Definitions read with the default search path name the referenced tables unqualified; added with the scratch
  // schema first, a key between two copied tables points at the copy, any other at the real table.
  const { rows } = await client.query<{ table: string; name: string; def: string }>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def
     from pg_constraint where contype = 'f' and conrelid = any($1::regclass[])`,
    [tables.map((t) => `public.${t}`)],
  );
  await client.query(`set search_path = ${SCRATCH}, public`);
  for (const fk of rows) await client.query(`alter table ${SCRATCH}.${fk.table} add constraint ${fk.name} ${fk.def}`);
}

export type FloorResult = { seconds: number; perTable: Array<{ table: string; rows: number; bytes: number; seconds: number }> };

/** Times `COPY … FROM STDIN` of the exported rows into fresh copies of their tables, one transaction for all. */
export async function timeCopyFloor(url: string, exported: ExportedTable[]): Promise<FloorResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await scratchTables(
      client,
      exported.map((e) => e.table),
    );
    const perTable: FloorResult["perTable"] = [];
    const started = performance.now();
    await client.query("begin");
    for (const e of exported) {
      const tableStarted = performance.now();
      await pipeline(Readable.from(e.chunks), client.query(copyFrom(`copy ${SCRATCH}.${e.table} from stdin`)));
      perTable.push({ table: e.table, rows: e.rows, bytes: e.bytes, seconds: (performance.now() - tableStarted) / 1000 });
    }
    await client.query("commit");
    return { seconds: (performance.now() - started) / 1000, perTable };
  } finally {
    await client.query(`drop schema if exists ${SCRATCH} cascade`).catch(() => undefined);
    await client.end();
  }
}
