/** Ticket enum values and the business-hours shape without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
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
