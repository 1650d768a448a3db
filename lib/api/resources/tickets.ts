/*
 * /api/v1/tickets: list, read with the public conversation, open a ticket and reply, through the tickets room's
 * `createTicket` and `addTicketMessage`. The API key writes on the ISP's side under its own name (no staff user):
 * its replies reach the customer like a staff reply, with the same notification. Internal notes and workflow events
 * are never answered; assigning and moving tickets stay on the staff pages.
 */
import { z } from "zod";
import { defineEndpoint, type ApiContext } from "@/lib/api/endpoint";
import { calendarDate, idParam, iso, isoTime, listQuery, pageSchema } from "@/lib/api/resources/common";
import { sortParam } from "@/lib/core/cursor";
import { assertCustomersOfTenant } from "@/lib/customers/service";
import { assertSubscriptionsOfTenant } from "@/lib/subscriptions/service";
import { apiTicketSorts, getTicketForApi, pageTicketsForApi, type ApiTicketMessageRow, type ApiTicketRow } from "@/lib/tickets/api-reads";
import { ticketFormSchema } from "@/lib/tickets/rules";
import { addTicketMessage, createTicket, type TicketAuthor } from "@/lib/tickets/service";
import { formatTicketNumber, ticketCategories, ticketPriorities, ticketSources, ticketStatuses, type TicketSource } from "@/lib/tickets/values";

const ticketFields = {
  id: z.uuid(),
  number: z.string().describe("T-000123, per ISP"),
  customerId: z.uuid().nullable(),
  subscriptionId: z.uuid().nullable(),
  subject: z.string(),
  description: z.string(),
  category: z.enum(ticketCategories),
  priority: z.enum(ticketPriorities),
  status: z.enum(ticketStatuses),
  source: z.enum(ticketSources),
  scheduledFor: calendarDate.nullable().describe("The day a field visit is planned"),
  firstResponseDueAt: isoTime.nullable().describe("SLA: first public reply due by"),
  resolutionDueAt: isoTime.nullable().describe("SLA: resolution due by"),
  firstRespondedAt: isoTime.nullable(),
  resolvedAt: isoTime.nullable(),
  closedAt: isoTime.nullable(),
  firstResponseBreached: z.boolean(),
  resolutionBreached: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
};

export const ticketSchema = z.object(ticketFields).meta({ id: "Ticket" });
export type ApiTicket = z.infer<typeof ticketSchema>;

export const ticketMessageSchema = z
  .object({
    id: z.uuid(),
    authorType: z.enum(["staff", "customer", "system"]).describe("`staff` is your ISP's side: a staff member or an API key"),
    authorName: z.string(),
    body: z.string(),
    createdAt: isoTime,
  })
  .meta({ id: "TicketMessage" });

export const ticketDetailSchema = z
  .object({ ...ticketFields, messages: z.array(ticketMessageSchema).describe("Public replies, oldest first; internal notes and events are not included") })
  .meta({ id: "TicketDetail" });

