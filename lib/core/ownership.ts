import { and, eq, inArray } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { AppError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";

/**
 * The one answer when an action is handed ids that are not all the ISP's own: every id the action names must be
 * among the rows found for it in the session's tenant. Another ISP's record, a deleted one and a made-up id all
 * read the same, as not found, so the answer reveals nothing about other ISPs. Each owning domain looks its rows
 * up (e.g. `assertPlansOfTenant`) and calls this with what it found.
 */
export function assertAllFound(asked: readonly string[], found: Iterable<string>, what: { one: string; many: string }, field?: string): void {
  const own = new Set(found);
  const missing = [...new Set(asked)].filter((id) => !own.has(id));
  if (missing.length === 0) return;
  const message =
    asked.length === 1
      ? `${what.one[0].toUpperCase()}${what.one.slice(1)} not found. Reload the page and choose again.`
      : `${missing.length === 1 ? `One of the ${what.many}` : `${missing.length} of the ${what.many}`} could not be found. Reload the page and choose again.`;
  throw new AppError("not_found", message, field ? { fieldErrors: { [field]: [message] } } : {});
}

/**
 * Looks the ids up in one table of the tenant and refuses them unless every one is there: what each owning domain's
 * `assert…OfTenant` does with its own table (a malformed id is simply not found).
 */
export async function assertRowsOfTenant(
  db: DbOrTx,
  table: PgTable & { id: PgColumn; tenantId: PgColumn },
  tenantId: string,
  askedIds: readonly string[],
  what: { one: string; many: string },
  field?: string,
): Promise<void> {
  if (askedIds.length === 0) return;
  const ids = askedIds.filter(isUuid);
  const rows = ids.length
    ? await db
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)))
    : [];
  assertAllFound(askedIds, rows.map((r) => String(r.id)), what, field);
}
