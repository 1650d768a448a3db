/*
 * Reads of subscriptions for other rooms' pages. Every function takes the tenant and puts it in its WHERE.
 */
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { subscriptions } from "./schema";

/** Each live (not terminated) subscription with a router: whose it is and which router serves it (the network map). */
export async function subscriptionsOnRouters(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const rows = await db
    .select({ id: subscriptions.id, customerId: subscriptions.customerId, routerId: subscriptions.routerId })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), ne(subscriptions.status, "terminated"), isNotNull(subscriptions.routerId)));
  return rows.map((row) => ({ ...row, routerId: row.routerId! }));
}
