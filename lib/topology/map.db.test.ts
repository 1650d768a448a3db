import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { sites, routers } from "@/lib/routers/schema";
import { customers } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { trafficCounters } from "@/lib/monitoring/schema";
import { incidents } from "@/lib/alerts/schema";
import { tickets } from "@/lib/tickets/schema";
import { clock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";
import { seedDemo } from "@/lib/db/seed";
import { tenants } from "@/lib/tenants/schema";
import { networkMapData } from "./map";
import { SUBSCRIBER_IN_OUTAGE, SUBSCRIBER_ONLINE } from "./map-values";

/** Seeding the whole demo takes 12 s idle, longer beside other CI stages. */
const SEED_TIMEOUT_MS = 120_000;
let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** An ISP with a site, two routers (one polled just now), three customers (one without coordinates), their subscriptions. */
async function isp(name: string) {
  const { tenant, ctx } = await createTenantFixture(conn.db, { name });
  const now = clock.now();
  const [site] = await conn.db
    .insert(sites)
    .values({ tenantId: tenant.id, name: `${name} POP`, latitude: 14.086, longitude: 121.149 })
    .returning();
  const routerRow = (n: number, status: "online" | "offline") => ({
    tenantId: tenant.id,
    siteId: site.id,
    name: `${name}-R${n}`,
    host: `10.${n}.0.1`,
    deviceKey: `${randomUUID()}:8728`,
    username: "api",
    passwordEncrypted: "x",
    status,
    lastSeenAt: now,
    ...(n === 2 ? { latitude: 13.956, longitude: 121.158 } : {}),
  });
  const [up, down] = await conn.db
    .insert(routers)
    .values([routerRow(1, "online"), routerRow(2, "online")])
    .returning();
  const [plan] = await conn.db
    .insert(servicePlans)
    .values({ tenantId: tenant.id, name: "Fiber 25", type: "pppoe", downloadKbps: 25_000, uploadKbps: 25_000, priceCentavos: 99_900 })
    .returning();
  const customerRow = (n: number, place: [number, number] | null) => ({
    tenantId: tenant.id,
    accountNumber: `ACC-${n}`,
    name: `${name} customer ${n}`,
    latitude: place?.[0] ?? null,
    longitude: place?.[1] ?? null,
  });
  const [near, far, nowhere] = await conn.db
    .insert(customers)
    .values([customerRow(1, [14.087, 121.15]), customerRow(2, [13.95, 121.16]), customerRow(3, null)])
    .returning();
  const sub = (customerId: string, routerId: string, username: string) => ({
    tenantId: tenant.id,
    customerId,
    planId: plan.id,
    routerId,
    username,
    passwordEncrypted: "x",
    startDate: "2026-01-01",
  });
  await conn.db
    .insert(subscriptions)
    .values([sub(near.id, up.id, `${name}-near`), sub(far.id, down.id, `${name}-far`), sub(nowhere.id, down.id, `${name}-nowhere`)]);
  // The last poll of R1 saw the near customer's PPPoE session.
  await conn.db
    .insert(trafficCounters)
    .values({ routerId: up.id, subjectType: "interface", subject: `<pppoe-${name}-near>`, rxCounter: "1", txCounter: "1", readAt: now });
  return { tenant, ctx, site, up, down, near, far, nowhere };
}

describe("networkMapData", () => {
  it("shows the ISP's own sites, routers and located subscribers with who is online, and nothing of another ISP", async () => {
    const a = await isp("Alpha");
    await isp("Bravo");
    const map = await networkMapData(a.ctx.support.db, { tenantId: a.tenant.id });
    expect(map.sites.map((s) => s[1])).toEqual(["Alpha POP"]);
    expect(map.routers.map((r) => [r[1], r[2], r[3]])).toEqual([
      ["Alpha-R1", 14.086, 121.149],
      ["Alpha-R2", 13.956, 121.158],
    ]);
    expect(map.subscribers.map((s) => [s[2], s[6]])).toEqual([
      ["ACC-1", SUBSCRIBER_ONLINE],
      ["ACC-2", 0],
    ]);
    expect(map.outages).toEqual([]);
  });

  it("marks an open incident's router and the subscribers behind it, and forgets the incident once resolved", async () => {
    const a = await isp("Charlie");
    const [incident] = await conn.db
      .insert(incidents)
      .values({
        tenantId: a.tenant.id,
        number: 1,
        title: "Charlie-R2 unreachable",
        severity: "critical",
        objectType: "router",
        objectKey: "router",
        routerId: a.down.id,
        openedAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning();
    const map = await networkMapData(a.ctx.support.db, { tenantId: a.tenant.id });
    expect(map.outages.map((o) => [o[1], o[4], o[5], o[7]])).toEqual([[1, 13.956, 121.158, 1]]);
    expect(map.subscribers.map((s) => [s[2], (s[6] & SUBSCRIBER_IN_OUTAGE) !== 0])).toEqual([
      ["ACC-1", false],
      ["ACC-2", true],
    ]);
    expect(map.routers.map((r) => [r[1], r[6]])).toEqual([
      ["Charlie-R1", 0],
      ["Charlie-R2", 1],
    ]);

    await conn.db.update(incidents).set({ status: "resolved" }).where(eq(incidents.id, incident.id));
    expect((await networkMapData(a.ctx.support.db, { tenantId: a.tenant.id })).outages).toEqual([]);
  });

  it("counts no one online behind a router that went offline, and heats the places of the last 30 days' tickets", async () => {
    const a = await isp("Delta");
    await conn.db.update(routers).set({ status: "offline" }).where(eq(routers.id, a.up.id));
    const recent = new Date(clock.ms() - 3 * 86_400_000);
    const old = new Date(clock.ms() - 45 * 86_400_000);
    await conn.db.insert(tickets).values([
      { tenantId: a.tenant.id, number: 1, customerId: a.near.id, subject: "Slow", category: "no_internet", createdAt: recent },
      { tenantId: a.tenant.id, number: 2, customerId: a.near.id, subject: "Down", category: "no_internet", createdAt: recent },
      { tenantId: a.tenant.id, number: 3, customerId: a.far.id, subject: "Old", category: "no_internet", createdAt: old },
      { tenantId: a.tenant.id, number: 4, customerId: a.nowhere.id, subject: "Nowhere", category: "no_internet", createdAt: recent },
    ]);
    const map = await networkMapData(a.ctx.support.db, { tenantId: a.tenant.id });
    expect(map.subscribers.every((s) => (s[6] & SUBSCRIBER_ONLINE) === 0)).toBe(true);
    expect(map.heat).toEqual([[14.087, 121.15, 2]]);
  });

  it("places the demo ISP's sites, routers and subscribers around its towns, each subscriber served by the router of their area", async () => {
    await seedDemo(conn.db);
    const [demo] = await conn.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
    const [router] = await conn.db.select().from(routers).where(eq(routers.tenantId, demo.id)).limit(1);
    // Numbered past the demo's own incident history.
    await conn.db.insert(incidents).values({
      tenantId: demo.id,
      number: 1000,
      title: `${router.name} unreachable`,
      severity: "critical",
      objectType: "router",
      objectKey: "router",
      routerId: router.id,
      openedAt: clock.now(),
      updatedAt: clock.now(),
    });
    const map = await networkMapData(conn.db, { tenantId: demo.id });
    expect(map.sites).toHaveLength(3);
    expect(map.routers).toHaveLength(3);
    expect(map.subscribers).toHaveLength(300);
    const [south, west] = map.bounds![0];
    const [north, east] = map.bounds![1];
    expect([south, north, west, east].map(Math.round)).toEqual([14, 14, 121, 121]);
    // One router's outage covers its own town, not the whole network.
    const [outage] = map.outages;
    expect(outage[7]).toBeGreaterThan(20);
    expect(outage[7]).toBeLessThan(250);
    expect(outage[6]).toBeLessThan(5_000);
  }, SEED_TIMEOUT_MS);
});
