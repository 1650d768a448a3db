/*
 * /api/v1/subscriptions: list, read, create, and the lifecycle moves (activate, suspend, reactivate, change plan, terminate),
 * each through the same domain function the staff pages' actions call. The service password is write-only: it may
 * be set on creation and is never answered.
 */
import { z } from "zod";
import { defineEndpoint, type ApiContext } from "@/lib/api/endpoint";
import { calendarDate, centavos, currencyCode, idParam, iso, isoTime, listQuery, pageSchema } from "@/lib/api/resources/common";
import { sortParam } from "@/lib/core/cursor";
import { AppError } from "@/lib/core/errors";
import { changePlan } from "@/lib/billing/plan-change";
import { terminateSubscription } from "@/lib/billing/termination";
import { addSubscriptionToCustomer, assertCustomersOfTenant } from "@/lib/customers/service";
import { assertPlansOfTenant } from "@/lib/plans/service";
import { reactivateSubscriptions, suspendSubscriptions, type SuspensionResult } from "@/lib/provisioning/suspension";
import { requestReconcile } from "@/lib/provisioning/trigger";
import { apiSubscriptionSorts, getSubscriptionForApi, pageSubscriptionsForApi, provisionStates, type ApiSubscriptionRow } from "@/lib/subscriptions/api-reads";
import { subscriptionFieldsSchema } from "@/lib/subscriptions/rules";
import { activateSubscription } from "@/lib/subscriptions/service";
import { subscriptionStatuses, type SubscriptionStatus } from "@/lib/subscriptions/values";

export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    planId: z.uuid(),
    routerId: z.uuid().nullable().describe("The router that serves it; null until one is chosen"),
    username: z.string().describe("PPPoE or hotspot username"),
    staticIp: z.string().nullable(),
    macAddress: z.string().nullable().describe("The CPE's MAC the router binds the session to, when set"),
    status: z.enum(subscriptionStatuses),
    startDate: calendarDate,
    endDate: calendarDate.nullable().describe("Last day of service of a terminated subscription"),
    billingMode: z.enum(["prepaid", "postpaid"]).nullable().describe("Null: the ISP's default"),
    billedThrough: calendarDate.nullable().describe("Last day already invoiced; null before the first invoice"),
    suspendedAt: isoTime.nullable(),
    suspendedReason: z.string().nullable(),
    suspensionSource: z.enum(["manual", "nonpayment"]).nullable().describe("`nonpayment` suspensions lift by themselves once the customer pays"),
    provisionState: z.enum(provisionStates).describe("Where the router stands against this record"),
    provisionError: z.string().nullable(),
    provisionedAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Subscription" });
export type ApiSubscription = z.infer<typeof subscriptionSchema>;

