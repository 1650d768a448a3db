/*
 * Time partitions of ranged tables, for any domain: each table gets a partition per day, month or year (UTC), made
 * ahead of time so rows land in them, and dropped whole once everything in it is past its retention — a day of
 * expired rows goes in one DROP TABLE, never a DELETE of millions of rows. So rows are kept at least their retention
 * and at most one partition longer. A row no partition covers yet lands in the table's DEFAULT partition
 * (`<table>_default`); making the partition moves such rows into it. One run at a time per table (an advisory lock).
 * The domains list their tables (lib/monitoring/partitions.ts, lib/radius/archive.ts).
 */
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { APP_ROLE } from "@/lib/db/tenant-bound";

export type PartitionWidth = "day" | "month" | "year";
type Width = PartitionWidth;
export type PartitionSpec = {
  /** The schema when not public (radius). */
  schema?: string;
  table: string;
  column: string;
  width: Width;
  retentionMs: number;
};

/** Partitions made this far ahead, so a late maintenance run never leaves new rows to the default partition. */
const AHEAD: Record<Width, number> = { day: 3, month: 2, year: 1 };

/** The start (UTC) of the partition holding `ms`, and the start `steps` partitions later. */
export function partitionStart(ms: number, width: Width, steps = 0): number {
  const d = new Date(ms);
  if (width === "day") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + steps);
  if (width === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + steps, 1);
  return Date.UTC(d.getUTCFullYear() + steps, 0, 1);
}

/** "traffic_points_1m_p20261206": the partition's name says its first day. */
export const partitionName = (table: string, start: number) => `${table}_p${new Date(start).toISOString().slice(0, 10).replace(/-/g, "")}`;

function startOfName(table: string, name: string): number | null {
  const match = new RegExp(`^${table}_p(\\d{4})(\\d{2})(\\d{2})$`).exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** What a run should do, pure: the partitions to make (from `now - retention` to the ones ahead) and those to drop. */
export function planPartitions(
  spec: PartitionSpec,
  existing: string[],
  now: number,
): { create: { name: string; from: number; to: number }[]; drop: string[] } {
  const cutoff = now - spec.retentionMs;
  const have = new Map(
    existing.map((name) => [startOfName(spec.table, name), name] as const).filter(([start]) => start !== null) as [number, string][],
  );
  const drop = [...have].filter(([start]) => partitionStart(start, spec.width, 1) <= cutoff).map(([, name]) => name);
  const create: { name: string; from: number; to: number }[] = [];
  const last = partitionStart(now, spec.width, AHEAD[spec.width]);
  for (let start = partitionStart(cutoff, spec.width); start <= last; start = partitionStart(start, spec.width, 1)) {
    if (!have.has(start)) create.push({ name: partitionName(spec.table, start), from: start, to: partitionStart(start, spec.width, 1) });
  }
  return { create, drop };
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);
const iso = (ms: number) => new Date(ms).toISOString();

async function partitionsOf(db: DbOrTx, schema: string, table: string): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace where n.nspname = ${schema} and p.relname = ${table}`),
  );
  return rows.map((row) => row.name);
}

export type PartitionSummary = { created: number; dropped: number; strayRowsDeleted: number };

/** Makes the partitions due, drops the expired ones and deletes expired rows left in the default partitions. */
export async function maintainRangePartitions(db: Db, specs: readonly PartitionSpec[], now: Date): Promise<PartitionSummary> {
  const summary: PartitionSummary = { created: 0, dropped: 0, strayRowsDeleted: 0 };
  for (const spec of specs) {
    const schema = spec.schema ?? "public";
    // Qualified names: partitions live in their parent's schema.
    const qualified = (name: string) => sql.raw(`"${schema}"."${name.replace(/"/g, '""')}"`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`netsphere:partitions:${schema}.${spec.table}`}))`);
      const plan = planPartitions(spec, await partitionsOf(tx, schema, spec.table), now.getTime());
      const column = ident(spec.column);
      const fallback = qualified(`${spec.table}_default`);
      for (const name of plan.drop) {
        await tx.execute(sql`drop table ${qualified(name)}`);
        summary.dropped += 1;
      }
      // Strays expire like partitioned rows: once their whole partition's span has.
      const expiredBefore = partitionStart(now.getTime() - spec.retentionMs, spec.width);
      const stray = await tx.execute(sql`delete from ${fallback} where ${column} < ${iso(expiredBefore)}::timestamptz`);
      summary.strayRowsDeleted +=
        (stray as { rowCount?: number | null; affectedRows?: number }).rowCount ?? (stray as { affectedRows?: number }).affectedRows ?? 0;
      for (const part of plan.create) {
        const name = qualified(part.name);
        await tx.execute(sql`create table ${name} (like ${qualified(spec.table)} including defaults)`);
        // Rows that arrived before the partition existed wait in the default partition: they move in first.
        await tx.execute(sql`with moved as (
          delete from ${fallback} where ${column} >= ${iso(part.from)}::timestamptz and ${column} < ${iso(part.to)}::timestamptz returning *
        ) insert into ${name} select * from moved`);
        await tx.execute(
          sql`alter table ${qualified(spec.table)} attach partition ${name} for values from (${sql.raw(`'${iso(part.from)}'`)}) to (${sql.raw(`'${iso(part.to)}'`)})`,
        );
        // Reached only through the parent, whose row-level policy applies.
        await tx.execute(sql`alter table ${name} enable row level security`);
        await tx.execute(sql`revoke all on ${name} from ${ident(APP_ROLE)}`);
        summary.created += 1;
      }
    });
  }
  return summary;
}
