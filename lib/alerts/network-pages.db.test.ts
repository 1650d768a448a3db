/*
 * What staff do on the network pages: incidents acknowledged, assigned, commented on and resolved, outage notices
 * and all-clears, rules and maintenance windows; the lists, the live summary, the monthly report and the portal's
 * outage notice, each kept to its ISP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import type { Connection } from "@/lib/db/connect";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { clock, manualClock, withClock } from "@/lib/core/clock";
import { customers } from "@/lib/customers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { sites } from "@/lib/routers/schema";
import { alertRules, incidents, maintenanceWindows, type AlertRule } from "./schema";
import { listAlertRules } from "./rules-service";
import { ruleFired } from "./incidents";
import { getIncidentDetail, incidentStreamSummary, listIncidents, outageForCustomer } from "./queries";
import { monthlyIncidentReport } from "./reports";
import {
  acknowledgeIncidentAction,
  assignIncidentAction,
  commentOnIncidentAction,
  resolveIncidentAction,
  sendAllClearAction,
  sendOutageNoticeAction,
} from "./actions/incidents";
import {
  createAlertRuleAction,
  createMaintenanceWindowAction,
  endMaintenanceWindowAction,
  setAlertRuleEnabledAction,
  updateAlertRuleAction,
} from "./actions/rules";

let conn: Connection;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;
let unreachable: AlertRule;
let towerA: { id: string; name: string };
let towerB: { id: string; name: string };
let subscriberA: { customerId: string };
let subscriberB: { customerId: string };

const fire = (tenantId: string, router: { id: string; name: string }, rule: AlertRule, at = clock.now()) =>
  ruleFired(conn.db, {
    tenantId,
    routerId: router.id,
    routerName: router.name,
    siteId: null,
    rule,
    objectType: "router",
    label: "",
    value: null,
    flapping: false,
    at,
  });

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => "accepted",
    (error: unknown) => (error instanceof AppError ? error.code : `crashed: ${String(error)}`),
  );

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createTenantFixture(conn.db, { name: "Our ISP" });
  b = await createTenantFixture(conn.db, { name: "Their ISP" });
  const planA = await insertPlan(conn.db, a.tenant.id);
  const planB = await insertPlan(conn.db, b.tenant.id);
  towerA = await insertRouter(conn.db, a.tenant.id, { port: 1, password: "x", name: "Tower-2" });
  towerB = await insertRouter(conn.db, b.tenant.id, { port: 2, password: "x", name: "Their tower" });
  const first = await insertSubscriber(conn.db, a.tenant.id, { planId: planA.id, routerId: towerA.id, username: "juan" });
  await insertSubscriber(conn.db, a.tenant.id, { planId: planA.id, routerId: towerA.id, username: "maria" });
  const theirs = await insertSubscriber(conn.db, b.tenant.id, { planId: planB.id, routerId: towerB.id, username: "pedro" });
  subscriberA = { customerId: first.customer.id };
  subscriberB = { customerId: theirs.customer.id };
  await conn.db.update(customers).set({ email: sql`lower(replace(${customers.name}, ' ', '.')) || '@example.test'` });
  unreachable = (await listAlertRules(conn.db, { tenantId: a.tenant.id })).find((rule) => rule.kind === "router_unreachable")!;
  await listAlertRules(conn.db, { tenantId: b.tenant.id });
});
afterAll(async () => conn?.close());

describe("incident actions", () => {
  it("a technician acknowledges, assigns, comments and resolves; each step lands on the timeline with who did it", async () => {
    const { incidentId } = await fire(a.tenant.id, towerA, unreachable);
    const tech = a.ctx.technician;
    await executeAction(acknowledgeIncidentAction.definition, tech, { incidentId });
    await executeAction(assignIncidentAction.definition, tech, { incidentId, userId: a.ctx.support.userId });
    await executeAction(commentOnIncidentAction.definition, tech, { incidentId, body: "Fibre cut near the bridge; crew on the way." });
    let detail = (await getIncidentDetail(a.ctx.technician.db, { tenantId: a.tenant.id, incidentId }))!;
    expect(detail.incident.status).toBe("acknowledged");
    expect(detail.incident.acknowledgedBy).toBe(tech.userId);
    expect(detail.incident.assignedTo).toBe(a.ctx.support.userId);
    expect(detail.routerName).toBe("Tower-2");
    expect(detail.events.map((e) => [e.kind, e.actorName])).toEqual(
      expect.arrayContaining([
        ["opened", null],
        ["acknowledged", "technician user"],
        ["assigned", "technician user"],
        ["comment", "technician user"],
      ]),
    );
    await executeAction(assignIncidentAction.definition, tech, { incidentId, userId: "" });
    await executeAction(resolveIncidentAction.definition, tech, { incidentId, note: "Spliced." });
    detail = (await getIncidentDetail(a.ctx.owner.db, { tenantId: a.tenant.id, incidentId }))!;
    expect(detail.incident.status).toBe("resolved");
    expect(detail.incident.assignedTo).toBeNull();
    expect(detail.events.at(-1)).toMatchObject({ kind: "resolved", body: "Spliced." });
  });

  it("billing staff see the network but cannot manage incidents", async () => {
    const { incidentId } = await fire(a.tenant.id, towerA, unreachable);
    expect(await refusal(executeAction(acknowledgeIncidentAction.definition, a.ctx.billing, { incidentId }))).toBe("forbidden");
    expect(await refusal(executeAction(commentOnIncidentAction.definition, a.ctx.billing, { incidentId, body: "hi" }))).toBe("forbidden");
    await executeAction(resolveIncidentAction.definition, a.ctx.owner, { incidentId, note: "" });
  });

  it("another ISP's incident reads as not found, and their staff cannot be assigned", async () => {
    const theirs = await fire(
      b.tenant.id,
      towerB,
      (await listAlertRules(conn.db, { tenantId: b.tenant.id })).find((r) => r.kind === "router_unreachable")!,
    );
    expect(await refusal(executeAction(acknowledgeIncidentAction.definition, a.ctx.owner, { incidentId: theirs.incidentId }))).toBe("not_found");
    expect(await getIncidentDetail(a.ctx.owner.db, { tenantId: a.tenant.id, incidentId: theirs.incidentId })).toBeNull();
    const ours = await fire(a.tenant.id, towerA, unreachable);
    expect(
      await refusal(executeAction(assignIncidentAction.definition, a.ctx.owner, { incidentId: ours.incidentId, userId: b.ctx.technician.userId })),
    ).toBe("validation");
    const [row] = await conn.db.select().from(incidents).where(eq(incidents.id, ours.incidentId));
    expect(row.assignedTo).toBeNull();
    await executeAction(resolveIncidentAction.definition, a.ctx.owner, { incidentId: ours.incidentId, note: "" });
    await conn.db.update(incidents).set({ status: "resolved" }).where(eq(incidents.tenantId, b.tenant.id));
  });

  it("the outage notice goes once to each subscriber behind the router, then the all-clear", async () => {
    const { incidentId } = await fire(a.tenant.id, towerA, unreachable);
    const sent = await executeAction(sendOutageNoticeAction.definition, a.ctx.support, { incidentId, area: "Tower-2", note: "Crew on site." });
    expect(sent.queued).toBeGreaterThanOrEqual(2);
    const outbox = () =>
      conn.db
        .select({ event: notificationOutbox.event, customerId: notificationOutbox.customerId })
        .from(notificationOutbox)
        .where(and(eq(notificationOutbox.tenantId, a.tenant.id), sql`${notificationOutbox.event} in ('outage_notice', 'outage_all_clear')`));
    expect(new Set((await outbox()).map((m) => m.customerId)).size).toBe(2);
    expect(await refusal(executeAction(sendOutageNoticeAction.definition, a.ctx.support, { incidentId, area: "Tower-2", note: "" }))).toBe(
      "conflict",
    );
    await executeAction(resolveIncidentAction.definition, a.ctx.support, { incidentId, note: "Back." });
    await executeAction(sendAllClearAction.definition, a.ctx.support, { incidentId, area: "Tower-2", note: "" });
    expect((await outbox()).filter((m) => m.event === "outage_all_clear")).toHaveLength(2);
  });
});

describe("reads for the pages", () => {
  it("lists by status, newest first, with the router's name; another ISP's incidents never show", async () => {
    const open = await fire(a.tenant.id, towerA, unreachable);
    const tenantId = a.tenant.id;
    const unresolved = await listIncidents(a.ctx.owner.db, { tenantId, filter: { status: "unresolved", page: 1 } });
    expect(unresolved.rows.map((r) => r.id)).toEqual([open.incidentId]);
    expect(unresolved.rows[0]).toMatchObject({ routerName: "Tower-2", status: "open", affectedSubscribers: 2 });
    const all = await listIncidents(a.ctx.owner.db, { tenantId, filter: { status: "all", page: 1 } });
    expect(all.rows.length).toBeGreaterThan(3);
    expect(all.rows.every((r) => r.routerName === "Tower-2")).toBe(true);
    const paged = await listIncidents(a.ctx.owner.db, { tenantId, filter: { status: "all", page: 1 }, pageSize: 2 });
    expect(paged).toMatchObject({ hasMore: true });
    expect(
      (await listIncidents(a.ctx.owner.db, { tenantId, filter: { status: "resolved", page: 1 } })).rows.every((r) => r.status === "resolved"),
    ).toBe(true);

    const summary = await incidentStreamSummary(a.ctx.owner.db, { tenantId });
    expect(summary).toMatchObject({ open: 1, bySeverity: { critical: 1, major: 0 } });
    expect(summary.newest[0]).toMatchObject({ id: open.incidentId, title: "Tower-2 unreachable", severity: "critical" });
    expect((await incidentStreamSummary(b.ctx.owner.db, { tenantId: b.tenant.id })).open).toBe(0);
  });

  it("the portal tells a subscriber behind the router of a known outage while it lasts, not when silenced, and nobody else", async () => {
    const [open] = (await listIncidents(a.ctx.owner.db, { tenantId: a.tenant.id, filter: { status: "unresolved", page: 1 } })).rows;
    const outage = await outageForCustomer(a.ctx.owner.db, { tenantId: a.tenant.id, ...subscriberA });
    expect(outage?.since.getTime()).toBe(open.openedAt.getTime());
    expect(await outageForCustomer(b.ctx.owner.db, { tenantId: b.tenant.id, ...subscriberB })).toBeNull();
    expect(await outageForCustomer(a.ctx.owner.db, { tenantId: a.tenant.id, customerId: subscriberB.customerId })).toBeNull();
    await conn.db.update(incidents).set({ silenced: true }).where(eq(incidents.id, open.id));
    expect(await outageForCustomer(a.ctx.owner.db, { tenantId: a.tenant.id, ...subscriberA })).toBeNull();
    await conn.db.update(incidents).set({ silenced: false }).where(eq(incidents.id, open.id));
    await executeAction(resolveIncidentAction.definition, a.ctx.owner, { incidentId: open.id, note: "" });
    expect(await outageForCustomer(a.ctx.owner.db, { tenantId: a.tenant.id, ...subscriberA })).toBeNull();
  });
});

describe("monthly incident report", () => {
  it("counts by severity and averages minutes to acknowledge and resolve per month of the ISP's calendar", async () => {
    const fixture = await createTenantFixture(conn.db, { name: "Report ISP" });
    const tenantId = fixture.tenant.id;
    const router = await insertRouter(conn.db, tenantId, { port: 3, password: "x", name: "Hub" });
    const rules = await listAlertRules(conn.db, { tenantId });
    const critical = rules.find((r) => r.kind === "router_unreachable")!;
    const minor = rules.find((r) => r.kind === "cpu_high")!;
    const handle = fixture.ctx.owner;
    // 1 April 01:00 in Manila is still 31 March in UTC: it belongs to April.
    const openedApril = new Date("2026-03-31T17:00:00Z");
    await withClock(manualClock(openedApril), async () => {
      const { incidentId } = await fire(tenantId, router, critical, openedApril);
      await withClock(manualClock("2026-03-31T17:10:00Z"), () => executeAction(acknowledgeIncidentAction.definition, handle, { incidentId }));
      await withClock(manualClock("2026-03-31T18:00:00Z"), () => executeAction(resolveIncidentAction.definition, handle, { incidentId, note: "" }));
    });
    const openedLater = new Date("2026-04-10T02:00:00Z");
    await withClock(manualClock(openedLater), async () => {
      const cpu = await ruleFired(conn.db, {
        tenantId,
        routerId: router.id,
        routerName: "Hub",
        siteId: null,
        rule: minor,
        objectType: "router",
        label: "",
        value: 95,
        flapping: false,
        at: openedLater,
      });
      await withClock(manualClock("2026-04-10T02:30:00Z"), () =>
        executeAction(acknowledgeIncidentAction.definition, handle, { incidentId: cpu.incidentId }),
      );
    });
    // The report's months end at the clock's month: read on April 20, as the incidents above were made in March and April.
    const reportOn = <T>(read: () => Promise<T>) => withClock(manualClock("2026-04-20T00:00:00Z"), read);
    const report = await reportOn(() => monthlyIncidentReport(handle.db, { tenantId, timeZone: "Asia/Manila", months: 3 }));
    expect(report.map((m) => m.month)).toEqual(["2026-04", "2026-03", "2026-02"]);
    expect(report[0]).toMatchObject({
      count: 2,
      bySeverity: { critical: 1, major: 0, minor: 1, warning: 0 },
      acknowledged: 2,
      mttaMinutes: 20,
      resolved: 1,
      mttrMinutes: 60,
    });
    expect(report[1]).toMatchObject({ count: 0, mttaMinutes: null, mttrMinutes: null });
    // In UTC the first incident would fall in March.
    const utc = await reportOn(() => monthlyIncidentReport(handle.db, { tenantId, timeZone: "UTC", months: 2 }));
    expect(utc.map((m) => m.count)).toEqual([1, 1]);
    expect(
      (await reportOn(() => monthlyIncidentReport(a.ctx.owner.db, { tenantId: a.tenant.id, timeZone: "Asia/Manila", months: 1 })))[0].count,
    ).toBe(0);
  });
});

describe("alert rules and maintenance windows", () => {
  const ruleInput = (overrides: Record<string, unknown> = {}) => ({
    kind: "cpu_high",
    name: "Core CPU above 80%",
    enabled: true,
    severity: "major",
    threshold: "80",
    minCount: "",
    windowMinutes: "15",
    fireAfterSeconds: "120",
    clearAfterSeconds: "120",
    flapChanges: "0",
    routerId: "",
    siteId: "",
    notifyRole: "technician",
    notifyUserIds: [],
    notifyRecovery: true,
    escalateAfterMinutes: "",
    escalateRole: "",
    escalateUserIds: [],
    ...overrides,
  });

  it("admins add, edit and disable rules for their own routers; other ISPs' routers and staff are refused", async () => {
    const created = await executeAction(createAlertRuleAction.definition, a.ctx.admin, ruleInput({ routerId: towerA.id }));
    const [row] = await conn.db.select().from(alertRules).where(eq(alertRules.id, created.id));
    expect(row).toMatchObject({ threshold: 80, windowSeconds: 900, routerId: towerA.id, notifyRole: "technician" });
    await executeAction(updateAlertRuleAction.definition, a.ctx.admin, {
      ruleId: created.id,
      rule: ruleInput({ threshold: "85", routerId: towerA.id }),
    });
    await executeAction(setAlertRuleEnabledAction.definition, a.ctx.admin, { ruleId: created.id, enabled: false });
    const [after] = await conn.db.select().from(alertRules).where(eq(alertRules.id, created.id));
    expect(after).toMatchObject({ threshold: 85, enabled: false, routerId: towerA.id });

    expect(await refusal(executeAction(createAlertRuleAction.definition, a.ctx.admin, ruleInput({ routerId: towerB.id })))).toBe("not_found");
    expect(await refusal(executeAction(createAlertRuleAction.definition, a.ctx.admin, ruleInput({ notifyUserIds: [b.ctx.owner.userId] })))).toBe(
      "not_found",
    );
    expect(await refusal(executeAction(setAlertRuleEnabledAction.definition, b.ctx.admin, { ruleId: created.id, enabled: true }))).toBe("not_found");
    expect(await refusal(executeAction(createAlertRuleAction.definition, a.ctx.technician, ruleInput()))).toBe("forbidden");
  });

  it("a window typed on the ISP's wall clock starts at that instant; End now ends it", async () => {
    const [site] = await conn.db.insert(sites).values({ tenantId: a.tenant.id, name: "North POP" }).returning();
    const created = await executeAction(createMaintenanceWindowAction.definition, a.ctx.owner, {
      routerId: "",
      siteId: site.id,
      startsAt: "2030-12-10T22:00",
      endsAt: "2030-12-11T02:00",
      reason: "Replacing the core switch",
    });
    const [row] = await conn.db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, created.id));
    expect(row.startsAt.toISOString()).toBe("2030-12-10T14:00:00.000Z");
    expect(row.endsAt.toISOString()).toBe("2030-12-10T18:00:00.000Z");
    expect(
      await refusal(
        executeAction(createMaintenanceWindowAction.definition, a.ctx.owner, {
          routerId: towerB.id,
          siteId: "",
          startsAt: "2030-12-10T22:00",
          endsAt: "2030-12-11T02:00",
          reason: "Theirs",
        }),
      ),
    ).toBe("not_found");
    expect(
      await refusal(
        executeAction(createMaintenanceWindowAction.definition, a.ctx.owner, {
          routerId: "",
          siteId: "",
          startsAt: "2030-12-10T22:00",
          endsAt: "2030-12-20T02:00",
          reason: "Too long",
        }),
      ),
    ).toBe("validation");
    // Not started yet: ending it removes it.
    await executeAction(endMaintenanceWindowAction.definition, a.ctx.owner, { windowId: created.id });
    expect(await conn.db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, created.id))).toHaveLength(0);
  });
});
