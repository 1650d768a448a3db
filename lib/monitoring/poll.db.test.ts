import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { connectSession, kickSession } from "@/lib/routeros/simulator/sessions";
import { tick } from "@/lib/routeros/simulator/clock";
import { tableOf } from "@/lib/routeros/simulator/router-state";
import { releaseRouter } from "@/lib/routers/access";
import { routers, type Router } from "@/lib/routers/schema";
import { routerHealth, trafficPoints } from "./schema";
import { encryptSecret } from "@/lib/core/crypto";
import { insertSimulatedRouters, insertSubscriptions } from "./fixtures";
import { pollRouters } from "./jobs";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

const T0 = Date.parse("2026-03-02T08:00:05Z");
const at = (seconds: number) => () => new Date(T0 + seconds * 1000);

let conn: Connection;
let simulator: RunningSimulator;
let router: Router;
let subs: Map<string, string>;

async function points(subjectType: "interface" | "subscription", subject: string) {
  return conn.db
    .select()
    .from(trafficPoints)
    .where(
      and(
        eq(trafficPoints.routerId, router.id),
        eq(trafficPoints.subjectType, subjectType),
        eq(trafficPoints.subject, subject),
        eq(trafficPoints.resolution, "1m"),
      ),
    )
    .orderBy(trafficPoints.bucket);
}

const total = (rows: { rxBytes: number; txBytes: number }[]) =>
  rows.reduce((sum, row) => ({ rx: sum.rx + row.rxBytes, tx: sum.tx + row.txBytes }), { rx: 0, tx: 0 });
const routerRow = async () => (await conn.db.select().from(routers).where(eq(routers.id, router.id)))[0];
const poll = (seconds: number) => pollRouters(conn.db, { routerIds: [router.id], now: at(seconds) });

beforeAll(async () => {
  conn = await createTestDatabase();
  const { tenant } = await createTenantFixture(conn.db);
  simulator = await startSimulator({ port: 0, username: "netsphere", password: "router-secret" });
  seedDemoRouter(simulator.state, 1);
  [router] = await insertSimulatedRouters(conn.db, tenant.id, [
    { name: "Poll test", port: simulator.port, username: "netsphere", password: "router-secret" },
  ]);
  subs = await insertSubscriptions(
    conn.db,
    tenant.id,
    ["ACC-0001-R1", "ACC-0002-R1", "V1001"].map((username) => ({ routerId: router.id, username })),
  );
});

afterAll(async () => {
  await releaseRouter(router.id);
  await simulator?.stop();
  await conn?.close();
});

