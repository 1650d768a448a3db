import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { sampleFiles } from "@/tests/support/sample-files";
import { useTemporaryStorage } from "@/tests/support/storage";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { storedFiles } from "@/lib/storage/schema";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";
import { ticketMessages, tickets } from "./schema";
import { addTicketMessage, assignTicket, changeTicketPriority, changeTicketStatus, createTicket, type TicketAuthor } from "./service";
import { getCustomerTicket, listCustomerTickets } from "./customer";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

let conn: Connection;
let storage: ReturnType<typeof useTemporaryStorage>;
beforeAll(async () => {
  conn = await createTestDatabase();
  storage = useTemporaryStorage();
});
afterAll(async () => {
  storage?.cleanup();
  await conn?.close();
});

/** Manila wall time; 2026-03-02 is a Monday. */
const mnl = (local: string) => new Date(`${local}:00+08:00`);

async function setup(db: Db) {
  const fixture = await createTenantFixture(db);
  const addCustomer = async (name: string) => {
    const [c] = await db
      .insert(customers)
      .values({
        tenantId: fixture.tenant.id,
        accountNumber: `ACC-${randomUUID().slice(0, 8)}`,
        name,
        email: `${randomUUID().slice(0, 8)}@example.test`,
      })
      .returning();
    return c;
  };
  const customer = await addCustomer("Juan Dela Cruz");
  const other = await addCustomer("Maria Santos");
  const staff = (role: keyof typeof fixture.ctx): TicketAuthor => ({
    kind: "staff",
    tenantId: fixture.tenant.id,
    userId: fixture.ctx[role].userId,
    userName: fixture.ctx[role].userName,
  });
  const portal = (c: { id: string; name: string }): TicketAuthor => ({
    kind: "customer",
    tenantId: fixture.tenant.id,
    customerId: c.id,
    name: c.name,
  });
  return { ...fixture, customer, other, staff, portal, actor: (role: keyof typeof fixture.ctx) => actorOf(fixture.ctx[role]) };
}

const base = { subject: "No internet since this morning", description: "Red LOS light on the modem.", category: "no_internet" as const };

async function outboxOf(db: Db, tenantId: string) {
  return db.select().from(notificationOutbox).where(eq(notificationOutbox.tenantId, tenantId));
}

