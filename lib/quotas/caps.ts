/** The data-cap action each subscription is held at now: what the reconciler's desired state applies on the router. */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { quotaEnforcements } from "./schema";
import type { QuotaAction } from "./values";

export async function capsOf(db: DbOrTx, { tenantId, subscriptionIds }: { tenantId: string; subscriptionIds: string[] }): Promise<Map<string, QuotaAction>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await db
    .select({ subscriptionId: quotaEnforcements.subscriptionId, action: quotaEnforcements.action })
    .from(quotaEnforcements)
    .where(and(eq(quotaEnforcements.tenantId, tenantId), inArray(quotaEnforcements.subscriptionId, subscriptionIds)));
  return new Map(rows.map((row) => [row.subscriptionId, row.action]));
}
