import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { Router } from "@/lib/routers/schema";
import { routerHealth, trafficPoints } from "./schema";
import { insertSimulatedRouters } from "./fixtures";
import { rollUpTraffic } from "./rollup";
import { routerHealthSeries, trafficHistory } from "./queries";

let conn: Connection;
let router: Router;
let tenantId: string;
const now = new Date("2026-03-02T10:20:00Z");
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

async function addMinute(bucket: Date, rx: number, tx: number, subject = "ether1", subjectType: "interface" | "subscription" = "interface") {
  await conn.db.insert(trafficPoints).values({
    tenantId,
    routerId: router.id,
    subjectType,
    subject,
    resolution: "1m",
    bucket,
    rxBytes: rx,
    txBytes: tx,
    rxMaxBps: Math.round((rx * 8) / 30),
    txMaxBps: Math.round((tx * 8) / 30),
  });
}

const rowsAt = (resolution: "1m" | "5m" | "1h" | "1d") =>
  conn.db
    .select({ bucket: trafficPoints.bucket, rx: trafficPoints.rxBytes, tx: trafficPoints.txBytes, rxMax: trafficPoints.rxMaxBps })
    .from(trafficPoints)
    .where(and(eq(trafficPoints.routerId, router.id), eq(trafficPoints.resolution, resolution)))
    .orderBy(trafficPoints.bucket);

beforeAll(async () => {
  conn = await createTestDatabase();
  const { tenant } = await createTenantFixture(conn.db);
  tenantId = tenant.id;
  [router] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "Rollup test", port: 1, username: "u", password: "p" }]);
});

beforeEach(async () => {
  await conn.db.delete(trafficPoints);
  await conn.db.delete(routerHealth);
});

afterAll(async () => conn?.close());

describe("traffic rollups", () => {
  it("sums minutes into hours and hours into days, keeping each bucket's peak", async () => {
    await addMinute(new Date("2026-03-02T09:05:00Z"), 1000, 5000);
    await addMinute(new Date("2026-03-02T09:59:00Z"), 3000, 1000);
    await addMinute(new Date("2026-03-02T10:01:00Z"), 600, 600);
    await rollUpTraffic(conn.db, now);
    expect(await rowsAt("1h")).toEqual([
      { bucket: new Date("2026-03-02T09:00:00Z"), rx: 4000, tx: 6000, rxMax: 800 },
      { bucket: new Date("2026-03-02T10:00:00Z"), rx: 600, tx: 600, rxMax: 160 },
    ]);
    expect(await rowsAt("1d")).toEqual([{ bucket: new Date("2026-03-02T00:00:00Z"), rx: 4600, tx: 6600, rxMax: 800 }]);
  });

  it("gives the same rows when run twice, and takes in minutes that arrived late", async () => {
    await addMinute(minutesAgo(15), 1000, 2000);
    await rollUpTraffic(conn.db, now);
    await rollUpTraffic(conn.db, now);
    expect((await rowsAt("1h")).map((r) => r.rx)).toEqual([1000]);
    expect((await rowsAt("1d")).map((r) => r.rx)).toEqual([1000]);
    await addMinute(minutesAgo(5), 500, 0);
    await rollUpTraffic(conn.db, now);
    expect((await rowsAt("1h")).map((r) => r.rx)).toEqual([1500]);
    expect((await rowsAt("1d")).map((r) => r.rx)).toEqual([1500]);
  });

  it("sums an interface's minutes into 5-minute buckets, not a subscriber's", async () => {
    await addMinute(new Date("2026-03-02T10:00:00Z"), 100, 10);
    await addMinute(new Date("2026-03-02T10:04:00Z"), 200, 20);
    await addMinute(new Date("2026-03-02T10:05:00Z"), 400, 40);
    await addMinute(new Date("2026-03-02T10:04:00Z"), 999, 999, "8d0c5a3e-0000-4000-8000-000000000001", "subscription");
    await rollUpTraffic(conn.db, now);
    expect((await rowsAt("5m")).map((r) => [r.bucket.toISOString(), r.rx, r.tx])).toEqual([
      ["2026-03-02T10:00:00.000Z", 300, 30],
      ["2026-03-02T10:05:00.000Z", 400, 40],
    ]);
    // The subscriber still gets its hour (beside the interface's).
    expect((await rowsAt("1h")).map((r) => r.rx).sort((a, b) => a - b)).toEqual([700, 999]);
  });

  it("replaces whole 5-minute buckets: the same rows when run twice, a late minute joins its bucket", async () => {
    await addMinute(minutesAgo(19), 1000, 1); // 10:01
    await rollUpTraffic(conn.db, now);
    await rollUpTraffic(conn.db, now);
    expect((await rowsAt("5m")).map((r) => [r.bucket.toISOString(), r.rx])).toEqual([["2026-03-02T10:00:00.000Z", 1000]]);
    await addMinute(minutesAgo(17), 500, 1); // 10:03, arrived after the first run
    await rollUpTraffic(conn.db, now);
    expect((await rowsAt("5m")).map((r) => [r.bucket.toISOString(), r.rx, r.tx])).toEqual([["2026-03-02T10:00:00.000Z", 1500, 2]]);
  });

  it("keeps 5-minute rows for 35 days", async () => {
    const day = 86_400_000;
    for (const [subject, age] of [
      ["ether1", 35 * day + 60_000],
      ["ether2", 35 * day - 60 * 60_000],
    ] as const) {
      await conn.db.insert(trafficPoints).values({
        tenantId,
        routerId: router.id,
        subjectType: "interface",
        subject,
        resolution: "5m",
        bucket: new Date(now.getTime() - age),
        rxBytes: 1,
        txBytes: 1,
      });
    }
    const { deleted } = await rollUpTraffic(conn.db, now);
    expect(deleted).toBe(1);
    expect((await rowsAt("5m")).map((r) => r.bucket.getTime())).toEqual([now.getTime() - 35 * day + 60 * 60_000]);
  });

  it("deletes rows past their retention: minutes after 2 days, hours after 90, days after 2 years, health after 30", async () => {
    const day = 86_400_000;
    const old = (ms: number) => new Date(now.getTime() - ms - 60_000);
    await addMinute(old(2 * day), 1, 1);
    await addMinute(minutesAgo(60 * 47), 2, 2);
    for (const [resolution, age] of [
      ["1h", 90 * day],
      ["1d", 730 * day],
    ] as const) {
      await conn.db
        .insert(trafficPoints)
        .values({ tenantId, routerId: router.id, subjectType: "interface", subject: "ether2", resolution, bucket: old(age), rxBytes: 1, txBytes: 1 });
    }
    const health = (at: Date) => ({ tenantId, routerId: router.id, at, cpuLoad: 5, freeMemory: 500, totalMemory: 1000, uptimeSeconds: 60 });
    await conn.db.insert(routerHealth).values([health(old(30 * day)), health(minutesAgo(5))]);
    const { deleted } = await rollUpTraffic(conn.db, now);
    expect(deleted).toBe(4);
    expect((await rowsAt("1m")).map((r) => r.rx)).toEqual([2]);
    expect(await conn.db.select().from(routerHealth)).toHaveLength(1);
    expect((await rowsAt("1d")).every((r) => r.bucket.getTime() > now.getTime() - 730 * day)).toBe(true);
  });
});

