import { clock } from "@/lib/core/clock";
import { csvResponse } from "@/lib/core/csv";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { percentileCsv } from "@/lib/analytics/csv";
import { percentileSchema } from "@/lib/analytics/forms";
import { monthlyPercentiles } from "@/lib/analytics/percentile";
import { tenantLocale } from "@/lib/tenants/queries";

/** GET /api/network/analytics/percentile?month=YYYY-MM&router= → each interface's 95th percentile for the month as CSV. */
export const GET = staffRoute("network:view", async (ctx, request) => {
  const params = parseSearchParams(request, percentileSchema);
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const result = await monthlyPercentiles(ctx.db, {
    tenantId: ctx.tenantId,
    month: params.month,
    routerId: params.router,
    timeZone,
    now: clock.now(),
  });
  return csvResponse(percentileCsv(result), { filename: `95th-percentile-${result.month}.csv`, rows: result.rows.length });
});