describe("poll-routers against a simulated router", () => {
  it("first poll: router online with health recorded, counters only taken as a baseline", async () => {
    expect(await poll(0)).toMatchObject({ routers: 1, online: 1, offline: 0, failed: 0 });
    const row = await routerRow();
    expect(row.status).toBe("online");
    expect(row.lastSeenAt?.getTime()).toBe(T0);
    expect(row.lastError).toBeNull();
    const health = await conn.db.select().from(routerHealth).where(eq(routerHealth.routerId, router.id));
    expect(health).toHaveLength(1);
    expect(health[0].totalMemory).toBe(1073741824);
    expect(health[0].cpuLoad).toBeGreaterThan(0);
    expect(await points("interface", "ether1")).toEqual([]);
  });

  it("second poll: bytes per interface and per subscriber (PPPoE and hotspot) for the 30 s between polls", async () => {
    tick(simulator.state, 30);
    expect(await poll(30)).toMatchObject({ online: 1 });
    // ACC-0001 moves 40 kB/s up and 600 kB/s down; on <pppoe-…> rx is the subscriber's upload.
    const acc1 = await points("subscription", subs.get("ACC-0001-R1")!);
    expect(acc1).toHaveLength(1);
    expect(acc1[0]).toMatchObject({ rxBytes: 1_200_000, txBytes: 18_000_000, rxMaxBps: 320_000, txMaxBps: 4_800_000 });
    expect(acc1[0].bucket.toISOString()).toBe("2026-03-02T08:00:00.000Z");
    expect(total(await points("subscription", subs.get("ACC-0002-R1")!))).toEqual({ rx: 3_600_000, tx: 57_000_000 });
    // The hotspot voucher V1001 runs at the simulator's default 25 kB/s up, 125 kB/s down.
    expect(total(await points("subscription", subs.get("V1001")!))).toEqual({ rx: 750_000, tx: 3_750_000 });
    // The uplink carries every PPPoE session: downloads arrive on ether1 (rx).
    expect(total(await points("interface", "ether1"))).toEqual({
      rx: (600_000 + 1_900_000 + 250_000 + 2_000) * 30,
      tx: (40_000 + 120_000 + 15_000 + 500) * 30,
    });
    // Dynamic session interfaces are charted per subscriber, not as interfaces.
    expect(await points("interface", "<pppoe-ACC-0001-R1>")).toEqual([]);
  });

  it("polling twice for the same moment, or with no traffic in between, adds nothing", async () => {
    const before = total(await points("subscription", subs.get("ACC-0001-R1")!));
    expect(await poll(30)).toMatchObject({ skipped: 1 });
    expect(await poll(31)).toMatchObject({ online: 1 });
    expect(total(await points("subscription", subs.get("ACC-0001-R1")!))).toEqual(before);
  });

  it("a counter reset counts from zero (never negative), and a reconnected session counts its new bytes", async () => {
    const ether1 = tableOf(simulator.state, "interface").find((row) => row.props.name === "ether1")!;
    const before = total(await points("interface", "ether1"));
    ether1.props["rx-byte"] = "5000";
    ether1.props["tx-byte"] = "7000";
    const active = tableOf(simulator.state, "ppp/active").find((row) => row.props.name === "ACC-0001-R1")!;
    kickSession(simulator.state, active.id);
    connectSession(simulator.state, "ACC-0001-R1", {
      callerId: "AA:BB:CC:01:00:01",
      address: "10.1.0.10",
      uploadBytesPerSecond: 1000,
      downloadBytesPerSecond: 10_000,
    });
    const acc1Before = total(await points("subscription", subs.get("ACC-0001-R1")!));
    tick(simulator.state, 20);
    expect(await poll(51)).toMatchObject({ online: 1 });
    const after = total(await points("interface", "ether1"));
    const rxAdded = after.rx - before.rx;
    // 5000 bytes after the reset plus 20 s of downloads (ACC-0001 now at 10 kB/s).
    expect(rxAdded).toBe(5000 + (10_000 + 1_900_000 + 250_000 + 2_000) * 20);
    expect(after.tx - before.tx).toBe(7000 + (1000 + 120_000 + 15_000 + 500) * 20);
    const acc1 = total(await points("subscription", subs.get("ACC-0001-R1")!));
    expect(acc1).toEqual({ rx: acc1Before.rx + 20_000, tx: acc1Before.tx + 200_000 });
  });

  it("two polls of the router at once (a worker and a late cron call) count its bytes once", async () => {
    const before = total(await points("subscription", subs.get("ACC-0002-R1")!));
    tick(simulator.state, 10);
    const [first, second] = await Promise.all([poll(61), poll(62)]);
    // Each poll either wrote or found the other one's write first; none failed.
    expect(first.online + first.skipped + second.online + second.skipped).toBe(2);
    // ACC-0002 moves 120 kB/s up and 1.9 MB/s down: 10 s of it, not 20.
    expect(total(await points("subscription", subs.get("ACC-0002-R1")!))).toEqual({ rx: before.rx + 1_200_000, tx: before.tx + 19_000_000 });
  });

  it("a trapped read leaves the router degraded with the reason, and keeps the counters it could not read", async () => {
    simulator.setFaults({ trappedCommands: { "/ip/hotspot/active/print": "action timed out - try again" } });
    const hotspotBefore = total(await points("subscription", subs.get("V1001")!));
    tick(simulator.state, 30);
    expect(await poll(81)).toMatchObject({ degraded: 1 });
    const row = await routerRow();
    expect(row.status).toBe("degraded");
    expect(row.lastError).toMatch(/could not read hotspot sessions/i);
    simulator.setFaults({ trappedCommands: {} });
    tick(simulator.state, 30);
    expect(await poll(111)).toMatchObject({ online: 1 });
    // The hotspot counter survived the failed read, so the next poll counts the full minute.
    expect(total(await points("subscription", subs.get("V1001")!))).toEqual({
      rx: hotspotBefore.rx + 25_000 * 60,
      tx: hotspotBefore.tx + 125_000 * 60,
    });
    expect((await routerRow()).lastError).toBeNull();
  });

  it("a password stored with another ENCRYPTION_SECRET fails the poll as our configuration and leaves the router's status alone", async () => {
    const before = await routerRow();
    expect(before.status).toBe("online");
    const setPassword = (passwordEncrypted: string, seconds: number) =>
      conn.db
        .update(routers)
        .set({ passwordEncrypted, updatedAt: at(seconds)() })
        .where(eq(routers.id, router.id));
    await setPassword(encryptSecret("router-secret", "a-different-encryption-secret-0123456789"), 135);
    expect(await poll(136)).toMatchObject({ failed: 1, online: 0, offline: 0 });
    const after = await routerRow();
    expect(after.status).toBe("online");
    expect(after.lastError).toBe(before.lastError);
    await setPassword(encryptSecret("router-secret"), 137);
  });

  it("a stopped router goes offline with a readable reason, keeps its last-seen time, and no rows change", async () => {
    const lastSeen = (await routerRow()).lastSeenAt;
    const before = await conn.db.select().from(trafficPoints).where(eq(trafficPoints.routerId, router.id));
    await simulator.stop();
    expect(await poll(141)).toMatchObject({ offline: 1, online: 0 });
    const row = await routerRow();
    expect(row.status).toBe("offline");
    expect(row.lastError).toMatch(/could not connect|did not answer/i);
    expect(row.lastError).not.toContain("router-secret");
    expect(row.lastSeenAt).toEqual(lastSeen);
    expect(await conn.db.select().from(trafficPoints).where(eq(trafficPoints.routerId, router.id))).toEqual(before);
  });
});

