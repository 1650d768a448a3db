/*
 * Tunnel health: what the hub's WireGuard says about each router's peer (last handshake, bytes each way), read with
 * `wg show all dump` on the host where the hub runs beside the worker (WIREGUARD_HUB_LOCAL=true) and stored on the
 * peer rows; and, when a router reached through its tunnel does not answer, a sentence that says whether the tunnel
 * or the router is what is down. The dump's interface lines carry the hub's private key: they are read for the
 * interface's public key only, and nothing of the dump is logged.
 */
import { execFile } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { tunnelHubs, tunnelPeers } from "@/lib/tunnels/schema";
import { arrayLiteral, rowsOf } from "@/lib/db/bulk";
import { env } from "@/lib/core/env";
import { formatAge } from "@/lib/core/dates";
import type { Db, DbOrTx } from "@/lib/db/types";

/**
 * WireGuard starts a new handshake every two minutes while packets flow, and the router's script keeps the tunnel
 * alive every 25 s: a peer without a handshake for three minutes has lost its tunnel (wg-quick's and most panels' rule).
 */
export const HANDSHAKE_STALE_MS = 180_000;

export type PeerReading = {
  hubPublicKey: string;
  publicKey: string;
  endpoint: string | null;
  lastHandshakeAt: Date | null;
  rxBytes: number;
  txBytes: number;
};

/**
 * The peers of `wg show all dump`: per interface a line of 5 tab-separated fields (name, private key, public key,
 * listen port, fwmark), then per peer a line of 9 (name, public key, preshared key, endpoint, allowed IPs, latest
 * handshake in epoch seconds or 0, rx bytes, tx bytes, keepalive).
 */
export function parseWireguardDump(dump: string): PeerReading[] {
  const hubKeys = new Map<string, string>();
  const peers: PeerReading[] = [];
  for (const line of dump.split("\n")) {
    const fields = line.trim().split("\t");
    if (fields.length === 5) hubKeys.set(fields[0], fields[2]);
    else if (fields.length === 9) {
      const hubPublicKey = hubKeys.get(fields[0]);
      const [handshake, rx, tx] = [Number(fields[5]), Number(fields[6]), Number(fields[7])];
      if (!hubPublicKey || ![handshake, rx, tx].every(Number.isFinite)) continue;
      peers.push({
        hubPublicKey,
        publicKey: fields[1],
        endpoint: fields[3] === "(none)" ? null : fields[3],
        lastHandshakeAt: handshake > 0 ? new Date(handshake * 1000) : null,
        rxBytes: rx,
        txBytes: tx,
      });
    }
  }
  return peers;
}

/** Runs `wg show all dump` (needs CAP_NET_ADMIN, as the hub's own configuration does). */
export function readWireguardDump(): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile("wg", ["show", "all", "dump"], { timeout: 5000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      // The error's message would carry the command's output; only its code leaves here.
      error ? reject(new Error(`wg show failed (${(error as NodeJS.ErrnoException).code ?? "exit"})`)) : resolve(stdout),
    ),
  );
}

/** Stores what the hub saw, matched by the hub's and the peer's public keys (across ISPs: runs as the owner). */
export async function recordPeerReadings(db: DbOrTx, readings: PeerReading[]): Promise<{ updated: number }> {
  if (!readings.length) return { updated: 0 };
  const result = await db.execute(sql`
    update ${tunnelPeers} p
    set last_handshake_at = r.handshake, rx_bytes = r.rx, tx_bytes = r.tx
    from unnest(${arrayLiteral(readings.map((r) => r.hubPublicKey))}::text::text[], ${arrayLiteral(readings.map((r) => r.publicKey))}::text::text[],
                ${arrayLiteral(readings.map((r) => r.lastHandshakeAt))}::text::timestamptz[],
                ${arrayLiteral(readings.map((r) => r.rxBytes))}::text::bigint[], ${arrayLiteral(readings.map((r) => r.txBytes))}::text::bigint[])
         as r(hub_key, peer_key, handshake, rx, tx)
    join ${tunnelHubs} h on h.public_key = r.hub_key
    where p.hub_id = h.id and p.public_key = r.peer_key
    returning p.id`);
  return { updated: rowsOf<{ id: string }>(result).length };
}

/** The hub job's run: nothing where the hub is not on this host. */
export async function refreshTunnelHealth(
  db: Db,
  read: () => Promise<string> = readWireguardDump,
): Promise<{ hubLocal: boolean; peers: number; updated: number }> {
  if (env().WIREGUARD_HUB_LOCAL !== "true") return { hubLocal: false, peers: 0, updated: 0 };
  const readings = parseWireguardDump(await read());
  return { hubLocal: true, peers: readings.length, ...(await recordPeerReadings(db, readings)) };
}

export type TunnelReading = { address: string; through: boolean; lastHandshakeAt: Date | null };

/** The router's tunnel as the hub last saw it; null when the router has none. */
export async function tunnelReading(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<TunnelReading | null> {
  const [peer] = await db
    .select({ address: tunnelPeers.address, through: tunnelPeers.connectThroughTunnel, lastHandshakeAt: tunnelPeers.lastHandshakeAt })
    .from(tunnelPeers)
    .where(and(eq(tunnelPeers.tenantId, tenantId), eq(tunnelPeers.routerId, routerId)));
  return peer ?? null;
}

/**
 * For a router reached through its tunnel that did not answer: whether the tunnel is down (no recent handshake) or
 * up (then the router's API is what does not answer). Null when the router is not reached through a tunnel.
 */
export function tunnelFailureNote(peer: TunnelReading | null, now: Date): string | null {
  if (!peer?.through) return null;
  if (!peer.lastHandshakeAt)
    return `NetSphere reaches this router through its WireGuard tunnel (${peer.address}), and the hub has had no handshake from it: paste the tunnel script on the router and check that it reaches the hub.`;
  const age = now.getTime() - peer.lastHandshakeAt.getTime();
  const ago = formatAge(age);
  return age > HANDSHAKE_STALE_MS
    ? `The router's WireGuard tunnel is down: its last handshake with the hub was ${ago} ago. Check the router's internet connection and its /interface/wireguard peer.`
    : `The router's WireGuard tunnel is up (last handshake ${ago} ago), so it is the router's API on ${peer.address} that does not answer.`;
}
