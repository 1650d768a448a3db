/*
 * What a subscriber sees of their tickets (the portal): their own tickets only, public replies only (never
 * internal notes or events), files attached to those replies, and where each ticket stands against its SLA.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { listFiles } from "@/lib/storage/service";
import { ticketMessages, tickets } from "./schema";
import { formatTicketNumber } from "./rules";
import { loadSlaSetup } from "./sla-settings";
import { ticketSla } from "./queries";
import { clock } from "@/lib/core/clock";

export const CUSTOMER_TICKETS_PAGE_SIZE = 20;

const publicColumns = {
  id: tickets.id,
  number: tickets.number,
  subject: tickets.subject,
  description: tickets.description,
  category: tickets.category,
  priority: tickets.priority,
  status: tickets.status,
  scheduledFor: tickets.scheduledFor,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  resolvedAt: tickets.resolvedAt,
  closedAt: tickets.closedAt,
  firstResponseDueAt: tickets.firstResponseDueAt,
  resolutionDueAt: tickets.resolutionDueAt,
  firstRespondedAt: tickets.firstRespondedAt,
  pausedAt: tickets.pausedAt,
  pausedMinutes: tickets.pausedMinutes,
  firstResponseBreached: tickets.firstResponseBreached,
  resolutionBreached: tickets.resolutionBreached,
};

export async function listCustomerTickets(
  db: DbOrTx,
  { tenantId, customerId, page = 1, now = clock.now() }: { tenantId: string; customerId: string; page?: number; now?: Date },
) {
  if (!isUuid(customerId)) return { rows: [], hasMore: false };
  const [rows, setup] = await Promise.all([
    db
      .select(publicColumns)
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, customerId)))
      .orderBy(desc(tickets.createdAt), desc(tickets.number))
      .limit(CUSTOMER_TICKETS_PAGE_SIZE + 1)
      .offset((Math.max(1, page) - 1) * CUSTOMER_TICKETS_PAGE_SIZE),
    loadSlaSetup(db, { tenantId }),
  ]);
  return {
    rows: rows.slice(0, CUSTOMER_TICKETS_PAGE_SIZE).map((t) => ({ ...t, reference: formatTicketNumber(t.number), sla: ticketSla(t, setup, now) })),
    hasMore: rows.length > CUSTOMER_TICKETS_PAGE_SIZE,
  };
}

/** The customer's own ticket with its public conversation, or null (unknown, another customer's or another ISP's). */
export async function getCustomerTicket(
  db: DbOrTx,
  { tenantId, customerId, ticketId, now = clock.now() }: { tenantId: string; customerId: string; ticketId: string; now?: Date },
) {
  if (!isUuid(ticketId) || !isUuid(customerId)) return null;
  const [ticket] = await db
    .select(publicColumns)
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, customerId), eq(tickets.id, ticketId)));
  if (!ticket) return null;
  const [messages, files, setup] = await Promise.all([
    db
      .select({
        id: ticketMessages.id,
        authorType: ticketMessages.authorType,
        authorName: ticketMessages.authorName,
        body: ticketMessages.body,
        createdAt: ticketMessages.createdAt,
      })
      .from(ticketMessages)
      .where(and(eq(ticketMessages.tenantId, tenantId), eq(ticketMessages.ticketId, ticket.id), inArray(ticketMessages.kind, ["reply"])))
      .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
      .limit(500),
    listFiles(db, { tenantId, ticketId: ticket.id, purpose: "ticket_attachment" }),
    loadSlaSetup(db, { tenantId }),
  ]);
  const publicIds = new Set(messages.map((m) => m.id));
  const visibleFiles = files
    .filter((f) => f.ticketMessageId && publicIds.has(f.ticketMessageId))
    .map((f) => ({ id: f.id, ticketMessageId: f.ticketMessageId, filename: f.filename, contentType: f.contentType, sizeBytes: f.sizeBytes }));
  return {
    ticket: { ...ticket, reference: formatTicketNumber(ticket.number) },
    messages: messages.map((m) => ({ ...m, files: visibleFiles.filter((f) => f.ticketMessageId === m.id) })),
    sla: ticketSla(ticket, setup, now),
  };
}
