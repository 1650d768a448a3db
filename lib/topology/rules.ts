/*
 * Topology's pure rules: what a router's `/interface/print` and `/ip/neighbor/print` rows say, which of the ISP's
 * routers a neighbour is, and the signature that tells a poll that changed nothing from one that did.
 */
import { createHash } from "node:crypto";
import type { RouterOsRow } from "@/lib/routeros/api";

export type PortReading = { name: string; type: string; macAddress: string | null; running: boolean; disabled: boolean; linkDowns: number };
export type NeighborReading = {
  interface: string;
  macAddress: string;
  identity: string;
  address: string;
  platform: string;
  board: string;
  version: string;
  discoveredBy: string;
};

/** What the poller asks `/ip/neighbor/print` for (`address4` is v7's name for the IPv4 address, `discovered-by` v7 only). */
export const NEIGHBOR_PROPLIST = "interface,mac-address,identity,address,address4,platform,board,version,discovered-by";

/** How long a neighbour that is no longer announced stays listed, and how often an unchanged poll refreshes its rows. */
export const NEIGHBOR_GONE_AFTER_MS = 5 * 60_000;
export const REFRESH_AFTER_MS = 5 * 60_000;

const MAC = /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/;

/** `4c:5e:0c:11:22:33` and `4C-5E-0C-11-22-33` are one MAC; anything else (empty, `00:00:…` on tunnels) is none. */
export function normaliseMac(value: string | undefined): string | null {
  const mac = (value ?? "").trim().toUpperCase().replaceAll("-", ":");
  if (!MAC.test(mac) || mac === "00:00:00:00:00:00") return null;
  return mac;
}

const flag = (value: string | undefined) => value === "true" || value === "yes";

/** A router's own ports: dynamic interfaces (PPPoE sessions, tunnels that come and go) are not ports. */
export function portReadings(rows: RouterOsRow[]): PortReading[] {
  const byName = new Map<string, PortReading>();
  for (const row of rows) {
    if (!row.name || flag(row.dynamic)) continue;
    const linkDowns = Number.parseInt(row["link-downs"] ?? "0", 10);
    byName.set(row.name, {
      name: row.name,
      type: row.type ?? "",
      macAddress: normaliseMac(row["mac-address"]),
      running: flag(row.running),
      disabled: flag(row.disabled),
      linkDowns: Number.isFinite(linkDowns) && linkDowns >= 0 ? linkDowns : 0,
    });
  }
  return [...byName.values()];
}

/**
 * The port a neighbour was heard on. v6 names one interface; v7 names the port and the bridge it is in
 * ("ether2,bridge"): the port is the first name that is not a bridge of this router (by its ports when known, else
 * by a name starting with "bridge"), or the first name when all are bridges.
 */
export function neighborPort(value: string, bridges: ReadonlySet<string> = new Set()): string {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const isBridge = (name: string) => bridges.has(name) || (bridges.size === 0 && /^bridge/i.test(name));
  return names.find((name) => !isBridge(name)) ?? names[0] ?? "";
}

/** `/ip/neighbor` rows, one per port and MAC (a neighbour heard through two bridges of one port is one neighbour). */
export function neighborReadings(rows: RouterOsRow[], bridges: ReadonlySet<string> = new Set()): NeighborReading[] {
  const byKey = new Map<string, NeighborReading>();
  for (const row of rows) {
    const macAddress = normaliseMac(row["mac-address"]);
    const port = neighborPort(row.interface ?? "", bridges);
    if (!macAddress || !port) continue;
    byKey.set(`${port} ${macAddress}`, {
      interface: port,
      macAddress,
      identity: row.identity ?? "",
      address: row.address4 || row.address || "",
      platform: row.platform ?? "",
      board: row.board ?? "",
      version: row.version ?? "",
      discoveredBy: row["discovered-by"] ?? "",
    });
  }
  return [...byKey.values()];
}