describe("ticket numbers", () => {
  it("are T-000001, T-000002… per tenant, unique when opened at the same time", async () => {
    const a = await setup(conn.db);
    const b = await setup(conn.db);
    const opened = await Promise.all(
      Array.from({ length: 12 }, () => createTicket(conn.db, a.staff("support"), { ...base, customerId: a.customer.id })),
    );
    expect(opened.map((t) => t.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const first = await createTicket(conn.db, b.portal(b.customer), base);
    expect(first.number).toBe(1);
    expect(first).toMatchObject({ source: "portal", customerId: b.customer.id, status: "new" });
  });
});

describe("workflow", () => {
  it("refuses moves the workflow does not allow, with a message saying what is possible", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id });
    await expect(changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "assigned" })).rejects.toMatchObject({
      code: "conflict",
      message: "Assign the ticket to someone first.",
    });
    await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "in_progress" });
    await expect(changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "in_progress" })).rejects.toMatchObject({
      message: "The ticket is already in progress.",
    });
    await expect(changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "new" })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("can't be moved to new"),
    });
    await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "resolved", note: "Replaced the fiber drop." });
    const closed = await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "closed" });
    expect(closed.status).toBe("closed");
    await expect(changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "waiting_on_customer" })).rejects.toMatchObject({
      code: "conflict",
    });
    const events = await conn.db
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.kind, "event")));
    expect(events.map((e) => e.body)).toEqual([
      "Status: New → In progress",
      "Status: In progress → Resolved. Replaced the fiber drop.",
      "Status: Resolved → Closed",
    ]);
    const audit = await conn.db.select().from(auditLog).where(eq(auditLog.entityId, ticket.id));
    expect(audit.every((a) => a.customerId === s.customer.id)).toBe(true);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["ticket.created", "ticket.status_changed"]));
  });

  it("assigning moves a new ticket to assigned, only to staff of the ISP who handle tickets, and back when unassigned", async () => {
    const s = await setup(conn.db);
    const elsewhere = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id });
    const assigned = await assignTicket(conn.db, s.actor("support"), {
      ticketId: ticket.id,
      assigneeId: s.ctx.technician.userId,
      scheduledFor: "2026-03-03",
    });
    expect(assigned).toMatchObject({ status: "assigned", assigneeId: s.ctx.technician.userId, scheduledFor: "2026-03-03" });
    for (const userId of [s.ctx.billing.userId, elsewhere.ctx.technician.userId]) {
      await expect(assignTicket(conn.db, s.actor("support"), { ticketId: ticket.id, assigneeId: userId })).rejects.toMatchObject({
        code: "validation",
        fieldErrors: { assigneeId: ["Choose someone from the list"] },
      });
    }
    expect((await assignTicket(conn.db, s.actor("support"), { ticketId: ticket.id, assigneeId: null })).status).toBe("new");
    await expect(assignTicket(conn.db, elsewhere.actor("owner"), { ticketId: ticket.id, assigneeId: null })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("webhook events", () => {
  it("queues ticket.created and a ticket.updated for each reply, status change, assignment and priority change; never for an internal note", async () => {
    const env = await setup(conn.db);
    const tenantId = env.tenant.id;
    await addWebhookEndpoint(conn.db, tenantId, ["ticket.created", "ticket.updated"]);
    const ticket = await createTicket(conn.db, env.staff("support"), { ...base, customerId: env.customer.id, priority: "high" });
    const [created] = await queuedWebhookEvents(conn.db, tenantId, "ticket.created");
    expect(created.data).toMatchObject({
      id: ticket.id,
      number: "T-000001",
      customerId: env.customer.id,
      subject: base.subject,
      category: "no_internet",
      priority: "high",
      status: "new",
      source: "staff",
      assigneeId: null,
    });

    await addTicketMessage(conn.db, env.staff("support"), { ticketId: ticket.id, body: "Checking the line.", kind: "internal_note" });
    expect(await queuedWebhookEvents(conn.db, tenantId, "ticket.updated")).toEqual([]);
    await assignTicket(conn.db, env.actor("admin"), { ticketId: ticket.id, assigneeId: env.ctx.technician.userId });
    await changeTicketStatus(conn.db, env.actor("technician"), { ticketId: ticket.id, status: "in_progress" });
    await addTicketMessage(conn.db, env.staff("technician"), { ticketId: ticket.id, body: "On my way.", kind: "reply" });
    await addTicketMessage(conn.db, env.portal(env.customer), { ticketId: ticket.id, body: "Thank you!", kind: "reply" });
    await changeTicketPriority(conn.db, env.actor("admin"), { ticketId: ticket.id, priority: "urgent" });
    const updates = (await queuedWebhookEvents(conn.db, tenantId, "ticket.updated")).map((event) => event.data);
    expect(updates.map((data) => data.change).sort()).toEqual(["assignment", "customer_reply", "priority", "reply", "status"]);
    expect(updates.find((data) => data.change === "assignment")).toMatchObject({ status: "assigned", previousStatus: "new", assigneeId: env.ctx.technician.userId });
    expect(updates.find((data) => data.change === "status")).toMatchObject({ status: "in_progress", previousStatus: "assigned" });
    expect(updates.find((data) => data.change === "priority")).toMatchObject({ priority: "urgent" });
    // Bodies stay in NetSphere.
    expect(JSON.stringify(updates)).not.toContain("On my way.");
  });
});

describe("SLA clock", () => {
  it("a public staff reply is the first response; an internal note is not", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id }, { now: mnl("2026-03-02T09:00") });
    expect(ticket.firstResponseDueAt).toEqual(mnl("2026-03-02T13:00"));
    const noted = await addTicketMessage(
      conn.db,
      s.staff("support"),
      { ticketId: ticket.id, body: "Checked the OLT.", kind: "internal_note" },
      { now: mnl("2026-03-02T09:30") },
    );
    expect(noted.ticket.firstRespondedAt).toBeNull();
    const replied = await addTicketMessage(
      conn.db,
      s.staff("support"),
      { ticketId: ticket.id, body: "We are on it.", kind: "reply" },
      { now: mnl("2026-03-02T10:00") },
    );
    expect(replied.ticket.firstRespondedAt).toEqual(mnl("2026-03-02T10:00"));
    const again = await addTicketMessage(
      conn.db,
      s.staff("support"),
      { ticketId: ticket.id, body: "Still on it.", kind: "reply" },
      { now: mnl("2026-03-02T11:00") },
    );
    expect(again.ticket.firstRespondedAt).toEqual(mnl("2026-03-02T10:00"));
  });

  it("waiting on the customer stops the clock; their reply starts it again with the due date pushed by the business minutes waited", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id }, { now: mnl("2026-03-02T09:00") });
    // Normal priority: 1,440 business minutes from Monday 09:00 is Wednesday 15:00.
    expect(ticket.resolutionDueAt).toEqual(mnl("2026-03-04T15:00"));
    const waiting = await changeTicketStatus(
      conn.db,
      s.actor("support"),
      { ticketId: ticket.id, status: "waiting_on_customer" },
      { now: mnl("2026-03-02T11:00") },
    );
    expect(waiting.pausedAt).toEqual(mnl("2026-03-02T11:00"));
    const { ticket: back } = await addTicketMessage(
      conn.db,
      s.portal(s.customer),
      { ticketId: ticket.id, body: "Modem restarted, still red.", kind: "reply" },
      { now: mnl("2026-03-03T10:00") },
    );
    // Waited 11:00–17:00 Monday and 08:00–10:00 Tuesday: 480 business minutes.
    expect(back).toMatchObject({ status: "in_progress", pausedAt: null, pausedMinutes: 480 });
    expect(back.resolutionDueAt).toEqual(mnl("2026-03-05T14:00"));
    // The first response, still not given, moved too (due Monday 13:00 with 2 h left when the clock stopped).
    expect(back.firstResponseDueAt).toEqual(mnl("2026-03-03T12:00"));
  });

  it("reopening counts, and the time it sat resolved does not count against resolution", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(
      conn.db,
      s.staff("support"),
      { ...base, customerId: s.customer.id, priority: "high" },
      { now: mnl("2026-03-02T09:00") },
    );
    expect(ticket.resolutionDueAt).toEqual(mnl("2026-03-02T17:00"));
    const resolved = await changeTicketStatus(
      conn.db,
      s.actor("support"),
      { ticketId: ticket.id, status: "resolved" },
      { now: mnl("2026-03-02T12:00") },
    );
    expect(resolved.firstRespondedAt).toEqual(mnl("2026-03-02T12:00"));
    const reopened = await changeTicketStatus(
      conn.db,
      s.actor("support"),
      { ticketId: ticket.id, status: "in_progress" },
      { now: mnl("2026-03-02T15:00") },
    );
    expect(reopened).toMatchObject({ status: "in_progress", reopenCount: 1, resolvedAt: null, closedAt: null });
    // 5 business hours were left when it was resolved at 12:00: from 15:00 that is Tuesday 11:00.
    expect(reopened.resolutionDueAt).toEqual(mnl("2026-03-03T11:00"));
    // A customer's reply to a resolved ticket reopens it too; a closed one takes no more replies.
    await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "resolved" }, { now: mnl("2026-03-02T16:00") });
    const { ticket: again } = await addTicketMessage(conn.db, s.portal(s.customer), {
      ticketId: ticket.id,
      body: "It dropped again.",
      kind: "reply",
    });
    expect(again).toMatchObject({ status: "in_progress", reopenCount: 2 });
    await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "closed" });
    await expect(addTicketMessage(conn.db, s.portal(s.customer), { ticketId: ticket.id, body: "Hello?", kind: "reply" })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("a priority change brings the new policy's targets", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(
      conn.db,
      s.staff("support"),
      { ...base, customerId: s.customer.id, priority: "low" },
      { now: mnl("2026-03-07T16:00") },
    );
    const urgent = await changeTicketPriority(
      conn.db,
      s.actor("support"),
      { ticketId: ticket.id, priority: "urgent" },
      { now: mnl("2026-03-07T16:10") },
    );
    // Urgent runs around the clock: 1 h and 4 h from when it was opened.
    expect(urgent.firstResponseDueAt).toEqual(mnl("2026-03-07T17:00"));
    expect(urgent.resolutionDueAt).toEqual(mnl("2026-03-07T20:00"));
    const events = await conn.db.select({ body: ticketMessages.body }).from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id));
    expect(events.map((e) => e.body)).toContain("Priority: Low → Urgent");
  });
});

