/*
 * The report builder's tables: reports saved per ISP (a whitelisted spec, never SQL), their delivery schedules, and
 * one row per schedule period delivered (the job's idempotency: a period is sent once however often it runs).
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ts, tenantRef } from "@/lib/db/columns";
import { users } from "@/lib/auth/schema";
import { exportFormats, reportDatasets, reportRunStatuses, reportVisibilities, scheduleFrequencies } from "@/lib/reports/builder/values";
import type { ReportSpec } from "@/lib/reports/builder/spec";

export const savedReports = pgTable(
  "saved_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    name: text("name").notNull(),
    dataset: text("dataset", { enum: reportDatasets }).notNull(),
    /** Columns, filters, grouping, totals and chart: checked against the dataset's whitelist on every run. */
    spec: jsonb("spec").$type<ReportSpec>().notNull(),
    /** Who made it: it runs with their permissions when scheduled; null once they are removed (admins manage it). */
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    visibility: text("visibility", { enum: reportVisibilities }).notNull().default("private"),
    /** Roles a shared report is listed for (owners and admins see every report). */
    sharedRoles: text("shared_roles").array().notNull().default(sql`'{}'::text[]`),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("saved_reports_tenant_idx").on(t.tenantId, t.updatedAt)],
);

export const reportSchedules = pgTable(
  "report_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => savedReports.id, { onDelete: "cascade" }),
    frequency: text("frequency", { enum: scheduleFrequencies }).notNull(),
    /** `HH:MM` in the ISP's time zone. */
    timeOfDay: text("time_of_day").notNull(),
    /** Weekly: 0 = Sunday … 6 = Saturday. */
    weekday: integer("weekday"),
    /** Monthly: 1–31; a shorter month sends on its last day. */
    monthDay: integer("month_day"),
    format: text("format", { enum: exportFormats }).notNull().default("xlsx"),
    recipientUserIds: text("recipient_user_ids").array().notNull().default(sql`'{}'::text[]`),
    recipientEmails: text("recipient_emails").array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean("enabled").notNull().default(true),
    /** The next delivery's instant: the job takes schedules whose time has come. */
    nextRunAt: ts("next_run_at").notNull(),
    lastRunAt: ts("last_run_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("report_schedules_report_idx").on(t.reportId), index("report_schedules_due_idx").on(t.enabled, t.nextRunAt)],
);

export const reportRuns = pgTable(
  "report_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => reportSchedules.id, { onDelete: "cascade" }),
    /** The schedule period it delivers (`2026-12-07`, `2026-W49`, `2026-12`): one run per period. */
    period: text("period").notNull(),
    status: text("status", { enum: reportRunStatuses }).notNull(),
    rowCount: integer("row_count").notNull().default(0),
    fileId: uuid("file_id"),
    error: text("error"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("report_runs_schedule_period_idx").on(t.scheduleId, t.period), index("report_runs_tenant_idx").on(t.tenantId, t.createdAt)],
);

export type SavedReport = typeof savedReports.$inferSelect;
export type ReportSchedule = typeof reportSchedules.$inferSelect;
