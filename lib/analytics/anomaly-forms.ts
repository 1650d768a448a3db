/* The anomalies page's filters (parsed leniently, as every analytics page) and the feedback action's input. */
import { z } from "zod";
import { anomalyFeedbacks, anomalyKinds, anomalyObjectKinds, anomalyStatuses } from "./values";

const anyOf = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());

export const anomalyListSchema = z.object({
  status: anyOf(anomalyStatuses),
  kind: anyOf(anomalyKinds),
  object: anyOf(anomalyObjectKinds),
  router: z.preprocess((v) => (v === "" ? undefined : v), z.uuid("Unknown router").optional()),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type AnomalyListParams = z.output<typeof anomalyListSchema>;

export const anomalyFeedbackSchema = z.object({
  anomalyId: z.uuid(),
  feedback: z.enum(anomalyFeedbacks),
});
export type AnomalyFeedbackInput = z.output<typeof anomalyFeedbackSchema>;
