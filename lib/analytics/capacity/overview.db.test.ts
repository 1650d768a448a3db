import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { clock } from "@/lib/core/clock";
import { todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { networkLinks } from "@/lib/topology/schema";
import { routerHealth, trafficPoints } from "@/lib/monitoring/schema";
import { ipAssignments, ipPools, ipPrefixes } from "@/lib/ipam/schema";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { poolHeldByWeek } from "@/lib/ipam/pool-history";
import { actorOf } from "@/lib/audit/record";
import { updateCapacityThreshold } from "@/lib/tenants/service";
import { capacityOverview, HISTORY_WEEKS } from "./overview";

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const timeZone = "Asia/Manila";

let conn: Connection;
let owner: StaffContext;
let other: StaffContext;
let ids: Record<string, string>;
const now = clock.now();
// Weeks end at the ISP's last midnight, as the overview counts them.
const end = new Date(zonedInstant(todayIn(timeZone, now), 0, timeZone));
/** Bytes in an hour at an average of `mbps`. */
const hourAt = (mbps: number) => (mbps * 1e6 * 3600) / 8;

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
  const tenantId = owner.tenantId;
  const [core, edge] = await insertSimulatedRouters(conn.db, tenantId, [
    { name: "Core", port: 1, username: "u", password: "p" },
    { name: "Edge", port: 2, username: "u", password: "p" },
  ]);
  await conn.db
    .insert(networkLinks)
    .values({ tenantId, aRouterId: core.id, aInterface: "sfp1", bRouterId: edge.id, bInterface: "sfp1", source: "manual", capacityMbps: 100 });
  // The uplink: eight whole weeks, each hour at 40 Mbps + 3 Mbps per week (received), 10 Mbps sent.
  const points = [];
  for (let week = 0; week < 8; week += 1) {
    const weekStart = end.getTime() - (8 - week) * WEEK;
    for (let hour = 0; hour < 168; hour += 1) {
      points.push({
        tenantId,
        routerId: core.id,
        subjectType: "interface" as const,
        subject: "sfp1",
        resolution: "1h" as const,
        bucket: new Date(weekStart + hour * HOUR),
        rxBytes: hourAt(40 + 3 * week),
        txBytes: hourAt(10),
      });
    }
  }
  await conn.db.insert(trafficPoints).values(points);
  // Edge's CPU: four weeks of hourly readings at 20 % + 1 point a week.
  const health = [];
  for (let week = 0; week < 4; week += 1) {
    const weekStart = end.getTime() - (4 - week) * WEEK;
    for (let hour = 0; hour < 168; hour += 1) {
      health.push({
        tenantId,
        routerId: edge.id,
        at: new Date(weekStart + hour * HOUR + 60_000),
        cpuLoad: 20 + week,
        freeMemory: 1,
        totalMemory: 2,
        uptimeSeconds: 1,
      });
    }
  }
  await conn.db.insert(routerHealth).values(health);
  // A 64-address pool filling by 4 addresses a week for ten weeks; one released three weeks ago.
  const [prefix] = await conn.db.insert(ipPrefixes).values({ tenantId, prefix: "100.64.0.0/24", version: 4 }).returning();
  const [pool] = await conn.db
    .insert(ipPools)
    .values({ tenantId, prefixId: prefix.id, name: "static", range: "100.64.0.64-100.64.0.127" })
    .returning();
  const assignments = [];
  for (let i = 0; i < 40; i += 1) {
    const assignedAt = new Date(end.getTime() - (10 - Math.floor(i / 4)) * WEEK + HOUR);
    const released = i === 0;
    assignments.push({
      tenantId,
      address: `100.64.0.${64 + i}`,
      version: 4,
      poolId: pool.id,
      status: released ? ("quarantined" as const) : ("assigned" as const),
      assignedAt,
      // Released with no quarantine left: free from then on.
      releasedAt: released ? new Date(end.getTime() - 3 * WEEK + HOUR) : null,
      quarantineUntil: released ? new Date(end.getTime() - 3 * WEEK + HOUR) : null,
    });
  }
  await conn.db.insert(ipAssignments).values(assignments);
  ids = { core: core.id, edge: edge.id, pool: pool.id };
});

