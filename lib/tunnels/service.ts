/*
 * The WireGuard hub of an ISP and its routers' peers. The hub's settings are typed by the ISP; a router's tunnel is
 * enabled with one click (keys made, the next free address of the hub's prefix taken) and its RouterOS script shown
 * with the private key as a placeholder until revealed (audited). "Connect through the tunnel" is stored here and
 * handed to the router's record (`setRouterTunnelAddress`), which every connection to the router reads.
 */
import { and, asc, eq } from "drizzle-orm";
import { tunnelHubs, tunnelPeers } from "@/lib/tunnels/schema";
import { newWireguardKeyPair } from "@/lib/tunnels/keys";
import { hubAddress, nextTunnelAddress, routerTunnelScript, type RouterTunnelConfig, type TunnelHubSettings } from "@/lib/tunnels/rules";
import { applyRouterTunnel } from "@/lib/tunnels/router-config";
import { withRouter } from "@/lib/routers/access";
import { reservePrefixFor } from "@/lib/ipam/service";
import { getRouter, listRouters, setRouterTunnelAddress } from "@/lib/routers/service";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { clock } from "@/lib/core/clock";
import { formatAge } from "@/lib/core/dates";
import { formatBytes } from "@/lib/network/format";
import { HANDSHAKE_STALE_MS } from "@/lib/tunnels/health";
import { ensureDefaultRule } from "@/lib/alerts/rules-service";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import type { Db, DbOrTx } from "@/lib/db/types";

type Actor = AuditActor & { tenantId: string };

/** RFC 5176's CoA port: the hub's side sends CoA and Disconnect to routers in RADIUS mode. */
const COA_PORT = 3799;
const KEY_PLACEHOLDER = "<private-key>";

export type TunnelHubView = { endpointHost: string; endpointPort: number; prefix: string; publicKey: string; hubAddress: string };

async function hubRow(db: DbOrTx, tenantId: string) {
  const [hub] = await db.select().from(tunnelHubs).where(eq(tunnelHubs.tenantId, tenantId));
  return hub ?? null;
}

const hubView = (hub: typeof tunnelHubs.$inferSelect): TunnelHubView => ({
  endpointHost: hub.endpointHost,
  endpointPort: hub.endpointPort,
  prefix: hub.prefix,
  publicKey: hub.publicKey,
  hubAddress: hubAddress(hub.prefix),
});

/** The ISP's hub as the browser may see it (never its private key), or null before it is set up. */
export async function tunnelHubOf(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<TunnelHubView | null> {
  const hub = await hubRow(db, tenantId);
  return hub ? hubView(hub) : null;
}

/** Sets up the ISP's hub (its keys made here) or changes where routers reach it; the prefix is fixed once routers use it. */
export async function saveTunnelHub(db: Db, actor: Actor, settings: TunnelHubSettings): Promise<TunnelHubView> {
  return db.transaction(async (tx) => {
    const existing = await hubRow(tx, actor.tenantId);
    // The tunnel prefix is part of the ISP's address plan: recorded in IP addresses, refused where a pool or a
    // subscriber's address is already in it.
    if (existing?.prefix !== settings.prefix)
      await reservePrefixFor(tx, actor, { prefix: settings.prefix, description: `WireGuard tunnels to the NetSphere hub (${settings.endpointHost})` });
    if (existing) {
      if (existing.prefix !== settings.prefix) {
        const [peer] = await tx.select({ id: tunnelPeers.id }).from(tunnelPeers).where(eq(tunnelPeers.hubId, existing.id)).limit(1);
        if (peer)
          throw new AppError("validation", "Routers already have addresses in this prefix; it cannot change.", {
            fieldErrors: { prefix: ["Routers already have addresses in this prefix; it cannot change."] },
          });
      }
      const [hub] = await tx
        .update(tunnelHubs)
        .set({ ...settings, updatedAt: clock.now() })
        .where(eq(tunnelHubs.id, existing.id))
        .returning();
      await recordAudit(tx, actor, {
        action: "tunnels.hub_updated",
        entityType: "tunnel_hub",
        entityId: hub.id,
        before: { endpointHost: existing.endpointHost, endpointPort: existing.endpointPort, prefix: existing.prefix },
        after: settings,
      });
      return hubView(hub);
    }
    const keys = newWireguardKeyPair();
    const [hub] = await tx
      .insert(tunnelHubs)
      .values({ tenantId: actor.tenantId, ...settings, publicKey: keys.publicKey, privateKeyEncrypted: encryptSecret(keys.privateKey) })
      .returning();
    await recordAudit(tx, actor, { action: "tunnels.hub_created", entityType: "tunnel_hub", entityId: hub.id, after: settings });
    return hubView(hub);
  });
}

async function peerRow(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }) {
  const [peer] = await db
    .select()
    .from(tunnelPeers)
    .where(and(eq(tunnelPeers.tenantId, tenantId), eq(tunnelPeers.routerId, routerId)));
  return peer ?? null;
}

