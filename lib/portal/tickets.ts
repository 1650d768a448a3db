/*
 * Tickets as a subscriber sees them: through lib/tickets' customer contract (their own tickets, public
 * replies only) with the subscriber as the author. The forms' schemas are the staff ones, narrowed.
 */
import { z } from "zod";
import { replySchema, ticketFormSchema } from "@/lib/tickets/rules";
import type { TicketAuthor } from "@/lib/tickets/service";

export const portalTicketSchema = ticketFormSchema.pick({ category: true, subject: true }).extend({
  description: z.string().trim().min(10, "Tell us a little more (at least 10 characters)").max(5000, "At most 5,000 characters"),
});
export type PortalTicketValues = z.input<typeof portalTicketSchema>;

export const portalReplySchema = replySchema.pick({ ticketId: true, body: true });
export type PortalReplyValues = z.input<typeof portalReplySchema>;

export const ticketAuthorOf = (ctx: { tenantId: string; customerId: string; customer: { name: string } }): TicketAuthor => ({
  kind: "customer",
  tenantId: ctx.tenantId,
  customerId: ctx.customerId,
  name: ctx.customer.name,
});