describe("poll-routers and the device a record points at", () => {
  it("identifies a device on first contact and reports one that another record already holds, instead of calling it online", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const serialNumber = `DUP${Date.now()}`;
    const first = await startSimulator({ port: 0, username: "api", password: "pw", router: { serialNumber } });
    const twin = await startSimulator({ port: 0, username: "api", password: "pw", router: { serialNumber } });
    const [a, b] = await insertSimulatedRouters(conn.db, tenant.id, [
      { name: "Original", port: first.port, username: "api", password: "pw" },
      { name: "Second record", port: twin.port, username: "api", password: "pw" },
    ]);
    try {
      await pollRouters(conn.db, { routerIds: [a.id], now: at(200) });
      await pollRouters(conn.db, { routerIds: [b.id], now: at(201) });
      const rows = await conn.db.select().from(routers).where(eq(routers.tenantId, tenant.id)).orderBy(routers.name);
      const byName = new Map(rows.map((row) => [row.name, row]));
      expect(byName.get("Original")).toMatchObject({ status: "online", deviceId: `serial:${serialNumber}`, lastError: null });
      expect(byName.get("Second record")).toMatchObject({ status: "offline", deviceId: null });
      expect(byName.get("Second record")!.lastError).toBe(
        'This router is already registered as "Original". Edit that router instead of adding it again.',
      );
    } finally {
      await Promise.all([releaseRouter(a.id), releaseRouter(b.id)]);
      await Promise.all([first.stop(), twin.stop()]);
    }
  });
});

describe("router.down and router.up", () => {
  it("are queued when a router stops answering and when it answers again, never for a poll that changes nothing", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    await addWebhookEndpoint(conn.db, tenant.id, ["router.down", "router.up"]);
    const device = { username: "api", password: "pw", router: { serialNumber: `UPDOWN${Date.now()}` } };
    let sim = await startSimulator({ port: 0, ...device });
    const port = sim.port;
    const [tower] = await insertSimulatedRouters(conn.db, tenant.id, [{ name: "Tower 9", port, username: "api", password: "pw" }]);
    const pollAt = (seconds: number) => pollRouters(conn.db, { routerIds: [tower.id], now: at(seconds) });
    try {
      await pollAt(300);
      await pollAt(330);
      expect(await queuedWebhookEvents(conn.db, tenant.id)).toEqual([]);

      await sim.stop();
      await pollAt(360);
      await pollAt(390);
      const [down] = await queuedWebhookEvents(conn.db, tenant.id);
      expect(down).toMatchObject({ type: "router.down", data: { id: tower.id, name: "Tower 9", status: "offline", previousStatus: "online", lastError: expect.any(String) } });
      expect(await queuedWebhookEvents(conn.db, tenant.id)).toHaveLength(1);

      sim = await startSimulator({ port, ...device });
      // The connection pool waits out a backoff after the failures; forget them so the next poll connects at once.
      await releaseRouter(tower.id);
      await pollAt(420);
      await pollAt(450);
      const [up] = await queuedWebhookEvents(conn.db, tenant.id, "router.up");
      expect(up.data).toMatchObject({ id: tower.id, status: "online", previousStatus: "offline", lastError: null });
      expect(await queuedWebhookEvents(conn.db, tenant.id)).toHaveLength(2);
    } finally {
      await releaseRouter(tower.id);
      await sim.stop();
    }
  });
});
