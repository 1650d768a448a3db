"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { businessDetailsSchema, capacityThresholdSchema, taxSettingsSchema } from "@/lib/tenants/rules";
import { advanceOnboarding, updateBusinessDetails, updateCapacityThreshold, updateTaxSettings } from "@/lib/tenants/service";
import { netsphereCycles, onboardingSteps } from "@/lib/tenants/schema";
import { changeNetspherePlan } from "@/lib/tenants/platform-accounts";
import { ownerHandleOf } from "@/lib/tenants/standing-service";

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

/** The capacity forecast's threshold, set on the capacity page by those who change the ISP's settings. */
export const saveCapacityThreshold = defineStaffAction({
  name: "saveCapacityThreshold",
  permission: "settings:write",
  input: capacityThresholdSchema,
  revalidate: ["/network/analytics/capacity"],
  run: async (ctx, input) => updateCapacityThreshold(ctx.db, actorOf(ctx), input),
});

/** "Skip" or "Continue" on a wizard step that saves through its own forms (routers, plans, import). */
export const completeOnboardingStep = defineStaffAction({
  name: "completeOnboardingStep",
  permission: "settings:write",
  input: z.object({ step: z.enum(onboardingSteps) }),
  revalidate: ["/onboarding", "/dashboard"],
  run: async (ctx, { step }) => ({ next: await advanceOnboarding(ctx.db, { tenantId: ctx.tenantId, completed: step }) }),
});

/**
 * The owner moves the ISP to another NetSphere plan or billing cycle: through NetSphere's own billing, with the
 * unused days of the old plan credited and the new plan charged (lib/tenants/platform-accounts.ts).
 */
export const changeOwnPlan = defineStaffAction({
  name: "changeOwnPlan",
  permission: "billing:plan",
  input: z.object({ saasPlanId: z.string().min(1).max(40), cycle: z.enum(netsphereCycles).default("monthly") }),
  revalidate: ["/settings", "/dashboard"],
  run: async (ctx, { saasPlanId, cycle }) =>
    changeNetspherePlan(await ownerHandleOf(ctx.db), { userId: ctx.userId, userName: ctx.userName }, { tenantId: ctx.tenantId, saasPlanId, cycle }),
});
