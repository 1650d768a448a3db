import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { routers, sites } from "@/lib/routers/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { throughputSeries, type ThroughputScope } from "./throughput";

let conn: Connection;
let owner: StaffContext;
let ids: Record<string, string>;
const now = new Date("2026-11-30T10:20:00Z");

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  const tenantId = owner.tenantId;
  const [site] = await conn.db.insert(sites).values({ tenantId, name: "North" }).returning();
  const [r1, r2] = await insertSimulatedRouters(conn.db, tenantId, [
    { name: "R1", port: 1, username: "u", password: "p" },
    { name: "R2", port: 2, username: "u", password: "p" },
  ]);
  await conn.db.update(routers).set({ siteId: site.id }).where(eq(routers.id, r1.id));
  const subs = await insertSubscriptions(conn.db, tenantId, [
    { routerId: r1.id, username: "a" },
    { routerId: r2.id, username: "b" },
  ]);
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const [otherRouter] = await insertSimulatedRouters(conn.db, other.tenant.id, [{ name: "X", port: 3, username: "u", password: "p" }]);
  ids = { site: site.id, r1: r1.id, r2: r2.id, a: subs.get("a")!, b: subs.get("b")!, otherRouter: otherRouter.id };
  const hour = (
    subjectType: "interface" | "subscription",
    subject: string,
    routerId: string,
    bucket: string,
    tx: number,
    rx: number,
    t = tenantId,
  ) => ({
    tenantId: t,
    routerId,
    subjectType,
    subject,
    resolution: "1h" as const,
    bucket: new Date(bucket),
    txBytes: tx,
    rxBytes: rx,
  });
  await conn.db.insert(trafficPoints).values([
    hour("subscription", ids.a, r1.id, "2026-11-30T09:00:00Z", 3_600_000, 360_000),
    hour("subscription", ids.b, r2.id, "2026-11-30T09:00:00Z", 1_800_000, 0),
    hour("subscription", ids.a, r1.id, "2026-11-29T09:00:00Z", 999, 999), // more than 24 hours ago
    hour("interface", "ether1", r1.id, "2026-11-30T10:00:00Z", 7_200_000, 0),
    hour("subscription", "00000000-0000-4000-8000-0000000000ff", otherRouter.id, "2026-11-30T09:00:00Z", 5e9, 5e9, other.tenant.id),
  ]);
});

afterAll(async () => conn?.close());

const series = (scope: ThroughputScope) => throughputSeries(owner.db, { tenantId: owner.tenantId, scope, span: "24h", now });
const rows = async (scope: ThroughputScope) => (await series(scope)).points.map((p) => [p.t, p.downBytes, p.upBytes, p.downBps]);

describe("throughputSeries", () => {
  it("sums the ISP's subscribers per hour over the last 24 hours, download being the router's tx", async () => {
    expect(await rows({ kind: "isp" })).toEqual([["2026-11-30T09:00:00.000Z", 5_400_000, 360_000, 12_000]]);
  });

  it("narrows to a site, a router, a plan's or one subscriber's traffic", async () => {
    expect(await rows({ kind: "site", siteId: ids.site })).toEqual([["2026-11-30T09:00:00.000Z", 3_600_000, 360_000, 8000]]);
    expect(await rows({ kind: "router", routerId: ids.r2 })).toEqual([["2026-11-30T09:00:00.000Z", 1_800_000, 0, 4000]]);
    expect(await rows({ kind: "subscriber", subscriptionId: ids.b })).toEqual([["2026-11-30T09:00:00.000Z", 1_800_000, 0, 4000]]);
    expect((await rows({ kind: "plan", planId: "00000000-0000-4000-8000-000000000000" })).length).toBe(0);
  });

  it("reads an interface as monitoring records it (tx = towards the subscribers' side)", async () => {
    expect(await rows({ kind: "interface", routerId: ids.r1, interfaceName: "ether1" })).toEqual([
      ["2026-11-30T10:00:00.000Z", 7_200_000, 0, 16_000],
    ]);
  });

  it("shows nothing of another ISP's router", async () => {
    expect(await rows({ kind: "router", routerId: ids.otherRouter })).toEqual([]);
  });
});
