import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { alertRules } from "@/lib/alerts/schema";
import { ipPools, ipPrefixes } from "@/lib/ipam/schema";
import { listAlertRules } from "@/lib/alerts/rules-service";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { tunnelHubs, tunnelPeers } from "@/lib/tunnels/schema";
import { wireguardPublicKey } from "@/lib/tunnels/keys";
import {
  applyTunnelOnRouter,
  disableRouterTunnel,
  enableRouterTunnel,
  hubsWithPeers,
  revealTunnelScript,
  routerTunnelStatus,
  saveTunnelHub,
  setTunnelConnection,
} from "@/lib/tunnels/service";
import { clientOptionsFor, loadRouter, releaseRouter } from "@/lib/routers/access";
import { startSimulator } from "@/lib/routeros/simulator/server";
import { parseWireguardDump, recordPeerReadings, tunnelFailureNote, tunnelReading } from "@/lib/tunnels/health";
import { clock } from "@/lib/core/clock";
import { auditLog } from "@/lib/audit/schema";
import { decryptSecret } from "@/lib/core/crypto";

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** The address NetSphere's next connection to the router goes to. */
const connectsTo = async (ids: { tenantId: string; routerId: string }) => clientOptionsFor(await loadRouter(conn.db, ids)).host;

async function isp(name: string, prefix = "10.99.0.0/24") {
  const { tenant } = await createTenantFixture(conn.db, { name });
  const actor = { tenantId: tenant.id, userName: "Admin" };
  await saveTunnelHub(conn.db, actor, { endpointHost: "hub.example.net", endpointPort: 51820, prefix });
  const router = () => insertRouter(conn.db, tenant.id, { port: 1, password: "x" });
  return { tenant, actor, router };
}

