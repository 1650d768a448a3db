"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { recordAnomalyFeedback } from "@/lib/analytics/anomalies";
import { anomalyFeedbackSchema } from "@/lib/analytics/anomaly-forms";

export const anomalyFeedbackAction = defineStaffAction({
  name: "anomalyFeedback",
  permission: "incidents:manage",
  input: anomalyFeedbackSchema,
  revalidate: ["/network/analytics/anomalies"],
  run: async (ctx, input) => recordAnomalyFeedback(ctx.db, actorOf(ctx), input),
});
