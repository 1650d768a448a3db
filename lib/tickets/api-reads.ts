/*
 * Tickets as the public API reads them: a page at a time by cursor (keyset on the creation time and the id), and
 * one ticket with its public conversation. An integration sees what the customer sees of the conversation: public
 * replies only, never internal notes or workflow events (they stay on the staff pages).
 */
import { and, asc, eq, type SQL } from "drizzle-orm";
import { cursorValue, keyset, pageOf, type SortOrder } from "@/lib/core/cursor";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { ticketMessages, tickets } from "./schema";
import { isOpenSql } from "./sla-sql";
import type { TicketPriority, TicketStatus } from "./values";

export const apiTicketSorts = ["createdAt", "number"] as const;

/** What the API answers of a ticket: no assignee (a staff user id), no SLA bookkeeping. */
const apiColumns = {
  id: tickets.id,
  number: tickets.number,
  customerId: tickets.customerId,
  subscriptionId: tickets.subscriptionId,
  subject: tickets.subject,
  description: tickets.description,
  category: tickets.category,
  priority: tickets.priority,
  status: tickets.status,
  source: tickets.source,
  scheduledFor: tickets.scheduledFor,
  firstResponseDueAt: tickets.firstResponseDueAt,
  resolutionDueAt: tickets.resolutionDueAt,
  firstRespondedAt: tickets.firstRespondedAt,
  resolvedAt: tickets.resolvedAt,
  closedAt: tickets.closedAt,
  firstResponseBreached: tickets.firstResponseBreached,
  resolutionBreached: tickets.resolutionBreached,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
};

const sortColumns = { createdAt: tickets.createdAt, number: tickets.number };

/** `status: "open"` is any status before resolved. */
export async function pageTicketsForApi(
  db: DbOrTx,
  input: { tenantId: string; status?: TicketStatus | "open"; priority?: TicketPriority; customerId?: string; order: SortOrder; cursor?: string; limit: number },
) {
  const column = sortColumns[input.order.field as keyof typeof sortColumns] ?? tickets.createdAt;
  const { where, orderBy } = keyset(column, tickets.id, input.order, input.cursor);
  const filters: (SQL | undefined)[] = [eq(tickets.tenantId, input.tenantId), where];
  if (input.status === "open") filters.push(isOpenSql);
  else if (input.status) filters.push(eq(tickets.status, input.status));
  if (input.priority) filters.push(eq(tickets.priority, input.priority));
  if (input.customerId) filters.push(eq(tickets.customerId, input.customerId));
  const rows = await db
    .select({ ticket: apiColumns, at: cursorValue(column) })
    .from(tickets)
    .where(and(...filters))
    .orderBy(...orderBy)
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ v: row.at, id: row.ticket.id }));
  return { data: page.data.map((row) => row.ticket), nextCursor: page.nextCursor };
}

/** One ticket of the tenant with its public replies, oldest first; another ISP's reads as not found. */
export async function getTicketForApi(db: DbOrTx, { tenantId, ticketId }: { tenantId: string; ticketId: string }) {
  if (!isUuid(ticketId)) throw notFound("Ticket");
  const [ticket] = await db
    .select(apiColumns)
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  if (!ticket) throw notFound("Ticket");
  const messages = await db
    .select({
      id: ticketMessages.id,
      authorType: ticketMessages.authorType,
      authorName: ticketMessages.authorName,
      body: ticketMessages.body,
      createdAt: ticketMessages.createdAt,
    })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.tenantId, tenantId), eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.kind, "reply")))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
    .limit(1000);
  return { ...ticket, messages };
}

export type ApiTicketRow = Omit<Awaited<ReturnType<typeof getTicketForApi>>, "messages">;
export type ApiTicketMessageRow = Awaited<ReturnType<typeof getTicketForApi>>["messages"][number];
