import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { useTemporaryStorage } from "@/tests/support/storage";
import { users } from "@/lib/auth/schema";
import { clock } from "@/lib/core/clock";
import { localDate, zonedInstant } from "@/lib/core/time-zones";
import { addDays } from "@/lib/core/calendar";
import type { StaffContext } from "@/lib/auth/context";
import type { StaffRole } from "@/lib/auth/values";
import type { Connection } from "@/lib/db/connect";
import { notificationOutbox } from "@/lib/notify/schema";
import { readStoredFile } from "@/lib/storage/service";
import { reportRuns, reportSchedules } from "@/lib/reports/schema";
import { deliverDueReports } from "./deliver";
import { lastRunOf, reportUserOf, saveReport, saveSchedule } from "./service";
import { reportSpecSchema } from "./spec";

let conn: Connection;
let ctx: Record<StaffRole, StaffContext>;
let storage: ReturnType<typeof useTemporaryStorage>;
const TZ = "Asia/Manila";
const HOUR = 3_600_000;

beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
  const mine = await createTenantFixture(conn.db);
  ctx = mine.ctx;
  await insertCustomer(conn.db, mine.tenant.id, { name: "Ana Reyes", city: "Lipa City", accountNumber: "ACC-1" });
  await insertCustomer(conn.db, mine.tenant.id, { name: "Ben Cruz", city: "Lipa City", accountNumber: "ACC-2" });
  await insertCustomer(conn.db, (await createTenantFixture(conn.db, { name: "Other ISP" })).tenant.id, { name: "Not Ours", city: "Lipa City" });
});

afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

async function scheduledReport(as: StaffContext, format: "csv" | "xlsx", now: Date) {
  const user = reportUserOf(as);
  const { id } = await saveReport(as.db, user, {
    name: `Lipa customers ${format}`,
    spec: reportSpecSchema.parse({ dataset: "customers", columns: ["accountNumber", "name"], filters: [{ field: "city", op: "equals", value: "Lipa City" }], aggregates: [{ fn: "count" }] }),
    visibility: "private",
    sharedRoles: [],
  });
  await saveSchedule(
    as.db,
    user,
    { reportId: id, frequency: "daily", timeOfDay: "07:00", weekday: null, monthDay: null, format, recipientUserIds: [ctx.admin.userId], recipientEmails: ["books@example.ph"], enabled: true },
    now,
  );
  const [schedule] = await as.db.select().from(reportSchedules).where(eq(reportSchedules.reportId, id));
  return schedule;
}

describe("reports-deliver", () => {
  it("sends a due report once per period, to staff and typed addresses, with the XLSX attached; the next run is tomorrow at 07:00 Manila", async () => {
    const start = new Date(clock.ms() - 2 * 24 * HOUR);
    const schedule = await scheduledReport(ctx.billing, "xlsx", start);
    expect(schedule.nextRunAt.getTime()).toBeGreaterThan(start.getTime());
    const runAt = new Date(schedule.nextRunAt.getTime() + 60_000);

    const first = await deliverDueReports(conn.db, { now: runAt });
    expect(first).toMatchObject({ sent: 1, failed: 0 });
    // The same period again (a second runner, a rerun): nothing more is sent.
    await conn.db.update(reportSchedules).set({ nextRunAt: schedule.nextRunAt }).where(eq(reportSchedules.id, schedule.id));
    const second = await deliverDueReports(conn.db, { now: runAt });
    expect(second).toMatchObject({ sent: 0, alreadySent: 1 });

    const runs = await conn.db.select().from(reportRuns).where(eq(reportRuns.scheduleId, schedule.id));
    expect(runs.map((r) => [r.period, r.status, r.rowCount])).toEqual([[localDate(schedule.nextRunAt, TZ), "sent", 2]]);
    const [after] = await conn.db.select().from(reportSchedules).where(eq(reportSchedules.id, schedule.id));
    expect(after.nextRunAt.getTime()).toBeGreaterThan(runAt.getTime());
    expect(after.nextRunAt).toEqual(new Date(zonedInstant(addDays(localDate(schedule.nextRunAt, TZ), 1), 7 * 60, TZ)));

    const outbox = await conn.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, ctx.owner.tenantId), eq(notificationOutbox.event, "report_delivery")));
    const [admin] = await conn.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.admin.userId));
    expect(outbox.map((m) => [m.channel, m.recipient]).sort()).toEqual([["email", "books@example.ph"], ["email", admin.email]].sort());
    expect(outbox[0].subject).toMatch(/^Lipa customers xlsx \(/);
    expect(outbox[0].body).toContain("2 rows");
    const attachment = outbox[0].attachments[0];
    expect(attachment.filename).toMatch(/^lipa-customers-xlsx-\d{4}-\d{2}-\d{2}\.xlsx$/);

    const stored = await readStoredFile(ctx.owner.db, { tenantId: ctx.owner.tenantId, fileId: attachment.documentId });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(stored!.bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect([2, 3].map((r) => sheet.getRow(r).getCell(2).value)).toEqual(["Ana Reyes", "Ben Cruz"]);
    expect(sheet.getRow(5).values).toEqual([undefined, "Count", 2]);
  });

  it("a CSV schedule attaches the CSV; a report whose owner can no longer build reports fails with the reason and sends nothing", async () => {
    const start = new Date(clock.ms() - 2 * 24 * HOUR);
    const csv = await scheduledReport(ctx.support, "csv", start);
    const broken = await scheduledReport(ctx.owner, "csv", start);
    // The owner becomes a technician: the builder is no longer theirs to use.
    await conn.db.update(users).set({ role: "technician" }).where(eq(users.id, ctx.owner.userId));
    const runAt = new Date(Math.max(csv.nextRunAt.getTime(), broken.nextRunAt.getTime()) + 60_000);
    const summary = await deliverDueReports(conn.db, { now: runAt });
    expect(summary).toMatchObject({ sent: 1, failed: 1 });
    const [failed] = await conn.db.select().from(reportRuns).where(eq(reportRuns.scheduleId, broken.id));
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/owner can no longer build reports/);
    // The schedule's card says so.
    expect(await lastRunOf(ctx.admin.db, reportUserOf(ctx.admin), broken.id)).toMatchObject({ status: "failed", error: failed.error });
    const [run] = await conn.db.select().from(reportRuns).where(eq(reportRuns.scheduleId, csv.id));
    const stored = await readStoredFile(ctx.support.db, { tenantId: ctx.support.tenantId, fileId: run.fileId! });
    const rows = Papa.parse<string[]>(new TextDecoder().decode(stored!.bytes).trim()).data;
    expect(rows.slice(0, 3)).toEqual([["Account number", "Name"], ["ACC-1", "Ana Reyes"], ["ACC-2", "Ben Cruz"]]);
    expect(stored!.file.purpose).toBe("report_export");
    await conn.db.update(users).set({ role: "owner" }).where(eq(users.id, ctx.owner.userId));
  });
});
