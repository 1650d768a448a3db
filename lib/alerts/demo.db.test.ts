import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { routers, sites } from "@/lib/routers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { clock } from "@/lib/core/clock";
import { incidentEvents, incidents } from "./schema";
import { seedDemoIncidents } from "./demo";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("the demo's incident history", () => {
  it("is resolved, in the past, acknowledged before it was resolved, and messages nobody", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    await insertSimulatedRouters(conn.db, tenant.id, [1, 2, 3].map((n) => ({ name: `Tower-${n}`, port: 18000 + n, username: "u", password: "p" })));
    await seedDemoIncidents(conn.db, { tenantId: tenant.id });
    const rows = await conn.db.select().from(incidents).where(eq(incidents.tenantId, tenant.id)).orderBy(incidents.number);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.map((row) => row.number)).toEqual(rows.map((_, i) => i + 1));
    for (const row of rows) {
      expect(row.status).toBe("resolved");
      expect(row.resolvedAt!.getTime()).toBeLessThan(clock.ms());
      expect(row.acknowledgedAt!.getTime()).toBeGreaterThan(row.openedAt.getTime());
      expect(row.resolvedAt!.getTime()).toBeGreaterThan(row.acknowledgedAt!.getTime());
    }
    const events = await conn.db.select().from(incidentEvents).where(eq(incidentEvents.tenantId, tenant.id));
    expect(events.filter((e) => e.kind === "resolved")).toHaveLength(rows.length);
    expect(await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.tenantId, tenant.id))).toEqual([]);
  });

  it("includes a mass disconnect across a site when the routers have one, counting the site's subscribers", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const [site] = await conn.db.insert(sites).values({ tenantId: tenant.id, name: "Poblacion" }).returning();
    const rows = await insertSimulatedRouters(conn.db, tenant.id, [1, 2].map((n) => ({ name: `Tower-${n}`, port: 18100 + n, username: "u", password: "p" })));
    await conn.db.update(routers).set({ siteId: site.id }).where(eq(routers.tenantId, tenant.id));
    await insertSubscriptions(conn.db, tenant.id, [
      { routerId: rows[0].id, username: "a" },
      { routerId: rows[1].id, username: "b" },
    ]);
    await seedDemoIncidents(conn.db, { tenantId: tenant.id });
    const [siteIncident] = await conn.db.select().from(incidents).where(and(eq(incidents.tenantId, tenant.id), eq(incidents.objectType, "site")));
    expect(siteIncident).toMatchObject({ objectKey: `site:${site.id}`, siteId: site.id, routerId: null, affectedSubscribers: 2, status: "resolved" });
    expect(siteIncident.title).toMatch(/^Poblacion: PPPoE sessions across the site dropped/);
  });
});
