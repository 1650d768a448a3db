/*
 * What a workflow step does to a ticket's SLA fields (pure): waiting on the customer stops the clock and
 * leaving it starts it again with the due dates pushed; resolving and closing stop it for good, reopening
 * starts it again; a priority change re-derives the targets from the new policy.
 */
import { calendarForPolicy, dueDates, resumeClock, type SlaCalendar, type SlaPolicy } from "./sla";
import { isReopen } from "./rules";
import type { Ticket, TicketPriority, TicketStatus } from "./schema";

export type TicketPatch = Partial<Omit<Ticket, "id" | "tenantId" | "number" | "createdAt">>;
type Setup = { calendar: SlaCalendar; policies: Record<TicketPriority, SlaPolicy> };
type Target = "first_response" | "resolution";

/** Warnings already sent for a target whose due time moved later may be sent again for the new time. */
const withoutWarnings = (notices: string[], moved: Target[]) => notices.filter((key) => !moved.some((t) => key === `${t}:warning`));

export function statusPatch(ticket: Ticket, to: TicketStatus, now: Date, setup: Setup): TicketPatch {
  const calendar = calendarForPolicy(setup.calendar, setup.policies[ticket.priority]);
  const patch: TicketPatch = { status: to, updatedAt: now };
  let moved: Target[] = [];
  if (ticket.status === "waiting_on_customer" && ticket.pausedAt) {
    const resumed = resumeClock(ticket, now, calendar);
    Object.assign(patch, {
      firstResponseDueAt: resumed.firstResponseDueAt,
      resolutionDueAt: resumed.resolutionDueAt,
      pausedMinutes: resumed.pausedMinutes,
      pausedAt: null,
    });
    moved = resumed.moved;
  }
  if (isReopen(ticket.status, to)) {
    // The time a ticket sat resolved does not count against its resolution target.
    const stoppedAt = ticket.resolvedAt ?? ticket.closedAt;
    const resumed = resumeClock({ ...ticket, pausedAt: stoppedAt, resolvedAt: null, closedAt: null }, now, calendar);
    Object.assign(patch, {
      firstResponseDueAt: resumed.firstResponseDueAt,
      resolutionDueAt: resumed.resolutionDueAt,
      resolvedAt: null,
      closedAt: null,
      reopenCount: ticket.reopenCount + 1,
    });
    moved = resumed.moved;
  }
  if (to === "waiting_on_customer") patch.pausedAt = now;
  // Resolving or closing tells the customer, so it answers them if nobody had yet.
  if (to === "resolved") Object.assign(patch, { resolvedAt: now, firstRespondedAt: ticket.firstRespondedAt ?? now });
  if (to === "closed") Object.assign(patch, { closedAt: now, firstRespondedAt: ticket.firstRespondedAt ?? now });
  if (moved.length > 0) patch.slaNotices = withoutWarnings(ticket.slaNotices, moved);
  return patch;
}

/**
 * A new priority brings the new policy's targets, counted from when the ticket was opened plus the time it
 * spent waiting on the customer. Targets already met or missed for good keep their due dates; a breach that
 * the new, later due time undoes is cleared, and so are its notices.
 */
export function priorityPatch(ticket: Ticket, priority: TicketPriority, now: Date, setup: Setup): TicketPatch {
  const policy = setup.policies[priority];
  const due = dueDates(ticket.createdAt, policy, setup.calendar, ticket.pausedMinutes);
  const finished = ticket.resolvedAt ?? ticket.closedAt;
  const at = ticket.pausedAt ?? now;
  const patch: TicketPatch = { priority, updatedAt: now };
  let notices = ticket.slaNotices;
  const clear = (target: Target) => (notices = notices.filter((key) => !key.startsWith(`${target}:`)));
  if (!ticket.firstRespondedAt && !finished) {
    patch.firstResponseDueAt = due.firstResponseDueAt;
    patch.firstResponseBreached = ticket.firstResponseBreached && +due.firstResponseDueAt <= +at;
    if (!patch.firstResponseBreached) clear("first_response");
  }
  if (!finished) {
    patch.resolutionDueAt = due.resolutionDueAt;
    patch.resolutionBreached = ticket.resolutionBreached && +due.resolutionDueAt <= +at;
    if (!patch.resolutionBreached) clear("resolution");
  }
  patch.slaNotices = notices;
  return patch;
}