afterAll(async () => {
  await conn?.close();
});

describe("capacityOverview", () => {
  it("forecasts a rising link from its weekly 95th against the link's capacity", async () => {
    const { rows } = await capacityOverview(owner.db, { tenantId: owner.tenantId, timeZone, now });
    const link = rows.find((r) => r.key === `link:${ids.core}/sfp1`)!;
    expect(link.name).toBe("sfp1 on Core");
    expect(link.history.map((h) => Math.round(h.share * 100))).toEqual([40, 43, 46, 49, 52, 55, 58, 61]);
    expect(link.history.at(-1)!.weekEnd).toEqual(end);
    // 61 % rising 3 points a week: 80 % in about 6.3 weeks.
    expect(link.crossing.kind).toBe("ahead");
    const weeks = (link.crossingAt!.getTime() - end.getTime()) / WEEK;
    expect(weeks).toBeGreaterThan(5.5);
    expect(weeks).toBeLessThan(7);
  });

  it("reads a router's weekly CPU and a pool's weekly use, and sorts the soonest first", async () => {
    const { rows } = await capacityOverview(owner.db, { tenantId: owner.tenantId, timeZone, now });
    const edge = rows.find((r) => r.key === `router:${ids.edge}`)!;
    expect(edge.history.map((h) => Math.round(h.share * 100))).toEqual([20, 21, 22, 23]);
    expect(edge.crossing.kind).toBe("none");
    const core = rows.find((r) => r.key === `router:${ids.core}`)!;
    expect(core.crossing).toEqual({ kind: "too_short" });
    const pool = rows.find((r) => r.key === `pool:${ids.pool}`)!;
    expect(pool.capacityLabel).toBe("64 addresses");
    expect(pool.history).toHaveLength(HISTORY_WEEKS);
    expect(pool.history.at(-1)!.share).toBeCloseTo(39 / 64, 5);
    expect(pool.crossing.kind).toBe("ahead");
    expect(rows[0].key).toBe(`link:${ids.core}/sfp1`);
    expect(rows.at(-1)!.crossing.kind).toBe("too_short");
  });

  it("counts a released address only while it was held", async () => {
    const weeks = await poolHeldByWeek(owner.db, { tenantId: owner.tenantId, end, weeks: 5 });
    expect(weeks.map((w) => w.held)).toEqual([24, 28, 31, 35, 39]);
  });

  it("plans to the ISP's own threshold: a lower one brings the link's crossing forward, a pool still runs out when full", async () => {
    const at80 = (await capacityOverview(owner.db, { tenantId: owner.tenantId, timeZone, now })).rows;
    await updateCapacityThreshold(conn.db, actorOf(owner), { percent: 70 });
    try {
      const { rows, threshold } = await capacityOverview(owner.db, { tenantId: owner.tenantId, timeZone, now });
      expect(threshold).toBe(0.7);
      const link = rows.find((r) => r.key === `link:${ids.core}/sfp1`)!;
      expect(link.threshold).toBe(0.7);
      // 61 % rising 3 points a week: 70 % in about three weeks instead of six.
      const weeks = (link.crossingAt!.getTime() - end.getTime()) / WEEK;
      expect(weeks).toBeGreaterThan(2.5);
      expect(weeks).toBeLessThan(4);
      expect(link.crossingAt!.getTime()).toBeLessThan(at80.find((r) => r.key === link.key)!.crossingAt!.getTime());
      expect(rows.find((r) => r.key === `router:${ids.edge}`)!.threshold).toBe(0.7);
      const pool = rows.find((r) => r.key === `pool:${ids.pool}`)!;
      expect(pool.threshold).toBe(1);
      expect(pool.crossingAt).toEqual(at80.find((r) => r.key === pool.key)!.crossingAt);
    } finally {
      await updateCapacityThreshold(conn.db, actorOf(owner), { percent: 80 });
    }
  });

  it("shows another ISP nothing of this one", async () => {
    const { rows } = await capacityOverview(other.db, { tenantId: other.tenantId, timeZone, now });
    expect(rows).toEqual([]);
    expect(await poolHeldByWeek(other.db, { tenantId: other.tenantId, end, weeks: 3 })).toEqual([]);
  });
});
