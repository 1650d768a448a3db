import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { customers } from "@/lib/customers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { runJob } from "@/lib/jobs/define";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";
import { tickets } from "./schema";
import { changeTicketStatus, createTicket } from "./service";
import { checkSla } from "./sla-check";
import { checkSlaJob } from "./jobs";
import { ticketCounts } from "./queries";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const mnl = (local: string) => new Date(`${local}:00+08:00`);
const base = { subject: "Whole barangay offline", description: "", category: "no_internet" as const };

async function setup(db: Db) {
  const fixture = await createTenantFixture(db);
  const [customer] = await db
    .insert(customers)
    .values({ tenantId: fixture.tenant.id, accountNumber: `ACC-${randomUUID().slice(0, 8)}`, name: "Juan Dela Cruz" })
    .returning();
  const staff = { kind: "staff" as const, tenantId: fixture.tenant.id, userId: fixture.ctx.support.userId, userName: "support user" };
  return { ...fixture, customer, staff };
}

const staffAlerts = async (db: Db, tenantId: string) =>
  (await db.select().from(notificationOutbox).where(eq(notificationOutbox.tenantId, tenantId))).filter((r) => r.userId !== null);

describe("SLA checker", () => {
  it("warns the assignee once inside the warning window and alerts once at the breach", async () => {
    const s = await setup(conn.db);
    // Urgent: 60 min first response around the clock, warned 15 min before.
    const ticket = await createTicket(
      conn.db,
      s.staff,
      { ...base, customerId: s.customer.id, priority: "urgent", assigneeId: s.ctx.technician.userId },
      { now: mnl("2026-03-08T22:00") },
    );
    const run = (local: string) => checkSla(conn.db, { now: mnl(local), tenantId: s.tenant.id });

    expect(await run("2026-03-08T22:30")).toMatchObject({ warnings: 0, breaches: 0 });
    expect(await run("2026-03-08T22:50")).toMatchObject({ warnings: 1, breaches: 0 });
    expect(await run("2026-03-08T22:55")).toMatchObject({ warnings: 0, breaches: 0 });
    let alerts = await staffAlerts(conn.db, s.tenant.id);
    expect(alerts.map((a) => [a.event, a.userId])).toEqual([["sla_warning", s.ctx.technician.userId]]);
    expect(alerts[0].subject).toBe("SLA at risk: ticket T-000001");
    expect(alerts[0].body).toContain("first response");

    expect(await run("2026-03-08T23:00")).toMatchObject({ breaches: 1 });
    expect(await run("2026-03-08T23:01")).toMatchObject({ warnings: 0, breaches: 0 });
    const [row] = await conn.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row.firstResponseBreached).toBe(true);
    expect(row.slaNotices).toEqual(["first_response:warning", "first_response:breach"]);
    alerts = await staffAlerts(conn.db, s.tenant.id);
    expect(alerts.map((a) => a.event)).toEqual(["sla_warning", "sla_breach"]);
    expect(await ticketCounts(conn.db, { tenantId: s.tenant.id, userId: s.ctx.support.userId, now: mnl("2026-03-08T23:01") })).toMatchObject({
      open: 1,
      breached: 1,
      atRisk: 0,
    });
  });

  it("alerts the admins and the owner when nobody is assigned; a ticket waiting on the customer is left alone", async () => {
    const s = await setup(conn.db);
    await createTicket(conn.db, s.staff, { ...base, customerId: s.customer.id, priority: "urgent" }, { now: mnl("2026-03-08T22:00") });
    const waiting = await createTicket(
      conn.db,
      s.staff,
      { ...base, customerId: s.customer.id, priority: "urgent" },
      { now: mnl("2026-03-08T22:00") },
    );
    await changeTicketStatus(
      conn.db,
      actorOf(s.ctx.support),
      { ticketId: waiting.id, status: "waiting_on_customer" },
      { now: mnl("2026-03-08T22:10") },
    );
    await checkSla(conn.db, { now: mnl("2026-03-08T23:30"), tenantId: s.tenant.id });
    const alerts = await staffAlerts(conn.db, s.tenant.id);
    expect(alerts.map((a) => a.event)).toEqual(["sla_breach", "sla_breach"]);
    expect(alerts.map((a) => a.userId).sort()).toEqual([s.ctx.owner.userId, s.ctx.admin.userId].sort());
    const [paused] = await conn.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, waiting.id)));
    expect(paused.slaNotices).toEqual([]);
  });

  it("runs as the check-sla job and stays quiet for business-hours tickets over the weekend", async () => {
    const s = await setup(conn.db);
    // Normal, opened Saturday 16:30: 30 business minutes on Saturday, the rest from Monday 08:00.
    await createTicket(conn.db, s.staff, { ...base, customerId: s.customer.id, assigneeId: s.ctx.support.userId }, { now: mnl("2026-03-07T16:30") });
    const ctx = { db: conn.db, now: () => mnl("2026-03-08T12:00"), signal: new AbortController().signal, runner: "test" as const };
    expect(await runJob(checkSlaJob, ctx, { tenantId: s.tenant.id })).toMatchObject({ checked: 1, warnings: 0, breaches: 0 });
    // Monday 10:00: 30 + 120 business minutes gone, 90 left of 240; warned 60 before, so not yet.
    expect(await runJob(checkSlaJob, { ...ctx, now: () => mnl("2026-03-09T10:00") }, { tenantId: s.tenant.id })).toMatchObject({ warnings: 0 });
    expect(await runJob(checkSlaJob, { ...ctx, now: () => mnl("2026-03-09T10:31") }, { tenantId: s.tenant.id })).toMatchObject({ warnings: 1 });
  });
});
