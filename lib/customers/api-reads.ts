/*
 * Customers as the public API lists them: a page at a time by cursor (keyset on the sort column and the id), with
 * the filters the API documents. Staff pages use list.ts (offset pages, counts, facets).
 */
import { and, eq, ilike, type SQL } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import type { Customer } from "@/lib/customers/schema";

/** A customer row as the API reads it (the room's own type, so callers need not import its schema). */
export type { Customer };
import { cursorValue, keyset, pageOf, type SortOrder } from "@/lib/core/cursor";
import type { DbOrTx } from "@/lib/db/types";
import type { CustomerStatus } from "@/lib/customers/values";

export const apiCustomerSorts = ["createdAt", "name", "accountNumber"] as const;

const sortColumns = { createdAt: customers.createdAt, name: customers.name, accountNumber: customers.accountNumber };

export async function pageCustomersForApi(
  db: DbOrTx,
  input: { tenantId: string; status?: CustomerStatus; q?: string; order: SortOrder; cursor?: string; limit: number },
): Promise<{ data: Customer[]; nextCursor: string | null }> {
  const column = sortColumns[input.order.field as keyof typeof sortColumns] ?? customers.createdAt;
  const { where, orderBy } = keyset(column, customers.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(customers.tenantId, input.tenantId), where];
  if (input.status) filters.push(eq(customers.status, input.status));
  if (input.q) filters.push(ilike(customers.searchText, `%${input.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const rows = await db
    .select({ customer: customers, at: cursorValue(column) })
    .from(customers)
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.customer.id }));
  return { data: page.data.map((row) => row.customer), nextCursor: page.nextCursor };
}