describe("tunnel hub and peers", () => {
  it("keeps the hub's private key encrypted and gives routers the next free addresses", async () => {
    const { tenant, actor, router } = await isp("Lipa Fiber");
    const [hub] = await conn.db.select().from(tunnelHubs).where(eq(tunnelHubs.tenantId, tenant.id));
    expect(hub.privateKeyEncrypted).not.toContain(hub.publicKey);
    expect(wireguardPublicKey(decryptSecret(hub.privateKeyEncrypted))).toBe(hub.publicKey);

    const [r1, r2] = [await router(), await router()];
    expect(await enableRouterTunnel(conn.db, actor, { routerId: r1.id })).toEqual({ address: "10.99.0.2" });
    expect(await enableRouterTunnel(conn.db, actor, { routerId: r2.id })).toEqual({ address: "10.99.0.3" });
    // Enabling twice keeps the address and the keys.
    expect(await enableRouterTunnel(conn.db, actor, { routerId: r1.id })).toEqual({ address: "10.99.0.2" });
    await disableRouterTunnel(conn.db, actor, { routerId: r1.id });
    const r3 = await router();
    expect(await enableRouterTunnel(conn.db, actor, { routerId: r3.id })).toEqual({ address: "10.99.0.2" });
  });

  it("gives an ISP whose alert rules predate the tunnel rule a tunnel-down rule with its first tunnel", async () => {
    const { tenant, actor, router } = await isp("Rosario Fiber");
    await listAlertRules(conn.db, { tenantId: tenant.id });
    await conn.db.delete(alertRules).where(and(eq(alertRules.tenantId, tenant.id), eq(alertRules.kind, "tunnel_down")));
    const kinds = async () => (await listAlertRules(conn.db, { tenantId: tenant.id })).filter((rule) => rule.kind === "tunnel_down");
    expect(await kinds()).toHaveLength(0);
    await enableRouterTunnel(conn.db, actor, { routerId: (await router()).id });
    await enableRouterTunnel(conn.db, actor, { routerId: (await router()).id });
    expect(await kinds()).toEqual([expect.objectContaining({ threshold: 3, enabled: true, severity: "critical" })]);
  });

  it("applies the router's side through the API (audited), and says what a router that does not answer leaves undone", async () => {
    const simulator = await startSimulator({ username: "api", password: "sim-pass", version: "7.19.2" });
    try {
      const { tenant, actor } = await isp("Nasugbu Fiber");
      const reachable = await insertRouter(conn.db, tenant.id, { port: simulator.port, password: "sim-pass" });
      await enableRouterTunnel(conn.db, actor, { routerId: reachable.id });
      const { changes } = await applyTunnelOnRouter(conn.db, actor, { routerId: reachable.id });
      expect(changes).toContain("/ip/address 10.99.0.2 added");
      expect((await applyTunnelOnRouter(conn.db, actor, { routerId: reachable.id })).changes).toEqual([]);
      await releaseRouter(reachable.id);
      const applied = await conn.db.select().from(auditLog).where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "router.tunnel_applied")));
      expect(applied).toHaveLength(2);
      expect(JSON.stringify(applied)).not.toContain(decryptSecret((await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, reachable.id)))[0].privateKeyEncrypted));

      const silent = await insertRouter(conn.db, tenant.id, { port: 1, password: "x" });
      await enableRouterTunnel(conn.db, actor, { routerId: silent.id });
      await expect(applyTunnelOnRouter(conn.db, actor, { routerId: silent.id })).rejects.toMatchObject({ code: "router_unreachable" });
      const notApplied = await conn.db.select().from(auditLog).where(and(eq(auditLog.entityId, silent.id), eq(auditLog.action, "router.tunnel_applied")));
      expect(notApplied).toEqual([]);
    } finally {
      await simulator.stop();
    }
  });

  it("records the tunnel prefix in IP addresses, and refuses one a subscriber pool already hands out", async () => {
    const { tenant } = await createTenantFixture(conn.db, { name: "Balayan Fiber" });
    const actor = { tenantId: tenant.id, userName: "Admin" };
    const [prefix] = await conn.db.insert(ipPrefixes).values({ tenantId: tenant.id, prefix: "10.50.0.0/16", version: 4 }).returning();
    await conn.db.insert(ipPools).values({ tenantId: tenant.id, prefixId: prefix.id, name: "pppoe-pool", range: "10.50.1.10-10.50.1.250" });
    const clash = saveTunnelHub(conn.db, actor, { endpointHost: "hub.example.net", endpointPort: 51820, prefix: "10.50.1.0/24" });
    await expect(clash).rejects.toMatchObject({ fieldErrors: { prefix: [expect.stringMatching(/overlaps the address pool pppoe-pool/)] } });
    expect(await conn.db.select().from(tunnelHubs).where(eq(tunnelHubs.tenantId, tenant.id))).toEqual([]);

    await saveTunnelHub(conn.db, actor, { endpointHost: "hub.example.net", endpointPort: 51820, prefix: "10.99.0.0/24" });
    await saveTunnelHub(conn.db, actor, { endpointHost: "hub2.example.net", endpointPort: 51820, prefix: "10.99.0.0/24" });
    const recorded = await conn.db.select().from(ipPrefixes).where(and(eq(ipPrefixes.tenantId, tenant.id), eq(ipPrefixes.prefix, "10.99.0.0/24")));
    expect(recorded).toEqual([expect.objectContaining({ status: "active", description: "WireGuard tunnels to the NetSphere hub (hub.example.net)" })]);
  });

  it("never gives two routers enabled at once the same address", async () => {
    const { actor, router } = await isp("Tanauan Wireless");
    const routers = await Promise.all([router(), router(), router(), router()]);
    const outcomes = await Promise.allSettled(routers.map((r) => enableRouterTunnel(conn.db, actor, { routerId: r.id })));
    const addresses = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.address] : []));
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses.length).toBeGreaterThan(0);
  });

  it("refuses a router when the prefix is full, and a prefix change once routers use it", async () => {
    const { actor, router } = await isp("Sto. Tomas Net", "10.99.0.0/29");
    for (let i = 0; i < 5; i++) await enableRouterTunnel(conn.db, actor, { routerId: (await router()).id });
    const sixth = await router();
    await expect(enableRouterTunnel(conn.db, actor, { routerId: sixth.id })).rejects.toThrow(
      /Every address of the tunnel prefix 10.99.0.0\/29 is taken/,
    );
    await expect(saveTunnelHub(conn.db, actor, { endpointHost: "hub.example.net", endpointPort: 51820, prefix: "10.98.0.0/24" })).rejects.toThrow(
      /cannot change/,
    );
    // The endpoint may still move.
    const moved = await saveTunnelHub(conn.db, actor, { endpointHost: "203.0.113.9", endpointPort: 51821, prefix: "10.99.0.0/29" });
    expect(moved).toMatchObject({ endpointHost: "203.0.113.9", endpointPort: 51821, hubAddress: "10.99.0.1" });
  });

  it("shows the script with the key hidden, reveals it audited, and stores the connection switch", async () => {
    const { tenant, actor, router } = await isp("Malvar Air");
    const r = await router();
    await enableRouterTunnel(conn.db, actor, { routerId: r.id });
    const status = await routerTunnelStatus(conn.db, { tenantId: tenant.id, routerId: r.id });
    expect(status.peer).toMatchObject({ address: "10.99.0.2", connectThroughTunnel: false });
    expect(status.health).toBe("The hub has not reported a handshake from this router yet.");
    expect(status.script?.v7).toContain('private-key="<private-key>"');
    expect(JSON.stringify(status)).not.toMatch(/privateKeyEncrypted|v1:/);

    const revealed = await revealTunnelScript(conn.db, actor, { routerId: r.id });
    const [peer] = await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, r.id));
    const key = decryptSecret(peer.privateKeyEncrypted);
    expect(wireguardPublicKey(key)).toBe(peer.publicKey);
    expect(revealed.v7).toContain(`private-key="${key}"`);
    const actions = (await conn.db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tunnels.hub_created", "router.tunnel_enabled", "router.tunnel_key_revealed"]));

    const ids = { tenantId: tenant.id, routerId: r.id };
    expect(await connectsTo(ids)).toBe("127.0.0.1");
    await setTunnelConnection(conn.db, actor, { routerId: r.id, connectThroughTunnel: true });
    expect(await connectsTo(ids)).toBe("10.99.0.2");
    await setTunnelConnection(conn.db, actor, { routerId: r.id, connectThroughTunnel: false });
    expect(await connectsTo(ids)).toBe("127.0.0.1");
    // Removing the tunnel of a router reached through it sends the next connection to its host again.
    await setTunnelConnection(conn.db, actor, { routerId: r.id, connectThroughTunnel: true });
    await disableRouterTunnel(conn.db, actor, { routerId: r.id });
    expect(await connectsTo(ids)).toBe("127.0.0.1");
  });

  it("keeps each ISP behind its wall", async () => {
    const a = await isp("Rosario Link");
    const b = await isp("Ibaan Wave");
    const ra = await a.router();
    await enableRouterTunnel(conn.db, a.actor, { routerId: ra.id });
    // B can neither give A's router a tunnel, see it, reveal it nor switch it.
    await expect(enableRouterTunnel(conn.db, b.actor, { routerId: ra.id })).rejects.toThrow(/not found/i);
    await expect(routerTunnelStatus(conn.db, { tenantId: b.tenant.id, routerId: ra.id })).rejects.toThrow(/not found/i);
    await expect(revealTunnelScript(conn.db, b.actor, { routerId: ra.id })).rejects.toThrow(/not found/i);
    await expect(setTunnelConnection(conn.db, b.actor, { routerId: ra.id, connectThroughTunnel: true })).rejects.toThrow(/not found/i);
    expect(await connectsTo({ tenantId: a.tenant.id, routerId: ra.id })).toBe("127.0.0.1");
    // Both ISPs may use the same prefix: their hubs are separate interfaces.
    const rb = await b.router();
    expect(await enableRouterTunnel(conn.db, b.actor, { routerId: rb.id })).toEqual({ address: "10.99.0.2" });
    const all = await hubsWithPeers(conn.db);
    const ofA = all.find((h) => h.hub.tenantId === a.tenant.id)!;
    expect(ofA.peers.map((p) => p.routerName)).toEqual([ra.name]);
  });

  it("stores what the hub's WireGuard says per peer and tells a dead tunnel from a dead router", async () => {
    const { tenant, actor, router } = await isp("Taal Air");
    const other = await isp("Lemery Net");
    const r = await router();
    const ro = await other.router();
    await enableRouterTunnel(conn.db, actor, { routerId: r.id });
    await enableRouterTunnel(conn.db, other.actor, { routerId: ro.id });
    const ids = { tenantId: tenant.id, routerId: r.id };
    const now = new Date(Math.floor(clock.ms() / 1000) * 1000);
    // Not reached through the tunnel: nothing to say about it.
    expect(tunnelFailureNote(await tunnelReading(conn.db, ids), now)).toBeNull();
    await setTunnelConnection(conn.db, actor, { routerId: r.id, connectThroughTunnel: true });
    expect(tunnelFailureNote(await tunnelReading(conn.db, ids), now)).toMatch(/no handshake from it/);

    const [hub] = await conn.db.select().from(tunnelHubs).where(eq(tunnelHubs.tenantId, tenant.id));
    const [peer] = await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, r.id));
    const [otherPeer] = await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, ro.id));
    const handshake = Math.floor(now.getTime() / 1000) - 40;
    const dump = [
      ["wg0", "private", hub.publicKey, "51820", "off"],
      ["wg0", peer.publicKey, "(none)", "192.0.2.2:39601", "10.99.0.2/32", String(handshake), "1200", "3400", "25"],
      // The other ISP's router under this hub's interface: not its peer, left alone.
      ["wg0", otherPeer.publicKey, "(none)", "192.0.2.3:40000", "10.99.0.2/32", String(handshake), "5", "5", "25"],
    ]
      .map((f) => f.join("\t"))
      .join("\n");
    expect(await recordPeerReadings(conn.db, parseWireguardDump(dump))).toEqual({ updated: 1 });
    const status = await routerTunnelStatus(conn.db, ids);
    expect(status.peer).toMatchObject({ lastHandshakeAt: new Date(handshake * 1000), rxBytes: 1200, txBytes: 3400 });
    expect(status.health).toMatch(/^Up: last handshake 4\d s ago; 1\.17 KiB received from it and 3\.32 KiB sent to it\.$/);
    const [untouched] = await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, ro.id));
    expect(untouched.lastHandshakeAt).toBeNull();

    expect(tunnelFailureNote(await tunnelReading(conn.db, ids), now)).toMatch(
      /tunnel is up \(last handshake 40 s ago\), so it is the router's API on 10\.99\.0\.2/,
    );
    const later = new Date(now.getTime() + 10 * 60_000);
    expect(tunnelFailureNote(await tunnelReading(conn.db, ids), later)).toMatch(/tunnel is down: its last handshake with the hub was 11 min ago/);
  });
});
