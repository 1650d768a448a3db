/** The at-risk page's filters and the check-in's input, parsed at the edge. */
import { z } from "zod";

export const churnSignalValues = ["late_payments", "suspensions", "falling_usage", "disconnects", "tickets", "sla_breaches", "downgrades"] as const;

export const atRiskFilterSchema = z.object({
  band: z.enum(["high", "medium", "any"]).optional().catch(undefined),
  signal: z.enum(churnSignalValues).optional().catch(undefined),
});

export const retentionOutreachSchema = z.object({
  customerId: z.uuid(),
  note: z.string().trim().max(500, "At most 500 characters.").default(""),
});
export type RetentionOutreachInput = z.infer<typeof retentionOutreachSchema>;
