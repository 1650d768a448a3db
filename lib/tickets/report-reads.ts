/* Tickets as the report builder reads them: this room's own table, tenant-filtered (no descriptions or SLA notices). */
import { eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { tickets } from "@/lib/tickets/schema";
export { ticketCategories, ticketPriorities, ticketSources, ticketStatuses } from "@/lib/tickets/values";

export function ticketReportRows(tenantId: string, alias = "report_tickets") {
  return new QueryBuilder()
    .select({
      id: tickets.id,
      customerId: tickets.customerId,
      number: tickets.number,
      subject: tickets.subject,
      category: tickets.category,
      priority: tickets.priority,
      status: tickets.status,
      source: tickets.source,
      scheduledFor: tickets.scheduledFor,
      createdAt: tickets.createdAt,
      firstRespondedAt: tickets.firstRespondedAt,
      resolvedAt: tickets.resolvedAt,
      reopenCount: tickets.reopenCount,
      firstResponseBreached: tickets.firstResponseBreached,
      resolutionBreached: tickets.resolutionBreached,
    })
    .from(tickets)
    .where(eq(tickets.tenantId, tenantId))
    .as(alias);
}