export function toApiSubscription(row: ApiSubscriptionRow): ApiSubscription {
  return {
    ...row,
    suspendedAt: iso(row.suspendedAt),
    provisionedAt: iso(row.provisionedAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

const readSubscription = async (ctx: ApiContext, subscriptionId: string) =>
  toApiSubscription(await getSubscriptionForApi(ctx.db, { tenantId: ctx.tenantId, subscriptionId }));

/** What the state machine allows, in words, before a domain function is asked to make a move it would skip or refuse. */
function refuseMove(status: SubscriptionStatus, move: "suspend" | "reactivate" | "change-plan" | "terminate"): void {
  if (status === "terminated") throw new AppError("conflict", "This subscription has ended (terminated); nothing more can be done to it.");
  if (move === "suspend" && status !== "active")
    throw new AppError("conflict", status === "suspended" ? "This subscription is already suspended." : `Only an active subscription can be suspended; this one is ${status}.`);
  if (move === "reactivate" && status !== "suspended")
    throw new AppError("conflict", `Only a suspended subscription can be reactivated; this one is ${status}.`);
}

const routerOutcomeSchema = z
  .object({
    routerId: z.uuid(),
    routerName: z.string(),
    status: z.enum(["applied", "pending"]).describe("`applied`: the router has the change now; `pending`: it follows when the router can be reached"),
    message: z.string(),
  })
  .meta({ id: "RouterOutcome" });

const moveResultSchema = (id: string) =>
  z
    .object({
      subscription: subscriptionSchema,
      routers: z.array(routerOutcomeSchema).describe("What each router serving the subscription said; empty when it has no router"),
    })
    .meta({ id });

const toRouterOutcomes = (result: SuspensionResult) =>
  result.routers.map(({ routerId, routerName, status, message }) => ({ routerId, routerName, status, message }));

const reason = z.string().trim().min(3, "Give a reason (at least 3 characters)").max(300, "Keep the reason under 300 characters");
const reasonBody = (id: string) => z.object({ reason }).meta({ id });

export const listSubscriptions = defineEndpoint({
  method: "GET",
  path: "/subscriptions",
  operationId: "listSubscriptions",
  summary: "List subscriptions",
  description: "Service accounts of your customers, a page at a time, filtered by customer, status, plan or router.",
  tag: "Subscriptions",
  scope: "subscriptions:read",
  query: listQuery.extend({
    customerId: z.uuid().optional(),
    status: z.enum(subscriptionStatuses).optional(),
    planId: z.uuid().optional(),
    routerId: z.uuid().optional(),
    sort: sortParam(apiSubscriptionSorts, "-createdAt"),
  }),
  response: pageSchema(subscriptionSchema, "SubscriptionPage"),
  handle: async (ctx, { query }) => {
    const page = await pageSubscriptionsForApi(ctx.db, {
      tenantId: ctx.tenantId,
      customerId: query.customerId,
      status: query.status,
      planId: query.planId,
      routerId: query.routerId,
      order: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { data: page.data.map(toApiSubscription), nextCursor: page.nextCursor };
  },
});

export const getSubscriptionEndpoint = defineEndpoint({
  method: "GET",
  path: "/subscriptions/{id}",
  operationId: "getSubscription",
  summary: "Get a subscription",
  tag: "Subscriptions",
  scope: "subscriptions:read",
  params: idParam,
  response: subscriptionSchema,
  handle: async (ctx, { params }) => readSubscription(ctx, params.id),
});

const subscriptionInput = subscriptionFieldsSchema
  .extend({
    customerId: z.uuid("Choose a customer"),
    // A new subscription starts pending or active; suspending and ending go through their own endpoints.
    status: z.enum(["pending", "active"]).default("active"),
  })
  .meta({ id: "SubscriptionInput" });

export const createSubscriptionEndpoint = defineEndpoint({
  method: "POST",
  path: "/subscriptions",
  operationId: "createSubscription",
  summary: "Create a subscription",
  description:
    "Adds a service account to a customer. The username comes from the account number unless given, the password is " +
    "generated unless given (it is never returned), and the router is provisioned right after.",
  tag: "Subscriptions",
  scope: "subscriptions:write",
  body: subscriptionInput,
  status: 201,
  response: subscriptionSchema,
  handle: async (ctx, { body }) => {
    const { customerId, ...fields } = body;
    await assertCustomersOfTenant(ctx.db, ctx.tenantId, [customerId], "customerId");
    await assertPlansOfTenant(ctx.db, ctx.tenantId, [fields.planId], "planId");
    const created = await addSubscriptionToCustomer(ctx.db, ctx.actor, { customerId, input: fields });
    if (created.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: created.routerId, trigger: "change" });
    return readSubscription(ctx, created.id);
  },
});

export const suspendSubscriptionEndpoint = defineEndpoint({
  method: "POST",
  path: "/subscriptions/{id}/suspend",
  operationId: "suspendSubscription",
  summary: "Suspend a subscription",
  description:
    "Moves an active subscription to suspended: the router puts it on the isolation profile and ends its session now. " +
    "Suspended days are not billed. A subscription that is not active is a 409.",
  tag: "Subscriptions",
  scope: "subscriptions:write",
  params: idParam,
  body: reasonBody("SuspendInput"),
  response: moveResultSchema("SubscriptionSuspended"),
  handle: async (ctx, { params, body }) => {
    refuseMove((await getSubscriptionForApi(ctx.db, { tenantId: ctx.tenantId, subscriptionId: params.id })).status, "suspend");
    const result = await suspendSubscriptions(ctx.db, ctx.actor, { subscriptionIds: [params.id], reason: body.reason });
    // Another request moved it between our read and the change.
    if (result.changed === 0) refuseMove((await readSubscription(ctx, params.id)).status, "suspend");
    return { subscription: await readSubscription(ctx, params.id), routers: toRouterOutcomes(result) };
  },
});

export const reactivateSubscriptionEndpoint = defineEndpoint({
  method: "POST",
  path: "/subscriptions/{id}/reactivate",
  operationId: "reactivateSubscription",
  summary: "Reactivate a subscription",
  description:
    "Moves a suspended subscription back to active: the router restores its plan's profile and ends the session so it " +
    "reconnects on it. A subscription that is not suspended is a 409.",
  tag: "Subscriptions",
  scope: "subscriptions:write",
  params: idParam,
  body: z.object({ reason: reason.optional().describe("Recorded in the audit log; defaults to “Reactivated through the API”") }).meta({ id: "ReactivateInput" }),
  response: moveResultSchema("SubscriptionReactivated"),
  handle: async (ctx, { params, body }) => {
    refuseMove((await getSubscriptionForApi(ctx.db, { tenantId: ctx.tenantId, subscriptionId: params.id })).status, "reactivate");
    const result = await reactivateSubscriptions(ctx.db, ctx.actor, { subscriptionIds: [params.id], reason: body.reason ?? "Reactivated through the API" });
    if (result.changed === 0) refuseMove((await readSubscription(ctx, params.id)).status, "reactivate");
    return { subscription: await readSubscription(ctx, params.id), routers: toRouterOutcomes(result) };
  },
});

export const activateSubscriptionEndpoint = defineEndpoint({
  method: "POST",
  path: "/subscriptions/{id}/activate",
  operationId: "activateSubscription",
  summary: "Activate a pending subscription",
  description:
    "Starts a pending subscription's service, e.g. when its installation is done: service and billing start today (the " +
    "ISP's calendar day), whatever start date was planned, and the router account is created in the background " +
    "(`provisionState` shows when it is there). A subscription that is not pending is a 409.",
  tag: "Subscriptions",
  scope: "subscriptions:write",
  params: idParam,
  body: z.object({ reason: reason.optional().describe("Recorded in the audit log; defaults to “Activated through the API”") }).meta({ id: "ActivateInput" }),
  response: z.object({ subscription: subscriptionSchema }).meta({ id: "SubscriptionActivated" }),
  handle: async (ctx, { params, body }) => {
    const result = await activateSubscription(ctx.db, ctx.actor, { subscriptionId: params.id, note: body.reason ?? "Activated through the API" });
    if (result.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: result.routerId, trigger: "change" });
    return { subscription: await readSubscription(ctx, params.id) };
  },
});

export const changeSubscriptionPlanEndpoint = defineEndpoint({
  method: "POST",
  path: "/subscriptions/{id}/change-plan",
  operationId: "changeSubscriptionPlan",
  summary: "Change a subscription's plan",
  description:
    "Moves the subscription to another active plan of the same billing cycle from today. Days already invoiced are " +
    "prorated: an upgrade is charged on an adjustment invoice, a downgrade credited on a credit note; postpaid days used " +
    "on the old plan are invoiced now. The router switches to the new plan's profile right after.",
  tag: "Subscriptions",
  scope: "subscriptions:write",
  params: idParam,
  body: z.object({ planId: z.uuid("Choose a plan") }).meta({ id: "ChangePlanInput" }),
  response: z
    .object({
      subscription: subscriptionSchema,
      invoiceNumber: z.string().nullable().describe("The adjustment invoice, when the change costs more"),
      creditNoteNumber: z.string().nullable().describe("The credit note, when the change costs less"),
      chargeCentavos: centavos,
      creditCentavos: centavos,
      currency: currencyCode,
    })
    .meta({ id: "PlanChanged" }),
  handle: async (ctx, { params, body }) => {
    refuseMove((await getSubscriptionForApi(ctx.db, { tenantId: ctx.tenantId, subscriptionId: params.id })).status, "change-plan");
    await assertPlansOfTenant(ctx.db, ctx.tenantId, [body.planId], "planId");
    const result = await changePlan(ctx.db, ctx.actor, { subscriptionId: params.id, planId: body.planId });
    return { subscription: await readSubscription(ctx, params.id), ...result, currency: ctx.currency };
  },
});

export const terminateSubscriptionEndpoint = defineEndpoint({
  method: "POST",
  path: "/subscriptions/{id}/terminate",
  operationId: "terminateSubscription",
  summary: "Terminate a subscription",
  description:
    "Ends the service today: the router account is removed, prepaid days already invoiced after today are credited back " +
    "on a credit note, postpaid days up to today are invoiced by the next billing run. An ended subscription is a 409.",
  tag: "Subscriptions",
  scope: "subscriptions:write",
  params: idParam,
  body: reasonBody("TerminateInput"),
  response: z
    .object({
      subscription: subscriptionSchema,
      creditNoteNumber: z.string().nullable(),
      creditCentavos: centavos,
      currency: currencyCode,
    })
    .meta({ id: "SubscriptionTerminated" }),
  handle: async (ctx, { params, body }) => {
    refuseMove((await getSubscriptionForApi(ctx.db, { tenantId: ctx.tenantId, subscriptionId: params.id })).status, "terminate");
    const result = await terminateSubscription(ctx.db, ctx.actor, { subscriptionId: params.id, reason: body.reason });
    return { subscription: await readSubscription(ctx, params.id), ...result, currency: ctx.currency };
  },
});
