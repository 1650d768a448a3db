"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { requestReconcile } from "@/lib/provisioning/trigger";
import { actorOf } from "@/lib/audit/record";
import { leadFieldsSchema } from "@/lib/customers/rules";
import { subscriptionFieldsSchema } from "@/lib/subscriptions/rules";
import { convertLeadToCustomer, createLead, setLeadStage } from "@/lib/customers/service";

export const createLeadAction = defineStaffAction({
  name: "createLead",
  permission: "leads:write",
  input: leadFieldsSchema,
  revalidate: ["/leads"],
  run: async (ctx, input) => {
    const lead = await createLead(ctx.db, actorOf(ctx), input);
    return { id: lead.id };
  },
});

export const setLeadStageAction = defineStaffAction({
  name: "setLeadStage",
  permission: "leads:write",
  input: z.object({
    leadId: z.string().uuid(),
    stage: z.enum(["new", "contacted", "site_survey", "lost"]),
    lostReason: z.string().trim().max(300).optional(),
  }),
  revalidate: ["/leads"],
  run: async (ctx, input) => {
    await setLeadStage(ctx.db, actorOf(ctx), input);
    return { ok: true };
  },
});

export const convertLeadAction = defineStaffAction({
  name: "convertLead",
  permission: "customers:write",
  input: z.object({ leadId: z.string().uuid(), subscription: subscriptionFieldsSchema.optional() }),
  revalidate: ["/leads", "/customers", "/dashboard"],
  run: async (ctx, input) => {
    const customer = await convertLeadToCustomer(ctx.db, actorOf(ctx), input);
    if (input.subscription?.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: input.subscription.routerId, trigger: "change" });
    return { id: customer.id, accountNumber: customer.accountNumber };
  },
});
