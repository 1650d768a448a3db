/*
 * Reads for the staff ticket pages: the list (filtered, searched and paginated in SQL), one ticket with its
 * conversation and files, the dashboard counts, the people a ticket can be assigned to. Every query filters
 * by tenant; another tenant's ticket reads as not found.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { listFiles } from "@/lib/storage/service";
import { ticketMessages, tickets, type Ticket } from "./schema";
import { assignableRoles, parseTicketNumber, type TicketListFilter } from "./rules";
import { calendarForPolicy, slaState } from "./sla";
import { loadSlaSetup, type SlaSetup } from "./sla-settings";
import { atRiskSql, breachedSql, isOpenSql, nextDueSql } from "./sla-sql";
import { clock } from "@/lib/core/clock";

export const TICKETS_PAGE_SIZE = 50;
const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The SLA state of a ticket on its policy's calendar (remaining time in business minutes). */
export function ticketSla(ticket: Parameters<typeof slaState>[0] & Pick<Ticket, "priority">, setup: SlaSetup, now: Date) {
  const policy = setup.policies[ticket.priority];
  return slaState(ticket, now, { calendar: calendarForPolicy(setup.calendar, policy), warnBeforeMinutes: policy.warnBeforeMinutes });
}

const assignee = alias(users, "assignee");

export async function listTickets(
  db: DbOrTx,
  {
    tenantId,
    userId,
    filter,
    customerId,
    now = clock.now(),
  }: { tenantId: string; userId: string; filter: Partial<TicketListFilter>; customerId?: string; now?: Date },
) {
  const where: (SQL | undefined)[] = [eq(tickets.tenantId, tenantId)];
  if (customerId) where.push(eq(tickets.customerId, customerId));
  const status = filter.status ?? "open";
  if (status === "open") where.push(isOpenSql);
  else if (status !== "all") where.push(eq(tickets.status, status));
  if (filter.priority) where.push(eq(tickets.priority, filter.priority));
  if (filter.category) where.push(eq(tickets.category, filter.category));
  if (filter.assignee === "mine") where.push(eq(tickets.assigneeId, userId));
  else if (filter.assignee === "unassigned") where.push(isNull(tickets.assigneeId));
  else if (filter.assignee) where.push(eq(tickets.assigneeId, filter.assignee));
  if (filter.sla === "breached") where.push(breachedSql(now));
  if (filter.sla === "at_risk") where.push(atRiskSql(now));
  if (filter.sla === "on_track") where.push(isOpenSql, sql`not ${breachedSql(now)}`, sql`not ${atRiskSql(now)}`);
  if (filter.q) {
    const number = parseTicketNumber(filter.q);
    const term = likeTerm(filter.q);
    where.push(
      or(
        number !== null ? eq(tickets.number, number) : undefined,
        ilike(tickets.subject, term),
        ilike(customers.name, term),
        ilike(customers.accountNumber, term),
      ),
    );
  }
  const page = filter.page ?? 1;
  const [rows, setup] = await Promise.all([
    db
      .select({
        ticket: tickets,
        customerName: customers.name,
        accountNumber: customers.accountNumber,
        assigneeName: assignee.name,
      })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
      .where(and(...where))
      .orderBy(sql`${nextDueSql} asc nulls last`, desc(tickets.createdAt), desc(tickets.number))
      .limit(TICKETS_PAGE_SIZE + 1)
      .offset((page - 1) * TICKETS_PAGE_SIZE),
    loadSlaSetup(db, { tenantId }),
  ]);
  return {
    rows: rows.slice(0, TICKETS_PAGE_SIZE).map((r) => ({ ...r, sla: ticketSla(r.ticket, setup, now) })),
    hasMore: rows.length > TICKETS_PAGE_SIZE,
  };
}

export type TicketListRow = Awaited<ReturnType<typeof listTickets>>["rows"][number];

