/*
 * What each poll saw around a router: its own ports (whose MACs tell other routers' neighbours who they see) and its
 * neighbours, matched to the ISP's routers, which makes links. The poller calls recordTopology after every successful
 * poll, so at 10,000 routers every 30 s it must cost nothing when nothing changed: an in-process signature per router
 * skips the write, and rows are refreshed at most every REFRESH_AFTER_MS. A change costs one statement per table.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { routers } from "@/lib/routers/schema";
import { routerPorts } from "./schema";
import {
  NEIGHBOR_GONE_AFTER_MS,
  REFRESH_AFTER_MS,
  bridgesOf,
  matchNeighbor,
  neighborPort,
  neighborsSignature,
  normaliseMac,
  orderedEnds,
  portsSignature,
  signatureOf,
  type NeighborReading,
  type PortOwner,
  type PortReading,
} from "./rules";

export { NEIGHBOR_PROPLIST, neighborReadings, portReadings, type NeighborReading, type PortReading } from "./rules";

type Memory = {
  ports?: { signature: string; macs: string; writtenAt: number };
  neighbors?: {
    signature: string;
    writtenAt: number;
    /** When each neighbour was last announced, so one that went quiet drops out on time. */
    lastSeen: Map<string, number>;
    /** Some neighbour was not matched by MAC, so a router whose ports appear later may be it. */
    unresolved: boolean;
    portsEpoch: number;
  };
};

/** Per router, what was last written; per tenant, a counter that moves whenever a router's port MACs change. */
const memory = new Map<string, Memory>();
const portsEpochs = new Map<string, number>();

