import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { clock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";
import { forgetTopologyMemory, recordTopology, type NeighborReading, type PortReading } from "./discovery";
import { networkLinks, routerNeighbors, routerPorts } from "./schema";
import { topologyGraph, unknownNeighbors } from "./queries";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const MINUTE = 60_000;
const port = (name: string, macAddress: string | null, type = "ether"): PortReading => ({
  name,
  type,
  macAddress,
  running: true,
  disabled: false,
  linkDowns: 0,
});
const neighbor = (iface: string, macAddress: string, identity: string, extra: Partial<NeighborReading> = {}): NeighborReading => ({
  interface: iface,
  macAddress,
  identity,
  address: "",
  platform: "MikroTik",
  board: "CCR2004-1G-12S+2XS",
  version: "7.19.2 (stable)",
  discoveredBy: "mndp",
  ...extra,
});

async function isp() {
  const fixture = await createTenantFixture(conn.db);
  const tenantId = fixture.tenant.id;
  const [r1, r2, r3] = await Promise.all(
    ["Core-1", "Tower-2", "Tower-3"].map((name, i) =>
      insertRouter(conn.db, tenantId, { port: 40_000 + Math.floor(Math.random() * 9_000) + i, password: "x", name }),
    ),
  );
  return { tenantId, r1, r2, r3 };
}

const linksOf = (tenantId: string) =>
  conn.db
    .select({
      a: networkLinks.aRouterId,
      aIf: networkLinks.aInterface,
      b: networkLinks.bRouterId,
      bIf: networkLinks.bInterface,
      source: networkLinks.source,
      lastSeenAt: networkLinks.lastSeenAt,
    })
    .from(networkLinks)
    .where(eq(networkLinks.tenantId, tenantId));

/** A link as "name:port – name:port", whichever way round it is stored. */
function describeLinks(rows: { a: string; aIf: string; b: string; bIf: string }[], names: Record<string, string>) {
  return rows.map((l) => [`${names[l.a]}:${l.aIf}`, `${names[l.b]}:${l.bIf}`].sort().join(" – ")).sort();
}

describe("recordTopology", () => {
  it("links two routers that see each other, once, whichever sees the other first, and lists the unknown switch", async () => {
    const { tenantId, r1, r2 } = await isp();
    const names = { [r1.id]: "Core-1", [r2.id]: "Tower-2" };
    const at = clock.now();
    await recordTopology(conn.db, {
      tenantId,
      routerId: r2.id,
      at,
      ports: [port("ether1", "4C:5E:0C:00:02:01"), port("ether2", "4C:5E:0C:00:02:02")],
      neighbors: [neighbor("ether1", "4C:5E:0C:00:01:02", "Core-1")],
    });
    // v7 names the port and its bridge; the bridge shares ether1's MAC, as RouterOS does.
    await recordTopology(conn.db, {
      tenantId,
      routerId: r1.id,
      at,
      ports: [port("ether1", "4C:5E:0C:00:01:01"), port("ether2", "4C:5E:0C:00:01:02"), port("bridge", "4C:5E:0C:00:01:01", "bridge")],
      neighbors: [
        neighbor("ether2,bridge", "4C:5E:0C:00:02:01", "Tower-2"),
        neighbor("ether1", "D4:CA:6D:AA:00:01", "SW-Core-Unmanaged", { board: "CSS326-24G-2S+" }),
      ],
    });
    await recordTopology(conn.db, {
      tenantId,
      routerId: r2.id,
      at: new Date(at.getTime() + 30_000),
      ports: [port("ether1", "4C:5E:0C:00:02:01"), port("ether2", "4C:5E:0C:00:02:02")],
      neighbors: [neighbor("ether1", "4C:5E:0C:00:01:02", "Core-1")],
    });

    expect(describeLinks(await linksOf(tenantId), names)).toEqual(["Core-1:ether2 – Tower-2:ether1"]);
    const unknown = await unknownNeighbors(conn.db, { tenantId });
    expect(unknown).toEqual([
      expect.objectContaining({ identity: "SW-Core-Unmanaged", routerName: "Core-1", interface: "ether1", board: "CSS326-24G-2S+" }),
    ]);

    const graph = await topologyGraph(conn.db, { tenantId });
    expect(graph.links).toEqual([expect.objectContaining({ source: "discovered", seen: true, utilisation: null, medium: "ethernet" })]);
    expect(graph.nodes.map((n) => n.name).sort()).toEqual(["Core-1", "Tower-2", "Tower-3"]);
  });

  it("matches by name when the MAC is not known yet, then by port once the far router's ports are", async () => {
    const { tenantId, r2, r3 } = await isp();
    const names = { [r2.id]: "Tower-2", [r3.id]: "Tower-3" };
    const at = clock.now();
    const sawTower3 = {
      tenantId,
      routerId: r2.id,
      ports: [port("ether1", "4C:5E:0C:00:12:01"), port("ether2", "4C:5E:0C:00:12:02")],
      neighbors: [neighbor("ether2", "4C:5E:0C:00:13:01", "Tower-3")],
    };
    await recordTopology(conn.db, { ...sawTower3, at });
    expect(describeLinks(await linksOf(tenantId), names)).toEqual(["Tower-2:ether2 – Tower-3:"]);

    await recordTopology(conn.db, { tenantId, routerId: r3.id, at, ports: [port("ether1", "4C:5E:0C:00:13:01")], neighbors: null });
    // Tower-2's next poll saw the same as before, but Tower-3's ports now say which port it was.
    await recordTopology(conn.db, { ...sawTower3, at: new Date(at.getTime() + 30_000) });
    expect(describeLinks(await linksOf(tenantId), names)).toEqual(["Tower-2:ether2 – Tower-3:ether1"]);
  });

  it("writes nothing while a router's ports and neighbours stay the same, refreshes them every 5 minutes, and drops a neighbour gone for 5 minutes", async () => {
    const { tenantId, r1 } = await isp();
    const at = clock.now().getTime();
    const ports = [port("ether1", "4C:5E:0C:00:21:01")];
    const both = [neighbor("ether1", "D4:CA:6D:AA:10:01", "SW-1"), neighbor("ether1", "D4:CA:6D:AA:10:02", "CPE-7")];
    const seen = async () =>
      (await conn.db.select().from(routerNeighbors).where(eq(routerNeighbors.routerId, r1.id)))
        .map((n) => `${n.identity} ${n.lastSeenAt.getTime() - at}`)
        .sort();
    const portSeen = async () =>
      (await conn.db.select().from(routerPorts).where(eq(routerPorts.routerId, r1.id))).map((p) => p.seenAt.getTime() - at);

    await recordTopology(conn.db, { tenantId, routerId: r1.id, at: new Date(at), ports, neighbors: both });
    await recordTopology(conn.db, { tenantId, routerId: r1.id, at: new Date(at + 30_000), ports, neighbors: both });
    expect(await seen()).toEqual(["CPE-7 0", "SW-1 0"]);
    expect(await portSeen()).toEqual([0]);

    // The CPE goes quiet: still listed for 5 minutes, then gone.
    const onlySwitch = [both[0]];
    await recordTopology(conn.db, { tenantId, routerId: r1.id, at: new Date(at + MINUTE), ports, neighbors: onlySwitch });
    expect(await seen()).toEqual(["CPE-7 0", `SW-1 ${MINUTE}`]);
    await recordTopology(conn.db, { tenantId, routerId: r1.id, at: new Date(at + 3 * MINUTE), ports, neighbors: onlySwitch });
    expect(await seen()).toEqual(["CPE-7 0", `SW-1 ${MINUTE}`]);
    await recordTopology(conn.db, { tenantId, routerId: r1.id, at: new Date(at + 5 * MINUTE + 30_000), ports, neighbors: onlySwitch });
    expect(await seen()).toEqual([`SW-1 ${5 * MINUTE + 30_000}`]);
    expect(await portSeen()).toEqual([5 * MINUTE + 30_000]);

    // A failed read keeps what was there.
    await recordTopology(conn.db, { tenantId, routerId: r1.id, at: new Date(at + 12 * MINUTE), ports: null, neighbors: null });
    expect(await seen()).toEqual([`SW-1 ${5 * MINUTE + 30_000}`]);
  });

  it("never matches a neighbour to another ISP's router, by MAC or by name", async () => {
    const ours = await isp();
    const theirs = await isp();
    const at = clock.now();
    forgetTopologyMemory();
    await insertRouter(conn.db, theirs.tenantId, { port: 49_999, password: "x", name: "Their-Edge" });
    // Their Tower-2 has the MAC our Core-1 hears, and they have a router named like the identity it announces.
    await recordTopology(conn.db, {
      tenantId: theirs.tenantId,
      routerId: theirs.r2.id,
      at,
      ports: [port("ether1", "4C:5E:0C:00:31:01")],
      neighbors: null,
    });
    await recordTopology(conn.db, {
      tenantId: ours.tenantId,
      routerId: ours.r1.id,
      at,
      ports: [port("ether1", "4C:5E:0C:00:30:01")],
      neighbors: [neighbor("ether1", "4C:5E:0C:00:31:01", "Their-Edge")],
    });
    expect(await linksOf(ours.tenantId)).toEqual([]);
    expect(await linksOf(theirs.tenantId)).toEqual([]);
    expect((await unknownNeighbors(conn.db, { tenantId: ours.tenantId })).map((n) => n.identity)).toEqual(["Their-Edge"]);
    expect(await unknownNeighbors(conn.db, { tenantId: theirs.tenantId })).toEqual([]);
  });
});
