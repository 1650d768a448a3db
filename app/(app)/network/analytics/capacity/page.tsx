import { requireStaffPage } from "@/lib/auth/session";
import { clock } from "@/lib/core/clock";
import { formatCalendarDate } from "@/lib/core/dates";
import { localDate } from "@/lib/core/time-zones";
import { can } from "@/lib/auth/permissions";
import { capacityOverview, type CapacityKind } from "@/lib/analytics/capacity/overview";
import { describeCrossing, describeLevel } from "@/lib/analytics/capacity/describe";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { CapacityChart } from "@/components/analytics/capacity-chart";
import { CapacityThresholdForm } from "@/components/analytics/capacity-threshold-form";

export const metadata = { title: "Capacity planning" };

const kindLabels: Record<CapacityKind, string> = { link: "Link", router: "Router", pool: "IP pool" };

export default async function CapacityPage() {
  const ctx = await requireStaffPage("network:view");
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const overview = await capacityOverview(ctx.db, { tenantId: ctx.tenantId, timeZone, now: clock.now() });
  const { rows, end } = overview;
  const percent = Math.round(overview.threshold * 100);
  const threshold = `${percent} %`;

  return (
    <>
      <PageHeader
        title="Capacity planning"
        description={`When each link, router and IP pool runs out, soonest first. Links: the weekly 95th percentile of hourly traffic against the link's capacity; routers: the weekly 95th percentile of hourly CPU load; pools: addresses held. Holt's linear trend projects each a year ahead with an 80 % interval; links and routers saturate at ${threshold}, pools when full.`}
      />
      <NetworkTabs />
      <AnalyticsNav />
      {can(ctx.role, "settings:write") ? (
        <section aria-labelledby="capacity-threshold-heading" className="mb-4 rounded-md border bg-card p-3">
          <h2 id="capacity-threshold-heading" className="mb-2 text-sm font-semibold">
            Your threshold
          </h2>
          <CapacityThresholdForm percent={percent} />
        </section>
      ) : (
        <p className="mb-3 text-sm text-muted-foreground">{`Your ISP plans links and routers to ${threshold} of capacity; owners and admins change it here.`}</p>
      )}
      <p className="mb-3 text-sm text-muted-foreground">
        {`Weeks ending ${formatCalendarDate(localDate(new Date(end.getTime() - 1), timeZone))}. Solid: history; dashed: forecast, with its interval shaded; dotted: the threshold.`}
      </p>
      {rows.length === 0 ? (
        <EmptyState title="Nothing to forecast yet">
          Set a capacity on your links (Network → Topology), and routers and IP pools appear here as their history builds up.
        </EmptyState>
      ) : (
        <ol className="space-y-3" aria-label="Links, routers and pools, soonest saturation first">
          {rows.map((row) => (
            <li key={row.key} className="grid gap-3 rounded-md border bg-card p-3 md:grid-cols-[minmax(0,1fr)_minmax(0,420px)]">
              <div className="min-w-0 space-y-1">
                <h2 className="text-base font-semibold break-words">
                  <span className="mr-2 rounded bg-muted px-1.5 py-0.5 text-xs font-medium text-muted-foreground">{kindLabels[row.kind]}</span>
                  {row.name}
                </h2>
                <p className={row.crossing.kind === "now" || row.crossing.kind === "ahead" ? "text-sm font-medium" : "text-sm"}>
                  {describeCrossing(row, timeZone)}
                </p>
                <p className="text-sm text-muted-foreground">{describeLevel(row)}</p>
              </div>
              {row.history.length > 0 ? <CapacityChart row={row} /> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