/** Forgets what was written (tests, or after the tables were changed behind the poller's back). */
export function forgetTopologyMemory(routerId?: string): void {
  if (routerId) memory.delete(routerId);
  else {
    memory.clear();
    portsEpochs.clear();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Stores what one poll saw; null = that read failed (keep what we had). Cheap when nothing changed. */
export async function recordTopology(
  db: DbOrTx,
  input: { tenantId: string; routerId: string; at: Date; ports: PortReading[] | null; neighbors: NeighborReading[] | null },
): Promise<void> {
  const { tenantId, routerId } = input;
  const now = input.at.getTime();
  // The poller may hand MACs as the router printed them; ports and neighbours must compare in one spelling.
  const ports = input.ports?.map((p) => ({ ...p, macAddress: normaliseMac(p.macAddress ?? undefined) })) ?? null;
  const known = memory.get(routerId) ?? {};
  const portsEpoch = portsEpochs.get(tenantId) ?? 0;

  const portsSig = ports ? portsSignature(ports) : null;
  const writePorts = ports !== null && (!known.ports || known.ports.signature !== portsSig || now - known.ports.writtenAt >= REFRESH_AFTER_MS);

  // A neighbour reading parsed without knowing the bridges ("bridge,ether2" in v7) is put on its port here.
  const bridges = bridgesOf(ports);
  const neighbors = input.neighbors?.map((n) => (n.interface.includes(",") ? { ...n, interface: neighborPort(n.interface, bridges) } : n)) ?? null;
  const neighborsSig = neighbors ? neighborsSignature(neighbors) : null;
  const seen = known.neighbors;
  const keyOf = (n: NeighborReading) => `${n.interface} ${n.macAddress}`;
  const current = new Set(neighbors?.map(keyOf));
  const someGone = !!seen && [...seen.lastSeen].some(([key, at]) => !current.has(key) && now >= at + NEIGHBOR_GONE_AFTER_MS);
  const writeNeighbors =
    neighbors !== null &&
    (!seen ||
      seen.signature !== neighborsSig ||
      now - seen.writtenAt >= REFRESH_AFTER_MS ||
      someGone ||
      (seen.unresolved && seen.portsEpoch !== portsEpoch));
  if (!writePorts && !writeNeighbors) return;

  let unresolved = false;
  // One transaction so a reader never sees a router's ports without the links they explain.
  await db.transaction(async (tx) => {
    if (writePorts && ports) await storePorts(tx, { tenantId, routerId, at: now, ports });
    if (writeNeighbors && neighbors) unresolved = await storeNeighbors(tx, { tenantId, routerId, at: now, neighbors });
  });

  const next: Memory = { ...known };
  if (writePorts && ports && portsSig) {
    const macs = signatureOf(ports.map((p) => [p.name, p.macAddress, p.type]).sort());
    if (known.ports?.macs !== macs) portsEpochs.set(tenantId, portsEpoch + 1);
    next.ports = { signature: portsSig, macs, writtenAt: now };
  }
  if (writeNeighbors && neighbors && neighborsSig) {
    const lastSeen = new Map<string, number>();
    for (const [key, at] of seen?.lastSeen ?? []) if (at >= now - NEIGHBOR_GONE_AFTER_MS) lastSeen.set(key, at);
    for (const n of neighbors) lastSeen.set(keyOf(n), now);
    next.neighbors = { signature: neighborsSig, writtenAt: now, lastSeen, unresolved, portsEpoch: portsEpochs.get(tenantId) ?? 0 };
  }
  memory.set(routerId, next);
}

async function storePorts(tx: DbOrTx, { tenantId, routerId, at, ports }: { tenantId: string; routerId: string; at: number; ports: PortReading[] }) {
  const rows = ports.map((p) => ({
    name: p.name,
    type: p.type,
    mac_address: p.macAddress,
    running: p.running,
    disabled: p.disabled,
    link_downs: p.linkDowns,
  }));
  await tx.execute(sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as p(name text, type text, mac_address text, running boolean, disabled boolean, link_downs integer)
    ), stored as (
      insert into router_ports (tenant_id, router_id, name, type, mac_address, running, disabled, link_downs, seen_at)
      select ${tenantId}::uuid, ${routerId}::uuid, name, type, mac_address, running, disabled, link_downs, ${iso(at)}::timestamptz from incoming
      on conflict (router_id, name) do update set type = excluded.type, mac_address = excluded.mac_address, running = excluded.running,
        disabled = excluded.disabled, link_downs = excluded.link_downs, seen_at = excluded.seen_at
      returning 1
    )
    delete from router_ports where tenant_id = ${tenantId}::uuid and router_id = ${routerId}::uuid and name not in (select name from incoming)`);
}

/** Which of the tenant's routers own these MACs (another router than this one), and which routers bear these names. */
async function lookupNeighbors(tx: DbOrTx, { tenantId, routerId, neighbors }: { tenantId: string; routerId: string; neighbors: NeighborReading[] }) {
  const macs = [...new Set(neighbors.map((n) => n.macAddress))];
  const owners = macs.length
    ? await tx
        .select({ routerId: routerPorts.routerId, name: routerPorts.name, type: routerPorts.type, macAddress: routerPorts.macAddress })
        .from(routerPorts)
        .where(and(eq(routerPorts.tenantId, tenantId), inArray(routerPorts.macAddress, macs), ne(routerPorts.routerId, routerId)))
    : [];
  const portsByMac = new Map<string, PortOwner[]>();
  for (const owner of owners) portsByMac.set(owner.macAddress!, [...(portsByMac.get(owner.macAddress!) ?? []), owner]);
  const identities = [...new Set(neighbors.filter((n) => !portsByMac.has(n.macAddress) && n.identity).map((n) => n.identity))];
  const named = identities.length
    ? await tx
        .select({ id: routers.id, name: routers.name })
        .from(routers)
        .where(and(eq(routers.tenantId, tenantId), inArray(routers.name, identities)))
    : [];
  const routersByName = new Map<string, string[]>();
  for (const r of named) routersByName.set(r.name, [...(routersByName.get(r.name) ?? []), r.id]);
  return { portsByMac, routersByName };
}

/** Stores the neighbours and the links they make; says whether any neighbour went unmatched by MAC. */
async function storeNeighbors(
  tx: DbOrTx,
  { tenantId, routerId, at, neighbors }: { tenantId: string; routerId: string; at: number; neighbors: NeighborReading[] },
): Promise<boolean> {
  const lookups = await lookupNeighbors(tx, { tenantId, routerId, neighbors });
  let unresolved = false;
  const rows = neighbors.map((n) => {
    const match = matchNeighbor(n, { selfRouterId: routerId, ...lookups });
    if (match?.by !== "mac") unresolved = true;
    return {
      interface: n.interface,
      mac_address: n.macAddress,
      identity: n.identity,
      address: n.address,
      platform: n.platform,
      board: n.board,
      version: n.version,
      discovered_by: n.discoveredBy,
      neighbor_router_id: match?.routerId ?? null,
      neighbor_interface: match?.interface ?? null,
    };
  });
  const goneBefore = iso(at - NEIGHBOR_GONE_AFTER_MS);
  await tx.execute(sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as n(interface text, mac_address text, identity text, address text, platform text, board text, version text, discovered_by text,
             neighbor_router_id uuid, neighbor_interface text)
    ), stored as (
      insert into router_neighbors (tenant_id, router_id, interface, mac_address, identity, address, platform, board, version, discovered_by,
        neighbor_router_id, neighbor_interface, first_seen_at, last_seen_at)
      select ${tenantId}::uuid, ${routerId}::uuid, interface, mac_address, identity, address, platform, board, version, discovered_by,
        neighbor_router_id, neighbor_interface, ${iso(at)}::timestamptz, ${iso(at)}::timestamptz from incoming
      on conflict (router_id, interface, mac_address) do update set identity = excluded.identity, address = excluded.address,
        platform = excluded.platform, board = excluded.board, version = excluded.version, discovered_by = excluded.discovered_by,
        neighbor_router_id = excluded.neighbor_router_id, neighbor_interface = excluded.neighbor_interface, last_seen_at = excluded.last_seen_at
      returning 1
    )
    delete from router_neighbors r where r.tenant_id = ${tenantId}::uuid and r.router_id = ${routerId}::uuid and r.last_seen_at < ${goneBefore}::timestamptz
      and not exists (select 1 from incoming i where i.interface = r.interface and i.mac_address = r.mac_address)`);

  const links = new Map<string, { a_router_id: string; a_interface: string; b_router_id: string; b_interface: string; local_interface: string }>();
  for (const row of rows) {
    if (!row.neighbor_router_id) continue;
    const { a, b } = orderedEnds(
      { routerId, interface: row.interface },
      { routerId: row.neighbor_router_id, interface: row.neighbor_interface ?? "" },
    );
    links.set(`${a.routerId} ${a.interface} ${b.routerId} ${b.interface}`, {
      a_router_id: a.routerId,
      a_interface: a.interface,
      b_router_id: b.routerId,
      b_interface: b.interface,
      local_interface: row.interface,
    });
  }
  if (links.size > 0) await storeLinks(tx, { tenantId, routerId, at, links: [...links.values()] });
  return unresolved;
}

/**
 * Discovered links from this router's matched neighbours: seen now, a link first known with one port only (matched by
 * identity) is replaced once both ports are known, and a link on one of these ports to a router not seen there for
 * NEIGHBOR_GONE_AFTER_MS is dropped (the port now leads elsewhere). A link whose far router went quiet stays: that is
 * where an outage is. A link staff drew with the same ends keeps what they set and is marked seen.
 */
async function storeLinks(tx: DbOrTx, { tenantId, routerId, at, links }: { tenantId: string; routerId: string; at: number; links: object[] }) {
  const goneBefore = iso(at - NEIGHBOR_GONE_AFTER_MS);
  await tx.execute(sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
        as l(a_router_id uuid, a_interface text, b_router_id uuid, b_interface text, local_interface text)
    ), stored as (
      insert into network_links (tenant_id, a_router_id, a_interface, b_router_id, b_interface, source, last_seen_at)
      select ${tenantId}::uuid, a_router_id, a_interface, b_router_id, b_interface, 'discovered', ${iso(at)}::timestamptz from incoming
      on conflict (tenant_id, a_router_id, a_interface, b_router_id, b_interface) do update set last_seen_at = excluded.last_seen_at
      returning id
    )
    delete from network_links l where l.tenant_id = ${tenantId}::uuid and l.source = 'discovered'
      and not exists (select 1 from incoming i where i.a_router_id = l.a_router_id and i.a_interface = l.a_interface
        and i.b_router_id = l.b_router_id and i.b_interface = l.b_interface)
      and (
        exists (select 1 from incoming i where i.a_router_id = l.a_router_id and i.b_router_id = l.b_router_id
          and ((l.a_interface = i.a_interface and l.b_interface = '' and i.b_interface <> '')
            or (l.b_interface = i.b_interface and l.a_interface = '' and i.a_interface <> '')))
        or (coalesce(l.last_seen_at, l.created_at) < ${goneBefore}::timestamptz and (
          (l.a_router_id = ${routerId}::uuid and l.a_interface in (select local_interface from incoming))
          or (l.b_router_id = ${routerId}::uuid and l.b_interface in (select local_interface from incoming))))
      )`);
}
