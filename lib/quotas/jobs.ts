/*
 * Data caps every 5 minutes: count the minutes polled since the last run, send the 80 % and cap notices, and hold
 * or release subscribers at the cap through the reconciler. Safe twice at once (the count locks its watermark).
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { evaluateQuotas } from "./evaluate";

export const evaluateQuotasJob = defineJob({
  name: "quota-evaluate",
  description: "Counts each subscriber's data against their plan's quota, sends the 80 % and cap notices, and applies or lifts the cap on the router.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return evaluateQuotas(ctx.db, ctx.now());
  },
});
