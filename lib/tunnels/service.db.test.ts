import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { tunnelHubs, tunnelPeers } from "@/lib/tunnels/schema";
import { wireguardPublicKey } from "@/lib/tunnels/keys";
import {
  disableRouterTunnel,
  enableRouterTunnel,
  hubsWithPeers,
  revealTunnelScript,
  routerTunnelStatus,
  saveTunnelHub,
  setTunnelConnection,
  tunnelHostOf,
} from "@/lib/tunnels/service";
import { auditLog } from "@/lib/audit/schema";
import { decryptSecret } from "@/lib/core/crypto";

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

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
    expect(status.script?.v7).toContain('private-key="<private-key>"');
    expect(JSON.stringify(status)).not.toMatch(/privateKeyEncrypted|v1:/);

    const revealed = await revealTunnelScript(conn.db, actor, { routerId: r.id });
    const [peer] = await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, r.id));
    const key = decryptSecret(peer.privateKeyEncrypted);
    expect(wireguardPublicKey(key)).toBe(peer.publicKey);
    expect(revealed.v7).toContain(`private-key="${key}"`);
    const actions = (await conn.db.select().from(auditLog).where(eq(auditLog.tenantId, tenant.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tunnels.hub_created", "router.tunnel_enabled", "router.tunnel_key_revealed"]));

    expect(await tunnelHostOf(conn.db, { tenantId: tenant.id, routerId: r.id })).toBeNull();
    await setTunnelConnection(conn.db, actor, { routerId: r.id, connectThroughTunnel: true });
    expect(await tunnelHostOf(conn.db, { tenantId: tenant.id, routerId: r.id })).toBe("10.99.0.2");
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
    expect(await tunnelHostOf(conn.db, { tenantId: b.tenant.id, routerId: ra.id })).toBeNull();
    // Both ISPs may use the same prefix: their hubs are separate interfaces.
    const rb = await b.router();
    expect(await enableRouterTunnel(conn.db, b.actor, { routerId: rb.id })).toEqual({ address: "10.99.0.2" });
    const all = await hubsWithPeers(conn.db);
    const ofA = all.find((h) => h.hub.tenantId === a.tenant.id)!;
    expect(ofA.peers.map((p) => p.routerName)).toEqual([ra.name]);
  });
});