/** One ticket with its whole conversation (replies, internal notes, events), files, customer and SLA state. */
export async function getTicketDetail(db: DbOrTx, { tenantId, ticketId, now = clock.now() }: { tenantId: string; ticketId: string; now?: Date }) {
  if (!isUuid(ticketId)) throw notFound("Ticket");
  const [row] = await db
    .select({ ticket: tickets, assigneeName: assignee.name })
    .from(tickets)
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  if (!row) throw notFound("Ticket");
  const { ticket } = row;
  const [messages, files, customerRows, setup] = await Promise.all([
    db
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.tenantId, tenantId), eq(ticketMessages.ticketId, ticket.id)))
      .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
      .limit(1000),
    listFiles(db, { tenantId, ticketId: ticket.id, purpose: "ticket_attachment" }),
    ticket.customerId
      ? db
          .select({
            id: customers.id,
            name: customers.name,
            accountNumber: customers.accountNumber,
            status: customers.status,
            phone: customers.phone,
            email: customers.email,
            serviceAddress: customers.serviceAddress,
            city: customers.city,
          })
          .from(customers)
          .where(and(eq(customers.tenantId, tenantId), eq(customers.id, ticket.customerId)))
      : Promise.resolve([]),
    loadSlaSetup(db, { tenantId }),
  ]);
  const policy = setup.policies[ticket.priority];
  return {
    ticket,
    assigneeName: row.assigneeName,
    customer: customerRows[0] ?? null,
    messages: messages.map((m) => ({ ...m, files: files.filter((f) => f.ticketMessageId === m.id) })),
    sla: ticketSla(ticket, setup, now),
    policy,
    timeZone: setup.calendar.timeZone,
  };
}

export type TicketDetail = Awaited<ReturnType<typeof getTicketDetail>>;

/** Open tickets, and how many of them are at risk or breached (the dashboard widget). */
export async function ticketCounts(db: DbOrTx, { tenantId, userId, now = clock.now() }: { tenantId: string; userId: string; now?: Date }) {
  const [row] = await db
    .select({
      open: sql<number>`count(*)::int`,
      mine: sql<number>`(count(*) filter (where ${tickets.assigneeId} = ${userId}))::int`,
      atRisk: sql<number>`(count(*) filter (where ${atRiskSql(now)}))::int`,
      breached: sql<number>`(count(*) filter (where ${breachedSql(now)}))::int`,
    })
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), isOpenSql));
  return { open: Number(row.open), mine: Number(row.mine), atRisk: Number(row.atRisk), breached: Number(row.breached) };
}

/** Active staff a ticket can go to (support, technicians, admins, owners), by name. */
export async function assignableStaff(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.active, true), inArray(users.role, [...assignableRoles])))
    .orderBy(asc(users.name));
}

/** How many tickets each customer opened since `since` (the map's heat layer); tickets about no customer are left out. */
export async function ticketCountsByCustomer(db: DbOrTx, { tenantId, since }: { tenantId: string; since: Date }) {
  const rows = await db
    .select({ customerId: tickets.customerId, tickets: count() })
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), gte(tickets.createdAt, since), isNotNull(tickets.customerId)))
    .groupBy(tickets.customerId);
  return rows.map((row) => ({ customerId: row.customerId!, tickets: row.tickets }));
}

/**
 * Tickets the given customers opened between `from` and `to` (open-ended when null), newest first: the tickets
 * linked to a network incident (opened by the subscribers behind it while it lasted).
 */
export async function ticketsOfCustomersBetween(
  db: DbOrTx,
  { tenantId, customerIds, from, to, limit = 50 }: { tenantId: string; customerIds: string[]; from: Date; to: Date | null; limit?: number },
) {
  if (customerIds.length === 0) return [];
  return db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      createdAt: tickets.createdAt,
      customerId: tickets.customerId,
      customerName: customers.name,
    })
    .from(tickets)
    .leftJoin(customers, and(eq(customers.id, tickets.customerId), eq(customers.tenantId, tenantId)))
    .where(
      and(
        eq(tickets.tenantId, tenantId),
        gte(tickets.createdAt, from),
        to ? sql`${tickets.createdAt} <= ${to.toISOString()}::timestamptz` : undefined,
        sql`${tickets.customerId} = any(${`{${customerIds.join(",")}}`}::uuid[])`,
      ),
    )
    .orderBy(desc(tickets.createdAt))
    .limit(limit);
}
