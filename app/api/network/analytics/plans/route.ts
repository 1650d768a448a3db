import { clock } from "@/lib/core/clock";
import { csvResponse } from "@/lib/core/csv";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { planUsageCsv } from "@/lib/analytics/csv";
import { planUsageSchema } from "@/lib/analytics/forms";
import { periodRange, periodSlug } from "@/lib/analytics/periods";
import { planUsage } from "@/lib/analytics/plan-usage";
import { tenantLocale } from "@/lib/tenants/queries";

/** GET /api/network/analytics/plans?month=YYYY-MM → the usage distribution per plan for the month (so far) as CSV. */
export const GET = staffRoute("network:view", async (ctx, request) => {
  const params = parseSearchParams(request, planUsageSchema);
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const now = clock.now();
  const period = { kind: "month" as const, month: params.month };
  const usage = await planUsage(ctx.db, { tenantId: ctx.tenantId, range: periodRange(period, timeZone, now), now });
  const month = periodSlug(period, timeZone, now);
  return csvResponse(planUsageCsv(month, usage.plans), { filename: `plan-usage-${month}.csv`, rows: usage.plans.length });
});
