"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { retentionOutreachSchema } from "@/lib/analytics/churn/forms";
import { sendRetentionOutreach } from "@/lib/analytics/churn/outreach";

export const sendRetentionOutreachAction = defineStaffAction({
  name: "sendRetentionOutreach",
  permission: "customers:retention",
  input: retentionOutreachSchema,
  revalidate: ["/customers/at-risk"],
  run: async (ctx, input) => sendRetentionOutreach(ctx.db, actorOf(ctx), input),
});
