/*
 * Saved reports and their schedules. A report is saved only after its spec compiles for the saver (so nobody saves
 * what they may not run), is seen by its owner, by owners and admins, and when shared by the roles it names; only
 * its owner, an owner or an admin changes or deletes it.
 */
import "server-only";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { listStaff } from "@/lib/auth/staff";
import type { StaffRole } from "@/lib/auth/values";
import type { StaffContext } from "@/lib/auth/context";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { clock } from "@/lib/core/clock";
import { AppError, forbidden, notFound } from "@/lib/core/errors";
import type { DbOrTx } from "@/lib/db/types";
import { reportRuns, reportSchedules, savedReports, type ReportSchedule, type SavedReport } from "@/lib/reports/schema";
import { compileReport } from "@/lib/reports/builder/compile";
import { nextRunAfter, type ScheduleFields } from "@/lib/reports/builder/schedule-rules";
import type { ReportSpec } from "@/lib/reports/builder/spec";
import type { ReportVisibility } from "@/lib/reports/builder/values";

export type { ReportSchedule } from "@/lib/reports/schema";

export type ReportUser = { tenantId: string; userId: string; userName: string; role: StaffRole; timeZone: string; ipAddress?: string | null };

const manages = (user: ReportUser) => user.role === "owner" || user.role === "admin";

/** Whether the user may open the report (the list shows exactly these). */
export const canSee = (user: ReportUser, report: Pick<SavedReport, "ownerUserId" | "visibility" | "sharedRoles">) =>
  manages(user) || report.ownerUserId === user.userId || (report.visibility === "shared" && report.sharedRoles.includes(user.role));

export const canEdit = (user: ReportUser, report: Pick<SavedReport, "ownerUserId">) => manages(user) || report.ownerUserId === user.userId;

export type SavedReportItem = SavedReport & { ownerName: string | null; schedule: ReportSchedule | null };

/** The reports the user may open, newest change first, with their schedule. */
export async function listSavedReports(db: DbOrTx, user: ReportUser): Promise<SavedReportItem[]> {
  const visible = manages(user)
    ? undefined
    : sql`(${savedReports.ownerUserId} = ${user.userId} or (${savedReports.visibility} = 'shared' and ${user.role} = any(${savedReports.sharedRoles})))`;
  const reports = await db
    .select()
    .from(savedReports)
    .where(and(eq(savedReports.tenantId, user.tenantId), visible))
    .orderBy(desc(savedReports.updatedAt))
    .limit(500);
  const schedules = reports.length
    ? await db
        .select()
        .from(reportSchedules)
        .where(and(eq(reportSchedules.tenantId, user.tenantId), inArray(reportSchedules.reportId, reports.map((r) => r.id))))
    : [];
  const names = new Map((await listStaff(db, { tenantId: user.tenantId })).map((s) => [s.id, s.name]));
  return reports.map((r) => ({
    ...r,
    ownerName: r.ownerUserId ? (names.get(r.ownerUserId) ?? null) : null,
    schedule: schedules.find((s) => s.reportId === r.id) ?? null,
  }));
}

/** One report the user may open (another ISP's, or one not shared with them, is not found). */
export async function getSavedReport(db: DbOrTx, user: ReportUser, reportId: string): Promise<SavedReportItem> {
  const [report] = await db.select().from(savedReports).where(and(eq(savedReports.tenantId, user.tenantId), eq(savedReports.id, reportId)));
  if (!report || !canSee(user, report)) throw notFound("Report");
  const [schedule] = await db.select().from(reportSchedules).where(and(eq(reportSchedules.tenantId, user.tenantId), eq(reportSchedules.reportId, reportId)));
  return { ...report, ownerName: null, schedule: schedule ?? null };
}

/** The schedule's latest delivery (sent, failed with its reason, or running), for the schedule's card. */
export async function lastRunOf(db: DbOrTx, user: ReportUser, scheduleId: string) {
  const [run] = await db
    .select({ period: reportRuns.period, status: reportRuns.status, rowCount: reportRuns.rowCount, error: reportRuns.error, at: reportRuns.createdAt })
    .from(reportRuns)
    .where(and(eq(reportRuns.tenantId, user.tenantId), eq(reportRuns.scheduleId, scheduleId)))
    .orderBy(desc(reportRuns.createdAt))
    .limit(1);
  return run ?? null;
}

export type SaveReportInput = { reportId?: string | null; name: string; spec: ReportSpec; visibility: ReportVisibility; sharedRoles: StaffRole[] };