describe("what the customer sees", () => {
  it("public replies only, never internal notes or events; another customer's ticket is not found", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id, assigneeId: s.ctx.technician.userId });
    await addTicketMessage(conn.db, s.staff("technician"), { ticketId: ticket.id, body: "Customer was rude on the phone.", kind: "internal_note" });
    await addTicketMessage(conn.db, s.staff("technician"), { ticketId: ticket.id, body: "A technician visits today.", kind: "reply" });
    await addTicketMessage(conn.db, s.portal(s.customer), { ticketId: ticket.id, body: "Thank you!", kind: "reply" });
    await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "in_progress" });

    const seen = await getCustomerTicket(conn.db, { tenantId: s.tenant.id, customerId: s.customer.id, ticketId: ticket.id });
    expect(seen?.messages.map((m) => m.body)).toEqual(["A technician visits today.", "Thank you!"]);
    expect(JSON.stringify(seen)).not.toContain("rude");
    expect(JSON.stringify(seen)).not.toContain("Assigned to");
    expect(seen?.ticket.reference).toBe("T-000001");
    expect(seen?.sla.firstResponse.status).toBe("met");

    expect(await getCustomerTicket(conn.db, { tenantId: s.tenant.id, customerId: s.other.id, ticketId: ticket.id })).toBeNull();
    const elsewhere = await setup(conn.db);
    expect(await getCustomerTicket(conn.db, { tenantId: elsewhere.tenant.id, customerId: s.customer.id, ticketId: ticket.id })).toBeNull();
    expect((await listCustomerTickets(conn.db, { tenantId: s.tenant.id, customerId: s.other.id })).rows).toEqual([]);
    expect((await listCustomerTickets(conn.db, { tenantId: s.tenant.id, customerId: s.customer.id })).rows.map((t) => t.reference)).toEqual([
      "T-000001",
    ]);
  });

  it("a customer may reply only to their own ticket, and never add internal notes", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.portal(s.customer), base);
    await expect(addTicketMessage(conn.db, s.portal(s.other), { ticketId: ticket.id, body: "Me too", kind: "reply" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(addTicketMessage(conn.db, s.portal(s.customer), { ticketId: ticket.id, body: "psst", kind: "internal_note" })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    expect(await conn.db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id))).toEqual([]);
  });
});

