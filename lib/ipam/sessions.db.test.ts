/*
 * Address history from the polls of a simulated router: a session with an address opens a row once, stays quiet
 * while nothing changes, closes when it is gone, answers "who had it then", and is checked against assignments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { tableOf } from "@/lib/routeros/simulator/router-state";
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
  [router] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "Tower-1", port: simulator.port, username: "netsphere", password: "router-secret" }]);
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
    expect(first.map((r) => [r.username, r.address, r.endedAt])).toEqual([
      ["ACC-0001-R1", "10.1.0.10", null],
      ["ACC-0002-R1", "10.1.0.11", null],
      ["ACC-0003-R1", "10.1.0.12", null],
      ["ACC-0005-R1", "10.1.0.14", null],
    ]);
    expect(first[0]).toMatchObject({ callerId: "AA:BB:CC:01:00:01", startedAt: at(0) });
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
    expect((await rows()).filter((r) => r.endedAt === null).map((r) => r.username)).toEqual(["ACC-0001-R1", "ACC-0003-R1", "ACC-0005-R1"]);
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
    await createPool(conn.db, actor, { prefixId: prefix.id, name: "pppoe-pool", range: "10.1.0.100-10.1.0.200", quarantineDays: 30, description: "" });
    const conflicts = await addressConflicts(conn.db, { tenantId });
    expect(conflicts).toEqual(
      expect.arrayContaining([
        { kind: "taken", address: "10.1.0.10", usernames: ["ACC-0001-R1", "ACC-0003-R1"] },
        { kind: "unpooled", address: "10.1.0.12", usernames: ["ACC-0003-R1"] },
      ]),
    );
  });
});
