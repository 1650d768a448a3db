import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { routers } from "@/lib/routers/schema";
import { users } from "@/lib/auth/schema";

export const reconcileTriggers = ["change", "schedule", "manual", "suspension", "adopt"] as const;
export type ReconcileTrigger = (typeof reconcileTriggers)[number];
export const reconcileStatuses = ["running", "succeeded", "partial", "failed"] as const;
export type ReconcileStatus = (typeof reconcileStatuses)[number];

/** One planned or applied change, with its outcome: the drift report is a list of these. */
export type ReconcileChange = {
  menu: string;
  /** `foreign`: an entry marked by another NetSphere installation or router record, left as it is. */
  action: "add" | "set" | "remove" | "kick" | "conflict" | "foreign";
  name: string;
  /** Property → [router's value, our value]; absent for add/remove. */
  fields?: Record<string, [string | null, string | null]>;
  reason?: string;
  outcome: "planned" | "applied" | "failed" | "skipped";
  error?: string;
};

export type ReconcileSummary = {
  add: number;
  set: number;
  remove: number;
  kick: number;
  conflict: number;
  /** Entries of another installation or router record (absent in reports stored before it was counted). */
  foreign: number;
  failed: number;
  unchanged: number;
};

/**
 * This installation (this database): one row. Its short id goes into every marker NetSphere writes on a router,
 * so two installations (production and staging, two instances on one machine) never take each other's entries.
 */
export const installation = pgTable(
  "installation",
  {
    id: integer("id").primaryKey().default(1),
    installationId: text("installation_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("installation_single_row", sql`${t.id} = 1`)],
);

/**
 * Every reconcile of a router, dry or applied. At most one row per router is `running` at a time (the
 * partial unique index is the lock across processes); the row is the drift report once finished.
 */
export const reconcileRuns = pgTable(
  "reconcile_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    trigger: text("trigger", { enum: reconcileTriggers }).notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    status: text("status", { enum: reconcileStatuses }).notNull().default("running"),
    summary: jsonb("summary").$type<ReconcileSummary>(),
    changes: jsonb("changes").$type<ReconcileChange[]>().notNull().default([]),
    error: text("error"),
    roundTrips: integer("round_trips").notNull().default(0),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Renewed while the run is going; a running row whose heartbeat is old belonged to a process that died. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("reconcile_runs_one_running_idx")
      .on(t.routerId)
      .where(sql`status = 'running'`),
    index("reconcile_runs_router_started_idx").on(t.routerId, t.startedAt),
    index("reconcile_runs_tenant_started_idx").on(t.tenantId, t.startedAt),
  ],
);

export type ReconcileRun = typeof reconcileRuns.$inferSelect;
