import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { executeAction } from "@/lib/core/action";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import type { Connection } from "@/lib/db/connect";
import { defaultSlaPolicies, defaultWeeklyHours } from "./sla";
import { hoursValuesOf, policyValuesOf } from "./sla-rules";
import { loadSlaSetup } from "./sla-settings";
import { holidays } from "./schema";
import {
  addHolidayAction,
  addNationalHolidaysAction,
  removeHolidayAction,
  saveBusinessHoursAction,
  saveSlaPoliciesAction,
} from "./actions/sla-settings";
import { assignTicketAction, changeTicketStatusAction, createTicketAction } from "./actions/tickets";
import { createTicket } from "./service";
import { getTicketDetail } from "./queries";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const mnl = (local: string) => new Date(`${local}:00+08:00`);

describe("SLA settings", () => {
  it("starts from the built-in policies and Mon–Sat 08:00–17:00, and saves the ISP's own (audited)", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const initial = await loadSlaSetup(conn.db, { tenantId: tenant.id });
    expect(initial).toMatchObject({ policies: defaultSlaPolicies, custom: { policies: false, hours: false } });
    expect(initial.calendar).toEqual({ timeZone: "Asia/Manila", weeklyHours: defaultWeeklyHours, holidays: [] });

    const values = policyValuesOf(defaultSlaPolicies);
    values.policies[1] = { ...values.policies[1], firstResponseMinutes: "90", resolutionMinutes: "600", warnBeforeMinutes: "20" };
    await executeAction(saveSlaPoliciesAction.definition, ctx.admin, values);
    const saved = await loadSlaSetup(conn.db, { tenantId: tenant.id });
    expect(saved.policies.high).toEqual({
      priority: "high",
      firstResponseMinutes: 90,
      resolutionMinutes: 600,
      warnBeforeMinutes: 20,
      twentyFourSeven: false,
    });
    expect(saved.custom.policies).toBe(true);
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "sla.policies_updated")));
    expect(entry.after).toMatchObject({ high: "90/600 min, warn 20" });
  });

  it("refuses zero or negative targets and a resolution shorter than the first response, with field errors", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const values = policyValuesOf(defaultSlaPolicies);
    values.policies[0] = { ...values.policies[0], firstResponseMinutes: "0" };
    values.policies[2] = { ...values.policies[2], resolutionMinutes: "-5" };
    values.policies[3] = { ...values.policies[3], firstResponseMinutes: "600", resolutionMinutes: "300" };
    await expect(executeAction(saveSlaPoliciesAction.definition, ctx.owner, values)).rejects.toMatchObject({
      code: "validation",
      fieldErrors: {
        "policies.0.firstResponseMinutes": ["More than 0 minutes"],
        "policies.2.resolutionMinutes": ["More than 0 minutes"],
        "policies.3.resolutionMinutes": ["At least the first-response target"],
      },
    });
  });

  it("only roles with sla:settings change them: a technician or support agent is refused", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    for (const role of ["technician", "support", "billing"] as const) {
      await expect(executeAction(saveSlaPoliciesAction.definition, ctx[role], policyValuesOf(defaultSlaPolicies))).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(executeAction(addHolidayAction.definition, ctx[role], { date: "2026-12-24", name: "Christmas Eve" })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect((await loadSlaSetup(conn.db, { tenantId: tenant.id })).custom.policies).toBe(false);
  });

  it("business hours and holidays decide the due dates of new tickets", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const hours = hoursValuesOf(defaultWeeklyHours);
    hours.days[6] = { ...hours.days[6], closed: true };
    await executeAction(saveBusinessHoursAction.definition, ctx.owner, hours);
    await executeAction(addHolidayAction.definition, ctx.owner, { date: "2026-03-09", name: "Town fiesta" });
    const staff = { kind: "staff" as const, tenantId: tenant.id, userId: ctx.support.userId, userName: "support user" };
    const ticket = await createTicket(
      conn.db,
      staff,
      { subject: "Slow at night", description: "", category: "slow" },
      { now: mnl("2026-03-07T10:00") },
    );
    // Saturday closed, Sunday closed, Monday a holiday: 240 business minutes from Tuesday 08:00.
    expect(ticket.firstResponseDueAt).toEqual(mnl("2026-03-10T12:00"));

    await expect(
      executeAction(saveBusinessHoursAction.definition, ctx.owner, { days: hours.days.map((d) => ({ ...d, closed: true })) }),
    ).rejects.toMatchObject({
      fieldErrors: { days: [expect.stringContaining("at least one day")] },
    });
  });

  it("holidays: a date once, removed by id within the ISP only, national holidays added once", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const { id } = await executeAction(addHolidayAction.definition, ctx.owner, { date: "2026-12-24", name: "Christmas Eve" });
    await expect(executeAction(addHolidayAction.definition, ctx.owner, { date: "2026-12-24", name: "Again" })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { date: ["Already a holiday"] },
    });
    await expect(executeAction(removeHolidayAction.definition, other.ctx.owner, { holidayId: id })).rejects.toMatchObject({ code: "not_found" });
    await executeAction(removeHolidayAction.definition, ctx.owner, { holidayId: id });

    expect(await executeAction(addNationalHolidaysAction.definition, ctx.owner, { year: 2026 })).toEqual({ added: 10, alreadyThere: 0 });
    expect(await executeAction(addNationalHolidaysAction.definition, ctx.owner, { year: 2026 })).toEqual({ added: 0, alreadyThere: 10 });
    const rows = await conn.db.select().from(holidays).where(eq(holidays.tenantId, tenant.id));
    expect(rows.map((h) => h.date)).toContain("2026-08-31");
    const actions = await conn.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, tenant.id));
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["sla.holiday_added", "sla.holiday_removed", "sla.holidays_imported"]));
  });
});

describe("ticket actions: authorization", () => {
  it("another ISP's ticket is not found; a technician may work tickets but not assign them", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const [customer] = await conn.db
      .insert(customers)
      .values({ tenantId: tenant.id, accountNumber: `ACC-${randomUUID().slice(0, 8)}`, name: "Juan Dela Cruz" })
      .returning();
    const input = {
      customerId: customer.id,
      subject: "No internet",
      description: "",
      category: "no_internet",
      priority: "high",
      source: "phone",
      assigneeId: "",
      scheduledFor: "",
    };
    const { id } = await executeAction(createTicketAction.definition, ctx.technician, input);

    await expect(executeAction(changeTicketStatusAction.definition, other.ctx.owner, { ticketId: id, status: "in_progress" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getTicketDetail(conn.db, { tenantId: other.tenant.id, ticketId: id })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(createTicketAction.definition, other.ctx.owner, input)).rejects.toMatchObject({
      code: "not_found",
      fieldErrors: { customerId: ["Choose a customer from the list"] },
    });

    await expect(
      executeAction(assignTicketAction.definition, ctx.technician, { ticketId: id, assigneeId: ctx.technician.userId, scheduledFor: "" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(executeAction(createTicketAction.definition, ctx.technician, { ...input, assigneeId: ctx.support.userId })).rejects.toMatchObject({
      code: "forbidden",
    });
    await executeAction(changeTicketStatusAction.definition, ctx.technician, { ticketId: id, status: "in_progress" });
    const detail = await getTicketDetail(conn.db, { tenantId: tenant.id, ticketId: id });
    expect(detail.ticket).toMatchObject({ status: "in_progress", source: "phone", priority: "high" });
    expect(detail.customer?.name).toBe("Juan Dela Cruz");
  });
});
