/*
 * The site-wide mass-disconnect rule over stored polls: a site whose routers each lose a few subscribers opens one
 * site incident (though no router's own rule fires), lists every subscriber of the site, tells the on-call once,
 * shows as a known outage to the site's subscribers, and resolves after the recovery holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { routers, sites, type Router } from "@/lib/routers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { insertHealthReadings, insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { alertRules, incidents, maintenanceWindows } from "./schema";
import { listAlertRules } from "./rules-service";
import { evaluateSites } from "./evaluate-sites";
import { incidentSubscribers } from "./incidents";
import { openIncidentsOfCustomer } from "./customer-incidents";
import { outageForCustomer } from "./queries";

const T0 = Date.parse("2026-05-04T02:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

let conn: Connection;
let tenantId: string;
let siteId: string;
let r1: Router;
let r2: Router;
let r3: Router;
let elsewhere: Router;
let customerOnR1: string;
let customerElsewhere: string;

/** One poll of each router at `seconds`, with these PPPoE session counts. */
const readings = (seconds: number, counts: [Router, number][]) =>
  insertHealthReadings(
    conn.db,
    tenantId,
    counts.map(([router, pppoeSessions]) => ({ routerId: router.id, at: at(seconds), pppoeSessions })),
  );

const siteIncidents = () =>
  conn.db
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.objectType, "site")))
    .orderBy(incidents.number);
const messages = (event: string) =>
  conn.db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.tenantId, tenantId), sql`${notificationOutbox.event} = ${event}`));

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  tenantId = fixture.tenant.id;
  const [site, other] = await conn.db
    .insert(sites)
    .values([
      { tenantId, name: "Barangay Uno" },
      { tenantId, name: "Hilltop" },
    ])
    .returning();
  siteId = site.id;
  [r1, r2, r3, elsewhere] = await insertSimulatedRouters(
    conn.db,
    tenantId,
    ["Uno-1", "Uno-2", "Uno-3", "Hill-1"].map((name, index) => ({ name, port: 1 + index, username: "netsphere", password: "router-secret" })),
  );
  await conn.db.update(routers).set({ siteId, status: "online" }).where(sql`${routers.id} in (${r1.id}, ${r2.id}, ${r3.id})`);
  await conn.db.update(routers).set({ siteId: other.id, status: "online" }).where(eq(routers.id, elsewhere.id));
  const ids = await insertSubscriptions(conn.db, tenantId, [
    { routerId: r1.id, username: "uno-a" },
    { routerId: r1.id, username: "uno-b" },
    { routerId: r2.id, username: "uno-c" },
    { routerId: elsewhere.id, username: "hill-a" },
  ]);
  const owners = await conn.db.select({ id: subscriptions.id, customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId));
  customerOnR1 = owners.find((row) => row.id === ids.get("uno-a"))!.customerId;
  customerElsewhere = owners.find((row) => row.id === ids.get("hill-a"))!.customerId;
  await listAlertRules(conn.db, { tenantId });
});

afterAll(async () => {
  await conn?.close();
});

