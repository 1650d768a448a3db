/*
 * Which of the ISP's routers are behind one interface of a router: an interface that goes down while its router
 * still answers cuts off whatever lies beyond it (the poller reaches the router some other way, so the far side
 * is downstream). Walked over the ISP's links, never back through the router itself.
 */
import "server-only";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { networkLinks } from "./schema";

type LinkEnds = { aRouterId: string; aInterface: string; bRouterId: string; bInterface: string };

/** Routers reached through `interfaceName` of `routerId` (the neighbour and everything beyond it); null when that interface links to none of ours. Pure. */
export function routersBeyond(links: readonly LinkEnds[], routerId: string, interfaceName: string): string[] | null {
  const first = links.flatMap((link) =>
    link.aRouterId === routerId && link.aInterface === interfaceName
      ? [link.bRouterId]
      : link.bRouterId === routerId && link.bInterface === interfaceName
        ? [link.aRouterId]
        : [],
  );
  if (first.length === 0) return null;
  const found = new Set<string>(first.filter((id) => id !== routerId));
  const queue = [...found];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const link of links) {
      const next = link.aRouterId === current ? link.bRouterId : link.bRouterId === current ? link.aRouterId : null;
      if (next && next !== routerId && !found.has(next)) {
        found.add(next);
        queue.push(next);
      }
    }
  }
  return [...found];
}

export async function routersBehindInterface(
  db: DbOrTx,
  { tenantId, routerId, interfaceName }: { tenantId: string; routerId: string; interfaceName: string },
): Promise<string[] | null> {
  const links = await db
    .select({ aRouterId: networkLinks.aRouterId, aInterface: networkLinks.aInterface, bRouterId: networkLinks.bRouterId, bInterface: networkLinks.bInterface })
    .from(networkLinks)
    .where(eq(networkLinks.tenantId, tenantId));
  return routersBeyond(links, routerId, interfaceName);
}