describe("notifications and attachments", () => {
  it("tells the customer when a ticket is opened, answered and resolved, but not about internal notes", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id });
    await addTicketMessage(conn.db, s.staff("support"), { ticketId: ticket.id, body: "Internal only", kind: "internal_note" });
    await addTicketMessage(conn.db, s.staff("support"), { ticketId: ticket.id, body: "We will visit tomorrow.", kind: "reply" });
    await changeTicketStatus(conn.db, s.actor("support"), { ticketId: ticket.id, status: "resolved", note: "Fiber drop replaced." });
    const rows = await outboxOf(conn.db, s.tenant.id);
    expect(rows.map((r) => r.event).sort()).toEqual(["ticket_created", "ticket_resolved", "ticket_updated"]);
    expect(rows.every((r) => r.customerId === s.customer.id && r.recipient === s.customer.email)).toBe(true);
    const updated = rows.find((r) => r.event === "ticket_updated")!;
    expect(updated.body).toContain("We will visit tomorrow.");
    expect(updated.body).toContain("T-000001");
    expect(updated.body).not.toContain("Internal only");
  });

  it("moving a ticket with a visit planned today to in progress tells the customer a technician is on the way, once", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), {
      ...base,
      customerId: s.customer.id,
      assigneeId: s.ctx.technician.userId,
      scheduledFor: "2026-03-03",
    });
    await changeTicketStatus(conn.db, s.actor("technician"), { ticketId: ticket.id, status: "in_progress" }, { now: mnl("2026-03-03T09:00") });
    await changeTicketStatus(
      conn.db,
      s.actor("technician"),
      { ticketId: ticket.id, status: "waiting_on_customer" },
      { now: mnl("2026-03-03T09:30") },
    );
    await changeTicketStatus(conn.db, s.actor("technician"), { ticketId: ticket.id, status: "in_progress" }, { now: mnl("2026-03-03T10:00") });
    const onTheWay = (await outboxOf(conn.db, s.tenant.id)).filter((r) => r.event === "technician_on_the_way");
    expect(onTheWay).toHaveLength(1);
    expect(onTheWay[0].body).toContain("technician user");
  });

  it("stores attachments with the message; a file of a refused type writes nothing", async () => {
    const s = await setup(conn.db);
    const ticket = await createTicket(conn.db, s.staff("support"), { ...base, customerId: s.customer.id });
    const { message, files } = await addTicketMessage(conn.db, s.staff("support"), {
      ticketId: ticket.id,
      body: "Photo of the modem attached.",
      kind: "reply",
      files: [{ name: "modem.png", type: "image/png", bytes: sampleFiles.png }],
    });
    expect(files).toHaveLength(1);
    const [stored] = await conn.db.select().from(storedFiles).where(eq(storedFiles.ticketMessageId, message.id));
    expect(stored).toMatchObject({ purpose: "ticket_attachment", ticketId: ticket.id, customerId: s.customer.id, contentType: "image/png" });

    await expect(
      addTicketMessage(conn.db, s.staff("support"), {
        ticketId: ticket.id,
        body: "Run this tool",
        kind: "reply",
        files: [{ name: "fix.pdf", type: "application/pdf", bytes: sampleFiles.windowsExe }],
      }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { file: [expect.any(String)] } });
    const bodies = (await conn.db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id))).map((m) => m.body);
    expect(bodies).not.toContain("Run this tool");
    const [row] = await conn.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row.firstRespondedAt).not.toBeNull();
  });
});

