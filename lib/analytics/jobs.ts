/*
 * Every 5 minutes: each ISP's per-subscriber totals of the top-talkers periods (period-usage.ts). Daily: the monthly
 * capacity report, queued once per ISP and month (capacity/report.ts).
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { logger } from "@/lib/core/logger";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { tenantsToRun } from "@/lib/tenants/queries";
import { refreshPeriodUsage } from "./period-usage";
import { sendMonthlyCapacityReports } from "./capacity/report";
import { detectTenantAnomalies } from "./anomaly-detect";

export const refreshPeriodUsageJob = defineJob({
  name: "analytics-refresh",
  description: "Sums each subscriber's traffic over today, the last 7 and 30 days and this month, for the top-talkers page.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return refreshPeriodUsage(ctx.db, ctx.now());
  },
});

export const capacityReportJob = defineJob({
  name: "capacity-report",
  description: "Emails each ISP's owners and admins the month's capacity report (what saturates within 12 months), once per month.",
  payload: z.object({}),
  schedule: { everySeconds: 6 * 3600, cron: "30 1 * * *" },
  async run(ctx) {
    return sendMonthlyCapacityReports(ctx.db, { now: ctx.now() });
  },
});

/* Every 5 minutes, after the rollups: each ISP's series against their baselines; anomalies opened, extended, closed. */
const anomalyPayload = z.object({ tenantId: z.uuid().optional() });

export const detectAnomaliesJob = defineJob({
  name: "anomaly-detect",
  description: "Judges interfaces' traffic, subscribers' upload and routers' CPU and sessions against their usual level at each hour of the week, and keeps the anomalies.",
  payload: anomalyPayload,
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async split(ctx) {
    return (await tenantsToRun(ctx.db)).map((tenant) => ({ key: tenant.id, payload: { tenantId: tenant.id } }));
  },
  async run(ctx, input) {
    const summary = { tenants: 0, series: 0, opened: 0, updated: 0, closed: 0, baselines: 0, failed: 0 };
    for (const tenant of await tenantsToRun(ctx.db, { tenantId: input.tenantId })) {
      if (ctx.signal.aborted) break;
      try {
        // Found on the owner's handle; each ISP's work runs bound to it by the row-level policies.
        const result = await detectTenantAnomalies(tenantHandle(ctx.db, tenant.id), ctx.db, tenant.id, ctx.now());
        summary.tenants += 1;
        for (const key of ["series", "opened", "updated", "closed", "baselines"] as const) summary[key] += result[key];
      } catch (error) {
        summary.failed += 1;
        logger.error({ tenantId: tenant.id, err: error instanceof Error ? error.message : String(error) }, "anomaly detection failed");
      }
    }
    return summary;
  },
});
