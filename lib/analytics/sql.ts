/* SQL pieces the analytics reads share: which rollup rows cover a period, and rows of a raw result. */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { retention } from "@/lib/monitoring/rollup";
import { rollupSegments, type Range } from "./periods";

/** `p.resolution`/`p.bucket` conditions selecting the rollup rows that add up to the range (none: false). */
export function coveringRows(range: Range, now: Date, alias = sql.raw("p")): SQL {
  const segments = rollupSegments(range, now, retention["1h"]);
  if (segments.length === 0) return sql`false`;
  const parts = segments.map(
    (s) =>
      sql`(${alias}.resolution = ${s.resolution} and ${alias}.bucket >= ${s.from.toISOString()}::timestamptz and ${alias}.bucket < ${s.to.toISOString()}::timestamptz)`,
  );
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Postgres hands back bigint sums as text (pg) or numbers (PGlite): one number either way. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
