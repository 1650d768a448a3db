/*
 * Alerting end to end against a simulated router: the poller reads it, the rules judge it, incidents open
 * and resolve, and the on-call hears once per incident, not once per poll.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { setInterfaceLink } from "@/lib/routeros/simulator/topology";
import { setHealth } from "@/lib/routeros/simulator/health";
import { tableOf } from "@/lib/routeros/simulator/router-state";
import { connectSession } from "@/lib/routeros/simulator/sessions";
import { releaseRouter } from "@/lib/routers/access";
import type { Router } from "@/lib/routers/schema";
import { customers } from "@/lib/customers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { pollRouters } from "@/lib/monitoring/jobs";
import { actorOf } from "@/lib/audit/record";
import type { StaffContext } from "@/lib/auth/context";
import { alertRules, incidentEvents, incidents, maintenanceWindows } from "./schema";
import { forgetCachedRules, listAlertRules } from "./rules-service";
import { forgetRouterMemory } from "./evaluate";
import { acknowledgeIncident, escalateIncidents, incidentSubscribers, sendOutageMessage } from "./incidents";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

const T0 = Date.parse("2026-03-02T08:00:05Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

let conn: Connection;
let simulator: RunningSimulator;
let router: Router;
let tenantId: string;
let owner: StaffContext;
let clockSeconds = 0;

async function poll(seconds: number) {
  clockSeconds = seconds;
  return pollRouters(conn.db, { routerIds: [router.id], now: () => at(seconds) });
}

/** Power back on; the connection pool forgets its backoff, as it would once the backoff ran out. */
async function powerOn() {
  await simulator.comeBack();
  await releaseRouter(router.id);
}

const incidentRows = () => conn.db.select().from(incidents).where(eq(incidents.tenantId, tenantId)).orderBy(incidents.number);
const messages = (event: string) =>
  conn.db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.tenantId, tenantId), sql`${notificationOutbox.event} = ${event}`));

async function setRule(kind: string, values: Partial<typeof alertRules.$inferInsert>) {
  await conn.db
    .update(alertRules)
    .set(values)
    .where(and(eq(alertRules.tenantId, tenantId), sql`${alertRules.kind} = ${kind}`));
  forgetCachedRules(tenantId);
}

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  tenantId = fixture.tenant.id;
  owner = fixture.ctx.owner;
  simulator = await startSimulator({ port: 0, username: "netsphere", password: "router-secret" });
  seedDemoRouter(simulator.state, 1);
  [router] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "Tower-1", port: simulator.port, username: "netsphere", password: "router-secret" }]);
  await insertSubscriptions(
    conn.db,
    tenantId,
    ["ACC-0001-R1", "ACC-0002-R1", "ACC-0003-R1", "ACC-0004-R1"].map((username) => ({ routerId: router.id, username })),
  );
  await conn.db.update(customers).set({ email: sql`lower(replace(${customers.accountNumber}, ' ', '')) || '@example.test'` }).where(eq(customers.tenantId, tenantId));
  await listAlertRules(conn.db, { tenantId });
  await addWebhookEndpoint(conn.db, tenantId, ["incident.opened", "incident.resolved"]);
});

afterAll(async () => {
  await releaseRouter(router.id);
  await simulator?.stop();
  await conn?.close();
});

beforeEach(() => {
  forgetCachedRules();
});

