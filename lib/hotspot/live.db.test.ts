import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { releaseRouter, withRouter } from "@/lib/routers/access";
import { readHotspot } from "@/lib/hotspot/live";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
let ids: { tenantId: string; routerId: string };

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  seedDemoRouter(sim.state, 2);
  const { tenant } = await createTenantFixture(conn.db);
  const router = await insertRouter(conn.db, tenant.id, { port: sim.port, password: "s3cret", name: "Hotspot-R2" });
  ids = { tenantId: tenant.id, routerId: router.id };
  await withRouter(conn.db, ids, (client) =>
    client.write("/ip/hotspot/user/add", { name: "K7PX9M2A", profile: "1-day", "limit-uptime": "1d", comment: "netsphere:voucher:0b7f" }),
  );
});
afterAll(async () => {
  await releaseRouter(ids.routerId);
  await sim?.stop();
  await conn?.close();
});

describe("live hotspot read", () => {
  it("lists users with their profile and counters, marks NetSphere's own, and reads profiles and sessions", async () => {
    const hotspot = await readHotspot(conn.db, ids);
    const byName = new Map(hotspot.users.map((u) => [u.name, u]));
    expect(byName.get("K7PX9M2A")).toMatchObject({ profile: "1-day", limitUptime: "1d", managed: true });
    expect(byName.get("V2001")).toMatchObject({ profile: "1-day", managed: false });
    expect(hotspot.profiles.map((p) => p.name)).toContain("1-day");
    expect(hotspot.profiles.find((p) => p.name === "1-day")).toMatchObject({ rateLimit: "2M/5M", sharedUsers: "1" });
    expect(hotspot.active.map((s) => s.name)).toEqual(["V2001"]);
  });

  it("narrows users by search and counts what matched", async () => {
    const hotspot = await readHotspot(conn.db, ids, { search: "k7px" });
    expect(hotspot.users.map((u) => u.name)).toEqual(["K7PX9M2A"]);
    expect(hotspot.matchingUsers).toBe(1);
    expect(hotspot.totalUsers).toBeGreaterThanOrEqual(3);
  });
});
