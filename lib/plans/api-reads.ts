/*
 * Plans as the public API lists them: a page at a time by cursor (keyset on the sort column and the id), cheapest
 * first unless asked otherwise, like every other list of /api/v1.
 */
import { and, eq, type SQL } from "drizzle-orm";
import { cursorValue, keyset, pageOf, type SortOrder } from "@/lib/core/cursor";
import type { DbOrTx } from "@/lib/db/types";
import { servicePlans } from "./schema";

export const apiPlanSorts = ["priceCentavos", "name", "createdAt"] as const;

const sortColumns = { priceCentavos: servicePlans.priceCentavos, name: servicePlans.name, createdAt: servicePlans.createdAt };

export async function pagePlansForApi(db: DbOrTx, input: { tenantId: string; active?: boolean; order: SortOrder; cursor?: string; limit: number }) {
  const column = sortColumns[input.order.field as keyof typeof sortColumns] ?? servicePlans.priceCentavos;
  const { where, orderBy } = keyset(column, servicePlans.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(servicePlans.tenantId, input.tenantId), where];
  if (input.active !== undefined) filters.push(eq(servicePlans.active, input.active));
  const rows = await db
    .select({ plan: servicePlans, at: cursorValue(column) })
    .from(servicePlans)
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.plan.id }));
  return { data: page.data.map((row) => row.plan), nextCursor: page.nextCursor };
}