describe("a router that stops answering", () => {
  it("opens one incident after the rule's delay, tells the on-call once, and lists the subscribers behind it", async () => {
    await poll(0);
    await poll(30);
    expect(await incidentRows()).toEqual([]);
    await simulator.goDown();
    await poll(60); // unreachable: pending (the default rule waits 60 s)
    expect(await incidentRows()).toEqual([]);
    await poll(90);
    expect(await incidentRows()).toEqual([]);
    await poll(120); // held for 60 s: fires
    const [incident] = await incidentRows();
    expect(incident).toMatchObject({ status: "open", severity: "critical", title: "Tower-1 unreachable", objectType: "router", affectedSubscribers: 4 });
    // Three of the four had a PPPoE session at the last good poll (ACC-0004's CPE is off in the demo).
    expect(incident.onlineBefore).toBe(3);
    expect(await messages("incident_opened")).toHaveLength(1);
    await poll(150);
    await poll(180);
    expect(await incidentRows()).toHaveLength(1);
    expect(await messages("incident_opened")).toHaveLength(1);
    const opened = await queuedWebhookEvents(conn.db, tenantId, "incident.opened");
    expect(opened).toHaveLength(1);
    expect(opened[0].data).toMatchObject({
      id: incident.id,
      number: "INC-1",
      title: "Tower-1 unreachable",
      severity: "critical",
      status: "open",
      objectType: "router",
      routerId: router.id,
      affectedSubscribers: 4,
      onlineBefore: 3,
      openedAt: incident.openedAt.toISOString(),
      resolvedAt: null,
    });
    const behind = await incidentSubscribers(conn.db, incident);
    expect(behind.map((s) => s.username)).toEqual(["ACC-0001-R1", "ACC-0002-R1", "ACC-0003-R1", "ACC-0004-R1"]);
    expect(behind.filter((s) => s.onlineNow)).toEqual([]);
  });

  it("escalates once when nobody acknowledges in time", async () => {
    const [incident] = await incidentRows();
    expect(await escalateIncidents(conn.db, new Date(incident.openedAt.getTime() + 10 * 60_000))).toMatchObject({ escalated: 0 });
    expect(await escalateIncidents(conn.db, new Date(incident.openedAt.getTime() + 16 * 60_000))).toMatchObject({ escalated: 1 });
    expect(await escalateIncidents(conn.db, new Date(incident.openedAt.getTime() + 30 * 60_000))).toMatchObject({ escalated: 0 });
    expect(await messages("incident_escalated")).toHaveLength(1);
  });

  it("sends the outage notice once to the subscribers behind it", async () => {
    const [incident] = await incidentRows();
    const sent = await sendOutageMessage(conn.db, actorOf(owner), { incidentId: incident.id, area: "Tower-1", note: "Power cut at the tower.", allClear: false });
    expect(sent.queued).toBe(4);
    await expect(sendOutageMessage(conn.db, actorOf(owner), { incidentId: incident.id, area: "Tower-1", note: "", allClear: false })).rejects.toThrow(/already sent/);
    expect(await messages("outage_notice")).toHaveLength(4);
  });

  it("resolves when the router answers again for the clear delay, with one recovery message", async () => {
    await powerOn();
    await poll(210); // answering: recovering
    expect((await incidentRows())[0].status).toBe("open");
    await poll(240);
    expect((await incidentRows())[0].status).toBe("open");
    await poll(270); // answered for 60 s: clears
    const [incident] = await incidentRows();
    expect(incident.status).toBe("resolved");
    expect(incident.resolvedAt?.toISOString()).toBe(at(270).toISOString());
    expect(await messages("incident_resolved")).toHaveLength(1);
    const resolvedEvents = await queuedWebhookEvents(conn.db, tenantId, "incident.resolved");
    expect(resolvedEvents.map((event) => event.data)).toEqual([expect.objectContaining({ id: incident.id, status: "resolved", resolvedAt: at(270).toISOString() })]);
    const kinds = (await conn.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, incident.id)).orderBy(incidentEvents.at)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["opened", "notified", "escalated", "outage_notice", "cleared", "resolved"]));
    const allClear = await sendOutageMessage(conn.db, actorOf(owner), { incidentId: incident.id, area: "Tower-1", note: "", allClear: true });
    expect(allClear.queued).toBe(4);
  });
});

