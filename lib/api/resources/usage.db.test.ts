import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { evaluateQuotas } from "@/lib/quotas/evaluate";
import { GB } from "@/lib/quotas/rules";
import { clock, manualClock, setClock } from "@/lib/core/clock";
import { todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const usageRoute = await import("@/app/api/v1/subscriptions/[id]/usage/route");

const TZ = "Asia/Manila";
const MIN = 60_000;
const HOUR = 3_600_000;
let restoreClock: () => void;
let noon: Date;
let key: string;
let capped: Awaited<ReturnType<typeof insertSubscriber>>;
let unlimited: Awaited<ReturnType<typeof insertSubscriber>>;
let theirSubscriptionId: string;

beforeAll(async () => {
  // Noon on the ISP's wall clock: the last hour and the day before stay in this month's cycle.
  noon = new Date(zonedInstant(todayIn(TZ, clock.now()), 12 * 60, TZ));
  restoreClock = setClock(manualClock(noon));
  conn = await createTestDatabase();
  const isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  await conn.db.update(tenants).set({ timezone: TZ, billingAnchor: "billing_day", billingDay: 1 }).where(eq(tenants.id, isp.tenant.id));
  const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "x" });
  const capPlan = await insertPlan(conn.db, isp.tenant.id, { name: "Fiber 25 FUP", quotaBytes: 10 * GB, quotaAction: "throttle", quotaThrottleRate: "2M/2M" });
  const plainPlan = await insertPlan(conn.db, isp.tenant.id, { name: "Fiber 50" });
  capped = await insertSubscriber(conn.db, isp.tenant.id, { planId: capPlan.id, routerId: router.id, username: "capped" });
  unlimited = await insertSubscriber(conn.db, isp.tenant.id, { planId: plainPlan.id, routerId: router.id, username: "unlimited" });
  const point = (subscriptionId: string, resolution: "1m" | "1h", bucket: Date, down: number, up: number, peak = 0) =>
    conn.db.insert(trafficPoints).values({
      tenantId: isp.tenant.id,
      routerId: router.id,
      subjectType: "subscription",
      subject: subscriptionId,
      resolution,
      bucket,
      txBytes: down,
      rxBytes: up,
      txMaxBps: peak,
      rxMaxBps: peak / 10,
    });
  // Three minutes of traffic half an hour ago; two hours of the morning.
  for (const [i, down] of [6 * GB, 1.5 * GB, 0.5 * GB].entries()) await point(capped.subscription.id, "1m", new Date(noon.getTime() - (30 - i) * MIN), down, down / 10, 900_000_000);
  await point(capped.subscription.id, "1h", new Date(noon.getTime() - 3 * HOUR), 3_600_000_000, 360_000_000, 50_000_000);
  await point(capped.subscription.id, "1h", new Date(noon.getTime() - 2 * HOUR), 1_800_000_000, 180_000_000, 40_000_000);
  await evaluateQuotas(conn.db, noon, { tenantId: isp.tenant.id });

  const theirPlan = await insertPlan(conn.db, other.tenant.id);
  theirSubscriptionId = (await insertSubscriber(conn.db, other.tenant.id, { planId: theirPlan.id, routerId: (await insertRouter(conn.db, other.tenant.id, { port: 1, password: "x" })).id, username: "theirs" })).subscription.id;
  key = (await apiKeyFor(conn.db, isp.tenant.id, ["usage:read"])).key;
});
afterAll(async () => {
  restoreClock?.();
  await conn?.close();
});

const usage = (id: string, query = "", apiKey = key) => callApi(usageRoute.GET, { path: `/subscriptions/${id}/usage${query}`, params: { id }, key: apiKey });

describe("usage through the API", () => {
  it("answers minute points of the last hour with download and upload in bytes and bits per second, and their totals", async () => {
    const minutes = await usage(capped.subscription.id, "?resolution=1m");
    expect(minutes.status).toBe(200);
    expect(minutes.body).toMatchObject({ subscriptionId: capped.subscription.id, username: "capped", resolution: "1m", to: noon.toISOString(), from: new Date(noon.getTime() - HOUR).toISOString() });
    expect(minutes.body.points).toHaveLength(3);
    expect(minutes.body.points[0]).toEqual({
      at: new Date(noon.getTime() - 30 * MIN).toISOString(),
      downloadBytes: 6 * GB,
      uploadBytes: 0.6 * GB,
      downloadBps: Math.round((6 * GB * 8) / 60),
      uploadBps: Math.round((0.6 * GB * 8) / 60),
      downloadPeakBps: 900_000_000,
      uploadPeakBps: 90_000_000,
    });
    expect(minutes.body.totals).toEqual({ downloadBytes: 8 * GB, uploadBytes: 0.8 * GB, totalBytes: 8.8 * GB });
  });

  it("answers hourly points over a chosen range", async () => {
    const from = new Date(noon.getTime() - 6 * HOUR).toISOString();
    const hours = await usage(capped.subscription.id, `?resolution=1h&from=${encodeURIComponent(from)}&to=${encodeURIComponent(noon.toISOString())}`);
    expect(hours.body.points.map((p: { downloadBps: number }) => p.downloadBps)).toEqual([8_000_000, 4_000_000]);
    expect(hours.body.totals.downloadBytes).toBe(5_400_000_000);
  });

  it("gives the data cap standing this cycle when the plan has one, null otherwise", async () => {
    const standing = (await usage(capped.subscription.id)).body.dataCap;
    expect(standing).toMatchObject({
      quotaBytes: 10 * GB,
      topUpBytes: 0,
      allowanceBytes: 10 * GB,
      usedBytes: 8.8 * GB,
      downloadBytes: 8 * GB,
      uploadBytes: 0.8 * GB,
      direction: "total",
      action: "throttle",
      level: "warning",
      enforced: false,
      cappedAt: null,
    });
    expect(standing.cycleStart.slice(8)).toBe("01");
    expect(standing.warnedAt).not.toBeNull();
    const none = await usage(unlimited.subscription.id);
    expect(none.body).toMatchObject({ points: [], totals: { totalBytes: 0 }, dataCap: null });
  });

  it("limits the range (422), keeps another ISP's subscription out (404) and needs the usage:read scope", async () => {
    const threeDays = new Date(noon.getTime() - 72 * HOUR).toISOString();
    const tooLong = await usage(capped.subscription.id, `?resolution=1m&from=${encodeURIComponent(threeDays)}`);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors[0].field).toBe("from");
    const backwards = await usage(capped.subscription.id, `?from=${encodeURIComponent(noon.toISOString())}&to=${encodeURIComponent(threeDays)}`);
    expect(backwards.status).toBe(422);
    const bad = await usage(capped.subscription.id, "?resolution=5m&to=tomorrow");
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["resolution", "to"]);
    expect((await usage(theirSubscriptionId)).status).toBe(404);
    const { key: subscriptionsOnly } = await apiKeyFor(conn.db, (await createTenantFixture(conn.db)).tenant.id, ["subscriptions:write"]);
    expect((await usage(capped.subscription.id, "", subscriptionsOnly)).status).toBe(403);
  });
});
