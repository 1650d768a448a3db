/*
 * Reads for the topology page: the ISP's routers as nodes (status, site, pinned position, open incidents) and the
 * links between them (with how loaded each is when its capacity is known), and the neighbours no router of ours is.
 */
import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { listRouters, listSites } from "@/lib/routers/service";
import { openIncidentSummaries } from "@/lib/alerts/queries";
import { interfaceKey, interfacePeakRates } from "@/lib/monitoring/link-load";
import { networkLinks, routerNeighbors, topologyPositions, type LinkMedium, type LinkSource } from "./schema";
import { linkSeenRecently, utilisationPercent } from "./rules";

export type RouterStatus = "online" | "degraded" | "offline" | "unknown";

export type TopologyNode = {
  id: string;
  name: string;
  status: RouterStatus;
  siteId: string | null;
  siteName: string | null;
  position: { x: number; y: number } | null;
  openIncidents: number;
};

export type TopologyLink = {
  id: string;
  a: { routerId: string; name: string; interface: string };
  b: { routerId: string; name: string; interface: string };
  medium: LinkMedium;
  source: LinkSource;
  capacityMbps: number | null;
  label: string;
  lastSeenAt: Date | null;
  /** Seen by discovery within the last few polls (a manual link never seen is not). */
  seen: boolean;
  /** Peak of the last 5 minutes as a percent of the capacity; null when the capacity or traffic is unknown. */
  utilisation: number | null;
  peakBps: number | null;
};

export type TopologyGraph = { nodes: TopologyNode[]; links: TopologyLink[]; sites: { id: string; name: string }[] };

const LOAD_WINDOW_MS = 5 * 60_000;

export async function topologyGraph(db: DbOrTx, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }): Promise<TopologyGraph> {
  const [routerRows, siteRows, positions, incidents, linkRows] = await Promise.all([
    listRouters(db, { tenantId }),
    listSites(db, { tenantId }),
    db
      .select({ routerId: topologyPositions.routerId, x: topologyPositions.x, y: topologyPositions.y })
      .from(topologyPositions)
      .where(eq(topologyPositions.tenantId, tenantId)),
    openIncidentSummaries(db, { tenantId }),
    db.select().from(networkLinks).where(eq(networkLinks.tenantId, tenantId)).orderBy(asc(networkLinks.createdAt), asc(networkLinks.id)),
  ]);
  const positionOf = new Map(positions.map((p) => [p.routerId, { x: p.x, y: p.y }]));
  const incidentsOf = new Map<string, number>();
  for (const incident of incidents) if (incident.routerId) incidentsOf.set(incident.routerId, (incidentsOf.get(incident.routerId) ?? 0) + 1);
  const nodes: TopologyNode[] = routerRows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    siteId: r.siteId,
    siteName: r.siteName,
    position: positionOf.get(r.id) ?? null,
    openIncidents: incidentsOf.get(r.id) ?? 0,
  }));
  const nameOf = new Map(routerRows.map((r) => [r.id, r.name]));
  const peaks = await interfacePeakRates(db, {
    tenantId,
    since: new Date(now.getTime() - LOAD_WINDOW_MS),
    ends: linkRows.flatMap((l) => [
      { routerId: l.aRouterId, interface: l.aInterface },
      { routerId: l.bRouterId, interface: l.bInterface },
    ]),
  });
  const links: TopologyLink[] = linkRows.flatMap((l) => {
    const aName = nameOf.get(l.aRouterId);
    const bName = nameOf.get(l.bRouterId);
    if (!aName || !bName) return [];
    const ends = [interfaceKey({ routerId: l.aRouterId, interface: l.aInterface }), interfaceKey({ routerId: l.bRouterId, interface: l.bInterface })];
    const rates = ends.flatMap((key) => (peaks.has(key) ? [peaks.get(key)!] : []));
    const peakBps = rates.length ? Math.max(...rates) : null;
    return [
      {
        id: l.id,
        a: { routerId: l.aRouterId, name: aName, interface: l.aInterface },
        b: { routerId: l.bRouterId, name: bName, interface: l.bInterface },
        medium: l.medium,
        source: l.source,
        capacityMbps: l.capacityMbps,
        label: l.label,
        lastSeenAt: l.lastSeenAt,
        seen: linkSeenRecently(l.lastSeenAt, now),
        utilisation: utilisationPercent(peakBps, l.capacityMbps),
        peakBps,
      },
    ];
  });
  return { nodes, links, sites: siteRows.map((s) => ({ id: s.id, name: s.name })) };
}

export type UnknownNeighbor = {
  routerId: string;
  routerName: string;
  interface: string;
  macAddress: string;
  identity: string;
  address: string;
  platform: string;
  board: string;
  version: string;
  lastSeenAt: Date;
};

/** Neighbours that are none of the ISP's routers (switches, CPEs, routers not added yet), for adoption. */
export async function unknownNeighbors(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<UnknownNeighbor[]> {
  const [rows, routerRows] = await Promise.all([
    db
      .select()
      .from(routerNeighbors)
      .where(and(eq(routerNeighbors.tenantId, tenantId), isNull(routerNeighbors.neighborRouterId)))
      .orderBy(asc(routerNeighbors.identity), asc(routerNeighbors.macAddress)),
    listRouters(db, { tenantId }),
  ]);
  const nameOf = new Map(routerRows.map((r) => [r.id, r.name]));
  return rows.flatMap((n) => {
    const routerName = nameOf.get(n.routerId);
    if (!routerName) return [];
    return [
      {
        routerId: n.routerId,
        routerName,
        interface: n.interface,
        macAddress: n.macAddress,
        identity: n.identity,
        address: n.address,
        platform: n.platform,
        board: n.board,
        version: n.version,
        lastSeenAt: n.lastSeenAt,
      },
    ];
  });
}
