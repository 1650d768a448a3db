/*
 * Ticket writes, for staff and (through the portal) for customers: open a ticket (numbered T-000001 per tenant,
 * gap-free under a per-tenant lock), reply or add an internal note with attachments, move it through the
 * workflow, assign it, change its priority. Each change is one transaction with its event message, its audit
 * entry (on the customer's timeline) and its notifications.
 */
import { and, eq, sql } from "drizzle-orm";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { recordAudit, type AuditActor, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { Db, Tx } from "@/lib/db/types";
import { fileError, storeFile, uploadLimitBytes } from "@/lib/storage/service";
import { checkUpload } from "@/lib/storage/file-types";
import { formatCalendarDate } from "@/lib/core/dates";
import { ticketMessages, tickets, type Ticket, type TicketCategory, type TicketPriority, type TicketSource, type TicketStatus } from "./schema";
import { assignableRoles, formatTicketNumber, isFieldVisitDay, isReopen, priorityLabels, statusLabels, transitionProblem } from "./rules";
import { dueDates } from "./sla";
import { localDate } from "@/lib/core/time-zones";
import { loadSlaSetup } from "./sla-settings";
import { priorityPatch, statusPatch, type TicketPatch } from "./clock";
import { flushTicketNotices, sendTicketNotice, ticketNoticeData } from "./notify";
import { clock } from "@/lib/core/clock";
import { queueTicketEvent } from "./webhook-events";

/**
 * Who writes: a customer (the portal), or the ISP's side — a staff member, or an integration's API key, which has no
 * user (`userId: null`) and is named by `userName` ("API key “Helpdesk”") on the messages and in the audit log.
 */
export type TicketAuthor =
  | { kind: "staff"; tenantId: string; userId: string | null; userName: string; ipAddress?: string | null }
  | { kind: "customer"; tenantId: string; customerId: string; name: string };

export type TicketFile = { name: string; type: string; bytes: Uint8Array };
/** Tests pass a fixed clock; `notify: false` writes history without messaging anyone (the demo's past tickets). */
export type ClockOption = { now?: Date; notify?: boolean };

export type CreateTicketInput = {
  customerId?: string;
  subscriptionId?: string;
  subject: string;
  description: string;
  category: TicketCategory;
  priority?: TicketPriority;
  source?: TicketSource;
  assigneeId?: string | null;
  scheduledFor?: string | null;
};

const auditActorOf = (author: TicketAuthor): AuditActor =>
  author.kind === "staff"
    ? { tenantId: author.tenantId, userId: author.userId, userName: author.userName, ipAddress: author.ipAddress }
    : { tenantId: author.tenantId, userId: null, userName: `${author.name} (customer portal)` };

const staffAuthor = (actor: TenantActor): TicketAuthor => ({
  kind: "staff",
  tenantId: actor.tenantId,
  userId: actor.userId ?? null,
  userName: actor.userName ?? "Staff",
  ipAddress: actor.ipAddress,
});

async function lockTicket(tx: Tx, tenantId: string, ticketId: string, customerId?: string): Promise<Ticket> {
  if (!isUuid(ticketId)) throw notFound("Ticket");
  const [ticket] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId), customerId ? eq(tickets.customerId, customerId) : undefined))
    .for("update");
  if (!ticket) throw notFound("Ticket");
  return ticket;
}

async function saveTicket(tx: Tx, ticket: Ticket, patch: TicketPatch): Promise<Ticket> {
  const [row] = await tx
    .update(tickets)
    .set(patch)
    .where(and(eq(tickets.tenantId, ticket.tenantId), eq(tickets.id, ticket.id)))
    .returning();
  return row;
}

/** An event line in the conversation (staff only; customers never see events). */
async function addEvent(tx: Tx, ticket: Ticket, author: TicketAuthor | null, body: string) {
  await tx.insert(ticketMessages).values({
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    kind: "event",
    authorType: author ? author.kind : "system",
    authorUserId: author?.kind === "staff" ? author.userId || null : null,
    authorName: author ? (author.kind === "staff" ? author.userName : author.name) : "System",
    body,
  });
}

