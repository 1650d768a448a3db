import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog } from "@/lib/audit/schema";
import { actorOf } from "@/lib/audit/record";
import { ticketMessages, tickets } from "@/lib/tickets/schema";
import { addTicketMessage, changeTicketStatus, createTicket, type TicketAuthor } from "@/lib/tickets/service";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const listRoute = await import("@/app/api/v1/tickets/route");
const oneRoute = await import("@/app/api/v1/tickets/[id]/route");
const repliesRoute = await import("@/app/api/v1/tickets/[id]/replies/route");

type Fixture = Awaited<ReturnType<typeof createTenantFixture>>;
type Subscriber = Awaited<ReturnType<typeof insertSubscriber>>;
let isp: Fixture;
let juan: Subscriber;
let maria: Subscriber;
let theirs: { customerId: string; subscriptionId: string; ticketId: string };
let reader: string;
let writer: string;
const seeded: { id: string; subject: string }[] = [];

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const plan = await insertPlan(conn.db, isp.tenant.id);
  const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "x" });
  juan = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username: "juan" });
  maria = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username: "maria" });
  const support: TicketAuthor = { kind: "staff", tenantId: isp.tenant.id, userId: isp.ctx.support.userId, userName: "Ana (support)" };
  for (const [subject, customer, priority] of [
    ["No internet since morning", juan, "urgent"],
    ["Slow at night", juan, "normal"],
    ["Billing question", maria, "low"],
    ["Relocate modem", maria, "normal"],
    ["Red LOS light", juan, "high"],
  ] as const)
    seeded.push(await createTicket(conn.db, support, { subject, description: "", category: "other", priority, customerId: customer.customer.id }));
  await changeTicketStatus(conn.db, actorOf(isp.ctx.support), { ticketId: seeded[1].id, status: "in_progress" });
  await changeTicketStatus(conn.db, actorOf(isp.ctx.support), { ticketId: seeded[1].id, status: "resolved", note: "Changed the channel" });
  await addTicketMessage(conn.db, support, { ticketId: seeded[0].id, body: "A technician is on the way.", kind: "reply" });
  await addTicketMessage(conn.db, support, { ticketId: seeded[0].id, body: "Customer is rude, careful.", kind: "internal_note" });
  await addTicketMessage(conn.db, { kind: "customer", tenantId: isp.tenant.id, customerId: juan.customer.id, name: juan.customer.name }, { ticketId: seeded[0].id, body: "Thank you!", kind: "reply" });

  const theirPlan = await insertPlan(conn.db, other.tenant.id);
  const their = await insertSubscriber(conn.db, other.tenant.id, { planId: theirPlan.id, routerId: (await insertRouter(conn.db, other.tenant.id, { port: 1, password: "x" })).id, username: "theirs" });
  const theirTicket = await createTicket(
    conn.db,
    { kind: "staff", tenantId: other.tenant.id, userId: other.ctx.support.userId, userName: "Them" },
    { subject: "Their ticket", description: "", category: "other", customerId: their.customer.id },
  );
  theirs = { customerId: their.customer.id, subscriptionId: their.subscription.id, ticketId: theirTicket.id };
  reader = (await apiKeyFor(conn.db, isp.tenant.id, ["tickets:read"])).key;
  writer = (await apiKeyFor(conn.db, isp.tenant.id, ["tickets:write"], { name: "Helpdesk" })).key;
});
afterAll(async () => {
  await conn?.close();
});

const subjects = (body: { data: { subject: string }[] }) => body.data.map((t) => t.subject);
const ticketCount = async () => (await conn.db.select({ n: sql<number>`count(*)::int` }).from(tickets).where(eq(tickets.tenantId, isp.tenant.id)))[0].n;

describe("reading tickets", () => {
  it("pages newest first by cursor without repeats, numbered T-…", async () => {
    const first = await callApi(listRoute.GET, { path: "/tickets?limit=3&sort=number", key: reader });
    expect(first.status).toBe(200);
    expect(first.body.data.map((t: { number: string }) => t.number)).toEqual(["T-000001", "T-000002", "T-000003"]);
    const second = await callApi(listRoute.GET, { path: `/tickets?limit=3&sort=number&cursor=${first.body.nextCursor}`, key: reader });
    expect(second.body.data.map((t: { number: string }) => t.number)).toEqual(["T-000004", "T-000005"]);
    expect(second.body.nextCursor).toBeNull();
    const newest = await callApi(listRoute.GET, { path: "/tickets?limit=1", key: reader });
    expect(subjects(newest.body)).toEqual(["Red LOS light"]);
    expect(newest.body.data[0]).not.toHaveProperty("assigneeId");
  });

  it("filters by status (open = before resolved), priority and customer; a bad filter is a 422", async () => {
    expect(subjects((await callApi(listRoute.GET, { path: "/tickets?status=resolved", key: reader })).body)).toEqual(["Slow at night"]);
    expect((await callApi(listRoute.GET, { path: "/tickets?status=open", key: reader })).body.data).toHaveLength(4);
    expect(subjects((await callApi(listRoute.GET, { path: "/tickets?priority=urgent", key: reader })).body)).toEqual(["No internet since morning"]);
    expect(subjects((await callApi(listRoute.GET, { path: `/tickets?customerId=${maria.customer.id}&sort=createdAt`, key: reader })).body)).toEqual([
      "Billing question",
      "Relocate modem",
    ]);
    const bad = await callApi(listRoute.GET, { path: "/tickets?priority=asap", key: reader });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("priority");
  });

  it("reads one with its public replies only, never internal notes or events; another ISP's ticket is a 404", async () => {
    const one = await callApi(oneRoute.GET, { path: `/tickets/${seeded[0].id}`, params: { id: seeded[0].id }, key: reader });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ subject: "No internet since morning", priority: "urgent", status: "new", customerId: juan.customer.id });
    expect(one.body.messages.map((m: { authorType: string; body: string }) => [m.authorType, m.body])).toEqual([
      ["staff", "A technician is on the way."],
      ["customer", "Thank you!"],
    ]);
    expect(JSON.stringify(one.body)).not.toContain("rude");
    const resolved = await callApi(oneRoute.GET, { path: `/tickets/${seeded[1].id}`, params: { id: seeded[1].id }, key: reader });
    expect(resolved.body.messages).toEqual([]);
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect((await callApi(oneRoute.GET, { path: `/tickets/${theirs.ticketId}`, params: { id: theirs.ticketId }, key: reader })).status).toBe(404);
  });
});