describe("writers without a user (an integration's API key)", () => {
  it("opens, replies and moves a ticket under the key's name, with no user recorded anywhere", async () => {
    const s = await setup(conn.db);
    const key: TicketAuthor = { kind: "staff", tenantId: s.tenant.id, userId: null, userName: "API key “Helpdesk”" };
    const ticket = await createTicket(conn.db, key, { ...base, customerId: s.customer.id });
    expect(ticket.createdByUserId).toBeNull();
    const { message } = await addTicketMessage(conn.db, key, { ticketId: ticket.id, body: "We are looking into it.", kind: "reply" });
    expect(message).toMatchObject({ authorType: "staff", authorUserId: null, authorName: "API key “Helpdesk”" });
    await changeTicketStatus(conn.db, { tenantId: s.tenant.id, userId: null, userName: "API key “Helpdesk”" }, { ticketId: ticket.id, status: "in_progress" });
    const [event] = await conn.db
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.kind, "event")));
    expect(event).toMatchObject({ authorUserId: null, authorName: "API key “Helpdesk”" });
    const audit = await conn.db.select().from(auditLog).where(and(eq(auditLog.tenantId, s.tenant.id), eq(auditLog.entityId, ticket.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["ticket.created", "ticket.replied", "ticket.status_changed"]);
    expect(audit.every((a) => a.actorUserId === null && a.actorLabel === "API key “Helpdesk”")).toBe(true);
    const seen = await getCustomerTicket(conn.db, { tenantId: s.tenant.id, customerId: s.customer.id, ticketId: ticket.id });
    expect(seen?.messages.map((m) => [m.authorName, m.body])).toEqual([["API key “Helpdesk”", "We are looking into it."]]);
  });
});
