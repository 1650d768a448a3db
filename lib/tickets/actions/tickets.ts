"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/core/errors";
import { assignSchema, prioritySchema, replySchema, statusChangeSchema, ticketFormSchema } from "@/lib/tickets/rules";
import { addTicketMessage, assignTicket, changeTicketPriority, changeTicketStatus, createTicket } from "@/lib/tickets/service";

const ticketPaths = ["/tickets", "/customers", "/dashboard"];

export const createTicketAction = defineStaffAction({
  name: "createTicket",
  permission: "tickets:write",
  input: ticketFormSchema,
  revalidate: ticketPaths,
  run: async (ctx, input) => {
    // Choosing who handles it and when is the assigner's call.
    if ((input.assigneeId || input.scheduledFor) && !can(ctx.role, "tickets:assign")) {
      throw new AppError("forbidden", "You can open the ticket, but assigning it or planning a visit is for support staff and admins.", {
        fieldErrors: input.assigneeId ? { assigneeId: ["Leave this empty"] } : { scheduledFor: ["Leave this empty"] },
      });
    }
    const ticket = await createTicket(
      ctx.db,
      { kind: "staff", tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
      {
        customerId: input.customerId || undefined,
        subject: input.subject,
        description: input.description,
        category: input.category,
        priority: input.priority,
        source: input.source,
        assigneeId: input.assigneeId || null,
        scheduledFor: input.scheduledFor || null,
      },
    );
    return { id: ticket.id, number: ticket.number };
  },
});

/** A reply or note without files (the ticket page sends files through POST /tickets/<id>/messages). */
export const replyToTicketAction = defineStaffAction({
  name: "replyToTicket",
  permission: "tickets:write",
  input: replySchema,
  revalidate: ticketPaths,
  run: async (ctx, input) => {
    const { message } = await addTicketMessage(
      ctx.db,
      { kind: "staff", tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName, ipAddress: ctx.ipAddress },
      { ticketId: input.ticketId, body: input.body, kind: input.internal ? "internal_note" : "reply" },
    );
    return { id: message.id };
  },
});

export const changeTicketStatusAction = defineStaffAction({
  name: "changeTicketStatus",
  permission: "tickets:write",
  input: statusChangeSchema,
  revalidate: ticketPaths,
  run: async (ctx, input) => {
    const ticket = await changeTicketStatus(ctx.db, actorOf(ctx), { ticketId: input.ticketId, status: input.status, note: input.note || undefined });
    return { id: ticket.id, status: ticket.status };
  },
});

export const assignTicketAction = defineStaffAction({
  name: "assignTicket",
  permission: "tickets:assign",
  input: assignSchema,
  revalidate: ticketPaths,
  run: async (ctx, input) => {
    const ticket = await assignTicket(ctx.db, actorOf(ctx), {
      ticketId: input.ticketId,
      assigneeId: input.assigneeId || null,
      scheduledFor: input.scheduledFor || null,
    });
    return { id: ticket.id, status: ticket.status, assigneeId: ticket.assigneeId };
  },
});

/** "Take it": assign the ticket to yourself. */
export const takeTicketAction = defineStaffAction({
  name: "takeTicket",
  permission: "tickets:assign",
  input: z.object({ ticketId: z.uuid() }),
  revalidate: ticketPaths,
  run: async (ctx, input) => {
    const ticket = await assignTicket(ctx.db, actorOf(ctx), { ticketId: input.ticketId, assigneeId: ctx.userId });
    return { id: ticket.id, status: ticket.status };
  },
});

export const changeTicketPriorityAction = defineStaffAction({
  name: "changeTicketPriority",
  permission: "tickets:write",
  input: prioritySchema,
  revalidate: ticketPaths,
  run: async (ctx, input) => {
    const ticket = await changeTicketPriority(ctx.db, actorOf(ctx), input);
    return { id: ticket.id, priority: ticket.priority };
  },
});
