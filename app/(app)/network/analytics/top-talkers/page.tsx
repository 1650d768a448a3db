import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { monthLabel, monthOf, monthsEnding, todayIn } from "@/lib/core/calendar";
import { lenient, topTalkersSchema } from "@/lib/analytics/forms";
import { describePeriod, periodLabels, periodParam, periodRange, periodSlug, relativePeriods, type Period } from "@/lib/analytics/periods";
import { formatDateTime } from "@/lib/core/dates";
import { topTalkers } from "@/lib/analytics/top-talkers";
import { listPlans } from "@/lib/plans/service";
import { listRouters, listSites } from "@/lib/routers/service";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { formatVolume, queryOf } from "@/components/analytics/format";
import { TopTalkersTable } from "@/components/analytics/top-talkers-table";
import { PageLinks } from "@/components/analytics/page-links";

export const metadata = { title: "Top talkers" };

const defaults = { period: "30d", sort: "total", page: 1 };
/** The page's (or the export's) URL for a filter, defaults left out. */
const hrefOf = (path: string, params: { period: string; site?: string; router?: string; plan?: string; sort?: string; page?: number }) =>
  `${path}${queryOf(params, defaults)}`;

export default async function TopTalkersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const parsed = lenient(topTalkersSchema, withoutNul(await searchParams));
  const [{ timeZone }, sites, routers, plans] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listSites(ctx.db, { tenantId: ctx.tenantId }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
    listPlans(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const now = clock.now();
  const thisMonth = monthOf(todayIn(timeZone, now));
  const months = monthsEnding(thisMonth, 12).reverse();
  // Ids and months the ISP does not have mean "any" (or this month), as the selects show.
  const period: Period =
    parsed.period.kind !== "month" ? parsed.period : { kind: "month", month: months.find((m) => m === parsed.period.month) ?? thisMonth };
  const params = {
    period: periodParam(period, timeZone, now),
    site: sites.some((s) => s.id === parsed.site) ? parsed.site : undefined,
    router: routers.some((r) => r.id === parsed.router) ? parsed.router : undefined,
    plan: plans.some((p) => p.id === parsed.plan) ? parsed.plan : undefined,
    sort: parsed.sort,
    page: parsed.page,
  };
  const page = await topTalkers(ctx.db, {
    tenantId: ctx.tenantId,
    range: periodRange(period, timeZone, now),
    period: periodSlug(period, timeZone, now),
    now,
    siteId: params.site,
    routerId: params.router,
    planId: params.plan,
    sort: params.sort,
    page: params.page,
  });
  const filtered = !!(params.site || params.router || params.plan);
  const hasMore = page.page * page.pageSize < page.subscribers;
  const self = "/network/analytics/top-talkers";

  return (
    <>
      <PageHeader
        title="Top talkers"
        description={`Subscribers by volume over ${describePeriod(period, timeZone, now)}, from the hourly and daily rollups (days in the ISP's time zone)${
          page.asOf ? `; totals as of ${formatDateTime(page.asOf, timeZone)}, refreshed every 5 minutes` : ""
        }.`}
        actions={
          <Button asChild variant="outline">
            <a href={hrefOf("/api/network/analytics/top-talkers", { ...params, page: undefined })} download>
              Download CSV
            </a>
          </Button>
        }
      />
      <NetworkTabs />
      <AnalyticsNav />
      <FilterForm label="Filter top talkers" clearHref={filtered ? hrefOf(self, { period: params.period, sort: params.sort }) : null}>
        <input type="hidden" name="sort" value={params.sort} />
        <FilterSelect
          id="talkers-period"
          label="Period"
          name="period"
          value={params.period}
          options={[
            ...relativePeriods.map((kind) => ({ value: kind, label: periodLabels[kind] })),
            ...months.map((m) => ({ value: m, label: monthLabel(m) })),
          ]}
        />
        <FilterSelect
          id="talkers-site"
          label="Site"
          name="site"
          value={params.site}
          anyLabel="Any site"
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
        />
        <FilterSelect
          id="talkers-router"
          label="Router"
          name="router"
          value={params.router}
          anyLabel="Any router"
          options={routers.map((r) => ({ value: r.id, label: r.name }))}
        />
        <FilterSelect
          id="talkers-plan"
          label="Plan"
          name="plan"
          value={params.plan}
          anyLabel="Any plan"
          options={plans.map((p) => ({ value: p.id, label: p.name }))}
        />
      </FilterForm>
      {page.rows.length === 0 ? (
        <EmptyState
          title={params.page > 1 ? "No more subscribers" : "No traffic in this period"}
          action={
            params.page > 1 ? (
              <Button asChild variant="outline">
                <Link href={hrefOf(self, { ...params, page: 1 })}>First page</Link>
              </Button>
            ) : null
          }
        >
          {params.page > 1
            ? "This page is past the last subscriber with traffic."
            : "No subscriber of these filters moved any traffic in the period yet."}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-muted-foreground">
            {`${page.subscribers.toLocaleString("en")} subscribers moved ${formatVolume(page.totals.totalBytes)} (${formatVolume(page.totals.downloadBytes)} down, ${formatVolume(page.totals.uploadBytes)} up). Showing ${page.rows[0].rank}–${page.rows[page.rows.length - 1].rank}.`}
          </p>
          <TopTalkersTable page={page} sort={params.sort} sortHref={(sort) => hrefOf(self, { ...params, sort, page: 1 })} />
        </>
      )}
      <PageLinks
        previous={params.page > 1 && page.rows.length > 0 ? hrefOf(self, { ...params, page: params.page - 1 }) : null}
        next={hasMore ? hrefOf(self, { ...params, page: params.page + 1 }) : null}
      />
    </>
  );
}
