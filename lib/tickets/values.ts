/**
 * Ticket enum values, their labels and the business-hours shape without Drizzle or zod, for client components;
 * schema.ts builds its columns from them and re-exports them, as rules.ts and sla-rules.ts re-export the labels.
 */
export const ticketCategories = ["no_internet", "slow", "billing", "relocation", "installation", "other"] as const;
export type TicketCategory = (typeof ticketCategories)[number];
export const ticketPriorities = ["low", "normal", "high", "urgent"] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
export const ticketStatuses = ["new", "assigned", "in_progress", "waiting_on_customer", "resolved", "closed"] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
export const ticketSources = ["staff", "portal", "phone", "walk_in", "social"] as const;
export type TicketSource = (typeof ticketSources)[number];

/** One open/close pair per weekday (0 = Sunday) in the tenant's time zone; null = closed that day. */
export type WeeklyHours = ({ open: string; close: string } | null)[];

/** T-000123 */
export const formatTicketNumber = (n: number) => `T-${String(n).padStart(6, "0")}`;

export const categoryLabels: Record<TicketCategory, string> = {
  no_internet: "No internet",
  slow: "Slow connection",
  billing: "Billing",
  relocation: "Relocation",
  installation: "Installation",
  other: "Other",
};

export const priorityLabels: Record<TicketPriority, string> = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" };

export const statusLabels: Record<TicketStatus, string> = {
  new: "New",
  assigned: "Assigned",
  in_progress: "In progress",
  waiting_on_customer: "Waiting on customer",
  resolved: "Resolved",
  closed: "Closed",
};

export const sourceLabels: Record<TicketSource, string> = {
  staff: "Staff",
  portal: "Customer portal",
  phone: "Phone call",
  walk_in: "Walk-in",
  social: "Social media / chat",
};

export const weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
