"use server";
import { definePortalAction } from "@/lib/portal/action";
import { portalReplySchema, portalTicketSchema, ticketAuthorOf } from "@/lib/portal/tickets";
import { addTicketMessage, createTicket } from "@/lib/tickets/service";

export const createPortalTicketAction = definePortalAction({
  name: "createPortalTicket",
  input: portalTicketSchema,
  revalidate: ["/portal/tickets"],
  run: async (ctx, input) => {
    const ticket = await createTicket(ctx.db, ticketAuthorOf(ctx), input);
    return { id: ticket.id };
  },
});

/** The subscriber's reply on their own ticket (another's is not found; a closed one takes no replies). */
export const replyPortalTicketAction = definePortalAction({
  name: "replyPortalTicket",
  input: portalReplySchema,
  revalidate: ["/portal/tickets"],
  run: async (ctx, { ticketId, body }) => {
    const { message } = await addTicketMessage(ctx.db, ticketAuthorOf(ctx), { ticketId, body, kind: "reply" });
    return { id: message.id };
  },
});
