/*
 * A customer's status follows their subscriptions: one whose every live subscription is suspended reads as
 * suspended, and active again once one is reactivated. The subscription lifecycle calls this in its transaction.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

export async function followSubscriptionStatus(
  tx: DbOrTx,
  { tenantId, customerIds, direction }: { tenantId: string; customerIds: string[]; direction: "suspended" | "reactivated" },
) {
  if (customerIds.length === 0) return;
  const now = clock.now();
  if (direction === "reactivated") {
    await tx
      .update(customers)
      .set({ status: "active", updatedAt: now })
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, customerIds), ne(customers.status, "terminated")));
    return;
  }
  const stillActive = await tx
    .selectDistinct({ customerId: subscriptions.customerId })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.customerId, customerIds), eq(subscriptions.status, "active")));
  const keep = new Set(stillActive.map((r) => r.customerId));
  const suspended = customerIds.filter((id) => !keep.has(id));
  if (suspended.length > 0)
    await tx
      .update(customers)
      .set({ status: "suspended", updatedAt: now })
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, suspended), ne(customers.status, "terminated")));
}
