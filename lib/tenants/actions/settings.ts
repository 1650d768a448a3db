"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { businessDetailsSchema, taxSettingsSchema } from "@/lib/tenants/rules";
import { advanceOnboarding, changeTenantPlan, updateBusinessDetails, updateTaxSettings } from "@/lib/tenants/service";
import { onboardingSteps } from "@/lib/tenants/schema";

export const saveBusinessDetails = defineStaffAction({
  name: "saveBusinessDetails",
  permission: "settings:write",
  input: z.object({ details: businessDetailsSchema, onboarding: z.boolean().default(false) }),
  revalidate: ["/settings", "/onboarding"],
  run: async (ctx, { details, onboarding }) => {
    await updateBusinessDetails(ctx.db, actorOf(ctx), details);
    return { next: onboarding ? await advanceOnboarding(ctx.db, { tenantId: ctx.tenantId, completed: "business" }) : null };
  },
});

export const saveTaxSettings = defineStaffAction({
  name: "saveTaxSettings",
  permission: "settings:write",
  input: z.object({ tax: taxSettingsSchema, onboarding: z.boolean().default(false) }),
  revalidate: ["/settings", "/onboarding"],
  run: async (ctx, { tax, onboarding }) => {
    await updateTaxSettings(ctx.db, actorOf(ctx), tax);
    return { next: onboarding ? await advanceOnboarding(ctx.db, { tenantId: ctx.tenantId, completed: "tax" }) : null };
  },
});

/** "Skip" or "Continue" on a wizard step that saves through its own forms (routers, plans, import). */
export const completeOnboardingStep = defineStaffAction({
  name: "completeOnboardingStep",
  permission: "settings:write",
  input: z.object({ step: z.enum(onboardingSteps) }),
  revalidate: ["/onboarding", "/dashboard"],
  run: async (ctx, { step }) => ({ next: await advanceOnboarding(ctx.db, { tenantId: ctx.tenantId, completed: step }) }),
});

export const changeOwnPlan = defineStaffAction({
  name: "changeOwnPlan",
  permission: "billing:plan",
  input: z.object({ saasPlanId: z.string().min(1).max(40) }),
  revalidate: ["/settings", "/dashboard"],
  run: async (ctx, { saasPlanId }) => {
    await changeTenantPlan(ctx.db, actorOf(ctx), { saasPlanId });
    return { saasPlanId };
  },
});
