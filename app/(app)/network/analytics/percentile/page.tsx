import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/dates";
import { addMonths, monthLabel, monthOf, todayIn } from "@/lib/core/calendar";
import { lenient, percentileSchema } from "@/lib/analytics/forms";
import { monthlyPercentiles } from "@/lib/analytics/percentile";
import { listRouters } from "@/lib/routers/service";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { queryOf } from "@/components/analytics/format";
import { PercentileTable } from "@/components/analytics/percentile-table";

export const metadata = { title: "95th percentile" };

export default async function PercentilePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const parsed = lenient(percentileSchema, withoutNul(await searchParams));
  const [{ timeZone }, routers] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const now = clock.now();
  const thisMonth = monthOf(todayIn(timeZone, now));
  // 5-minute samples are kept 35 days: this month and the last are all there is to choose from.
  const months = [thisMonth, addMonths(thisMonth, -1)];
  const month = parsed.month && months.includes(parsed.month) ? parsed.month : thisMonth;
  const routerId = routers.some((r) => r.id === parsed.router) ? parsed.router : undefined;
  const result = await monthlyPercentiles(ctx.db, { tenantId: ctx.tenantId, month, routerId, timeZone, now });
  const query = queryOf({ month, router: routerId });

  return (
    <>
      <PageHeader
        title="95th percentile"
        description="Per interface for a month, the way transit is billed: 5-minute samples, each direction sorted, the top 5 % dropped, the larger direction billed. Rates above a port's speed are kept; missing samples are counted, never filled in."
        actions={
          <Button asChild variant="outline">
            <a href={`/api/network/analytics/percentile${query}`} download>
              Download CSV
            </a>
          </Button>
        }
      />
      <NetworkTabs />
      <AnalyticsNav />
      <FilterForm label="Choose the month and router" clearHref={routerId ? `/network/analytics/percentile${queryOf({ month })}` : null}>
        <FilterSelect
          id="percentile-month"
          label="Month"
          name="month"
          value={month}
          options={months.map((m) => ({ value: m, label: monthLabel(m) }))}
        />
        <FilterSelect
          id="percentile-router"
          label="Router"
          name="router"
          value={routerId}
          anyLabel="Every router"
          options={routers.map((r) => ({ value: r.id, label: r.name }))}
        />
      </FilterForm>
      <p className="mb-3 text-sm text-muted-foreground">
        {`From ${formatDateTime(result.range.from, timeZone)} to ${formatDateTime(result.range.to, timeZone)}. Samples are kept 35 days: take last month's figures in the first days of this one.`}
      </p>
      {result.rows.length === 0 ? (
        <EmptyState title="No 5-minute samples in this month">
          Interfaces get them from the rollup every five minutes once their routers are polled.
        </EmptyState>
      ) : (
        <PercentileTable rows={result.rows} />
      )}
    </>
  );
}
