/*
 * Link capacities by router interface, for the link-utilisation alert: manual and discovered links with a
 * capacity set, either end.
 */
import "server-only";
import { and, eq, isNotNull, or } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { networkLinks } from "./schema";

/** Router id → interface name → capacity in Mbps, for all the tenant's routers at once (the poller caches it). */
export async function tenantLinkCapacities(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Map<string, Map<string, number>>> {
  const rows = await db
    .select({ a: networkLinks.aRouterId, b: networkLinks.bRouterId, aInterface: networkLinks.aInterface, bInterface: networkLinks.bInterface, capacity: networkLinks.capacityMbps })
    .from(networkLinks)
    .where(and(eq(networkLinks.tenantId, tenantId), isNotNull(networkLinks.capacityMbps)));
  const byRouter = new Map<string, Map<string, number>>();
  const add = (routerId: string, name: string, capacity: number) => {
    const capacities = byRouter.get(routerId) ?? new Map<string, number>();
    capacities.set(name, Math.max(capacities.get(name) ?? 0, capacity));
    byRouter.set(routerId, capacities);
  };
  for (const row of rows) {
    if (!row.capacity) continue;
    if (row.aInterface) add(row.a, row.aInterface, row.capacity);
    if (row.bInterface) add(row.b, row.bInterface, row.capacity);
  }
  return byRouter;
}

/** Interface name → capacity in Mbps, for one router. */
export async function linkCapacities(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<Map<string, number>> {
  const rows = await db
    .select({ a: networkLinks.aRouterId, aInterface: networkLinks.aInterface, bInterface: networkLinks.bInterface, capacity: networkLinks.capacityMbps })
    .from(networkLinks)
    .where(and(eq(networkLinks.tenantId, tenantId), isNotNull(networkLinks.capacityMbps), or(eq(networkLinks.aRouterId, routerId), eq(networkLinks.bRouterId, routerId))));
  const capacities = new Map<string, number>();
  for (const row of rows) {
    const name = row.a === routerId ? row.aInterface : row.bInterface;
    if (name && row.capacity) capacities.set(name, Math.max(capacities.get(name) ?? 0, row.capacity));
  }
  return capacities;
}
