/*
 * Tickets without the database: numbers, the status workflow and the zod schemas the forms and actions share.
 * Labels live in values.ts (re-exported here), so client components show them without zod.
 */
import { z } from "zod";
import { statusLabels, ticketCategories, ticketPriorities, ticketSources, ticketStatuses, type TicketStatus } from "./values";
import { localDate } from "@/lib/core/time-zones";

export { categoryLabels, formatTicketNumber, priorityLabels, sourceLabels, statusLabels } from "./values";

/** "T-000123", "t-123", "#123" or "123" → 123; anything else → null. */
export function parseTicketNumber(text: string): number | null {
  const match = /^(?:t-?|#)?0*(\d{1,9})$/i.exec(text.trim());
  return match ? Number(match[1]) : null;
}

/** Statuses in which the SLA clock may still run. */
export const openStatuses: readonly TicketStatus[] = ["new", "assigned", "in_progress", "waiting_on_customer"];
export const isOpenStatus = (status: TicketStatus) => openStatuses.includes(status);

/**
 * Where each status may go. "assigned" comes from assigning someone; resolved and closed tickets are
 * reopened by moving them back to "in progress".
 */
export const allowedTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["assigned", "in_progress", "waiting_on_customer", "resolved", "closed"],
  assigned: ["in_progress", "waiting_on_customer", "resolved", "closed"],
  in_progress: ["waiting_on_customer", "resolved", "closed"],
  waiting_on_customer: ["in_progress", "resolved", "closed"],
  resolved: ["in_progress", "closed"],
  closed: ["in_progress"],
};

export const isReopen = (from: TicketStatus, to: TicketStatus) => (from === "resolved" || from === "closed") && to === "in_progress";

/** Why a move is refused, in words a user can act on; null when it is allowed. */
export function transitionProblem(from: TicketStatus, to: TicketStatus, hasAssignee: boolean): string | null {
  if (from === to) return `The ticket is already ${statusLabels[to].toLowerCase()}.`;
  if (!allowedTransitions[from].includes(to)) {
    const options = allowedTransitions[from].map((s) => statusLabels[s].toLowerCase()).join(", ");
    return `A ${statusLabels[from].toLowerCase()} ticket can't be moved to ${statusLabels[to].toLowerCase()}; it can go to ${options}.`;
  }
  if (to === "assigned" && !hasAssignee) return "Assign the ticket to someone first.";
  return null;
}

/** The actions offered on a ticket page for its current status (labels as buttons read). */
export function statusActions(status: TicketStatus, hasAssignee: boolean): { status: TicketStatus; label: string }[] {
  const label: Partial<Record<TicketStatus, string>> = {
    assigned: "Mark assigned",
    in_progress: isOpenStatus(status) ? (status === "waiting_on_customer" ? "Customer answered" : "Start work") : "Reopen",
    waiting_on_customer: "Wait on customer",
    resolved: "Resolve",
    closed: "Close",
  };
  return allowedTransitions[status]
    .filter((to) => transitionProblem(status, to, hasAssignee) === null)
    .map((to) => ({ status: to, label: label[to] ?? statusLabels[to] }));
}

/** Roles a ticket can be assigned to. */
export const assignableRoles = ["owner", "admin", "support", "technician"] as const;

/** A "field" ticket has a planned visit: moving it to in progress on the visit day tells the customer a technician is coming. */
export const isFieldVisitDay = (scheduledFor: string | null, today: string) => scheduledFor === today;

/**
 * Whether a technician's job is on today's list: planned for today or a day before; or, with no day planned,
 * its next SLA instant falls before today ends in the ISP's time zone (a job with no SLA at all is for today).
 * Everything else is coming up later, shown apart so "today" means today.
 */
export function isFieldJobForToday(job: { scheduledFor: string | null; nextDueAt: Date | null }, today: string, timeZone: string): boolean {
  if (job.scheduledFor) return job.scheduledFor <= today;
  if (!job.nextDueAt) return true;
  return localDate(job.nextDueAt, timeZone) <= today;
}

const optionalDate = z.union([z.literal(""), z.iso.date("A date like 2026-12-01")]);
const optionalId = z.string().trim().max(64);

export const ticketFormSchema = z.object({
  customerId: z.union([z.literal(""), z.uuid("Choose a customer from the list")]),
  subject: z.string().trim().min(3, "Say what it is about (at least 3 characters)").max(150, "At most 150 characters"),
  description: z.string().trim().max(5000, "At most 5,000 characters"),
  category: z.enum(ticketCategories, "Choose a category"),
  priority: z.enum(ticketPriorities, "Choose a priority"),
  source: z.enum(ticketSources),
  assigneeId: optionalId,
  scheduledFor: optionalDate,
});
export type TicketFormValues = z.input<typeof ticketFormSchema>;

/** Files one reply or note may carry. */
export const MAX_ATTACHMENTS = 5;

export const replySchema = z.object({
  ticketId: z.uuid(),
  body: z.string().trim().min(1, "Write a message").max(10_000, "At most 10,000 characters"),
  internal: z.boolean(),
});
export type ReplyValues = z.input<typeof replySchema>;

export const statusChangeSchema = z.object({
  ticketId: z.uuid(),
  status: z.enum(ticketStatuses),
  note: z.string().trim().max(2000, "At most 2,000 characters").optional(),
});

export const assignSchema = z.object({ ticketId: z.uuid(), assigneeId: optionalId, scheduledFor: optionalDate });
export type AssignValues = z.input<typeof assignSchema>;

export const prioritySchema = z.object({ ticketId: z.uuid(), priority: z.enum(ticketPriorities) });

/** "Assign to me": only the ticket; the action takes the signed-in user. */
export const takeTicketSchema = assignSchema.pick({ ticketId: true });

/** The technician's "Close job": the note that resolves the ticket. */
export const closeJobSchema = z.object({
  note: z.string().trim().min(3, "Say what fixed it (at least 3 characters)").max(2000, "At most 2,000 characters"),
});

/** The ticket list's filters, from the URL (bad values fall back to the defaults). */
export const slaFilters = ["all", "at_risk", "breached", "on_track"] as const;
export type SlaFilter = (typeof slaFilters)[number];
export const ticketListSchema = z.object({
  status: z.enum(["open", "all", ...ticketStatuses]).catch("open"),
  priority: z.enum(ticketPriorities).optional().catch(undefined),
  category: z.enum(ticketCategories).optional().catch(undefined),
  assignee: z.string().trim().max(64).optional().catch(undefined),
  sla: z.enum(slaFilters).catch("all"),
  q: z.string().trim().max(80).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type TicketListFilter = z.output<typeof ticketListSchema>;