/** Bridges among a router's ports, so a v7 "ether2,bridge" neighbour lands on ether2 whatever the order. */
export const bridgesOf = (ports: readonly PortReading[] | null): Set<string> =>
  new Set((ports ?? []).filter((port) => port.type === "bridge").map((port) => port.name));

/** A short fingerprint of what one poll saw: equal fingerprints, nothing to write. */
export function signatureOf(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64");
}

/** Code-unit order: only the signature's determinism matters here, and this runs for every router at every poll. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const portsSignature = (ports: readonly PortReading[]) =>
  signatureOf([...ports].sort((a, b) => byCodeUnits(a.name, b.name)).map((p) => [p.name, p.type, p.macAddress, p.running, p.disabled, p.linkDowns]));

export const neighborsSignature = (neighbors: readonly NeighborReading[]) =>
  signatureOf(
    [...neighbors]
      .sort((a, b) => byCodeUnits(a.interface, b.interface) || byCodeUnits(a.macAddress, b.macAddress))
      .map((n) => [n.interface, n.macAddress, n.identity, n.address, n.platform, n.board, n.version, n.discoveredBy]),
  );

export type PortOwner = { routerId: string; name: string; type: string };

/** Ports that share their MAC with the physical port under them (RouterOS gives a bridge its first port's MAC). */
const virtualPortTypes = new Set(["bridge", "vlan", "bond", "bonding", "vrrp", "veth"]);
export type NeighborMatch = { routerId: string; interface: string | null; by: "mac" | "identity" };

/**
 * Which of the ISP's routers a neighbour is: the router owning a port with its MAC, else the one router named like
 * its identity (never a guess between two, never the router itself).
 */
export function matchNeighbor(
  neighbor: Pick<NeighborReading, "macAddress" | "identity">,
  {
    selfRouterId,
    portsByMac,
    routersByName,
  }: { selfRouterId: string; portsByMac: ReadonlyMap<string, PortOwner[]>; routersByName: ReadonlyMap<string, string[]> },
): NeighborMatch | null {
  const owners = (portsByMac.get(neighbor.macAddress) ?? []).filter((owner) => owner.routerId !== selfRouterId);
  const ownerRouters = new Set(owners.map((owner) => owner.routerId));
  if (ownerRouters.size === 1) {
    const physical = owners.filter((owner) => !virtualPortTypes.has(owner.type));
    const port = owners.length === 1 ? owners[0] : physical.length === 1 ? physical[0] : null;
    return { routerId: owners[0].routerId, interface: port?.name ?? null, by: "mac" };
  }
  if (ownerRouters.size > 1) return null;
  const named = neighbor.identity ? (routersByName.get(neighbor.identity) ?? []) : [];
  return named.length === 1 && named[0] !== selfRouterId ? { routerId: named[0], interface: null, by: "identity" } : null;
}

export type LinkEnd = { routerId: string; interface: string };

/** A link's ends as stored: the lower router id first, so A–B and B–A are one row. */
export function orderedEnds(one: LinkEnd, other: LinkEnd): { a: LinkEnd; b: LinkEnd } {
  return one.routerId <= other.routerId ? { a: one, b: other } : { a: other, b: one };
}

/** Percent of capacity used by a peak rate, or null when the capacity is unknown. */
export function utilisationPercent(peakBps: number | null, capacityMbps: number | null): number | null {
  if (peakBps === null || !capacityMbps || capacityMbps <= 0) return null;
  return Math.round((peakBps / (capacityMbps * 1_000_000)) * 1000) / 10;
}

/**
 * Whether discovery saw a link lately: an unchanged router refreshes its rows every REFRESH_AFTER_MS, so a link
 * counts as seen for two refreshes and a poll more.
 */
export function linkSeenRecently(lastSeenAt: Date | null, now: Date): boolean {
  return lastSeenAt !== null && now.getTime() - lastSeenAt.getTime() <= 2 * REFRESH_AFTER_MS + 60_000;
}
