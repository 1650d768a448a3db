import { actorOf, recordAudit } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import { csvResponse } from "@/lib/core/csv";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { topTalkersCsv } from "@/lib/analytics/csv";
import { topTalkersSchema } from "@/lib/analytics/forms";
import { periodRange, periodSlug } from "@/lib/analytics/periods";
import { topTalkers } from "@/lib/analytics/top-talkers";
import { tenantLocale } from "@/lib/tenants/queries";

/**
 * GET /api/network/analytics/top-talkers?period=today|7d|30d|month&month=YYYY-MM&site=&router=&plan=&sort=total|download|upload
 * → every subscriber with traffic in the period, ranked, as CSV (the page shows them 50 at a time).
 */
export const GET = staffRoute("network:view", async (ctx, request) => {
  const params = parseSearchParams(request, topTalkersSchema);
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const now = clock.now();
  const { period } = params;
  const page = await topTalkers(ctx.db, {
    tenantId: ctx.tenantId,
    range: periodRange(period, timeZone, now),
    period: periodSlug(period, timeZone, now),
    now,
    siteId: params.site,
    routerId: params.router,
    planId: params.plan,
    sort: params.sort,
    page: 1,
    pageSize: null,
  });
  // Names and usage of customers leave the system: recorded like the customer export.
  await recordAudit(ctx.db, actorOf(ctx), {
    action: "analytics.top_talkers_exported",
    entityType: "report",
    after: { ...params, rows: page.rows.length },
  });
  return csvResponse(topTalkersCsv(page), { filename: `top-talkers-${periodSlug(period, timeZone, now)}.csv`, rows: page.rows.length });
});
