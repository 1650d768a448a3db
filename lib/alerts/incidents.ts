/*
 * Incidents: opened when a rule fires on an object (or joined, when one is already open for that object),
 * cleared rule by rule, resolved automatically when the last rule clears or by a person; acknowledged,
 * assigned and commented on; silenced by maintenance windows. Every step is written to the timeline and
 * the people who must know are told through the notification outbox.
 */
import "server-only";
import { and, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError, notFound } from "@/lib/core/errors";
import { enqueueNotification, enqueueNotifications } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { listStaff } from "@/lib/auth/staff";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { impactCounts, subscribersBehind, type ImpactScope } from "@/lib/monitoring/impact";
import { routersBehindInterface } from "@/lib/topology/downstream";
import { plansQueuedUnder } from "@/lib/queues/service";
import { formatDateTime } from "@/lib/core/dates";
import { tenantLocale } from "@/lib/tenants/queries";
import { describeCondition, formatIncidentNumber } from "./describe";
import { publishIncidentChange } from "./live";
import { queueWebhookEvent } from "@/lib/webhooks/emit";
import {
  alertRules,
  incidentEvents,
  incidents,
  maintenanceWindows,
  type AlertRule,
  type AlertSeverity,
  type Incident,
  type IncidentEventKind,
  type IncidentObjectType,
} from "./schema";

const severityRank: Record<AlertSeverity, number> = { critical: 0, major: 1, minor: 2, warning: 3 };
const worse = (a: AlertSeverity, b: AlertSeverity) => (severityRank[a] <= severityRank[b] ? a : b);

/** What a rule fired on: a router, one of its interfaces, one subscriber's connection on it, or a whole site. */
export type ObjectTarget = { routerId: string | null; siteId: string | null; objectType: IncidentObjectType; label: string };

/** An incident's object: the router itself, one of its interfaces, one subscriber's connection on it, or a site. */
export function incidentObjectKey({ routerId, siteId, objectType, label }: ObjectTarget): string {
  if (objectType === "site") return `site:${siteId}`;
  if (objectType === "interface") return `interface:${routerId}:${label}`;
  if (objectType === "subscription") return `subscriber:${routerId}:${label}`;
  return `router:${routerId}`;
}

/**
 * Whose subscribers an incident's object stands for: a site's routers; for an interface, the routers beyond it when
 * it links to others of ours, else its router's subscribers whose plan's queue hangs off it (when the queue tree says
 * so) or all of them (an access port); for anything else its router.
 */
async function impactScope(db: DbOrTx, tenantId: string, target: Pick<ObjectTarget, "routerId" | "siteId" | "objectType" | "label">): Promise<ImpactScope> {
  if (target.objectType === "site") return { tenantId, siteId: target.siteId };
  if (!target.routerId) return { tenantId, routerIds: [] };
  if (target.objectType === "interface") {
    const where = { tenantId, routerId: target.routerId, interfaceName: target.label };
    const beyond = await routersBehindInterface(db, where);
    if (beyond) return { tenantId, routerIds: beyond };
    const plans = await plansQueuedUnder(db, where);
    if (plans.length > 0) return { tenantId, routerIds: [target.routerId], planIds: plans };
  }
  return { tenantId, routerIds: [target.routerId] };
}

/** The name in an `interface:<router>:<name>` or `subscriber:<router>:<user>` object key (names may hold colons). */
const labelOfKey = (objectKey: string) => objectKey.split(":").slice(2).join(":");

/**
 * The object's unresolved incident, if any, read under the ISP's incident lock: opening, joining and clearing take
 * turns, so two rules firing on one object at once make one incident, and numbers are never handed out twice.
 */
