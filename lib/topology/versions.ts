/*
 * The RouterOS version of the ISP's routers as their neighbours last heard it announced (MNDP, LLDP): the poller does
 * not keep a router's own /system/resource, so this is what is known, or nothing.
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { routerNeighbors } from "./schema";

/** Router id → version ("7.19.2 (stable)"), for the given routers that a neighbour has reported. */
export async function announcedRouterVersions(db: DbOrTx, { tenantId, routerIds }: { tenantId: string; routerIds: string[] }): Promise<Map<string, string>> {
  if (routerIds.length === 0) return new Map();
  const rows = await db
    .select({ routerId: routerNeighbors.neighborRouterId, version: routerNeighbors.version })
    .from(routerNeighbors)
    .where(and(eq(routerNeighbors.tenantId, tenantId), inArray(routerNeighbors.neighborRouterId, routerIds), ne(routerNeighbors.version, "")))
    .orderBy(desc(routerNeighbors.lastSeenAt));
  const versions = new Map<string, string>();
  for (const row of rows) if (row.routerId && !versions.has(row.routerId)) versions.set(row.routerId, row.version);
  return versions;
}
