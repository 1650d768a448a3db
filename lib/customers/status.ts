/*
 * A customer's status follows their subscriptions: one whose every live subscription is suspended reads as
 * suspended, and active again once one is reactivated. The subscription lifecycle, which knows which customers
 * those are, calls this in its transaction.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

export async function followSubscriptionStatus(
  tx: DbOrTx,
  { tenantId, customerIds, status }: { tenantId: string; customerIds: string[]; status: "suspended" | "active" },
) {
  if (customerIds.length === 0) return;
  await tx
    .update(customers)
    .set({ status, updatedAt: clock.now() })
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, customerIds), ne(customers.status, "terminated")));
}