describe("flapping and joining", () => {
  it("a router that keeps dropping is one incident marked flapping, with one message", async () => {
    const before = (await messages("incident_opened")).length;
    // Down 30 s, up 30 s, repeatedly: each outage is shorter than the 60 s delay.
    for (let i = 0; i < 8; i += 1) {
      if (i % 2 === 0) await simulator.goDown();
      else await powerOn();
      await poll(300 + i * 30);
    }
    const open = (await incidentRows()).filter((row) => row.status !== "resolved");
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ flapping: true });
    expect((await messages("incident_opened")).length - before).toBe(1);
    await powerOn();
  });

  it("a hot router joins the incident already open for it instead of opening another", async () => {
    const [open] = (await incidentRows()).filter((row) => row.status !== "resolved");
    await setRule("temperature_high", { fireAfterSeconds: 0 });
    setHealth(simulator, { temperature: 88 });
    await poll(600);
    const rows = (await incidentRows()).filter((row) => row.status !== "resolved");
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(open.id);
    expect(rows[0].firingRuleIds).toHaveLength(2);
    setHealth(simulator, { temperature: 45 });
    // Acknowledge so the test's later steps start from a calm router.
    await acknowledgeIncident(conn.db, actorOf(owner), { incidentId: open.id });
    await conn.db.update(incidents).set({ status: "resolved" }).where(eq(incidents.id, open.id));
    await conn.db.execute(sql`delete from alert_object_states where router_id = ${router.id}`);
    forgetRouterMemory(router.id);
  });
});

describe("interfaces and sessions", () => {
  it("an access port going down opens an interface incident and a mass-disconnect incident on the router", async () => {
    // The subscribers dial back in after the outages above (this simulator has no auto-dialling CPEs).
    for (const [n, name] of ["ACC-0001-R1", "ACC-0002-R1", "ACC-0003-R1"].entries()) {
      connectSession(simulator.state, name, { callerId: `AA:BB:CC:01:00:0${n + 1}`, address: `10.1.0.${n + 10}`, uploadBytesPerSecond: 1000, downloadBytesPerSecond: 5000 });
    }
    expect(tableOf(simulator.state, "ppp/active")).toHaveLength(3);
    await setRule("sessions_drop", { minCount: 2, threshold: 50 });
    await setRule("interface_down", { fireAfterSeconds: 0 });
    await poll(900);
    await poll(930);
    const before = new Set((await incidentRows()).map((row) => row.id));
    setInterfaceLink(simulator, "ether3", false);
    await poll(960);
    const opened = (await incidentRows()).filter((row) => !before.has(row.id));
    expect(opened.map((row) => row.title).sort()).toEqual(["Tower-1 ether3 down", "Tower-1: PPPoE sessions dropped to 0"]);
    expect(opened.find((row) => row.objectType === "interface")?.objectKey).toBe(`interface:${router.id}:ether3`);
    setInterfaceLink(simulator, "ether3", true);
  });

  it("a port never seen up does not alert", async () => {
    const titles = (await incidentRows()).map((row) => row.title);
    expect(titles.filter((title) => /ether[4-9]/.test(title))).toEqual([]);
  });
});

describe("maintenance windows", () => {
  it("an outage inside a window opens a silenced incident and tells nobody", async () => {
    await conn.db.execute(sql`update incidents set status = 'resolved' where tenant_id = ${tenantId}`);
    await conn.db.execute(sql`delete from alert_object_states where router_id = ${router.id}`);
    forgetRouterMemory(router.id);
    await conn.db.insert(maintenanceWindows).values({ tenantId, routerId: router.id, startsAt: at(1000), endsAt: at(5000), reason: "Replacing the tower's UPS" });
    const before = (await messages("incident_opened")).length;
    await poll(1100);
    await simulator.goDown();
    await poll(1130);
    await poll(1200);
    const [open] = (await incidentRows()).filter((row) => row.status !== "resolved");
    expect(open).toMatchObject({ silenced: true, title: "Tower-1 unreachable" });
    expect((await messages("incident_opened")).length).toBe(before);
    // Still down when the window ends: now the on-call hears.
    expect(await escalateIncidents(conn.db, at(5100))).toMatchObject({ unsilenced: 1 });
    expect((await messages("incident_opened")).length).toBe(before + 1);
    await powerOn();
  });
});

describe("tenant isolation", () => {
  it("another ISP sees none of these incidents through its bound handle", async () => {
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const seen = await other.ctx.owner.db.select().from(incidents);
    expect(seen).toEqual([]);
    const mine = await owner.db.select({ id: incidents.id }).from(incidents).where(inArray(incidents.status, ["open", "acknowledged", "resolved"]));
    expect(mine.length).toBeGreaterThan(0);
    expect(clockSeconds).toBeGreaterThan(0);
  });
});