async function assigneeOf(tx: Tx, tenantId: string, userId: string) {
  const [user] = await tx
    .select({ id: users.id, name: users.name, role: users.role, active: users.active })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  if (!user || !user.active || !assignableRoles.includes(user.role as never)) {
    throw new AppError("validation", "Tickets go to an active support agent, technician, admin or owner of your ISP.", {
      fieldErrors: { assigneeId: ["Choose someone from the list"] },
    });
  }
  return user;
}

async function checkCustomer(tx: Tx, tenantId: string, customerId: string, subscriptionId?: string) {
  const noCustomer = () => new AppError("not_found", "Customer not found.", { fieldErrors: { customerId: ["Choose a customer from the list"] } });
  if (!isUuid(customerId)) throw noCustomer();
  const [customer] = await tx
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!customer) throw noCustomer();
  if (subscriptionId) {
    const [sub] = isUuid(subscriptionId)
      ? await tx
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, subscriptionId), eq(subscriptions.customerId, customerId)))
      : [];
    if (!sub) throw notFound("Subscription");
  }
  return customer;
}

/** Opens a ticket with its SLA due dates from the tenant's policy for its priority. */
export async function createTicket(
  db: Db,
  author: TicketAuthor,
  input: CreateTicketInput,
  { now = clock.now(), notify = true }: ClockOption = {},
): Promise<Ticket> {
  const tenantId = author.tenantId;
  const customerId = author.kind === "customer" ? author.customerId : input.customerId || undefined;
  const staff = author.kind === "staff";
  const ticket = await db.transaction(async (tx) => {
    if (customerId) await checkCustomer(tx, tenantId, customerId, input.subscriptionId);
    const assignee = staff && input.assigneeId ? await assigneeOf(tx, tenantId, input.assigneeId) : null;
    const setup = await loadSlaSetup(tx, { tenantId });
    const priority = input.priority ?? "normal";
    const due = dueDates(now, setup.policies[priority], setup.calendar);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tickets:${tenantId}`}, 0))`);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${tickets.number}), 0) + 1` })
      .from(tickets)
      .where(eq(tickets.tenantId, tenantId));
    const [row] = await tx
      .insert(tickets)
      .values({
        tenantId,
        number: Number(next),
        customerId: customerId ?? null,
        subscriptionId: input.subscriptionId || null,
        subject: input.subject,
        description: input.description,
        category: input.category,
        priority,
        status: assignee ? "assigned" : "new",
        source: staff ? (input.source ?? "staff") : "portal",
        assigneeId: assignee?.id ?? null,
        createdByUserId: staff ? author.userId || null : null,
        scheduledFor: staff ? input.scheduledFor || null : null,
        ...due,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (assignee) await addEvent(tx, row, author, `Assigned to ${assignee.name}`);
    await recordAudit(tx, auditActorOf(author), {
      action: "ticket.created",
      entityType: "ticket",
      entityId: row.id,
      customerId: row.customerId,
      after: {
        number: formatTicketNumber(row.number),
        subject: row.subject,
        category: row.category,
        priority: row.priority,
        assignee: assignee?.name,
      },
    });
    await queueTicketEvent(tx, row, { kind: "created" });
    if (row.customerId) {
      if (notify)
        await sendTicketNotice(tx, {
          tenantId,
          event: "ticket_created",
          customerId: row.customerId,
          data: ticketNoticeData(row),
          dedupeKey: `ticket_created:${row.id}`,
        });
    }
    return row;
  });
  flushTicketNotices(db);
  return ticket;
}

/**
 * A public reply or an internal note. Customers may only reply, and only on their own tickets: their reply to a
 * ticket waiting on them starts the clock again (in progress), a reply to a resolved ticket reopens it, a closed
 * ticket takes no more replies. The first public staff reply is the first response.
 */
export async function addTicketMessage(
  db: Db,
  author: TicketAuthor,
  input: { ticketId: string; body: string; kind: "reply" | "internal_note"; files?: TicketFile[] },
  { now = clock.now(), notify = true }: ClockOption = {},
) {
  const customer = author.kind === "customer";
  if (customer && input.kind !== "reply") throw new AppError("forbidden", "Customers can only reply.");
  // Every file is checked before any is stored, so one refused file leaves no other behind.
  for (const file of input.files ?? []) {
    const check = checkUpload(file, uploadLimitBytes());
    if (!check.ok) throw fileError(`${file.name}: ${check.message}`);
  }
  const result = await db.transaction(async (tx) => {
    const ticket = await lockTicket(tx, author.tenantId, input.ticketId, customer ? author.customerId : undefined);
    let patch: TicketPatch = { updatedAt: now };
    if (customer && ticket.status === "closed") throw new AppError("conflict", "This ticket is closed. Open a new ticket and mention its number.");
    if (customer && (ticket.status === "waiting_on_customer" || ticket.status === "resolved")) {
      const setup = await loadSlaSetup(tx, { tenantId: ticket.tenantId });
      patch = statusPatch(ticket, "in_progress", now, setup);
      await addEvent(
        tx,
        ticket,
        author,
        ticket.status === "resolved" ? "Reopened by the customer's reply" : "The customer answered: back in progress",
      );
    }
    if (!customer && input.kind === "reply" && !ticket.firstRespondedAt) patch.firstRespondedAt = now;
    const [message] = await tx
      .insert(ticketMessages)
      .values({
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        kind: input.kind,
        authorType: author.kind,
        authorUserId: author.kind === "staff" ? author.userId || null : null,
        authorName: author.kind === "staff" ? author.userName : author.name,
        body: input.body,
        createdAt: now,
      })
      .returning();
    const storageActor = author.kind === "staff" ? { tenantId: author.tenantId, userId: author.userId, userName: author.userName } : author;
    const files = [];
    for (const file of input.files ?? []) {
      files.push(await storeFile(tx, storageActor, { purpose: "ticket_attachment", ticketId: ticket.id, ticketMessageId: message.id, file }));
    }
    const saved = await saveTicket(tx, ticket, patch);
    await recordAudit(tx, auditActorOf(author), {
      action: input.kind === "reply" ? "ticket.replied" : "ticket.note_added",
      entityType: "ticket",
      entityId: ticket.id,
      customerId: ticket.customerId,
      after: {
        number: formatTicketNumber(ticket.number),
        attachments: files.length,
        ...(saved.status !== ticket.status ? { status: saved.status } : {}),
      },
    });
    // An internal note is staff talk: the ISP's other systems hear of replies only.
    if (input.kind === "reply") await queueTicketEvent(tx, saved, { kind: customer ? "customer_reply" : "reply", previousStatus: ticket.status });
    if (!customer && input.kind === "reply" && ticket.customerId) {
      if (notify)
        await sendTicketNotice(tx, {
          tenantId: ticket.tenantId,
          event: "ticket_updated",
          customerId: ticket.customerId,
          data: { ...ticketNoticeData(saved), message: input.body.slice(0, 1000), agentName: author.userName },
          dedupeKey: `ticket_updated:${message.id}`,
        });
    }
    return { message, ticket: saved, files };
  });
  flushTicketNotices(db);
  return result;
}

/** Moves a ticket through the workflow (refused with a clear message when the move is not allowed). */
export async function changeTicketStatus(
  db: Db,
  actor: TenantActor,
  input: { ticketId: string; status: TicketStatus; note?: string },
  { now = clock.now(), notify = true }: ClockOption = {},
): Promise<Ticket> {
  const ticket = await db.transaction(async (tx) => {
    const before = await lockTicket(tx, actor.tenantId, input.ticketId);
    const problem = transitionProblem(before.status, input.status, before.assigneeId !== null);
    if (problem) throw new AppError("conflict", problem);
    const setup = await loadSlaSetup(tx, { tenantId: actor.tenantId });
    const saved = await saveTicket(tx, before, statusPatch(before, input.status, now, setup));
    const reopened = isReopen(before.status, input.status);
    const line = reopened ? "Reopened" : `Status: ${statusLabels[before.status]} → ${statusLabels[saved.status]}`;
    await addEvent(tx, before, staffAuthor(actor), input.note ? `${line}. ${input.note}` : line);
    await recordAudit(tx, actor, {
      action: reopened ? "ticket.reopened" : "ticket.status_changed",
      entityType: "ticket",
      entityId: before.id,
      customerId: before.customerId,
      before: { number: formatTicketNumber(before.number), status: before.status },
      after: { number: formatTicketNumber(before.number), status: saved.status, ...(input.note ? { note: input.note } : {}) },
    });
    await queueTicketEvent(tx, saved, { kind: "status", previousStatus: before.status });
    if (saved.customerId && saved.status === "resolved") {
      if (notify)
        await sendTicketNotice(tx, {
          tenantId: saved.tenantId,
          event: "ticket_resolved",
          customerId: saved.customerId,
          data: { ...ticketNoticeData(saved), message: input.note ?? "" },
          dedupeKey: `ticket_resolved:${saved.id}:${saved.reopenCount}`,
        });
    }
    if (
      saved.customerId &&
      saved.status === "in_progress" &&
      !reopened &&
      isFieldVisitDay(saved.scheduledFor, localDate(now, setup.calendar.timeZone))
    ) {
      const [technician] = saved.assigneeId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, saved.assigneeId)) : [];
      if (notify)
        await sendTicketNotice(tx, {
          tenantId: saved.tenantId,
          event: "technician_on_the_way",
          customerId: saved.customerId,
          data: { ...ticketNoticeData(saved), technicianName: technician?.name ?? "Our technician", eta: "today" },
          dedupeKey: `technician_on_the_way:${saved.id}:${saved.scheduledFor}`,
        });
    }
    return saved;
  });
  flushTicketNotices(db);
  return ticket;
}

/** Assigns (or unassigns, with null) a ticket and plans its field visit; a new ticket becomes assigned and back. */
export async function assignTicket(
  db: Db,
  actor: TenantActor,
  input: { ticketId: string; assigneeId: string | null; scheduledFor?: string | null },
  { now = clock.now() }: ClockOption = {},
): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const before = await lockTicket(tx, actor.tenantId, input.ticketId);
    const assignee = input.assigneeId ? await assigneeOf(tx, actor.tenantId, input.assigneeId) : null;
    const scheduledFor = input.scheduledFor === undefined ? before.scheduledFor : input.scheduledFor || null;
    const status = assignee && before.status === "new" ? "assigned" : !assignee && before.status === "assigned" ? "new" : before.status;
    const saved = await saveTicket(tx, before, { assigneeId: assignee?.id ?? null, scheduledFor, status, updatedAt: now });
    const lines: string[] = [];
    if (before.assigneeId !== saved.assigneeId) lines.push(assignee ? `Assigned to ${assignee.name}` : "Unassigned");
    if (before.scheduledFor !== saved.scheduledFor)
      lines.push(scheduledFor ? `Visit planned for ${formatCalendarDate(scheduledFor)}` : "Visit date removed");
    if (lines.length === 0) return saved;
    await addEvent(tx, before, staffAuthor(actor), lines.join(". "));
    await recordAudit(tx, actor, {
      action: "ticket.assigned",
      entityType: "ticket",
      entityId: before.id,
      customerId: before.customerId,
      before: { number: formatTicketNumber(before.number), assigneeId: before.assigneeId, scheduledFor: before.scheduledFor, status: before.status },
      after: { number: formatTicketNumber(before.number), assignee: assignee?.name ?? null, assigneeId: saved.assigneeId, scheduledFor, status },
    });
    await queueTicketEvent(tx, saved, { kind: "assignment", previousStatus: before.status });
    return saved;
  });
}

/** A new priority; the SLA targets follow its policy (see priorityPatch). */
export async function changeTicketPriority(
  db: Db,
  actor: TenantActor,
  input: { ticketId: string; priority: TicketPriority },
  { now = clock.now() }: ClockOption = {},
): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const before = await lockTicket(tx, actor.tenantId, input.ticketId);
    if (before.priority === input.priority) return before;
    const setup = await loadSlaSetup(tx, { tenantId: actor.tenantId });
    const saved = await saveTicket(tx, before, priorityPatch(before, input.priority, now, setup));
    await addEvent(tx, before, staffAuthor(actor), `Priority: ${priorityLabels[before.priority]} → ${priorityLabels[saved.priority]}`);
    await recordAudit(tx, actor, {
      action: "ticket.priority_changed",
      entityType: "ticket",
      entityId: before.id,
      customerId: before.customerId,
      before: { number: formatTicketNumber(before.number), priority: before.priority },
      after: { number: formatTicketNumber(before.number), priority: saved.priority },
    });
    await queueTicketEvent(tx, saved, { kind: "priority" });
    return saved;
  });
}
