/*
 * Every message the ticket code sends goes through here: to the customer (ticket created, a staff reply,
 * resolved, technician on the way) and to staff (SLA warnings and breaches). Rows are written to the
 * notification outbox in the caller's transaction; `flushTicketNotices` asks the sender to go right after
 * the transaction commits (the outbox job is the safety net).
 */
import { env } from "@/lib/core/env";
import type { Db, DbOrTx } from "@/lib/db/types";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import type { NotificationEvent } from "@/lib/notify/schema";
import { formatTicketNumber, statusLabels } from "./rules";
import type { Ticket } from "./schema";

export type TicketNotice = {
  tenantId: string;
  event: NotificationEvent;
  customerId?: string;
  userId?: string;
  data: Record<string, string | number | null>;
  /** Makes sending idempotent: the same key is enqueued once. */
  dedupeKey: string;
};

const appUrl = () => env().APP_URL.replace(/\/+$/, "");

/**
 * Template variables every ticket message can use; `ticketUrl` is the portal page for the customer's
 * messages and the staff page for staff alerts.
 */
export const ticketNoticeData = (ticket: Pick<Ticket, "id" | "number" | "subject" | "status">, audience: "customer" | "staff" = "customer") => ({
  ticketNumber: formatTicketNumber(ticket.number),
  subject: ticket.subject,
  status: statusLabels[ticket.status].toLowerCase(),
  ticketUrl: `${appUrl()}${audience === "customer" ? "/portal" : ""}/tickets/${ticket.id}`,
});

export async function sendTicketNotice(db: DbOrTx, notice: TicketNotice): Promise<void> {
  await enqueueNotification(db, notice);
}

/** After the transaction that enqueued notices has committed: send them now rather than at the next job run. */
export function flushTicketNotices(db: Db) {
  kickOutbox(db);
}
