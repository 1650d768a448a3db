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

  it("keeps 5-minute rows at least 35 days, and drops a day once all of it has expired", async () => {
    const day = 86_400_000;
    for (const [subject, age] of [
      ["ether1", 36 * day],
      ["ether2", 35 * day + 60_000],
      ["ether3", 35 * day - 60 * 60_000],
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
    await rollUpTraffic(conn.db, now);
    // 35 days + 1 minute old, but its UTC day is not wholly past 35 days yet.
    expect((await rowsAt("5m")).map((r) => r.bucket.getTime())).toEqual([now.getTime() - 35 * day - 60_000, now.getTime() - 35 * day + 60 * 60_000]);
  });

  it("drops expired minutes, hours, days and health with their partitions, keeping each at least its retention", async () => {
    const day = 86_400_000;
    await rollUpTraffic(conn.db, now);
    const point = (resolution: "1m" | "1h" | "1d", bucket: Date) => ({
      tenantId,
      routerId: router.id,
      subjectType: "interface" as const,
      subject: "ether2",
      resolution,
      bucket,
      rxBytes: 1,
      txBytes: 1,
    });
    await conn.db.insert(trafficPoints).values([point("1m", minutesAgo(60)), point("1m", minutesAgo(60 * 47)), point("1h", minutesAgo(60)), point("1d", minutesAgo(60))]);
    const health = (at: Date) => ({ tenantId, routerId: router.id, at, cpuLoad: 5, freeMemory: 500, totalMemory: 1000, uptimeSeconds: 60 });
    await conn.db.insert(routerHealth).values([health(minutesAgo(60)), health(minutesAgo(5))]);
    const later = (days: number) => new Date(now.getTime() + days * day);
    await rollUpTraffic(conn.db, now);
    expect((await rowsAt("1m")).length).toBe(2);
    // A day on, the minutes of Feb 28 are all past two days: that day's partition goes.
    await rollUpTraffic(conn.db, later(1));
    expect((await rowsAt("1m")).map((r) => r.bucket)).toEqual([minutesAgo(60)]);
    // Two days on, the minute an hour old then is 49 hours old, but its day is not wholly past two days; a day later it is.
    await rollUpTraffic(conn.db, later(2));
    expect((await rowsAt("1m")).length).toBe(1);
    const { dropped } = await rollUpTraffic(conn.db, later(3));
    expect(dropped).toBeGreaterThan(0);
    expect(await rowsAt("1m")).toEqual([]);
    expect((await rowsAt("1h")).length).toBeGreaterThan(0);
    await rollUpTraffic(conn.db, later(32));
    expect(await conn.db.select().from(routerHealth)).toEqual([]);
    expect((await rowsAt("1h")).length).toBeGreaterThan(0);
    await rollUpTraffic(conn.db, later(123));
    expect(await rowsAt("1h")).toEqual([]);
    expect((await rowsAt("1d")).length).toBeGreaterThan(0);
    await rollUpTraffic(conn.db, later(2 * 366 + 365));
    expect(await rowsAt("1d")).toEqual([]);
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
