import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { routers, sites } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { periodRange } from "./periods";
import { topTalkers, type TopTalkersInput } from "./top-talkers";
import { refreshPeriodUsage } from "./period-usage";
import { tenants } from "@/lib/tenants/schema";

let conn: Connection;
let owner: StaffContext;
let ids: Record<string, string>;
// 01:30 on 1 December in Manila; the last 30 days there start at 2026-11-01T16:00Z.
const now = new Date("2026-11-30T17:30:00Z");
const range = periodRange({ kind: "30d" }, "Asia/Manila", now);

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  const tenantId = owner.tenantId;
  const [siteA, siteB] = await conn.db
    .insert(sites)
    .values([
      { tenantId, name: "North POP" },
      { tenantId, name: "South Tower" },
    ])
    .returning();
  const [r1, r2] = await insertSimulatedRouters(conn.db, tenantId, [
    { name: "North-1", port: 1, username: "u", password: "p" },
    { name: "South-1", port: 2, username: "u", password: "p" },
  ]);
  await conn.db.update(routers).set({ siteId: siteA.id }).where(eq(routers.id, r1.id));
  await conn.db.update(routers).set({ siteId: siteB.id }).where(eq(routers.id, r2.id));
  const planOne = await insertSubscriptions(conn.db, tenantId, [{ routerId: r1.id, username: "s1" }]);
  const planTwo = await insertSubscriptions(conn.db, tenantId, [
    { routerId: r2.id, username: "s2" },
    { routerId: r1.id, username: "s3" },
    { routerId: r1.id, username: "s4" },
  ]);
  const [s3] = await conn.db
    .select({ planId: subscriptions.planId })
    .from(subscriptions)
    .where(eq(subscriptions.id, planTwo.get("s3")!));

  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const [otherRouter] = await insertSimulatedRouters(conn.db, other.tenant.id, [{ name: "Elsewhere", port: 3, username: "u", password: "p" }]);
  const otherSubs = await insertSubscriptions(conn.db, other.tenant.id, [{ routerId: otherRouter.id, username: "big" }]);

  ids = {
    r1: r1.id,
    r2: r2.id,
    siteB: siteB.id,
    planTwo: s3.planId,
    s1: planOne.get("s1")!,
    s2: planTwo.get("s2")!,
    s3: planTwo.get("s3")!,
    otherRouter: otherRouter.id,
    otherSub: otherSubs.get("big")!,
  };
  const point = (subject: string, routerId: string, resolution: "1h" | "1d", bucket: string, txBytes: number, rxBytes: number, t = tenantId) => ({
    tenantId: t,
    routerId,
    subjectType: "subscription" as const,
    subject,
    resolution,
    bucket: new Date(bucket),
    txBytes,
    rxBytes,
  });
  await conn.db.insert(trafficPoints).values([
    // s1: a whole day inside the period from its daily row; the same day's hour is not counted twice.
    point(ids.s1, r1.id, "1d", "2026-11-10T00:00:00Z", 5000, 100),
    point(ids.s1, r1.id, "1h", "2026-11-10T05:00:00Z", 9999, 9999),
    // s2: an hour of the first (Manila) evening counts; the hour before the period and that UTC day's row do not.
    point(ids.s2, r2.id, "1h", "2026-11-01T20:00:00Z", 3000, 3000),
    point(ids.s2, r2.id, "1h", "2026-11-01T10:00:00Z", 1_000_000, 1_000_000),
    point(ids.s2, r2.id, "1d", "2026-11-01T00:00:00Z", 1_000_000, 1_000_000),
    // s3: the hour being filled now, mostly upload, and today's daily row the rollup keeps beside it.
    point(ids.s3, r1.id, "1h", "2026-11-30T17:00:00Z", 100, 8000),
    point(ids.s3, r1.id, "1d", "2026-11-30T00:00:00Z", 100, 8000),
    // Another ISP's biggest subscriber.
    point(ids.otherSub, otherRouter.id, "1d", "2026-11-10T00:00:00Z", 9e9, 9e9, other.tenant.id),
  ]);
});

afterAll(async () => conn?.close());

const talkers = (input: Partial<TopTalkersInput> = {}) =>
  topTalkers(owner.db, { tenantId: owner.tenantId, range, now, sort: "total", page: 1, ...input });