export async function saveReport(db: DbOrTx, user: ReportUser, input: SaveReportInput, now = clock.now()): Promise<{ id: string }> {
  // Refuses a field the saver may not use, with the same field errors as the preview.
  compileReport(input.spec, { tenantId: user.tenantId, role: user.role, timeZone: user.timeZone, now });
  const values = {
    name: input.name,
    dataset: input.spec.dataset,
    spec: input.spec,
    visibility: input.visibility,
    sharedRoles: input.visibility === "shared" ? [...new Set(input.sharedRoles)] : [],
    updatedAt: now,
  };
  if (!input.reportId) {
    const [row] = await db
      .insert(savedReports)
      .values({ ...values, tenantId: user.tenantId, ownerUserId: user.userId, createdAt: now })
      .returning({ id: savedReports.id });
    return row;
  }
  const existing = await getSavedReport(db, user, input.reportId);
  if (!canEdit(user, existing)) throw forbidden();
  await db.update(savedReports).set(values).where(and(eq(savedReports.tenantId, user.tenantId), eq(savedReports.id, existing.id)));
  return { id: existing.id };
}

export async function deleteReport(db: DbOrTx, user: ReportUser, reportId: string): Promise<void> {
  const existing = await getSavedReport(db, user, reportId);
  if (!canEdit(user, existing)) throw forbidden();
  await db.delete(savedReports).where(and(eq(savedReports.tenantId, user.tenantId), eq(savedReports.id, existing.id)));
}

/** Sets (or replaces) the report's schedule; staff recipients must be the ISP's active staff. Audited: it sends data out. */
export async function saveSchedule(db: DbOrTx, user: ReportUser, input: ScheduleFields, now = clock.now()): Promise<ReportSchedule> {
  const report = await getSavedReport(db, user, input.reportId);
  if (!canEdit(user, report)) throw forbidden();
  const staff = await listStaff(db, { tenantId: user.tenantId });
  const userIds = [...new Set(input.recipientUserIds)];
  if (userIds.some((id) => !staff.some((s) => s.id === id && s.active))) {
    throw new AppError("validation", "Some fields need attention.", { fieldErrors: { recipientUserIds: ["Choose staff members of your ISP"] } });
  }
  const timing = { frequency: input.frequency, timeOfDay: input.timeOfDay, weekday: input.frequency === "weekly" ? input.weekday : null, monthDay: input.frequency === "monthly" ? input.monthDay : null };
  const values = {
    ...timing,
    format: input.format,
    recipientUserIds: userIds,
    recipientEmails: [...new Set(input.recipientEmails.map((e) => e.toLowerCase()))],
    enabled: input.enabled,
    nextRunAt: nextRunAfter(timing, user.timeZone, now),
    updatedAt: now,
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportSchedules)
      .values({ ...values, tenantId: user.tenantId, reportId: report.id, createdAt: now })
      .onConflictDoUpdate({ target: reportSchedules.reportId, set: values })
      .returning();
    await recordAudit(tx, user, {
      action: "report.scheduled",
      entityType: "saved_report",
      entityId: report.id,
      before: report.schedule ? { frequency: report.schedule.frequency, recipientEmails: report.schedule.recipientEmails, recipientUserIds: report.schedule.recipientUserIds } : null,
      after: { frequency: row.frequency, timeOfDay: row.timeOfDay, recipientEmails: row.recipientEmails, recipientUserIds: row.recipientUserIds, enabled: row.enabled },
    });
    return row;
  });
}

export async function deleteSchedule(db: DbOrTx, user: ReportUser, reportId: string): Promise<void> {
  const report = await getSavedReport(db, user, reportId);
  if (!canEdit(user, report)) throw forbidden();
  await db.transaction(async (tx) => {
    await tx.delete(reportSchedules).where(and(eq(reportSchedules.tenantId, user.tenantId), eq(reportSchedules.reportId, report.id)));
    await recordAudit(tx, user, { action: "report.unscheduled", entityType: "saved_report", entityId: report.id });
  });
}

/** The session's user as the builder needs it (the ISP's zone decides "this month" and schedule times). */
export const reportUserOf = (ctx: StaffContext): ReportUser => ({
  tenantId: ctx.tenantId,
  userId: ctx.userId,
  userName: ctx.userName,
  role: ctx.role,
  timeZone: timeZoneOrDefault(ctx.timeZone),
  ipAddress: ctx.ipAddress,
});
