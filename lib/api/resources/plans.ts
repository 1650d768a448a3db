/* /api/v1/plans: the ISP's service plans (read-only through the API), from the plans room. */
import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { centavos, currencyCode, idParam, iso, isoTime, listQuery, pageSchema } from "@/lib/api/resources/common";
import { sortParam } from "@/lib/core/cursor";
import { apiPlanSorts, pagePlansForApi } from "@/lib/plans/api-reads";
import { getPlan } from "@/lib/plans/service";
import { billingCycles, planTypes } from "@/lib/plans/values";
import { quotaActions, quotaDirections } from "@/lib/quotas/values";

export const planSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(planTypes),
    downloadKbps: z.int(),
    uploadKbps: z.int(),
    burstDownloadKbps: z.int().nullable(),
    burstUploadKbps: z.int().nullable(),
    priceCentavos: centavos.describe("Price per billing cycle (per pass for hotspot plans), in minor units"),
    taxInclusive: z.boolean().describe("Whether the price includes VAT"),
    currency: currencyCode,
    billingCycle: z.enum(billingCycles),
    dataCap: z
      .object({
        bytes: z.int().describe("Allowance per billing cycle"),
        direction: z.enum(quotaDirections).describe("Which traffic counts against it"),
        action: z.enum(quotaActions).describe("What happens at the cap"),
        throttleRate: z.string().nullable().describe("The speed at the cap when `action` is throttle, e.g. 2M/2M"),
      })
      .nullable()
      .describe("The fair-use cap; null when the plan is unlimited"),
    active: z.boolean().describe("Inactive plans keep their subscribers but take no new ones"),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Plan" });
export type ApiPlan = z.infer<typeof planSchema>;

type PlanRow = Awaited<ReturnType<typeof getPlan>>;

export function toApiPlan(plan: PlanRow, currency: string): ApiPlan {
  return {
    id: plan.id,
    name: plan.name,
    type: plan.type,
    downloadKbps: plan.downloadKbps,
    uploadKbps: plan.uploadKbps,
    burstDownloadKbps: plan.burstDownloadKbps,
    burstUploadKbps: plan.burstUploadKbps,
    priceCentavos: plan.priceCentavos,
    taxInclusive: plan.taxInclusive,
    currency,
    billingCycle: plan.billingCycle,
    dataCap:
      plan.quotaBytes == null
        ? null
        : { bytes: plan.quotaBytes, direction: plan.quotaDirection, action: plan.quotaAction, throttleRate: plan.quotaAction === "throttle" ? plan.quotaThrottleRate : null },
    active: plan.active,
    createdAt: iso(plan.createdAt)!,
    updatedAt: iso(plan.updatedAt)!,
  };
}

const activeFilter = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional()
  .describe("true: only plans open to new subscribers; false: only inactive ones");

export const listPlansEndpoint = defineEndpoint({
  method: "GET",
  path: "/plans",
  operationId: "listPlans",
  summary: "List plans",
  description: "Your ISP's service plans, cheapest first unless `sort` says otherwise.",
  tag: "Plans",
  scope: "plans:read",
  query: listQuery.extend({ active: activeFilter, sort: sortParam(apiPlanSorts, "priceCentavos") }),
  response: pageSchema(planSchema, "PlanPage"),
  handle: async (ctx, { query }) => {
    const page = await pagePlansForApi(ctx.db, { tenantId: ctx.tenantId, active: query.active, order: query.sort, cursor: query.cursor, limit: query.limit });
    return { data: page.data.map((plan) => toApiPlan(plan, ctx.currency)), nextCursor: page.nextCursor };
  },
});

export const getPlanEndpoint = defineEndpoint({
  method: "GET",
  path: "/plans/{id}",
  operationId: "getPlan",
  summary: "Get a plan",
  tag: "Plans",
  scope: "plans:read",
  params: idParam,
  response: planSchema,
  handle: async (ctx, { params }) => toApiPlan(await getPlan(ctx.db, { tenantId: ctx.tenantId, planId: params.id }), ctx.currency),
});