const fullPrefix = (prefix: string) =>
  new AppError("validation", `Every address of the tunnel prefix ${prefix} is taken: widen the prefix on a new hub or remove a router's tunnel.`);

/** Gives the router a tunnel: its keys and the next free address of the hub's prefix (the hub row locked meanwhile). */
export async function enableRouterTunnel(db: Db, actor: Actor, { routerId }: { routerId: string }): Promise<{ address: string }> {
  const router = await getRouter(db, { tenantId: actor.tenantId, routerId });
  try {
    return await db.transaction(async (tx) => {
      // Locked so two routers enabled at once never pick the same address (the unique index is the second wall).
      const [hub] = await tx.select().from(tunnelHubs).where(eq(tunnelHubs.tenantId, actor.tenantId)).for("update");
      if (!hub) throw new AppError("validation", "Set up the WireGuard hub first (its public address and tunnel prefix).");
      const existing = await peerRow(tx, { tenantId: actor.tenantId, routerId: router.id });
      if (existing) return { address: existing.address };
      const used = await tx.select({ address: tunnelPeers.address }).from(tunnelPeers).where(eq(tunnelPeers.hubId, hub.id));
      const address = nextTunnelAddress(
        hub.prefix,
        used.map((u) => u.address),
      );
      if (!address) throw fullPrefix(hub.prefix);
      const keys = newWireguardKeyPair();
      await tx.insert(tunnelPeers).values({
        tenantId: actor.tenantId,
        hubId: hub.id,
        routerId: router.id,
        publicKey: keys.publicKey,
        privateKeyEncrypted: encryptSecret(keys.privateKey),
        address,
      });
      await recordAudit(tx, actor, { action: "router.tunnel_enabled", entityType: "router", entityId: router.id, after: { address } });
      // An ISP whose alert rules predate the tunnel rule gets it with its first tunnel.
      await ensureDefaultRule(tx, { tenantId: actor.tenantId, kind: "tunnel_down" });
      return { address };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "Another router took that tunnel address at the same moment; try again.");
    throw error;
  }
}

/** Removes the router's tunnel: its address is free again and the app connects to its host. */
export async function disableRouterTunnel(db: Db, actor: Actor, { routerId }: { routerId: string }): Promise<void> {
  await getRouter(db, { tenantId: actor.tenantId, routerId });
  await db.transaction(async (tx) => {
    const peer = await peerRow(tx, { tenantId: actor.tenantId, routerId });
    if (!peer) return;
    await tx.delete(tunnelPeers).where(eq(tunnelPeers.id, peer.id));
    if (peer.connectThroughTunnel) await setRouterTunnelAddress(tx, { tenantId: actor.tenantId, routerId, address: null });
    await recordAudit(tx, actor, { action: "router.tunnel_disabled", entityType: "router", entityId: routerId, before: { address: peer.address } });
  });
}

/** Whether NetSphere reaches the router at its tunnel address instead of its host. */
export async function setTunnelConnection(
  db: Db,
  actor: Actor,
  { routerId, connectThroughTunnel }: { routerId: string; connectThroughTunnel: boolean },
): Promise<void> {
  await getRouter(db, { tenantId: actor.tenantId, routerId });
  await db.transaction(async (tx) => {
    const peer = await peerRow(tx, { tenantId: actor.tenantId, routerId });
    if (!peer) throw new AppError("validation", "This router has no tunnel yet.");
    if (peer.connectThroughTunnel === connectThroughTunnel) return;
    await tx.update(tunnelPeers).set({ connectThroughTunnel }).where(eq(tunnelPeers.id, peer.id));
    await setRouterTunnelAddress(tx, { tenantId: actor.tenantId, routerId, address: connectThroughTunnel ? peer.address : null });
    await recordAudit(tx, actor, {
      action: "router.tunnel_connection_changed",
      entityType: "router",
      entityId: routerId,
      before: { connectThroughTunnel: peer.connectThroughTunnel },
      after: { connectThroughTunnel },
    });
  });
}

type RouterPorts = { apiPort: number; transport: "api" | "rest"; restPort: number };

function tunnelConfig(hub: typeof tunnelHubs.$inferSelect, peer: typeof tunnelPeers.$inferSelect, router: RouterPorts, privateKey: string): RouterTunnelConfig {
  return {
    hub: { endpointHost: hub.endpointHost, endpointPort: hub.endpointPort, publicKey: hub.publicKey, prefix: hub.prefix },
    privateKey,
    address: peer.address,
    tcpPorts: [router.transport === "rest" ? router.restPort : router.apiPort],
    udpPorts: [COA_PORT],
  };
}

function scripts(hub: typeof tunnelHubs.$inferSelect, peer: typeof tunnelPeers.$inferSelect, router: RouterPorts, privateKey: string) {
  const config = tunnelConfig(hub, peer, router, privateKey);
  return { v7: routerTunnelScript(config, 7), v6: routerTunnelScript(config, 6) };
}

/**
 * Applies the router's side of its tunnel through the API, while NetSphere still reaches the router (at its host, or
 * already through the tunnel): what the script would do, item by item, changing only what differs. Audited with the
 * changes; a router that does not answer or refuses is reported and nothing is recorded as applied.
 */
export async function applyTunnelOnRouter(db: DbOrTx, actor: Actor, { routerId }: { routerId: string }): Promise<{ changes: string[] }> {
  const router = await getRouter(db, { tenantId: actor.tenantId, routerId });
  const [hub, peer] = await Promise.all([hubRow(db, actor.tenantId), peerRow(db, { tenantId: actor.tenantId, routerId })]);
  if (!hub || !peer) throw new AppError("validation", "Enable the tunnel for this router first.");
  const config = tunnelConfig(hub, peer, router, decryptSecret(peer.privateKeyEncrypted));
  const changes = await withRouter(db, { tenantId: actor.tenantId, routerId }, (api) => applyRouterTunnel(api, config));
  await recordAudit(db, actor, { action: "router.tunnel_applied", entityType: "router", entityId: routerId, after: { changes } });
  return { changes };
}

export type RouterTunnelStatus = {
  hub: TunnelHubView | null;
  peer: {
    address: string;
    publicKey: string;
    connectThroughTunnel: boolean;
    /** What the hub last saw (tunnel-health job), null until it has seen the router. */
    lastHandshakeAt: Date | null;
    rxBytes: number | null;
    txBytes: number | null;
  } | null;
  /** What the hub last said about the tunnel, in a sentence (null without a peer). */
  health: string | null;
  /** The router's script with its private key as a placeholder; the key itself only through `revealTunnelScript`. */
  script: { v7: string; v6: string } | null;
};

/** The tunnel's state as the hub last reported it (tunnel-health job), in words for the router page. */
function healthOf(peer: Pick<typeof tunnelPeers.$inferSelect, "lastHandshakeAt" | "rxBytes" | "txBytes">, now: Date): string {
  if (!peer.lastHandshakeAt) return "The hub has not reported a handshake from this router yet.";
  const age = now.getTime() - peer.lastHandshakeAt.getTime();
  const transfer = `${formatBytes(peer.rxBytes ?? 0)} received from it and ${formatBytes(peer.txBytes ?? 0)} sent to it`;
  return age > HANDSHAKE_STALE_MS
    ? `Down: the last handshake was ${formatAge(age)} ago (${transfer}).`
    : `Up: last handshake ${formatAge(age)} ago; ${transfer}.`;
}

/** What the router page shows about its tunnel: never a private key. */
export async function routerTunnelStatus(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<RouterTunnelStatus> {
  const router = await getRouter(db, { tenantId, routerId });
  const [hub, peer] = await Promise.all([hubRow(db, tenantId), peerRow(db, { tenantId, routerId })]);
  return {
    hub: hub ? hubView(hub) : null,
    peer: peer
      ? {
          address: peer.address,
          publicKey: peer.publicKey,
          connectThroughTunnel: peer.connectThroughTunnel,
          lastHandshakeAt: peer.lastHandshakeAt,
          rxBytes: peer.rxBytes,
          txBytes: peer.txBytes,
        }
      : null,
    health: peer ? healthOf(peer, clock.now()) : null,
    script: hub && peer ? scripts(hub, peer, router, KEY_PLACEHOLDER) : null,
  };
}

/** The router's script with its private key, for staff allowed to change routers (audited: a secret was shown). */
export async function revealTunnelScript(db: DbOrTx, actor: Actor, { routerId }: { routerId: string }): Promise<{ v7: string; v6: string }> {
  const router = await getRouter(db, { tenantId: actor.tenantId, routerId });
  const [hub, peer] = await Promise.all([hubRow(db, actor.tenantId), peerRow(db, { tenantId: actor.tenantId, routerId })]);
  if (!hub || !peer) throw new AppError("validation", "This router has no tunnel.");
  await recordAudit(db, actor, { action: "router.tunnel_key_revealed", entityType: "router", entityId: routerId });
  return scripts(hub, peer, router, decryptSecret(peer.privateKeyEncrypted));
}

/** Every hub with its peers, for the hub host's configuration (`npm run tunnels:config`): runs as the owner, across ISPs. */
export async function hubsWithPeers(db: DbOrTx) {
  const hubs = await db.select().from(tunnelHubs).orderBy(asc(tunnelHubs.createdAt));
  const peers = await db.select().from(tunnelPeers).orderBy(asc(tunnelPeers.createdAt));
  return Promise.all(
    hubs.map(async (hub) => {
      const names = new Map((await listRouters(db, { tenantId: hub.tenantId })).map((r) => [r.id, r.name]));
      return {
        hub,
        peers: peers
          .filter((p) => p.hubId === hub.id)
          .map((p) => ({ routerName: names.get(p.routerId) ?? p.routerId, publicKey: p.publicKey, address: p.address, allowedIps: p.allowedIps })),
      };
    }),
  );
}