export function toApiTicket(row: ApiTicketRow): ApiTicket {
  return {
    ...row,
    number: formatTicketNumber(row.number),
    firstResponseDueAt: iso(row.firstResponseDueAt),
    resolutionDueAt: iso(row.resolutionDueAt),
    firstRespondedAt: iso(row.firstRespondedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

const toApiMessage = (row: ApiTicketMessageRow) => ({ ...row, createdAt: iso(row.createdAt)! });

async function readTicket(ctx: ApiContext, ticketId: string) {
  const { messages, ...ticket } = await getTicketForApi(ctx.db, { tenantId: ctx.tenantId, ticketId });
  return { ...toApiTicket(ticket), messages: messages.map(toApiMessage) };
}

/** Where a ticket an integration opens came from: any way but the portal, which is the subscriber's own. */
const apiTicketSources = ["staff", "phone", "walk_in", "social"] as const satisfies readonly TicketSource[];

/** The key writes as the ISP's side, named, with no staff user behind it. */
const keyAuthor = (ctx: ApiContext): TicketAuthor => ({
  kind: "staff",
  tenantId: ctx.tenantId,
  userId: null,
  userName: ctx.actor.userName ?? `API key “${ctx.key.name}”`,
  ipAddress: ctx.actor.ipAddress,
});

export const listTickets = defineEndpoint({
  method: "GET",
  path: "/tickets",
  operationId: "listTickets",
  summary: "List tickets",
  description: "Support tickets, a page at a time, newest first unless sorted otherwise. `status=open` is any status before resolved.",
  tag: "Tickets",
  scope: "tickets:read",
  query: listQuery.extend({
    status: z.enum(["open", ...ticketStatuses]).optional(),
    priority: z.enum(ticketPriorities).optional(),
    customerId: z.uuid().optional(),
    sort: sortParam(apiTicketSorts, "-createdAt"),
  }),
  response: pageSchema(ticketSchema, "TicketPage"),
  handle: async (ctx, { query }) => {
    const page = await pageTicketsForApi(ctx.db, {
      tenantId: ctx.tenantId,
      status: query.status,
      priority: query.priority,
      customerId: query.customerId,
      order: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { data: page.data.map(toApiTicket), nextCursor: page.nextCursor };
  },
});

export const getTicketEndpoint = defineEndpoint({
  method: "GET",
  path: "/tickets/{id}",
  operationId: "getTicket",
  summary: "Get a ticket with its public replies",
  tag: "Tickets",
  scope: "tickets:read",
  params: idParam,
  response: ticketDetailSchema,
  handle: async (ctx, { params }) => readTicket(ctx, params.id),
});

const ticketInput = ticketFormSchema
  .pick({ subject: true, category: true })
  .extend({
    customerId: z.uuid("Not a valid id").optional(),
    subscriptionId: z.uuid("Not a valid id").optional().describe("One of the customer's subscriptions; needs `customerId`"),
    description: ticketFormSchema.shape.description.default(""),
    priority: z.enum(ticketPriorities, "Choose a priority").default("normal"),
    source: z.enum(apiTicketSources).default("staff").describe("How the request reached you"),
  })
  .refine((input) => !input.subscriptionId || input.customerId, { message: "Give the customer of the subscription", path: ["customerId"] })
  .meta({ id: "TicketInput" });

export const createTicketEndpoint = defineEndpoint({
  method: "POST",
  path: "/tickets",
  operationId: "createTicket",
  summary: "Open a ticket",
  description:
    "Opens a ticket with its SLA due dates from your policy for its priority. A ticket with a customer tells them it " +
    "was opened (their notification settings apply). Assigning it is done by your staff.",
  tag: "Tickets",
  scope: "tickets:write",
  body: ticketInput,
  status: 201,
  response: ticketDetailSchema,
  handle: async (ctx, { body }) => {
    if (body.customerId) await assertCustomersOfTenant(ctx.db, ctx.tenantId, [body.customerId], "customerId");
    if (body.subscriptionId) await assertSubscriptionsOfTenant(ctx.db, ctx.tenantId, [body.subscriptionId], "subscriptionId");
    const ticket = await createTicket(ctx.db, keyAuthor(ctx), {
      customerId: body.customerId,
      subscriptionId: body.subscriptionId,
      subject: body.subject,
      description: body.description,
      category: body.category,
      priority: body.priority,
      source: body.source,
    });
    return readTicket(ctx, ticket.id);
  },
});

export const replyToTicketEndpoint = defineEndpoint({
  method: "POST",
  path: "/tickets/{id}/replies",
  operationId: "replyToTicket",
  summary: "Reply to a ticket",
  description:
    "A public reply from your side, signed with the API key's name: the customer sees it in the portal and is told " +
    "(as for a staff reply). The first one counts as the ticket's first response.",
  tag: "Tickets",
  scope: "tickets:write",
  params: idParam,
  body: z.object({ body: z.string().trim().min(1, "Write a message").max(10_000, "At most 10,000 characters") }).meta({ id: "TicketReplyInput" }),
  status: 201,
  response: ticketMessageSchema,
  handle: async (ctx, { params, body }) => {
    const { message } = await addTicketMessage(ctx.db, keyAuthor(ctx), { ticketId: params.id, body: body.body, kind: "reply" });
    return toApiMessage({ id: message.id, authorType: message.authorType, authorName: message.authorName, body: message.body, createdAt: message.createdAt });
  },
});