async function lockOpenIncident(tx: DbOrTx, tenantId: string, objectKey: string): Promise<Incident | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`incidents:${tenantId}`}, 0))`);
  const [open] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.objectKey, objectKey), ne(incidents.status, "resolved")));
  return open;
}

type EventInput = { kind: IncidentEventKind; body?: string; actor?: { userId: string | null; name: string } | null };

async function addEvent(tx: DbOrTx, incident: Pick<Incident, "id" | "tenantId">, at: Date, event: EventInput) {
  await tx.insert(incidentEvents).values({
    tenantId: incident.tenantId,
    incidentId: incident.id,
    at,
    kind: event.kind,
    body: event.body ?? "",
    actorUserId: event.actor?.userId ?? null,
    actorName: event.actor?.name ?? null,
  });
}

/** The maintenance window covering this router or site (or the router's site) at `at`, if any. */
export async function activeMaintenance(db: DbOrTx, { tenantId, routerId, siteId, at }: { tenantId: string; routerId: string | null; siteId: string | null; at: Date }) {
  const [row] = await db
    .select()
    .from(maintenanceWindows)
    .where(
      and(
        eq(maintenanceWindows.tenantId, tenantId),
        lte(maintenanceWindows.startsAt, at),
        gt(maintenanceWindows.endsAt, at),
        or(routerId ? eq(maintenanceWindows.routerId, routerId) : sql`false`, siteId ? eq(maintenanceWindows.siteId, siteId) : sql`false`, and(isNull(maintenanceWindows.routerId), isNull(maintenanceWindows.siteId))),
      ),
    )
    .orderBy(desc(maintenanceWindows.endsAt))
    .limit(1);
  return row ?? null;
}

const appUrl = () => env().APP_URL.replace(/\/+$/, "");

function messageData(incident: Incident, tz: string) {
  return {
    incidentNumber: formatIncidentNumber(incident.number),
    incidentTitle: incident.title,
    severity: incident.severity,
    openedAt: formatDateTime(incident.openedAt, tz),
    affected: `${incident.onlineBefore} online of ${incident.affectedSubscribers} subscribers`,
    incidentUrl: `${appUrl()}/network/incidents/${incident.id}`,
  };
}

/** An incident as an outgoing webhook's `data` (the public API's field names). */
function incidentEventData(incident: Incident) {
  return {
    id: incident.id,
    number: formatIncidentNumber(incident.number),
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    objectType: incident.objectType,
    routerId: incident.routerId,
    siteId: incident.siteId,
    affectedSubscribers: incident.affectedSubscribers,
    onlineBefore: incident.onlineBefore,
    silenced: incident.silenced,
    openedAt: incident.openedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    resolvedBy: incident.resolvedBy,
  };
}

const queueIncidentEvent = (tx: DbOrTx, incident: Incident, type: "incident.opened" | "incident.resolved") =>
  queueWebhookEvent(tx, { tenantId: incident.tenantId, type, data: incidentEventData(incident) });

/** Staff to tell for a rule: everyone active with its role, and the members it names. */
async function recipientsOf(db: DbOrTx, tenantId: string, role: string | null, userIds: string[]): Promise<string[]> {
  if (!role && userIds.length === 0) return [];
  const staff = await listStaff(db, { tenantId });
  const named = new Set(userIds);
  return staff.filter((m) => m.active && ((role && m.role === role) || named.has(m.id))).map((m) => m.id);
}

async function notifyStaff(
  tx: DbOrTx,
  incident: Incident,
  event: "incident_opened" | "incident_resolved" | "incident_escalated",
  userIds: string[],
  extra: Record<string, string | number> = {},
) {
  if (userIds.length === 0) return;
  const { timeZone } = await tenantLocale(tx, { tenantId: incident.tenantId });
  for (const userId of userIds) {
    await enqueueNotification(tx, {
      tenantId: incident.tenantId,
      event,
      userId,
      data: { ...messageData(incident, timeZone), ...extra },
      dedupeKey: `incident:${incident.id}:${event}:${incident.escalationLevel}:${userId}`,
    });
  }
  await addEvent(tx, incident, clock.now(), { kind: "notified", body: `${userIds.length} staff member${userIds.length === 1 ? "" : "s"} told (${event.replace("incident_", "")})` });
}

export type FiredRule = Pick<AlertRule, "id" | "kind" | "name" | "severity" | "notifyRole" | "notifyUserIds" | "notifyRecovery">;

export type FireInput = ObjectTarget & {
  tenantId: string;
  /** The router's name, or the site's for a site object: the start of the incident's title. */
  routerName: string;
  rule: FiredRule;
  value: number | null;
  flapping: boolean;
  at: Date;
};

/** A rule fired on an object: open an incident for it, or join the one already open. */
export async function ruleFired(db: Db, input: FireInput): Promise<{ incidentId: string; opened: boolean }> {
  const objectKey = incidentObjectKey(input);
  const condition = describeCondition(input.rule.kind, input.routerName, input.label, input.value);
  const result = await db.transaction(async (tx) => {
    const open = await lockOpenIncident(tx, input.tenantId, objectKey);
    if (open) {
      const firing = open.firingRuleIds.includes(input.rule.id) ? open.firingRuleIds : [...open.firingRuleIds, input.rule.id];
      await tx
        .update(incidents)
        .set({ firingRuleIds: firing, severity: worse(open.severity, input.rule.severity), flapping: open.flapping || input.flapping, updatedAt: input.at })
        .where(eq(incidents.id, open.id));
      await addEvent(tx, open, input.at, { kind: "fired", body: `${input.rule.name}: ${condition}` });
      return { incidentId: open.id, opened: false };
    }
    const numbered = (await tx.execute(sql`select coalesce(max(number), 0) + 1 as next from incidents where tenant_id = ${input.tenantId}`)) as unknown as {
      rows: { next: number }[];
    };
    const next = numbered.rows[0].next;
    const window = await activeMaintenance(tx, { tenantId: input.tenantId, routerId: input.routerId, siteId: input.siteId, at: input.at });
    const impact = input.objectType === "subscription" ? { subscribers: 1, onlineAtLastPoll: 1, onlineNow: 0 } : await impactCounts(tx, await impactScope(tx, input.tenantId, input));
    const title = input.flapping ? `${condition} (flapping)` : condition;
    const [incident] = await tx
      .insert(incidents)
      .values({
        tenantId: input.tenantId,
        number: Number(next),
        title,
        severity: input.rule.severity,
        objectType: input.objectType,
        objectKey,
        routerId: input.routerId,
        siteId: input.siteId,
        firingRuleIds: [input.rule.id],
        flapping: input.flapping,
        openedAt: input.at,
        silenced: window !== null,
        affectedSubscribers: impact.subscribers,
        onlineBefore: impact.onlineAtLastPoll,
        updatedAt: input.at,
      })
      .returning();
    await addEvent(tx, incident, input.at, { kind: "opened", body: `${input.rule.name}: ${condition}` });
    await queueIncidentEvent(tx, incident, "incident.opened");
    if (window) {
      const { timeZone } = await tenantLocale(tx, { tenantId: input.tenantId });
      await addEvent(tx, incident, input.at, { kind: "silenced", body: `Maintenance until ${formatDateTime(window.endsAt, timeZone)}: ${window.reason}. Nobody was told.` });
    } else {
      await notifyStaff(tx, incident, "incident_opened", await recipientsOf(tx, input.tenantId, input.rule.notifyRole, input.rule.notifyUserIds));
    }
    return { incidentId: incident.id, opened: true };
  });
  kickOutbox(db);
  publishIncidentChange(input.tenantId);
  return result;
}

/** A rule cleared on an object: it leaves the incident; the last one to leave resolves it. */
export async function ruleCleared(
  db: Db,
  input: ObjectTarget & { tenantId: string; rule: FiredRule; at: Date },
): Promise<{ resolved: boolean }> {
  const objectKey = incidentObjectKey(input);
  const result = await db.transaction(async (tx) => {
    const open = await lockOpenIncident(tx, input.tenantId, objectKey);
    if (!open) return { resolved: false };
    const firing = open.firingRuleIds.filter((id) => id !== input.rule.id);
    await addEvent(tx, open, input.at, { kind: "cleared", body: `${input.rule.name} recovered` });
    if (firing.length > 0) {
      await tx.update(incidents).set({ firingRuleIds: firing, updatedAt: input.at }).where(eq(incidents.id, open.id));
      return { resolved: false };
    }
    const [resolved] = await tx
      .update(incidents)
      .set({ firingRuleIds: [], status: "resolved", resolvedAt: input.at, updatedAt: input.at })
      .where(eq(incidents.id, open.id))
      .returning();
    await addEvent(tx, resolved, input.at, { kind: "resolved", body: "Recovered: every rule on it cleared." });
    await queueIncidentEvent(tx, resolved, "incident.resolved");
    if (input.rule.notifyRecovery && !resolved.silenced) {
      await notifyStaff(tx, resolved, "incident_resolved", await recipientsOf(tx, input.tenantId, input.rule.notifyRole, input.rule.notifyUserIds));
    }
    return { resolved: true };
  });
  kickOutbox(db);
  publishIncidentChange(input.tenantId);
  return result;
}

/** The object started flapping: say so once on the incident. */
export async function markFlapping(db: Db, input: ObjectTarget & { tenantId: string; at: Date }) {
  const objectKey = incidentObjectKey(input);
  await db.transaction(async (tx) => {
    const open = await lockOpenIncident(tx, input.tenantId, objectKey);
    if (!open || open.flapping) return;
    await tx.update(incidents).set({ flapping: true, updatedAt: input.at }).where(eq(incidents.id, open.id));
    await addEvent(tx, open, input.at, { kind: "flapping", body: "Changing state often: notices are held back until it settles." });
  });
  publishIncidentChange(input.tenantId);
}

// ---- what people do -------------------------------------------------------------------------------------

async function loadIncident(tx: DbOrTx, tenantId: string, incidentId: string): Promise<Incident> {
  const [row] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, incidentId)));
  if (!row) throw notFound("Incident");
  return row;
}

const who = (actor: TenantActor) => ({ userId: actor.userId ?? null, name: actor.userName ?? "Staff" });

async function change(db: Db, actor: TenantActor, incidentId: string, work: (tx: DbOrTx, incident: Incident, now: Date) => Promise<void>) {
  const now = clock.now();
  await db.transaction(async (tx) => {
    const incident = await loadIncident(tx, actor.tenantId, incidentId);
    await work(tx, incident, now);
  });
  kickOutbox(db);
  publishIncidentChange(actor.tenantId);
}

export async function acknowledgeIncident(db: Db, actor: TenantActor, { incidentId }: { incidentId: string }) {
  await change(db, actor, incidentId, async (tx, incident, now) => {
    if (incident.status !== "open") throw new AppError("conflict", incident.status === "resolved" ? "This incident is already resolved." : "This incident is already acknowledged.");
    await tx.update(incidents).set({ status: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor.userId ?? null, updatedAt: now }).where(eq(incidents.id, incident.id));
    await addEvent(tx, incident, now, { kind: "acknowledged", actor: who(actor) });
  });
}

export async function assignIncident(db: Db, actor: TenantActor, { incidentId, userId }: { incidentId: string; userId: string | null }) {
  await change(db, actor, incidentId, async (tx, incident, now) => {
    let name = "nobody";
    if (userId) {
      const member = (await listStaff(tx, { tenantId: actor.tenantId })).find((m) => m.id === userId && m.active);
      if (!member) throw new AppError("validation", "Choose an active staff member.", { fieldErrors: { userId: ["Choose an active staff member."] } });
      name = member.name;
    }
    await tx.update(incidents).set({ assignedTo: userId, updatedAt: now }).where(eq(incidents.id, incident.id));
    await addEvent(tx, incident, now, { kind: "assigned", body: `Assigned to ${name}`, actor: who(actor) });
  });
}

export async function commentOnIncident(db: Db, actor: TenantActor, { incidentId, body }: { incidentId: string; body: string }) {
  await change(db, actor, incidentId, async (tx, incident, now) => {
    await addEvent(tx, incident, now, { kind: "comment", body, actor: who(actor) });
    await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, incident.id));
  });
}

export async function resolveIncident(db: Db, actor: TenantActor, { incidentId, note }: { incidentId: string; note: string }) {
  await change(db, actor, incidentId, async (tx, incident, now) => {
    if (incident.status === "resolved") throw new AppError("conflict", "This incident is already resolved.");
    const [resolved] = await tx
      .update(incidents)
      .set({ status: "resolved", resolvedAt: now, resolvedBy: actor.userId ?? null, acknowledgedAt: incident.acknowledgedAt ?? now, firingRuleIds: [], updatedAt: now })
      .where(eq(incidents.id, incident.id))
      .returning();
    await addEvent(tx, incident, now, { kind: "resolved", body: note || "Resolved by hand.", actor: who(actor) });
    await queueIncidentEvent(tx, resolved, "incident.resolved");
    await recordAudit(tx, actor, { action: "incident.resolve", entityType: "incident", entityId: incident.id, after: { number: incident.number, note } });
  });
}

/** Subscribers behind an incident's object (the active subscriptions of its router, or of its site's routers), with their state. */
export async function incidentSubscribers(db: DbOrTx, incident: Pick<Incident, "tenantId" | "routerId" | "siteId" | "objectType" | "objectKey">, limit?: number) {
  const scope = await impactScope(db, incident.tenantId, { ...incident, label: labelOfKey(incident.objectKey) });
  const rows = await subscribersBehind(db, { ...scope, limit });
  if (incident.objectType === "subscription") {
    const username = labelOfKey(incident.objectKey);
    return rows.filter((row) => row.username === username);
  }
  return rows;
}

type NoticeInput = { incidentId: string; area: string; note: string };

/** Tell every subscriber behind the incident that service is interrupted (or, `allClear`, back). Once each. */
export async function sendOutageMessage(db: Db, actor: TenantActor, input: NoticeInput & { allClear: boolean }): Promise<{ queued: number }> {
  const now = clock.now();
  let queued = 0;
  await db.transaction(async (tx) => {
    const incident = await loadIncident(tx, actor.tenantId, input.incidentId);
    if (input.allClear && !incident.outageNoticeAt) throw new AppError("conflict", "No outage notice went out for this incident, so there is nothing to clear.");
    if (!input.allClear && incident.status === "resolved") throw new AppError("conflict", "This incident is resolved: send the all-clear instead.");
    if (input.allClear ? incident.allClearAt : incident.outageNoticeAt) {
      throw new AppError("conflict", input.allClear ? "The all-clear was already sent." : "The outage notice was already sent.");
    }
    const behind = await incidentSubscribers(tx, incident);
    const customerIds = [...new Set(behind.map((row) => row.customerId))];
    const event = input.allClear ? "outage_all_clear" : "outage_notice";
    const { timeZone } = await tenantLocale(tx, { tenantId: actor.tenantId });
    const data = { area: input.area, startedAt: formatDateTime(incident.openedAt, timeZone), note: input.note };
    const result = await enqueueNotifications(tx, {
      tenantId: actor.tenantId,
      event,
      items: customerIds.map((customerId) => ({ customerId, data, dedupeKey: `incident:${incident.id}:${event}:${customerId}` })),
    });
    queued = result.count;
    await tx
      .update(incidents)
      .set(input.allClear ? { allClearAt: now, updatedAt: now } : { outageNoticeAt: now, updatedAt: now })
      .where(eq(incidents.id, incident.id));
    await addEvent(tx, incident, now, {
      kind: input.allClear ? "all_clear" : "outage_notice",
      body: `${input.allClear ? "All-clear" : "Outage notice"} to ${customerIds.length} subscriber${customerIds.length === 1 ? "" : "s"} (${queued} message${queued === 1 ? "" : "s"})`,
      actor: who(actor),
    });
    await recordAudit(tx, actor, { action: input.allClear ? "incident.all_clear" : "incident.outage_notice", entityType: "incident", entityId: incident.id, after: { subscribers: customerIds.length, queued } });
  });
  kickOutbox(db);
  publishIncidentChange(actor.tenantId);
  return { queued };
}

/** Not acknowledged in time: tell the escalation contacts (once). Maintenance that ended on an open incident un-silences it. */
export async function escalateIncidents(db: Db, now: Date = clock.now()): Promise<{ escalated: number; unsilenced: number }> {
  const waiting = await db
    .select({ incident: incidents, rule: alertRules })
    .from(incidents)
    .innerJoin(alertRules, sql`${alertRules.id} = ${incidents.firingRuleIds}[1]`)
    .where(and(eq(incidents.status, "open"), eq(incidents.escalationLevel, 0), eq(incidents.silenced, false)));
  let escalated = 0;
  for (const { incident, rule } of waiting) {
    if (rule.escalateAfterMinutes === null) continue;
    if (now.getTime() - incident.openedAt.getTime() < rule.escalateAfterMinutes * 60_000) continue;
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(incidents)
        .set({ escalationLevel: 1, updatedAt: now })
        .where(and(eq(incidents.id, incident.id), eq(incidents.escalationLevel, 0), eq(incidents.status, "open")))
        .returning();
      if (!claimed) return;
      await addEvent(tx, claimed, now, { kind: "escalated", body: `Not acknowledged in ${rule.escalateAfterMinutes} minutes` });
      await notifyStaff(tx, claimed, "incident_escalated", await recipientsOf(tx, claimed.tenantId, rule.escalateRole, rule.escalateUserIds), {
        minutes: rule.escalateAfterMinutes ?? 0,
      });
      escalated += 1;
    });
    publishIncidentChange(incident.tenantId);
  }
  // Maintenance over and the incident still open: it is news now.
  const silenced = await db
    .select({ incident: incidents, rule: alertRules })
    .from(incidents)
    .innerJoin(alertRules, sql`${alertRules.id} = ${incidents.firingRuleIds}[1]`)
    .where(and(inArray(incidents.status, ["open", "acknowledged"]), eq(incidents.silenced, true)));
  let unsilenced = 0;
  for (const { incident, rule } of silenced) {
    if (!incident.routerId && !incident.siteId) continue;
    const window = await activeMaintenance(db, { tenantId: incident.tenantId, routerId: incident.routerId, siteId: incident.siteId, at: now });
    if (window) continue;
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(incidents)
        .set({ silenced: false, openedAt: incident.openedAt, updatedAt: now })
        .where(and(eq(incidents.id, incident.id), eq(incidents.silenced, true)))
        .returning();
      if (!claimed) return;
      await addEvent(tx, claimed, now, { kind: "silenced", body: "Maintenance window over and still not recovered: on-call told." });
      await notifyStaff(tx, claimed, "incident_opened", await recipientsOf(tx, claimed.tenantId, rule.notifyRole, rule.notifyUserIds));
      unsilenced += 1;
    });
    publishIncidentChange(incident.tenantId);
  }
  if (escalated + unsilenced > 0) kickOutbox(db);
  return { escalated, unsilenced };
}
