/*
 * Cursor (keyset) pagination for lists read by programs: a page ends with an opaque cursor naming the last row's
 * sort value and id; the next page starts strictly after it, so rows added meanwhile neither repeat nor shift the
 * pages, and a deep page costs the same index range scan as the first.
 */
import { asc, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/core/errors";

export type SortValue = string | number | null;
export type Cursor = { v: SortValue; id: string };
export type SortOrder = { field: string; direction: "asc" | "desc" };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.v, cursor.id])).toString("base64url");
}

export function decodeCursor(text: string): Cursor {
  try {
    const [v, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof id !== "string" || !(v === null || typeof v === "string" || typeof v === "number")) throw new Error("shape");
    return { v, id };
  } catch {
    throw new AppError("validation", "The cursor is not one this API gave out. Start again without it.", { fieldErrors: { cursor: ["Unknown cursor."] } });
  }
}

/** `limit` (1–100, default 25) and `cursor`, as every list endpoint takes them. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).describe("How many items a page holds (1–100)."),
  cursor: z.string().max(500).optional().describe("The `nextCursor` of the previous page."),
};

/** `sort` as `field` or `-field` (descending) among the allowed fields. */
export function sortParam<F extends string>(fields: readonly [F, ...F[]], fallback: `${F}` | `-${F}`) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default(fallback)
    .describe(`Sort by ${fields.join(", ")}; a leading \`-\` sorts descending.`)
    .transform((value): SortOrder => (value.startsWith("-") ? { field: value.slice(1), direction: "desc" } : { field: value, direction: "asc" }));
}

/**
 * The WHERE part that starts a page after `cursor` and the ORDER BY of the list, on a sort column with the id as
 * tie-breaker (nulls sort last in both directions, as Postgres does ascending).
 */
export function keyset(column: AnyColumn | SQL, id: AnyColumn, order: SortOrder, cursor: string | undefined): { where: SQL | undefined; orderBy: SQL[] } {
  const dir = order.direction;
  const orderBy = dir === "asc" ? [sql`${column} asc nulls last`, asc(id)] : [sql`${column} desc nulls last`, desc(id)];
  if (!cursor) return { where: undefined, orderBy };
  const { v, id: lastId } = decodeCursor(cursor);
  const op = dir === "asc" ? sql`>` : sql`<`;
  const where =
    v === null
      ? sql`(${column} is null and ${id} ${op} ${lastId})`
      : sql`((${column}, ${id}) ${op} (${v}, ${lastId}) or ${column} is null)`;
  return { where, orderBy };
}

/**
 * The sort value as Postgres writes it: timestamps keep their microseconds (a JavaScript Date would cut them to
 * milliseconds and the next page would repeat the last row). Select it beside the row and build the cursor from it.
 */
export const cursorValue = (column: AnyColumn | SQL) => sql<string | null>`(${column})::text`;

/** A page of `limit` rows from `limit + 1` read, with the cursor of its last row when more follow. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(cursorOf(data[data.length - 1])) : null };
}
