/*
 * Ticket events for outgoing webhooks: `ticket.created` when a ticket opens and `ticket.updated` for a reply (staff
 * or customer; never an internal note), a status change, an assignment or a new priority, with what changed.
 * Field names are the public API's (camelCase); message bodies are not sent.
 */
import type { DbOrTx } from "@/lib/db/types";
import { queueWebhookEvent } from "@/lib/webhooks/emit";
import { formatTicketNumber } from "./rules";
import type { Ticket } from "./schema";

export type TicketChange = "reply" | "customer_reply" | "status" | "assignment" | "priority";

export function ticketEventData(ticket: Ticket) {
  return {
    id: ticket.id,
    number: formatTicketNumber(ticket.number),
    customerId: ticket.customerId,
    subscriptionId: ticket.subscriptionId,
    subject: ticket.subject,
    category: ticket.category,
    priority: ticket.priority,
    status: ticket.status,
    source: ticket.source,
    assigneeId: ticket.assigneeId,
    scheduledFor: ticket.scheduledFor,
    firstResponseDueAt: ticket.firstResponseDueAt?.toISOString() ?? null,
    resolutionDueAt: ticket.resolutionDueAt?.toISOString() ?? null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

/** `ticket.created` or `ticket.updated` (with `change` and, for a status move, the status before), in the change's transaction. */
export function queueTicketEvent(tx: DbOrTx, ticket: Ticket, change: { kind: "created" } | { kind: TicketChange; previousStatus?: string }) {
  if (change.kind === "created") return queueWebhookEvent(tx, { tenantId: ticket.tenantId, type: "ticket.created", data: ticketEventData(ticket) });
  return queueWebhookEvent(tx, {
    tenantId: ticket.tenantId,
    type: "ticket.updated",
    data: { ...ticketEventData(ticket), change: change.kind, ...(change.previousStatus && change.previousStatus !== ticket.status ? { previousStatus: change.previousStatus } : {}) },
  });
}
