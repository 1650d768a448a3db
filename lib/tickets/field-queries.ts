/*
 * The technician's day: open tickets assigned to them, today's apart from those coming up later, most urgent
 * SLA first. Distance is added in the browser from the phone's own position.
 */
import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { tickets } from "@/lib/tickets/schema";
import { isFieldJobForToday, openStatuses } from "@/lib/tickets/rules";
import { customers } from "@/lib/customers/schema";
import { subscriptions, type SubscriptionStatus } from "@/lib/subscriptions/schema";
import { isUuid } from "@/lib/core/ids";
import { notFound } from "@/lib/core/errors";
import { joinAddress } from "@/lib/core/address";
import type { DbOrTx } from "@/lib/db/types";

/** The SLA instant that matters next: the first response while none was given, then the resolution. */
const nextDue = sql<Date | null>`case when ${tickets.firstRespondedAt} is null then least(${tickets.firstResponseDueAt}, ${tickets.resolutionDueAt}) else ${tickets.resolutionDueAt} end`;

/**
 * The technician's open jobs in two lists: today's (see `isFieldJobForToday`) and those coming up later, each
 * most urgent SLA first.
 */
export async function fieldJobsFor(db: DbOrTx, { tenantId, userId, today, timeZone }: { tenantId: string; userId: string; today: string; timeZone: string }) {
  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      category: tickets.category,
      priority: tickets.priority,
      status: tickets.status,
      scheduledFor: tickets.scheduledFor,
      ticket: tickets,
      customerId: customers.id,
      customerName: customers.name,
      accountNumber: customers.accountNumber,
      phone: customers.phone,
      serviceAddress: customers.serviceAddress,
      barangay: customers.barangay,
      city: customers.city,
      latitude: customers.latitude,
      longitude: customers.longitude,
      nextDueAt: nextDue.mapWith(tickets.resolutionDueAt),
    })
    .from(tickets)
    .leftJoin(customers, and(eq(customers.id, tickets.customerId), eq(customers.tenantId, tenantId)))
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.assigneeId, userId), inArray(tickets.status, [...openStatuses])))
    .orderBy(sql`${nextDue} asc nulls last`, asc(tickets.createdAt))
    .limit(200);
  const jobs = rows.map(({ serviceAddress, barangay, city, ...row }) => ({ ...row, address: joinAddress(serviceAddress, barangay, city) }));
  return {
    today: jobs.filter((job) => isFieldJobForToday(job, today, timeZone)),
    later: jobs.filter((job) => !isFieldJobForToday(job, today, timeZone)),
  };
}

/** The subscription a field ticket is about: its own, else the customer's newest one that is live or waiting for its installation. */
export async function subscriptionForTicket(
  db: DbOrTx,
  { tenantId, subscriptionId, customerId }: { tenantId: string; subscriptionId: string | null; customerId: string | null },
): Promise<{ id: string; macAddress: string | null; status: SubscriptionStatus; username: string } | null> {
  if (!subscriptionId && !customerId) return null;
  const [row] = await db
    .select({ id: subscriptions.id, macAddress: subscriptions.macAddress, status: subscriptions.status, username: subscriptions.username })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        subscriptionId
          ? eq(subscriptions.id, subscriptionId)
          : and(eq(subscriptions.customerId, customerId!), inArray(subscriptions.status, ["active", "suspended", "pending"])),
      ),
    )
    .orderBy(sql`${subscriptions.createdAt} desc`)
    .limit(1);
  if (!row) throw notFound("Ticket");
  return row;
}

/** One ticket as the technician's page shows it, with its customer; not_found when not this tenant's. */
export async function fieldJob(db: DbOrTx, { tenantId, ticketId }: { tenantId: string; ticketId: string }) {
  if (!isUuid(ticketId)) throw notFound("Ticket");
  const [row] = await db
    .select({
      ticket: tickets,
      customer: {
        id: customers.id,
        name: customers.name,
        accountNumber: customers.accountNumber,
        phone: customers.phone,
        serviceAddress: customers.serviceAddress,
        barangay: customers.barangay,
        city: customers.city,
        latitude: customers.latitude,
        longitude: customers.longitude,
        notes: customers.notes,
      },
    })
    .from(tickets)
    .leftJoin(customers, and(eq(customers.id, tickets.customerId), eq(customers.tenantId, tenantId)))
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  if (!row) throw notFound("Ticket");
  if (!row.customer) return { ticket: row.ticket, customer: null };
  const { serviceAddress, barangay, city, ...customer } = row.customer;
  return { ticket: row.ticket, customer: { ...customer, address: joinAddress(serviceAddress, barangay, city) } };
}