describe("traffic and health reads", () => {
  it("returns a subject's points oldest first with average and peak rates, for its tenant only", async () => {
    await addMinute(minutesAgo(2), 7_500_000, 750_000);
    await addMinute(minutesAgo(1), 0, 0);
    await addMinute(minutesAgo(1), 999, 999, "ether2");
    const input = {
      routerId: router.id,
      resolution: "1m" as const,
      from: minutesAgo(60),
      to: now,
      subjectType: "interface" as const,
      subject: "ether1",
    };
    const points = await trafficHistory(conn.db, { tenantId, ...input });
    expect(points.map((p) => [p.t, p.rxBps, p.txBps])).toEqual([
      [minutesAgo(2).toISOString(), 1_000_000, 100_000],
      [minutesAgo(1).toISOString(), 0, 0],
    ]);
    expect(points[0].rxMaxBps).toBe(2_000_000);
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    expect(await trafficHistory(conn.db, { tenantId: other.tenant.id, ...input })).toEqual([]);
  });

  it("averages health samples into time slots with memory in use as a percentage", async () => {
    const sample = (at: Date, cpuLoad: number, freeMemory: number) => ({
      tenantId,
      routerId: router.id,
      at,
      cpuLoad,
      freeMemory,
      totalMemory: 1000,
      uptimeSeconds: 100,
    });
    await conn.db.insert(routerHealth).values([sample(new Date("2026-03-02T10:00:00Z"), 10, 800), sample(new Date("2026-03-02T10:00:30Z"), 30, 600)]);
    const series = await routerHealthSeries(conn.db, { tenantId, routerId: router.id, from: minutesAgo(60), to: now, buckets: 60 });
    expect(series).toEqual([{ t: "2026-03-02T10:00:00.000Z", cpuLoad: 20, memoryUsedPercent: 30, uptimeSeconds: 100 }]);
  });
});