const names = async (input: Partial<TopTalkersInput> = {}) => (await talkers(input)).rows.map((row) => row.username);

describe("topTalkers", () => {
  it("ranks subscribers by total volume over the period, each with customer, plan, router and site", async () => {
    const page = await talkers();
    expect(page.rows.map((row) => [row.rank, row.username, row.downloadBytes, row.uploadBytes, row.totalBytes])).toEqual([
      [1, "s3", 100, 8000, 8100],
      [2, "s2", 3000, 3000, 6000],
      [3, "s1", 5000, 100, 5100],
    ]);
    expect(page.rows[1]).toMatchObject({ customerName: "Subscriber s2", routerName: "South-1", siteName: "South Tower", routerId: ids.r2 });
    expect(page.rows[1].planName).toMatch(/^Monitoring pppoe/);
    expect(page).toMatchObject({ subscribers: 3, totals: { downloadBytes: 8100, uploadBytes: 11_100, totalBytes: 19_200 } });
  });

  it("sorts by download or upload", async () => {
    expect(await names({ sort: "download" })).toEqual(["s1", "s2", "s3"]);
    expect(await names({ sort: "upload" })).toEqual(["s3", "s2", "s1"]);
  });

  it("narrows to a router, a site or a plan", async () => {
    expect(await names({ routerId: ids.r1 })).toEqual(["s3", "s1"]);
    expect(await names({ siteId: ids.siteB })).toEqual(["s2"]);
    expect(await names({ planId: ids.planTwo })).toEqual(["s3", "s2"]);
  });

  it("pages, numbering ranks across pages", async () => {
    const second = await talkers({ page: 2, pageSize: 2 });
    expect(second.rows.map((row) => [row.rank, row.username])).toEqual([[3, "s1"]]);
    expect(second.subscribers).toBe(3);
    expect((await talkers({ page: 3, pageSize: 2 })).rows).toEqual([]);
  });

  it("never shows another ISP's subscribers, and another ISP's router in the filter finds nothing", async () => {
    expect(await names()).not.toContain("big");
    expect(await names({ routerId: ids.otherRouter })).toEqual([]);
    // Even without the app's tenant-bound handle, the tenant filter alone keeps them apart.
    const unbound = await topTalkers(conn.db, { tenantId: owner.tenantId, range, now, sort: "total", page: 1, routerId: ids.otherRouter });
    expect(unbound.rows).toEqual([]);
  });

  it("counts today only from today's hours", async () => {
    const today = periodRange({ kind: "today" }, "Asia/Manila", now);
    expect(await names({ range: today })).toEqual(["s3"]);
  });

  it("reads the stored period sums while they are recent, with the same ranks, filters and totals, and says as of when", async () => {
    await conn.db.update(tenants).set({ timezone: "Asia/Manila" }).where(eq(tenants.id, owner.tenantId));
    const live = await talkers();
    expect(live.asOf).toBeNull();
    await refreshPeriodUsage(conn.db, now, { tenantId: owner.tenantId });
    const stored = await talkers({ period: "30d" });
    expect(stored.asOf).toEqual(now);
    expect({ ...stored, asOf: null }).toEqual(live);
    expect(await names({ period: "30d", routerId: ids.r1 })).toEqual(["s3", "s1"]);
    expect(await names({ period: "30d", siteId: ids.siteB })).toEqual(["s2"]);
    expect(await names({ period: "30d", planId: ids.planTwo })).toEqual(["s3", "s2"]);
    expect(await names({ period: "30d", sort: "download" })).toEqual(["s1", "s2", "s3"]);
    const today = periodRange({ kind: "today" }, "Asia/Manila", now);
    expect(await names({ period: "today", range: today })).toEqual(["s3"]);
    // Twenty minutes on without a refresh: the rollups again.
    const later = new Date(now.getTime() + 20 * 60_000);
    expect((await talkers({ period: "30d", now: later, range: periodRange({ kind: "30d" }, "Asia/Manila", later) })).asOf).toBeNull();
    // Another ISP's sums are never read, even unbound.
    const unbound = await topTalkers(conn.db, { tenantId: owner.tenantId, range, now, sort: "total", page: 1, period: "30d" });
    expect(unbound.rows.map((row) => row.username)).not.toContain("big");
  });
});
