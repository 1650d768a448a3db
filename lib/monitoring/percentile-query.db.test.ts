import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { insertMany } from "@/lib/db/bulk";
import type { StaffContext } from "@/lib/auth/context";
import type { Router } from "@/lib/routers/schema";
import { trafficPoints } from "./schema";
import { insertSimulatedRouters } from "./fixtures";
import { ninetyFifthPercentile, type ByteSample } from "./percentile";
import { interfacePercentiles } from "./percentile-query";
import { mergePercentileSamples, monthPercentiles } from "./percentile-months";
import { and, eq, gte, lt } from "drizzle-orm";

let conn: Connection;
let owner: StaffContext;
let routers: Router[];
let otherRouter: Router;
let otherTenantId: string;
const from = new Date("2026-11-01T00:00:00+08:00");
const to = new Date("2026-12-01T00:00:00+08:00");
const FIVE_MINUTES = 300_000;

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

/** Samples per interface: counts that exercise the index (1, 19, 20, 21, 287 …), ties, and bursts far above any port. */
const cases: { router: number; name: string; count: number; make: (i: number, r: () => number) => ByteSample }[] = [
  { router: 0, name: "ether1", count: 1, make: () => ({ rxBytes: 123_456, txBytes: 654_321 }) },
  { router: 0, name: "ether2", count: 19, make: (i) => ({ rxBytes: (i + 1) * 1000, txBytes: (19 - i) * 7 }) },
  { router: 0, name: "ether3", count: 20, make: (_, r) => ({ rxBytes: Math.floor(r() * 1e9), txBytes: Math.floor(r() * 1e9) }) },
  { router: 0, name: "sfp-sfpplus1", count: 21, make: (i) => ({ rxBytes: i % 3, txBytes: 5 }) },
  {
    router: 1,
    name: "ether1",
    count: 287,
    // A 1 Gbps uplink whose counters show 1.6 Gbps in a tenth of the samples: kept, never clamped.
    make: (i, r) => ({ rxBytes: Math.floor((i % 10 === 0 ? 1.6e9 : r() * 1e9) * 37.5), txBytes: Math.floor(r() * 3e10) }),
  },
  { router: 1, name: "vlan100", count: 600, make: (_, r) => ({ rxBytes: Math.floor(r() * 2 ** 40), txBytes: Math.floor(r() * 2 ** 20) }) },
];
const expectedSamples = (to.getTime() - from.getTime()) / FIVE_MINUTES;

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  routers = await insertSimulatedRouters(conn.db, owner.tenantId, [
    { name: "A-Core", port: 1, username: "u", password: "p" },
    { name: "B-Tower", port: 2, username: "u", password: "p" },
  ]);
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  otherTenantId = other.tenant.id;
  [otherRouter] = await insertSimulatedRouters(conn.db, otherTenantId, [{ name: "Other", port: 3, username: "u", password: "p" }]);

  const random = rng(11);
  const rows: (typeof trafficPoints.$inferInsert)[] = [];
  for (const c of cases) {
    for (let i = 0; i < c.count; i += 1) {
      const sample = c.make(i, random);
      // Spread over the month, out of order, with every other sample missing.
      const bucket = new Date(from.getTime() + ((i * 7919) % (expectedSamples / 2)) * 2 * FIVE_MINUTES);
      rows.push({
        tenantId: owner.tenantId,
        routerId: routers[c.router].id,
        subjectType: "interface",
        subject: c.name,
        resolution: "5m",
        bucket,
        ...sample,
      });
    }
  }
  const point = (bucket: Date, rxBytes: number, extra: Partial<typeof trafficPoints.$inferInsert> = {}) => ({
    tenantId: owner.tenantId,
    routerId: routers[0].id,
    subjectType: "interface" as const,
    subject: "ether1",
    resolution: "5m" as const,
    bucket,
    rxBytes,
    txBytes: rxBytes,
    ...extra,
  });
  rows.push(
    // Outside the month on either side, another resolution, a subscriber, another ISP: none of them count.
    point(new Date(from.getTime() - FIVE_MINUTES), 9e12),
    point(to, 9e12),
    point(new Date(from.getTime() + 3 * FIVE_MINUTES), 9e12, { resolution: "1m" }),
    point(new Date(from.getTime() + 3 * FIVE_MINUTES), 9e12, { subjectType: "subscription", subject: "00000000-0000-4000-8000-000000000001" }),
    point(new Date(from.getTime() + 3 * FIVE_MINUTES), 9e12, { tenantId: otherTenantId, routerId: otherRouter.id }),
  );
  await insertMany(conn.db, trafficPoints, rows);
});

