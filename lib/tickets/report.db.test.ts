import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import type { Connection } from "@/lib/db/connect";
import type { TicketPriority } from "./schema";
import { addTicketMessage, changeTicketStatus, createTicket } from "./service";
import { defaultReportRange, metPercent, reportRangeSchema, slaReport, slaReportCsv } from "./report";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const mnl = (local: string) => new Date(`${local}:00+08:00`);

describe("SLA report", () => {
  it("counts met and breached targets by priority, agent and month; running targets count neither way", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const staff = { kind: "staff" as const, tenantId: tenant.id, userId: ctx.support.userId, userName: "support user" };
    const actor = actorOf(ctx.support);
    const open = (priority: TicketPriority, at: string, assigneeId: string | null = null) =>
      createTicket(conn.db, staff, { subject: `Ticket ${at}`, description: "", category: "other", priority, assigneeId }, { now: mnl(at) });
    const reply = (ticketId: string, at: string) => addTicketMessage(conn.db, staff, { ticketId, body: "On it", kind: "reply" }, { now: mnl(at) });
    const resolve = (ticketId: string, at: string) => changeTicketStatus(conn.db, actor, { ticketId, status: "resolved" }, { now: mnl(at) });

    // High (2 h / 8 h): one met both, one missed both.
    const t1 = await open("high", "2026-03-02T09:00", ctx.technician.userId);
    await reply(t1.id, "2026-03-02T09:30");
    await resolve(t1.id, "2026-03-02T12:00");
    const t2 = await open("high", "2026-03-02T09:00", ctx.technician.userId);
    await reply(t2.id, "2026-03-02T11:00"); // exactly at the due instant: missed
    await resolve(t2.id, "2026-03-03T09:00");
    // Urgent, met both.
    const t3 = await open("urgent", "2026-04-01T10:00", ctx.support.userId);
    await reply(t3.id, "2026-04-01T10:30");
    await resolve(t3.id, "2026-04-01T13:00");
    // Normal, unassigned, never answered: both missed by the report's "now".
    await open("normal", "2026-04-02T09:00");
    // Low, opened the morning of "now": both still running.
    await open("low", "2026-04-10T09:00");
    // Outside the range, and another ISP's ticket.
    await open("high", "2026-02-27T09:00");
    await createTicket(
      conn.db,
      { ...staff, tenantId: other.tenant.id, userId: other.ctx.support.userId },
      { subject: "x", description: "", category: "other" },
      { now: mnl("2026-03-05T09:00") },
    );

    const range = reportRangeSchema.parse({ from: "2026-03-01", to: "2026-04-30" });
    const report = await slaReport(conn.db, { tenantId: tenant.id, range, now: mnl("2026-04-10T12:00") });
    const pick = (list: typeof report.byPriority) =>
      list.map((r) => [r.label, r.tickets, r.firstResponseMet, r.firstResponseBreached, r.resolutionMet, r.resolutionBreached]);
    expect(pick(report.byPriority)).toEqual([
      ["Urgent", 1, 1, 0, 1, 0],
      ["High", 2, 1, 1, 1, 1],
      ["Normal", 1, 0, 1, 0, 1],
      ["Low", 1, 0, 0, 0, 0],
    ]);
    expect(pick(report.byAgent)).toEqual([
      ["support user", 1, 1, 0, 1, 0],
      ["technician user", 2, 1, 1, 1, 1],
      ["Unassigned", 2, 0, 1, 0, 1],
    ]);
    expect(pick(report.byMonth)).toEqual([
      ["Mar 2026", 2, 1, 1, 1, 1],
      ["Apr 2026", 3, 1, 1, 1, 1],
    ]);

    const csv = Papa.parse<string[]>(slaReportCsv(report).trim()).data;
    expect(csv[0]).toEqual([
      "Group",
      "Name",
      "Tickets",
      "First response met",
      "First response breached",
      "First response met %",
      "Resolution met",
      "Resolution breached",
      "Resolution met %",
    ]);
    expect(csv).toContainEqual(["Priority", "High", "2", "1", "1", "50", "1", "1", "50"]);
    expect(csv).toContainEqual(["Priority", "Low", "1", "0", "0", "", "0", "0", ""]);
    expect(csv).toContainEqual(["Agent", "technician user", "2", "1", "1", "50", "1", "1", "50"]);
    expect(csv).toContainEqual(["Month", "Apr 2026", "3", "1", "1", "50", "1", "1", "50"]);
  });

  it("ranges and percentages", () => {
    expect(defaultReportRange("2026-04-10")).toEqual({ from: "2025-11-01", to: "2026-04-10" });
    expect(reportRangeSchema.safeParse({ from: "2026-04-10", to: "2026-04-01" }).success).toBe(false);
    expect(reportRangeSchema.safeParse({ from: "2020-01-01", to: "2026-04-01" }).success).toBe(false);
    expect(metPercent(2, 1)).toBe(66.7);
    expect(metPercent(0, 0)).toBeNull();
  });
});
