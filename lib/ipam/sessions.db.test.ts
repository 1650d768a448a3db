/*
 * Address history from the polls of a simulated router: a session, hotspot login, DHCP lease or ARP entry with an
 * address opens a row once, stays quiet while nothing changes, closes when it is gone, answers "who had it then", and
 * is checked against assignments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { insertRow, removeRows, tableOf } from "@/lib/routeros/simulator/router-state";
import { requestLease } from "@/lib/routeros/simulator/dhcp";
import { addNeighbourDevice } from "@/lib/routeros/simulator/topology";
import { subscriptions } from "@/lib/subscriptions/schema";
import { kickSession } from "@/lib/routeros/simulator/sessions";
import { releaseRouter } from "@/lib/routers/access";
import type { Router } from "@/lib/routers/schema";
import { actorOf, type TenantActor } from "@/lib/audit/record";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { pollRouters } from "@/lib/monitoring/jobs";
import { setStaticIp } from "@/lib/subscriptions/service";
import { addressSessions } from "./schema";
import { addressHistory, forgetAddressSessions } from "./sessions";
import { addressConflicts, findAddress } from "./queries";
import { createPrefix } from "./service";
import { createPool } from "./pools";

const T0 = Date.parse("2026-04-07T13:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

let conn: Connection;
let simulator: RunningSimulator;
let router: Router;
let tenantId: string;
let actor: TenantActor;
let subs: Map<string, string>;

const poll = (seconds: number) => pollRouters(conn.db, { routerIds: [router.id], now: () => at(seconds) });
const rows = () => conn.db.select().from(addressSessions).where(eq(addressSessions.tenantId, tenantId)).orderBy(addressSessions.address);

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  tenantId = fixture.tenant.id;
  actor = actorOf(fixture.ctx.owner);
  simulator = await startSimulator({ port: 0, username: "netsphere", password: "router-secret" });
  seedDemoRouter(simulator.state, 1);
  [router] = await insertSimulatedRouters(conn.db, tenantId, [
    { name: "Tower-1", port: simulator.port, username: "netsphere", password: "router-secret" },
  ]);
  subs = await insertSubscriptions(
    conn.db,
    tenantId,
    ["ACC-0001-R1", "ACC-0002-R1", "ACC-0003-R1"].map((username) => ({ routerId: router.id, username })),
  );
});

afterAll(async () => {
  await releaseRouter(router.id);
  await simulator?.stop();
  await conn?.close();
});

describe("address history from the polls", () => {
  it("opens one row per session with an address at the first poll, and writes nothing while they stay", async () => {
    await poll(0);
    const first = await rows();
    expect(first.map((r) => [r.source, r.username, r.address, r.endedAt])).toEqual([
      ["ppp", "ACC-0001-R1", "10.1.0.10", null],
      ["ppp", "ACC-0002-R1", "10.1.0.11", null],
      ["ppp", "ACC-0003-R1", "10.1.0.12", null],
      ["ppp", "ACC-0005-R1", "10.1.0.14", null],
      // The demo's hotspot voucher is logged in; its ARP entry is the same device and is not recorded twice.
      ["hotspot", "V1001", "192.168.1.20", null],
    ]);
    expect(first[0]).toMatchObject({ callerId: "AA:BB:CC:01:00:01", startedAt: at(0) });
    expect(first[4]).toMatchObject({ callerId: "DE:AD:BE:EF:01:01" });
    await poll(30);
    expect(await rows()).toEqual(first);
  });

  it("closes a session at the first poll that no longer sees it", async () => {
    const active = tableOf(simulator.state, "ppp/active").find((row) => row.props.name === "ACC-0002-R1")!;
    kickSession(simulator.state, active.id);
    await poll(60);
    const closed = (await rows()).find((r) => r.username === "ACC-0002-R1")!;
    expect(closed.endedAt).toEqual(at(60));
  });

  it("a process that starts afresh reads the open rows instead of opening them again", async () => {
    forgetAddressSessions();
    await poll(90);
    expect((await rows()).filter((r) => r.endedAt === null).map((r) => r.username)).toEqual(["ACC-0001-R1", "ACC-0003-R1", "ACC-0005-R1", "V1001"]);
  });

  it("answers who had an address at a given time, and nobody after the session ended", async () => {
    expect((await addressHistory(conn.db, { tenantId, address: "10.1.0.11", at: at(45) })).map((u) => u.username)).toEqual(["ACC-0002-R1"]);
    expect(await addressHistory(conn.db, { tenantId, address: "10.1.0.11", at: at(75) })).toEqual([]);
    const found = await findAddress(conn.db, { tenantId, address: "10.1.0.11" });
    expect(found?.uses.map((u) => [u.username, u.endedAt])).toEqual([["ACC-0002-R1", at(60)]]);
    // Another ISP asking learns nothing.
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    expect(await addressHistory(conn.db, { tenantId: other.tenant.id, address: "10.1.0.10" })).toEqual([]);
  });

  it("reports a subscriber using an address assigned to someone else, and an address outside every pool", async () => {
    await setStaticIp(conn.db, actor, { subscriptionId: subs.get("ACC-0003-R1")!, staticIp: "10.1.0.10", poolId: null });
    const prefix = await createPrefix(conn.db, actor, { prefix: "10.1.0.0/22", status: "active", siteId: null, vlan: "", description: "" });
    await createPool(conn.db, actor, {
      prefixId: prefix.id,
      name: "pppoe-pool",
      range: "10.1.0.100-10.1.0.200",
      quarantineDays: 30,
      description: "",
    });
    const conflicts = await addressConflicts(conn.db, { tenantId });
    expect(conflicts).toEqual(
      expect.arrayContaining([
        { kind: "taken", address: "10.1.0.10", usernames: ["ACC-0001-R1", "ACC-0003-R1"], seen: { source: "ppp", device: "AA:BB:CC:01:00:01" } },
        { kind: "unpooled", address: "10.1.0.12", usernames: ["ACC-0003-R1"], seen: { source: "ppp", device: "AA:BB:CC:01:00:03" } },
      ]),
    );
  });
});

describe("static-IP customers seen through DHCP leases and the ARP table", () => {
  const STATIC_MAC = "50:C7:BF:10:20:30";
  const STRANGER_MAC = "04:18:D6:AA:BB:CC";
  let staticSub: string;

  beforeAll(async () => {
    // A customer on a static plan: no PPP session, only a recorded CPE MAC and an address from the pool.
    staticSub = (await insertSubscriptions(conn.db, tenantId, [{ routerId: router.id, username: "ACC-0009-R1" }])).get("ACC-0009-R1")!;
    await conn.db.update(subscriptions).set({ macAddress: "50-c7-bf-10-20-30" }).where(eq(subscriptions.id, staticSub));
    await setStaticIp(conn.db, actor, { subscriptionId: staticSub, staticIp: "10.1.0.150", poolId: null });
  });

  const openFor = async (address: string) => (await rows()).filter((r) => r.address === address && r.endedAt === null);

  it("records a bound lease under the subscriber whose CPE MAC it is, and nothing for a lease still waiting", async () => {
    insertRow(simulator.state, "ip/dhcp-server/lease", {
      id: "*A1",
      props: {
        address: "10.1.0.151",
        "mac-address": "C8:3A:35:00:00:01",
        server: "all",
        dynamic: "false",
        status: "waiting",
        "host-name": "",
        disabled: "false",
      },
    });
    requestLease(simulator.state, { macAddress: STATIC_MAC, address: "10.1.0.150", hostName: "tplink" });
    await poll(120);
    expect((await openFor("10.1.0.150")).map((r) => [r.source, r.username, r.callerId])).toEqual([["dhcp", "ACC-0009-R1", STATIC_MAC]]);
    expect(await openFor("10.1.0.151")).toEqual([]);
    expect(await addressConflicts(conn.db, { tenantId })).not.toContainEqual(expect.objectContaining({ address: "10.1.0.150" }));
  });

  it("reports a device that is not the holder's CPE on the holder's address, and a lease outside every pool", async () => {
    // Someone else's router answers on the static customer's address (a neighbour who typed it in).
    requestLease(simulator.state, { macAddress: STRANGER_MAC, address: "10.1.0.152" });
    const lease = tableOf(simulator.state, "ip/dhcp-server/lease").find((row) => row.props["mac-address"] === STRANGER_MAC)!;
    lease.props.address = "10.1.0.150";
    removeRows(simulator.state, "ip/dhcp-server/lease", (row) => row.props["mac-address"] === STATIC_MAC);
    requestLease(simulator.state, { macAddress: "E8:CD:2D:00:00:07", address: "172.16.9.9" });
    await poll(150);
    const conflicts = await addressConflicts(conn.db, { tenantId });
    expect(conflicts).toContainEqual({
      kind: "taken",
      address: "10.1.0.150",
      usernames: ["", "ACC-0009-R1"],
      seen: { source: "dhcp", device: STRANGER_MAC },
    });
    expect(conflicts).toContainEqual({
      kind: "unpooled",
      address: "172.16.9.9",
      usernames: [],
      seen: { source: "dhcp", device: "E8:CD:2D:00:00:07" },
    });
    // The holder's own lease ended at this poll: "who had it" answers both, newest first.
    expect((await addressHistory(conn.db, { tenantId, address: "10.1.0.150" })).map((u) => [u.source, u.username, u.endedAt])).toEqual([
      ["dhcp", "", null],
      ["dhcp", "ACC-0009-R1", at(150)],
    ]);
  });

  it("judges ARP entries outside the pools only when they are a subscriber's device (a router's uplinks are not)", async () => {
    removeRows(simulator.state, "ip/dhcp-server/lease", () => true);
    // The static customer's CPE, seen only in ARP, on an address outside the pools; and the upstream gateway.
    addNeighbourDevice(simulator, "ether3", { identity: "cpe", macAddress: STATIC_MAC, address: "172.16.50.2", interfaceName: "wan" });
    addNeighbourDevice(simulator, "ether1", { identity: "upstream", macAddress: "00:0C:42:99:99:99", address: "203.0.113.1", interfaceName: "sfp1" });
    await poll(180);
    const conflicts = await addressConflicts(conn.db, { tenantId });
    expect(conflicts).toContainEqual({
      kind: "unpooled",
      address: "172.16.50.2",
      usernames: ["ACC-0009-R1"],
      seen: { source: "arp", device: STATIC_MAC },
    });
    expect(conflicts).not.toContainEqual(expect.objectContaining({ address: "203.0.113.1" }));
    expect((await openFor("203.0.113.1")).map((r) => [r.source, r.username])).toEqual([["arp", ""]]);
  });
});

describe("how often leases and ARP entries are read", () => {
  it("reads them every 5 minutes on a router where no subscription has its CPE MAC on record, and keeps the last read between", async () => {
    // Nobody's MAC is on record any more: the last read (at 180 s) stands for 5 minutes.
    await conn.db.update(subscriptions).set({ macAddress: null }).where(eq(subscriptions.tenantId, tenantId));
    removeRows(simulator.state, "ip/dhcp-server/lease", () => true);
    requestLease(simulator.state, { macAddress: "E8:CD:2D:00:00:42", address: "10.1.0.199" });
    await poll(210);
    const lease = async () => (await rows()).filter((r) => r.address === "10.1.0.199" && r.endedAt === null).map((r) => [r.source, r.callerId]);
    expect(await lease()).toEqual([]);
    // What the last read saw is still open: not closed for want of a read.
    expect((await rows()).filter((r) => r.address === "172.16.50.2" && r.endedAt === null)).toHaveLength(1);
    await poll(480);
    expect(await lease()).toEqual([["dhcp", "E8:CD:2D:00:00:42"]]);
  });
});
