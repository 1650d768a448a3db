import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { incidents } from "@/lib/alerts/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { clock } from "@/lib/core/clock";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const statusRoute = await import("@/app/api/v1/network/status/route");

type Fixture = Awaited<ReturnType<typeof createTenantFixture>>;
let isp: Fixture;
let other: Fixture;
let key: string;

const minutesAgo = (n: number) => new Date(Math.floor((clock.ms() - n * 60_000) / 60_000) * 60_000);

async function incident(tenantId: string, routerId: string, number: number, fields: Partial<typeof incidents.$inferInsert>) {
  await conn.db.insert(incidents).values({
    tenantId,
    number,
    title: `Incident ${number}`,
    severity: "major",
    objectType: "router",
    objectKey: `router:${routerId}:${number}`,
    routerId,
    openedAt: minutesAgo(30),
    updatedAt: minutesAgo(30),
    ...fields,
  });
}

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const plan = await insertPlan(conn.db, isp.tenant.id);
  const made = [];
  for (const [name, status] of [["Core-1", "online"], ["Dist-2", "online"], ["Edge-3", "degraded"], ["Edge-4", "offline"], ["New-5", "unknown"]] as const) {
    const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "x", name });
    await conn.db.update(routers).set({ status }).where(eq(routers.id, router.id));
    made.push(router);
  }
  await incident(isp.tenant.id, made[3].id, 1, { title: "Edge-4 unreachable", severity: "critical", affectedSubscribers: 120, openedAt: minutesAgo(45) });
  await incident(isp.tenant.id, made[2].id, 2, { title: "Edge-3 CPU high", severity: "warning", status: "acknowledged" });
  await incident(isp.tenant.id, made[0].id, 3, { title: "Old outage", status: "resolved", resolvedAt: minutesAgo(5) });
  // Two subscribers with traffic in the last minutes, one of them also yesterday at this time.
  for (const username of ["juan", "maria"]) {
    const { subscription } = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: made[0].id, username });
    const buckets = username === "juan" ? [minutesAgo(1), minutesAgo(24 * 60 + 1)] : [minutesAgo(2)];
    for (const bucket of buckets)
      await conn.db.insert(trafficPoints).values({ tenantId: isp.tenant.id, routerId: made[0].id, subjectType: "subscription", subject: subscription.id, resolution: "1m", bucket, rxBytes: 1000, txBytes: 9000 });
  }
  const theirRouter = await insertRouter(conn.db, other.tenant.id, { port: 1, password: "x" });
  await incident(other.tenant.id, theirRouter.id, 1, { title: "Their outage" });
  key = (await apiKeyFor(conn.db, isp.tenant.id, ["network:read"])).key;
});
afterAll(async () => {
  await conn?.close();
});

describe("network status through the API", () => {
  it("counts routers by status, lists open incidents worst first and says how many subscribers are online", async () => {
    const status = await callApi(statusRoute.GET, { path: "/network/status", key });
    expect(status.status).toBe(200);
    expect(status.body.routers).toEqual({ total: 5, online: 2, degraded: 1, offline: 1, unknown: 1 });
    expect(status.body.openIncidents).toEqual([
      expect.objectContaining({ number: "INC-1", title: "Edge-4 unreachable", severity: "critical", status: "open", affectedSubscribers: 120, silenced: false }),
      expect.objectContaining({ number: "INC-2", title: "Edge-3 CPU high", severity: "warning", status: "acknowledged" }),
    ]);
    expect(status.body.subscribersOnline).toEqual({ now: 2, sameTimeYesterday: 1 });
    expect(Date.parse(status.body.at)).not.toBeNaN();
  });

  it("shows another ISP only its own network, and needs the network:read scope", async () => {
    const { key: theirs } = await apiKeyFor(conn.db, other.tenant.id, ["network:read"]);
    const status = await callApi(statusRoute.GET, { path: "/network/status", key: theirs });
    expect(status.body.routers.total).toBe(1);
    expect(status.body.openIncidents.map((i: { title: string }) => i.title)).toEqual(["Their outage"]);
    expect(status.body.subscribersOnline.now).toBe(0);
    const { key: routersOnly } = await apiKeyFor(conn.db, isp.tenant.id, ["routers:read"]);
    expect((await callApi(statusRoute.GET, { path: "/network/status", key: routersOnly })).status).toBe(403);
  });
});
