import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { routers, sites } from "@/lib/routers/schema";
import { networkLinks } from "@/lib/topology/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { interfaceHeatmap, siteHeatmap } from "./heatmap-query";

let conn: Connection;
let owner: StaffContext;
let ids: Record<string, string>;
// 01:30 on Tuesday 1 December in Manila: the heatmap covers 3 to 30 November (Manila days).
const now = new Date("2026-11-30T17:30:00Z");
const timeZone = "Asia/Manila";
/** Bytes in an hour at an average of `mbps`. */
const hourAt = (mbps: number) => (mbps * 1e6 * 3600) / 8;

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  const tenantId = owner.tenantId;
  const [north, south] = await conn.db
    .insert(sites)
    .values([
      { tenantId, name: "North" },
      { tenantId, name: "South" },
    ])
    .returning();
  const [n1, n2, s1] = await insertSimulatedRouters(conn.db, tenantId, [
    { name: "North-1", port: 1, username: "u", password: "p" },
    { name: "North-2", port: 2, username: "u", password: "p" },
    { name: "South-1", port: 3, username: "u", password: "p" },
  ]);
  for (const [router, site] of [
    [n1, north],
    [n2, north],
    [s1, south],
  ] as const)
    await conn.db.update(routers).set({ siteId: site.id }).where(eq(routers.id, router.id));
  const subs = await insertSubscriptions(conn.db, tenantId, [
    { routerId: n1.id, username: "a" },
    { routerId: n2.id, username: "b" },
    { routerId: s1.id, username: "c" },
  ]);
  await conn.db
    .insert(networkLinks)
    .values({ tenantId, aRouterId: n1.id, aInterface: "sfp1", bRouterId: s1.id, bInterface: "sfp1", source: "manual", capacityMbps: 100 });
  ids = { north: north.id, n1: n1.id, n2: n2.id };
  const point = (subjectType: "interface" | "subscription", subject: string, routerId: string, bucket: string, txMbps: number, rxMbps = 0) => ({
    tenantId,
    routerId,
    subjectType,
    subject,
    resolution: "1h" as const,
    bucket: new Date(bucket),
    txBytes: hourAt(txMbps),
    rxBytes: hourAt(rxMbps),
  });
  await conn.db.insert(trafficPoints).values([
    // Monday 30 November, 20:00 in Manila: the North site's two subscribers add up; the South one is another site.
    point("subscription", subs.get("a")!, n1.id, "2026-11-30T12:00:00Z", 30),
    point("subscription", subs.get("b")!, n2.id, "2026-11-30T12:00:00Z", 20, 1),
    point("subscription", subs.get("c")!, s1.id, "2026-11-30T12:00:00Z", 500),
    // Tuesday 1 December, 00:00 in Manila: today, not yet in the four weeks.
    point("subscription", subs.get("a")!, n1.id, "2026-11-30T16:00:00Z", 999),
    // An uplink with a 100 Mbps link on the topology, Sunday 29 November 23:00 in Manila; and a port without a link.
    point("interface", "sfp1", n1.id, "2026-11-29T15:00:00Z", 80, 10),
    point("interface", "ether5", n1.id, "2026-11-29T15:00:00Z", 8),
  ]);
});

afterAll(async () => conn?.close());

describe("heatmap reads", () => {
  it("sums a site's subscribers hour by hour, in the ISP's weekday and hour", async () => {
    const heatmap = await siteHeatmap(owner.db, { tenantId: owner.tenantId, siteId: ids.north, timeZone, now });
    const filled = heatmap.cells.flat().filter((cell) => cell.hours > 0);
    expect(filled.map((cell) => [cell.weekday, cell.hour, Math.round(cell.avgBps! / 1e6)])).toEqual([[0, 20, 50]]);
    expect(heatmap.capacityBps).toBeNull();
    expect(heatmap.range.to.toISOString()).toBe("2026-11-30T16:00:00.000Z");
  });

  it("gives an interface's utilisation as a share of its link's capacity, and bits per second without one", async () => {
    const uplink = await interfaceHeatmap(owner.db, { tenantId: owner.tenantId, routerId: ids.n1, interfaceName: "sfp1", timeZone, now });
    expect(uplink.capacityBps).toBe(100e6);
    expect(uplink.cells[6][23].percent).toBeCloseTo(80, 6);
    const port = await interfaceHeatmap(owner.db, { tenantId: owner.tenantId, routerId: ids.n1, interfaceName: "ether5", timeZone, now });
    expect(port.capacityBps).toBeNull();
    expect(port.cells[6][23].avgBps).toBeCloseTo(8e6, 3);
    expect(port.cells[6][23].percent).toBeNull();
  });

  it("finds nothing for another ISP's site or router", async () => {
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const site = await siteHeatmap(other.ctx.owner.db, { tenantId: other.tenant.id, siteId: ids.north, timeZone, now });
    expect(site.maxAvgBps).toBe(0);
    const port = await interfaceHeatmap(conn.db, { tenantId: other.tenant.id, routerId: ids.n1, interfaceName: "sfp1", timeZone, now });
    expect(port.maxAvgBps).toBe(0);
    expect(port.capacityBps).toBeNull();
  });
});