describe("opening and answering tickets", () => {
  it("opens a ticket through the tickets room with its SLA, written as the API key with no staff user", async () => {
    const created = await callApi(listRoute.POST, {
      path: "/tickets",
      key: writer,
      body: { customerId: juan.customer.id, subscriptionId: juan.subscription.id, subject: "Chatbot: no internet", category: "no_internet", priority: "high", source: "social" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: "T-000006", status: "new", priority: "high", source: "social", subscriptionId: juan.subscription.id, description: "", messages: [] });
    expect(created.body.firstResponseDueAt).not.toBeNull();
    const [row] = await conn.db.select().from(tickets).where(eq(tickets.id, created.body.id));
    expect(row.createdByUserId).toBeNull();
    const [entry] = await conn.db.select().from(auditLog).where(and(eq(auditLog.action, "ticket.created"), eq(auditLog.entityId, created.body.id)));
    expect(entry).toMatchObject({ actorUserId: null, actorLabel: "API key “Helpdesk”" });
  });

  it("refuses another ISP's customer or subscription (404) and a bad body (422), opening nothing", async () => {
    const before = await ticketCount();
    const theirCustomer = await callApi(listRoute.POST, { path: "/tickets", key: writer, body: { customerId: theirs.customerId, subject: "Hello there", category: "other" } });
    expect(theirCustomer.status).toBe(404);
    const theirSubscription = await callApi(listRoute.POST, {
      path: "/tickets",
      key: writer,
      body: { customerId: juan.customer.id, subscriptionId: theirs.subscriptionId, subject: "Hello there", category: "other" },
    });
    expect(theirSubscription.status).toBe(404);
    const otherCustomersSubscription = await callApi(listRoute.POST, {
      path: "/tickets",
      key: writer,
      body: { customerId: maria.customer.id, subscriptionId: juan.subscription.id, subject: "Hello there", category: "other" },
    });
    expect(otherCustomersSubscription.status).toBe(404);
    const bad = await callApi(listRoute.POST, { path: "/tickets", key: writer, body: { subject: "Hi", category: "weather", source: "portal", subscriptionId: juan.subscription.id } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["category", "source", "subject"]);
    const noCustomer = await callApi(listRoute.POST, { path: "/tickets", key: writer, body: { subject: "Hello there", category: "other", subscriptionId: juan.subscription.id } });
    expect(noCustomer.status).toBe(422);
    expect(noCustomer.body.errors[0].field).toBe("customerId");
    expect(await ticketCount()).toBe(before);
    expect((await callApi(listRoute.POST, { path: "/tickets", key: reader, body: { subject: "Hello there", category: "other" } })).status).toBe(403);
  });

  it("replies in public under the key's name (the first response); another ISP's ticket is a 404", async () => {
    const ticket = seeded[3];
    const reply = await callApi(repliesRoute.POST, { path: `/tickets/${ticket.id}/replies`, params: { id: ticket.id }, key: writer, body: { body: "We can move it on Saturday." } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ authorType: "staff", authorName: "API key “Helpdesk”", body: "We can move it on Saturday." });
    const read = await callApi(oneRoute.GET, { path: `/tickets/${ticket.id}`, params: { id: ticket.id }, key: reader });
    expect(read.body.messages.map((m: { body: string }) => m.body)).toEqual(["We can move it on Saturday."]);
    expect(read.body.firstRespondedAt).not.toBeNull();
    const [message] = await conn.db.select().from(ticketMessages).where(eq(ticketMessages.id, reply.body.id));
    expect(message).toMatchObject({ kind: "reply", authorUserId: null });

    const refused = await callApi(repliesRoute.POST, { path: `/tickets/${theirs.ticketId}/replies`, params: { id: theirs.ticketId }, key: writer, body: { body: "Hi" } });
    expect(refused.status).toBe(404);
    const empty = await callApi(repliesRoute.POST, { path: `/tickets/${ticket.id}/replies`, params: { id: ticket.id }, key: writer, body: { body: "   " } });
    expect(empty.status).toBe(422);
    expect(empty.body.errors[0].field).toBe("body");
  });
});