describe("a site losing subscribers behind routers that still answer", () => {
  it("is a default rule every ISP has", async () => {
    const rules = await conn.db.select().from(alertRules).where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.kind, "site_sessions_drop")));
    expect(rules).toMatchObject([{ enabled: true, threshold: 25, minCount: 20, severity: "critical" }]);
  });

  it("stays quiet while the loss is small, and a router that stopped answering is not a loss", async () => {
    await readings(0, [[r1, 30], [r2, 30], [r3, 40], [elsewhere, 50]]);
    expect(await evaluateSites(conn.db, at(10))).toMatchObject({ transitions: 0, failed: 0 });
    await readings(30, [[r1, 22], [r2, 22], [r3, 40], [elsewhere, 50]]);
    await conn.db.update(routers).set({ status: "offline" }).where(eq(routers.id, r3.id));
    expect(await evaluateSites(conn.db, at(40))).toMatchObject({ transitions: 0 });
    expect(await siteIncidents()).toEqual([]);
  });

  it("opens one site incident when the site as a whole loses 25 % and 20 sessions, and tells the on-call once", async () => {
    await readings(60, [[r1, 20], [r2, 19], [elsewhere, 50]]);
    expect(await evaluateSites(conn.db, at(70))).toMatchObject({ transitions: 1 });
    await readings(90, [[r1, 20], [r2, 19], [elsewhere, 50]]);
    expect(await evaluateSites(conn.db, at(100))).toMatchObject({ transitions: 0 });
    const [incident] = await siteIncidents();
    expect(incident).toMatchObject({
      status: "open",
      severity: "critical",
      title: "Barangay Uno: PPPoE sessions across the site dropped to 39",
      objectKey: `site:${siteId}`,
      siteId,
      routerId: null,
      // Every active subscription on the site's routers, the one on the router that stopped answering too.
      affectedSubscribers: 3,
    });
    expect(await messages("incident_opened")).toHaveLength(1);
    const behind = await incidentSubscribers(conn.db, incident);
    expect(behind.map((row) => [row.username, row.routerName])).toEqual([
      ["uno-a", "Uno-1"],
      ["uno-b", "Uno-1"],
      ["uno-c", "Uno-2"],
    ]);
  });

  it("is a known outage for the site's subscribers and for nobody else's", async () => {
    expect(await openIncidentsOfCustomer(conn.db, { tenantId, customerId: customerOnR1 })).toHaveLength(1);
    expect(await outageForCustomer(conn.db, { tenantId, customerId: customerOnR1 })).toEqual({ since: at(70) });
    expect(await openIncidentsOfCustomer(conn.db, { tenantId, customerId: customerElsewhere })).toEqual([]);
    expect(await outageForCustomer(conn.db, { tenantId, customerId: customerElsewhere })).toBeNull();
  });

  it("resolves once the sessions are back for the clear delay, with one recovery message", async () => {
    await readings(120, [[r1, 29], [r2, 28], [elsewhere, 50]]);
    await evaluateSites(conn.db, at(130));
    expect((await siteIncidents())[0].status).toBe("open");
    await readings(240, [[r1, 29], [r2, 28], [elsewhere, 50]]);
    expect(await evaluateSites(conn.db, at(250))).toMatchObject({ transitions: 1 });
    const [incident] = await siteIncidents();
    expect(incident).toMatchObject({ status: "resolved", resolvedAt: at(250) });
    expect(await messages("incident_resolved")).toHaveLength(1);
  });

  it("ignores readings too old to be now", async () => {
    // No poll for ten minutes: the last counts are stale, so nothing is judged and nothing opens.
    expect(await evaluateSites(conn.db, at(900))).toMatchObject({ transitions: 0 });
    expect((await siteIncidents()).filter((row) => row.status !== "resolved")).toEqual([]);
  });

  it("inside a maintenance window for the site, opens silenced and tells nobody", async () => {
    await conn.db.insert(maintenanceWindows).values({ tenantId, siteId, startsAt: at(1000), endsAt: at(4000), reason: "Fibre splice on the feeder" });
    const told = (await messages("incident_opened")).length;
    await readings(1000, [[r1, 30], [r2, 30]]);
    await evaluateSites(conn.db, at(1010));
    await readings(1030, [[r1, 2], [r2, 3]]);
    await evaluateSites(conn.db, at(1040));
    const open = (await siteIncidents()).filter((row) => row.status !== "resolved");
    expect(open).toMatchObject([{ silenced: true }]);
    expect(await messages("incident_opened")).toHaveLength(told);
  });

  it("another ISP's evaluation never touches this ISP's sites", async () => {
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    await listAlertRules(conn.db, { tenantId: other.tenant.id });
    const before = await siteIncidents();
    await evaluateSites(conn.db, at(1070));
    expect((await siteIncidents()).map((row) => row.id)).toEqual(before.map((row) => row.id));
    expect(await other.ctx.owner.db.select().from(incidents)).toEqual([]);
  });
});
