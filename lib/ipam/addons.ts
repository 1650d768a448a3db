/*
 * The static-address add-on: a subscription holding an address from a pool with a monthly fee pays that fee on
 * its invoice for the days it held it. Billing reads it here for a whole batch of subscriptions at once.
 */
import "server-only";
import { and, eq, gt, gte, lte, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { addressSpace, parseAddress } from "./prefix";
import { ipAssignments, ipPools } from "./schema";

export type StaticAddressAddon = {
  address: string;
  /** Per month; a plan billed quarterly or yearly pays it for each month of its cycle. */
  feeCentavos: number;
  /** A public address (not private, not carrier NAT): invoices call it a "static public IP". */
  isPublic: boolean;
  /** When the subscription was given the address. */
  assignedAt: Date;
  /** When it gave the address back; null while it holds it. */
  releasedAt: Date | null;
};

/**
 * The billable static addresses the given subscriptions hold now (assigned, not released) and, with
 * `releasedSince`, those they gave back at or after that instant (the days they held them may still be unbilled),
 * by subscription, in the order they were assigned. One indexed range scan over the ids' span, whatever their
 * number (the billing run passes thousands, sorted by id).
 *
 * An address is one row whatever its history: one given back and then given again (to the same subscription, or to
 * another once its quarantine is over) reads from its latest assignment only.
 */
export async function billableAddresses(
  db: DbOrTx,
  { tenantId, subscriptionIds, releasedSince }: { tenantId: string; subscriptionIds: string[]; releasedSince?: Date },
): Promise<Map<string, StaticAddressAddon[]>> {
  const map = new Map<string, StaticAddressAddon[]>();
  if (subscriptionIds.length === 0) return map;
  const wanted = new Set(subscriptionIds);
  const sorted = [...wanted].sort();
  const held = eq(ipAssignments.status, "assigned");
  const rows = await db
    .select({
      subscriptionId: ipAssignments.subscriptionId,
      address: ipAssignments.address,
      feeCentavos: ipPools.monthlyFeeCentavos,
      assignedAt: ipAssignments.assignedAt,
      releasedAt: ipAssignments.releasedAt,
    })
    .from(ipAssignments)
    .innerJoin(ipPools, eq(ipPools.id, ipAssignments.poolId))
    .where(
      and(
        eq(ipAssignments.tenantId, tenantId),
        gte(ipAssignments.subscriptionId, sorted[0]),
        lte(ipAssignments.subscriptionId, sorted[sorted.length - 1]),
        releasedSince ? or(held, and(eq(ipAssignments.status, "quarantined"), gte(ipAssignments.releasedAt, releasedSince))) : held,
        gt(ipPools.monthlyFeeCentavos, 0),
      ),
    )
    .orderBy(ipAssignments.assignedAt, ipAssignments.address);
  for (const row of rows) {
    if (!row.subscriptionId || !wanted.has(row.subscriptionId)) continue;
    const parsed = parseAddress(row.address);
    const isPublic =
      parsed !== null && addressSpace({ version: parsed.version, network: parsed.value, length: parsed.version === 4 ? 32 : 128 }) === "public";
    map.set(row.subscriptionId, [
      ...(map.get(row.subscriptionId) ?? []),
      { address: row.address, feeCentavos: row.feeCentavos!, isPublic, assignedAt: row.assignedAt, releasedAt: row.releasedAt },
    ]);
  }
  return map;
}
