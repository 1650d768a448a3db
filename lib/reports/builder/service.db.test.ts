import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import type { StaffContext } from "@/lib/auth/context";
import type { StaffRole } from "@/lib/auth/values";
import type { Connection } from "@/lib/db/connect";
import { saveReportAction } from "./actions/save-report";
import { deleteReportAction } from "./actions/delete-report";
import { saveScheduleAction } from "./actions/save-schedule";
import { getSavedReport, listSavedReports, reportUserOf } from "./service";

let conn: Connection;
let ctx: Record<StaffRole, StaffContext>;
let other: StaffContext;

beforeAll(async () => {
  conn = await createTestDatabase();
  ctx = (await createTenantFixture(conn.db)).ctx;
  other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
});
afterAll(async () => conn?.close());

const save = (as: StaffContext, input: Record<string, unknown>) => executeAction(saveReportAction.definition, as, input);
const codeOf = async (run: () => Promise<unknown>) => {
  try {
    await run();
    return "ok";
  } catch (error) {
    return error instanceof AppError ? error.code : "thrown";
  }
};
const names = async (as: StaffContext) => (await listSavedReports(as.db, reportUserOf(as))).map((r) => r.name).sort();

describe("saved reports: who sees, changes and deletes them", () => {
  it("private to its owner (and owners and admins); shared with chosen roles; changed and deleted only by its owner or an admin", async () => {
    const { id: privateId } = await save(ctx.billing, { name: "Mine", spec: { dataset: "payments", columns: ["amount"] } });
    const { id: sharedId } = await save(ctx.billing, { name: "Team", spec: { dataset: "customers" }, visibility: "shared", sharedRoles: ["support"] });
    expect(await names(ctx.billing)).toEqual(["Mine", "Team"]);
    expect(await names(ctx.admin)).toEqual(["Mine", "Team"]);
    expect(await names(ctx.support)).toEqual(["Team"]);
    expect(await names(other)).toEqual([]);
    expect(await codeOf(() => getSavedReport(ctx.support.db, reportUserOf(ctx.support), privateId))).toBe("not_found");
    expect(await codeOf(() => getSavedReport(other.db, reportUserOf(other), sharedId))).toBe("not_found");

    // Support may open the shared one but not change or delete it; a copy is theirs.
    expect(await codeOf(() => save(ctx.support, { reportId: sharedId, name: "Renamed", spec: { dataset: "customers" } }))).toBe("forbidden");
    expect(await codeOf(() => executeAction(deleteReportAction.definition, ctx.support, { reportId: sharedId }))).toBe("forbidden");
    expect(await codeOf(() => save(ctx.support, { name: "Team (copy)", spec: { dataset: "customers" } }))).toBe("ok");
    // Nobody saves a report with a field their role may not use; the technician may not build at all.
    expect(await codeOf(() => save(ctx.support, { name: "x", spec: { dataset: "customers", columns: ["name"], filters: [{ field: "nope", op: "equals", value: "1" }] } }))).toBe("validation");
    expect(await codeOf(() => save(ctx.technician, { name: "x", spec: { dataset: "customers" } }))).toBe("forbidden");

    expect(await codeOf(() => save(ctx.admin, { reportId: privateId, name: "Payments", spec: { dataset: "payments", columns: ["amount"] } }))).toBe("ok");
    expect(await codeOf(() => executeAction(deleteReportAction.definition, ctx.owner, { reportId: privateId }))).toBe("ok");
    expect(await names(ctx.billing)).toEqual(["Team"]);
  });

  it("a schedule takes only the ISP's staff as recipients and valid addresses", async () => {
    const { id } = await save(ctx.billing, { name: "Weekly", spec: { dataset: "invoices" } });
    const schedule = (input: Record<string, unknown>) =>
      executeAction(saveScheduleAction.definition, ctx.billing, { reportId: id, frequency: "weekly", weekday: 1, timeOfDay: "07:00", ...input });
    expect(await codeOf(() => schedule({ recipientUserIds: [other.userId] }))).toBe("validation");
    expect(await codeOf(() => schedule({ recipientEmails: ["x'; drop table users;--"] }))).toBe("validation");
    const saved = await schedule({ recipientUserIds: [ctx.admin.userId], recipientEmails: ["Books@Example.ph"] });
    expect(new Date(saved.nextRunAt).getTime()).toBeGreaterThan(clock.ms());
    const report = await getSavedReport(ctx.billing.db, reportUserOf(ctx.billing), id);
    expect(report.schedule?.recipientEmails).toEqual(["books@example.ph"]);
    expect(report.schedule?.weekday).toBe(1);
  });
});
