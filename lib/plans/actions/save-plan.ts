"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import { planFieldsSchema, type PlanFields } from "@/lib/plans/rules";
import { createPlan, getPlan, updatePlan } from "@/lib/plans/service";
import { requestReconcileForPlan } from "@/lib/provisioning/trigger";
import { evaluateQuotas } from "@/lib/quotas/evaluate";
import type { ServicePlan } from "@/lib/plans/schema";

export const createPlanAction = defineStaffAction({
  name: "createPlan",
  permission: "plans:write",
  input: planFieldsSchema,
  revalidate: ["/plans", "/onboarding"],
  run: async (ctx, input) => {
    const plan = await createPlan(ctx.db, actorOf(ctx), input);
    return { id: plan.id, name: plan.name };
  },
});

const quotaKeys = ["quotaBytes", "quotaDirection", "quotaAction"] as const;
/** A new allowance, count or action changes who is held at the cap; a new rate or profile only what the router applies. */
const quotaJudgementChanged = (before: ServicePlan, after: PlanFields) => quotaKeys.some((key) => before[key] !== after[key]);

export const updatePlanAction = defineStaffAction({
  name: "updatePlan",
  permission: "plans:write",
  input: z.object({ planId: z.string().uuid(), plan: planFieldsSchema }),
  revalidate: ["/plans"],
  run: async (ctx, { planId, plan }) => {
    const before = await getPlan(ctx.db, { tenantId: ctx.tenantId, planId });
    const saved = await updatePlan(ctx.db, actorOf(ctx), { planId, input: plan });
    // Subscribers are judged against the new cap now rather than at the next 5-minute run (which would do the same).
    if (quotaJudgementChanged(before, plan)) await evaluateQuotas(ctx.db, clock.now(), { tenantId: ctx.tenantId });
    await requestReconcileForPlan(ctx.db, { tenantId: ctx.tenantId, planId });
    return { id: saved.id, name: saved.name };
  },
});
