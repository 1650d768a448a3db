import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { monthLabel, monthOf, monthsEnding, todayIn } from "@/lib/core/calendar";
import { lenient, planUsageSchema } from "@/lib/analytics/forms";
import { periodRange } from "@/lib/analytics/periods";
import { planUsage } from "@/lib/analytics/plan-usage";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { queryOf } from "@/components/analytics/format";
import { PlanDistributionChart } from "@/components/analytics/plan-distribution";

export const metadata = { title: "Plan usage" };

export default async function PlanUsagePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const parsed = lenient(planUsageSchema, withoutNul(await searchParams));
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const now = clock.now();
  const thisMonth = monthOf(todayIn(timeZone, now));
  const months = monthsEnding(thisMonth, 12).reverse();
  const month = parsed.month && months.includes(parsed.month) ? parsed.month : thisMonth;
  const usage = await planUsage(ctx.db, { tenantId: ctx.tenantId, range: periodRange({ kind: "month", month }, timeZone, now), now });
  const days = usage.seconds / 86_400;

  return (
    <>
      <PageHeader
        title="Plan usage"
        description="Who uses their plan and who does not: each plan's active subscribers by their volume in the month (download and upload, 1 GB = 10⁹ bytes)."
        actions={
          <Button asChild variant="outline">
            <a href={`/api/network/analytics/plans${queryOf({ month }, { month: thisMonth })}`} download>
              Download CSV
            </a>
          </Button>
        }
      />
      <NetworkTabs />
      <AnalyticsNav />
      <FilterForm label="Choose the month">
        <FilterSelect id="plans-month" label="Month" name="month" value={month} options={months.map((m) => ({ value: m, label: monthLabel(m) }))} />
      </FilterForm>
      <p className="mb-4 text-sm text-muted-foreground">
        {`${month === thisMonth ? "This month so far" : monthLabel(month)}: ${days.toLocaleString("en", { maximumFractionDigits: 1 })} days. “Under 5 % of the plan” counts subscribers who downloaded less than a twentieth of what the plan's download speed carries in that time.`}
      </p>
      {usage.plans.length === 0 ? (
        <EmptyState title="No active subscribers">Plans show here once they have active subscriptions.</EmptyState>
      ) : (
        <PlanDistributionChart plans={usage.plans} />
      )}
    </>
  );
}
