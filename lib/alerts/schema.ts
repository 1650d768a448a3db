import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "@/lib/auth/schema";
import { routers, sites } from "@/lib/routers/schema";
import { alertKinds, alertSeverities, alertStates, incidentEventKinds, incidentObjectTypes, incidentStatuses } from "./values";
import { ts, tenantRef } from "@/lib/db/columns";
export * from "./values";

/**
 * A rule per ISP: what to watch, the threshold, how long the condition must hold before it fires
 * (`fire_after_seconds`) and how long the recovery must hold before it clears (`clear_after_seconds`),
 * when an object counts as flapping, who is told and who next when nobody acknowledges.
 */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    kind: text("kind", { enum: alertKinds }).notNull(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    severity: text("severity", { enum: alertSeverities }).notNull().default("major"),
    /** Kind-specific: percent, °C, volts, changes, reconnects; null where the kind has none. */
    threshold: doublePrecision("threshold"),
    /** sessions_drop: the smallest number of sessions lost that counts, with the percentage in `threshold`. */
    minCount: integer("min_count"),
    /** The window a count or a drop is measured over (flapping, sessions_drop, subscriber_flapping). */
    windowSeconds: integer("window_seconds").notNull().default(300),
    fireAfterSeconds: integer("fire_after_seconds").notNull().default(0),
    clearAfterSeconds: integer("clear_after_seconds").notNull().default(0),
    /** This many state changes inside `window_seconds` mark the object flapping: one notice, not one per flap. */
    flapChanges: integer("flap_changes").notNull().default(4),
    /** Only this router or site; both null = every router of the ISP. */
    routerId: uuid("router_id").references(() => routers.id, { onDelete: "cascade" }),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "cascade" }),
    /** Who is told: everyone with this staff role (null = nobody by role) and these staff members. */
    notifyRole: text("notify_role"),
    notifyUserIds: text("notify_user_ids").array().notNull().default([]),
    /** Also tell when the object recovers ("router back"). */
    notifyRecovery: boolean("notify_recovery").notNull().default(true),
    /** Not acknowledged after this many minutes: tell the escalation role and members too (null = never). */
    escalateAfterMinutes: integer("escalate_after_minutes"),
    escalateRole: text("escalate_role"),
    escalateUserIds: text("escalate_user_ids").array().notNull().default([]),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("alert_rules_tenant_idx").on(t.tenantId, t.kind)],
);

/** What the evaluator keeps of an object under a rule between observations (shared by router and site objects). */
const objectStateColumns = () => ({
  state: text("state", { enum: alertStates }),
  since: ts("since").notNull(),
  flapping: boolean("flapping").notNull().default(false),
  /** Instants (ms) of the condition's recent changes, newest last, inside the rule's window. */
  changes: jsonb("changes").$type<number[]>().notNull().default([]),
  /** What the evaluator needs between polls (last counts, link-down counters, baselines). */
  memory: jsonb("memory").$type<Record<string, number | number[]>>().notNull().default({}),
  lastValue: doublePrecision("last_value"),
  incidentId: uuid("incident_id"),
  updatedAt: ts("updated_at").notNull(),
});

/**
 * An object's state under a rule while it is not plainly ok: pending (condition holds, delay running),
 * firing, recovering (recovery holds, its delay running); `changes` keeps recent state changes for flap
 * detection. No row means ok and quiet, so most polls read nothing and write nothing.
 */
export const alertObjectStates = pgTable(
  "alert_object_states",
  {
    tenantId: tenantRef(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    /** `router`, `interface:<name>`, `subscription:<id>`. */
    objectKey: text("object_key").notNull(),
    ...objectStateColumns(),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.ruleId, t.objectKey] }), index("alert_object_states_tenant_idx").on(t.tenantId)],
);

/**
 * A site's state under a site-wide rule (PPPoE sessions across all its routers), judged by the `evaluate-sites`
 * job from what the poller stored rather than by one router's poll. The row stays while the site has recent
 * history (the per-router baselines a drop is measured against).
 */
export const alertSiteStates = pgTable(
  "alert_site_states",
  {
    tenantId: tenantRef(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    siteId: uuid("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    ...objectStateColumns(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.ruleId] }), index("alert_site_states_tenant_idx").on(t.tenantId)],
);

/** An incident: what fired on which object, who owns it, when it was acknowledged and resolved, and its impact. */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** Per ISP, for people: "INC-42". */
    number: integer("number").notNull(),
    title: text("title").notNull(),
    severity: text("severity", { enum: alertSeverities }).notNull(),
    status: text("status", { enum: incidentStatuses }).notNull().default("open"),
    objectType: text("object_type", { enum: incidentObjectTypes }).notNull(),
    objectKey: text("object_key").notNull(),
    routerId: uuid("router_id").references(() => routers.id, { onDelete: "set null" }),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "set null" }),
    /** The rules firing now (cleared ones leave). */
    firingRuleIds: uuid("firing_rule_ids").array().notNull().default([]),
    flapping: boolean("flapping").notNull().default(false),
    openedAt: ts("opened_at").notNull(),
    acknowledgedAt: ts("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    assignedTo: text("assigned_to").references(() => users.id, { onDelete: "set null" }),
    resolvedAt: ts("resolved_at"),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    /** The last escalation step taken (0 = only the first notice went out). */
    escalationLevel: integer("escalation_level").notNull().default(0),
    /** Silenced by a maintenance window: recorded, nobody told. */
    silenced: boolean("silenced").notNull().default(false),
    /** Subscribers behind the object when it opened, and how many of them were online just before. */
    affectedSubscribers: integer("affected_subscribers").notNull().default(0),
    onlineBefore: integer("online_before").notNull().default(0),
    outageNoticeAt: ts("outage_notice_at"),
    allClearAt: ts("all_clear_at"),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("incidents_tenant_number_idx").on(t.tenantId, t.number),
    index("incidents_tenant_status_idx").on(t.tenantId, t.status, t.openedAt),
    // At most one unresolved incident per object: a second rule firing on it joins the first.
    uniqueIndex("incidents_open_object_idx")
      .on(t.tenantId, t.objectKey)
      .where(sql`status <> 'resolved'`),
  ],
);

/** An incident's timeline: rules firing and clearing, people acknowledging, assigning, commenting, notices sent. */
export const incidentEvents = pgTable(
  "incident_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    at: ts("at").notNull(),
    /** Written order: events of one instant (opened, then staff told) read back in the order they happened. */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    kind: text("kind", { enum: incidentEventKinds }).notNull(),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorName: text("actor_name"),
    body: text("body").notNull().default(""),
  },
  (t) => [index("incident_events_incident_idx").on(t.incidentId, t.at)],
);

/** Planned work on a router or a site: rules still evaluate, incidents are marked silenced and nobody is told. */
export const maintenanceWindows = pgTable(
  "maintenance_windows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    routerId: uuid("router_id").references(() => routers.id, { onDelete: "cascade" }),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "cascade" }),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("maintenance_windows_tenant_idx").on(t.tenantId, t.endsAt)],
);

export type AlertRule = typeof alertRules.$inferSelect;
export type Incident = typeof incidents.$inferSelect;
export type AlertObjectState = typeof alertObjectStates.$inferSelect;
export type AlertSiteState = typeof alertSiteStates.$inferSelect;
