/* Every 5 minutes: each ISP's per-subscriber totals of the top-talkers periods (period-usage.ts). */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { refreshPeriodUsage } from "./period-usage";

export const refreshPeriodUsageJob = defineJob({
  name: "analytics-refresh",
  description: "Sums each subscriber's traffic over today, the last 7 and 30 days and this month, for the top-talkers page.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return refreshPeriodUsage(ctx.db, ctx.now());
  },
});
