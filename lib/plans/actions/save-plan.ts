"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { planFieldsSchema } from "@/lib/plans/rules";
import { createPlan, updatePlan } from "@/lib/plans/service";
import { requestReconcileForPlan } from "@/lib/provisioning/trigger";

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

export const updatePlanAction = defineStaffAction({
  name: "updatePlan",
  permission: "plans:write",
  input: z.object({ planId: z.string().uuid(), plan: planFieldsSchema }),
  revalidate: ["/plans"],
  run: async (ctx, { planId, plan }) => {
    const saved = await updatePlan(ctx.db, actorOf(ctx), { planId, input: plan });
    await requestReconcileForPlan(ctx.db, { tenantId: ctx.tenantId, planId });
    return { id: saved.id, name: saved.name };
  },
});