afterAll(async () => conn?.close());

describe("interfacePercentiles", () => {
  it("agrees with the pure 95th percentile for every interface, sample counts and expected count included", async () => {
    const random = rng(11);
    const expected = cases.map((c) => {
      const samples = Array.from({ length: c.count }, (_, i) => c.make(i, random));
      return {
        routerId: routers[c.router].id,
        routerName: routers[c.router].name,
        interfaceName: c.name,
        percentile: ninetyFifthPercentile(samples, { expectedSamples }),
      };
    });
    // On the app's tenant-bound handle, as a page reads it.
    expect(await interfacePercentiles(owner.db, { tenantId: owner.tenantId, from, to })).toEqual(expected);
    expect(await interfacePercentiles(conn.db, { tenantId: owner.tenantId, from, to })).toEqual(expected);
  });

  it("keeps a rate above the port's speed", async () => {
    const rows = await interfacePercentiles(conn.db, { tenantId: owner.tenantId, from, to, routerId: routers[1].id });
    const uplink = rows.find((row) => row.interfaceName === "ether1")!;
    expect(uplink.percentile.rxBps).toBe(1.6e9);
  });

  it("reads one router when asked, and nothing of a router of another ISP", async () => {
    const rows = await interfacePercentiles(conn.db, { tenantId: owner.tenantId, from, to, routerId: routers[1].id });
    expect(rows.map((row) => row.interfaceName)).toEqual(["ether1", "vlan100"]);
    expect(await interfacePercentiles(conn.db, { tenantId: owner.tenantId, from, to, routerId: otherRouter.id })).toEqual([]);
    expect(await interfacePercentiles(conn.db, { tenantId: otherTenantId, from, to, routerId: routers[0].id })).toEqual([]);
  });
});

describe("monthPercentiles", () => {
  const DAY = 86_400_000;
  const month = (db = conn.db) => monthPercentiles(db, { tenantId: owner.tenantId, month: "2026-11", from, monthEnd: to, to });
  const merge = (days: number) => mergePercentileSamples(conn.db, new Date(from.getTime() + days * DAY));

  it("gives the samples' own figures from the merged month rows, merged in steps, twice at once, and after the samples expire", async () => {
    const direct = await interfacePercentiles(conn.db, { tenantId: owner.tenantId, from, to });
    expect(direct.length).toBe(cases.length);
    // Nothing merged yet: the samples themselves.
    expect(await month()).toEqual(direct);
    // A third merged, the rest read live; then two merges at once merge each sample once.
    await merge(10);
    expect(await month()).toEqual(direct);
    await Promise.all([merge(20), merge(20)]);
    expect(await month()).toEqual(direct);
    expect(await month(owner.db)).toEqual(direct);
    await merge(35);
    expect(await month()).toEqual(direct);
    // The month's samples expire (35 days); its figures stay.
    await conn.db
      .delete(trafficPoints)
      .where(and(eq(trafficPoints.resolution, "5m"), gte(trafficPoints.bucket, from), lt(trafficPoints.bucket, to)));
    expect(await month()).toEqual(direct);
    // The samples either side of the month went to their own months.
    expect(await monthPercentiles(conn.db, { tenantId: owner.tenantId, month: "2026-12", from: to, monthEnd: new Date(to.getTime() + 31 * DAY), to: new Date(to.getTime() + 31 * DAY) })).toEqual([
      expect.objectContaining({ interfaceName: "ether1", routerId: routers[0].id }),
    ]);
  });
});
