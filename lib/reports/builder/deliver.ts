/*
 * The `reports-deliver` job: each schedule whose time has come is claimed for its period (one `report_runs` row per
 * schedule and period, so a second runner or a rerun sends nothing twice), run with its owner's role on the ISP's
 * bound handle, written to a file kept by the storage room, and emailed through the outbox with the file attached.
 */
import "server-only";
import { and, asc, eq, lte } from "drizzle-orm";
import { can } from "@/lib/auth/permissions";
import { listStaff } from "@/lib/auth/staff";
import { monthLabel } from "@/lib/core/calendar";
import { formatCalendarDate } from "@/lib/core/dates";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { tenantHandle } from "@/lib/db/tenant-bound";
import type { Db } from "@/lib/db/types";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { storeGeneratedFile } from "@/lib/storage/generated";
import { tenantLocale } from "@/lib/tenants/queries";
import { reportRuns, reportSchedules, savedReports, type ReportSchedule } from "@/lib/reports/schema";
import { contentTypes, reportFileBytes, reportFilename } from "@/lib/reports/builder/files";
import { streamReport } from "@/lib/reports/builder/run";
import { nextRunAfter, periodOf } from "@/lib/reports/builder/schedule-rules";
import { reportSpecSchema } from "@/lib/reports/builder/spec";
import { SCHEDULED_MAX_ROWS } from "@/lib/reports/builder/values";

export type DeliverySummary = { due: number; sent: number; failed: number; alreadySent: number };

/** "December 2026", "week of Dec 7, 2026" or "Dec 7, 2026": the period as people read it. */
function periodLabel(period: string): string {
  if (/^\d{4}-\d{2}$/.test(period)) return monthLabel(period);
  if (period.startsWith("week-")) return `week of ${formatCalendarDate(period.slice(5))}`;
  return formatCalendarDate(period);
}

/** Claims the period and moves the schedule on, in one transaction; false when the period was claimed before. */
async function claim(db: Db, schedule: ReportSchedule, period: string, next: Date, now: Date): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(reportRuns)
      .values({ tenantId: schedule.tenantId, scheduleId: schedule.id, period, status: "running", createdAt: now })
      .onConflictDoNothing({ target: [reportRuns.scheduleId, reportRuns.period] })
      .returning({ id: reportRuns.id });
    await tx
      .update(reportSchedules)
      .set({ nextRunAt: next, ...(run ? { lastRunAt: now } : {}) })
      .where(and(eq(reportSchedules.tenantId, schedule.tenantId), eq(reportSchedules.id, schedule.id)));
    return run?.id ?? null;
  });
}

async function deliverOne(db: Db, schedule: ReportSchedule, runId: string, period: string, now: Date) {
  const [report] = await db.select().from(savedReports).where(and(eq(savedReports.tenantId, schedule.tenantId), eq(savedReports.id, schedule.reportId)));
  if (!report) throw new AppError("not_found", "The report was deleted.");
  const { timeZone } = await tenantLocale(db, { tenantId: schedule.tenantId });
  const staff = await listStaff(db, { tenantId: schedule.tenantId });
  // It runs as its owner: with their role today, so a report they may no longer build is not sent.
  const owner = staff.find((s) => s.id === report.ownerUserId && s.active);
  if (!owner?.role || !can(owner.role, "reports:build")) throw new AppError("forbidden", "The report's owner can no longer build reports; an admin should take it over or delete it.");
  const spec = reportSpecSchema.parse(report.spec);
  const stream = await streamReport(db, { tenantId: schedule.tenantId, role: owner.role, timeZone: timeZoneOrDefault(timeZone), now }, spec, { maxRows: SCHEDULED_MAX_ROWS });
  const fullCount = stream.rowCount;
  const filename = reportFilename(report.name, schedule.format, period.replace(/^week-/, ""));
  const bytes = await reportFileBytes(stream, schedule.format, report.name);
  const file = await storeGeneratedFile(db, { tenantId: schedule.tenantId, purpose: "report_export", filename, contentType: contentTypes[schedule.format].split(";")[0], bytes, userId: owner.id });
  const data = {
    reportName: report.name,
    period: periodLabel(period),
    rowCount: fullCount.toLocaleString("en-PH"),
    note: fullCount >= SCHEDULED_MAX_ROWS ? `The file holds the first ${SCHEDULED_MAX_ROWS.toLocaleString("en-PH")} rows; download the whole report in NetSphere.` : "",
    reportUrl: `${env().APP_URL.replace(/\/+$/, "")}/reports/builder?report=${report.id}`,
  };
  const attachments = [{ filename, contentType: file.contentType, documentId: file.id }];
  const recipients = [
    ...schedule.recipientUserIds.filter((id) => staff.some((s) => s.id === id && s.active)).map((userId) => ({ userId })),
    ...schedule.recipientEmails.map((email) => ({ email })),
  ];
  await db.transaction(async (tx) => {
    for (const to of recipients) {
      const key = "userId" in to ? to.userId : to.email;
      await enqueueNotification(tx, {
        tenantId: schedule.tenantId,
        event: "report_delivery",
        ...to,
        channels: ["email"],
        data,
        attachments,
        dedupeKey: `report:${schedule.id}:${period}:${key}`,
      });
    }
    await tx.update(reportRuns).set({ status: "sent", rowCount: Math.min(fullCount, SCHEDULED_MAX_ROWS), fileId: file.id }).where(and(eq(reportRuns.tenantId, schedule.tenantId), eq(reportRuns.id, runId)));
  });
}

/** Sends every due schedule (at most `limit` per run); safe to run twice at once. */
export async function deliverDueReports(db: Db, { now, limit = 50, signal }: { now: Date; limit?: number; signal?: AbortSignal }): Promise<DeliverySummary> {
  const due = await db
    .select()
    .from(reportSchedules)
    .where(and(eq(reportSchedules.enabled, true), lte(reportSchedules.nextRunAt, now)))
    .orderBy(asc(reportSchedules.nextRunAt))
    .limit(limit);
  const summary: DeliverySummary = { due: due.length, sent: 0, failed: 0, alreadySent: 0 };
  for (const schedule of due) {
    if (signal?.aborted) break;
    const tdb = tenantHandle(db, schedule.tenantId);
    const { timeZone: zone } = await tenantLocale(tdb, { tenantId: schedule.tenantId });
    const timeZone = timeZoneOrDefault(zone);
    const period = periodOf(schedule, timeZone, schedule.nextRunAt);
    const next = nextRunAfter(schedule, timeZone, now > schedule.nextRunAt ? now : schedule.nextRunAt);
    const runId = await claim(tdb, schedule, period, next, now);
    if (!runId) {
      summary.alreadySent++;
      continue;
    }
    try {
      await deliverOne(tdb, schedule, runId, period, now);
      summary.sent++;
    } catch (error) {
      summary.failed++;
      const message = error instanceof AppError ? error.message : "The report could not be made.";
      if (!(error instanceof AppError)) logger.error({ err: error, scheduleId: schedule.id }, "scheduled report failed");
      await tdb.update(reportRuns).set({ status: "failed", error: message }).where(and(eq(reportRuns.tenantId, schedule.tenantId), eq(reportRuns.id, runId)));
    }
  }
  if (summary.sent > 0) kickOutbox(db);
  return summary;
}
