import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { lenient, throughputSchema } from "@/lib/analytics/forms";
import { throughputSeries, type ThroughputScope } from "@/lib/analytics/throughput";
import { interfacesWithHistory, loadSubscriptionTraffic } from "@/lib/monitoring/queries";
import { listPlans } from "@/lib/plans/service";
import { listRouters, listSites } from "@/lib/routers/service";
import { tenantLocale } from "@/lib/tenants/queries";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { ThroughputChart } from "@/components/analytics/throughput-chart";
import { formatMetric } from "@/components/analytics/anomaly-format";
import { anomaliesOfObject } from "@/lib/analytics/anomalies";
import { interfaceExpectedBands } from "@/lib/analytics/expected-band";
import { resolutionMs } from "@/lib/monitoring/rules";
import { throughputSpans } from "@/lib/analytics/throughput";
import { anomalyKindLabels } from "@/lib/analytics/values";
import { formatDateTime } from "@/lib/core/dates";

export const metadata = { title: "Bandwidth analytics" };

const rangeOptions = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

/** A subscription of the tenant, or null for one it does not have (a stale or edited link). */
async function subscriberOf(db: Parameters<typeof loadSubscriptionTraffic>[0], tenantId: string, subscriptionId?: string) {
  if (!subscriptionId) return null;
  try {
    return await loadSubscriptionTraffic(db, { tenantId, subscriptionId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

export default async function ThroughputPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const params = lenient(throughputSchema, withoutNul(await searchParams));
  const [{ timeZone }, sites, routers, plans, subscriber] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listSites(ctx.db, { tenantId: ctx.tenantId }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
    listPlans(ctx.db, { tenantId: ctx.tenantId }),
    subscriberOf(ctx.db, ctx.tenantId, params.subscription),
  ]);
  // Ids the ISP does not have mean "any", as the selects show.
  const site = sites.find((s) => s.id === params.site);
  const router = routers.find((r) => r.id === params.router);
  const plan = plans.find((p) => p.id === params.plan);
  // Ports with stored traffic in the last 30 days, or seen by the poller now.
  const interfaces = router
    ? await interfacesWithHistory(ctx.db, { tenantId: ctx.tenantId, routerId: router.id, since: new Date(clock.ms() - 30 * 86_400_000) })
    : [];
  const interfaceName = router && params.interface && interfaces.includes(params.interface) ? params.interface : undefined;

  // The narrowest choice wins: one subscriber, one interface, a router, a site, a plan, else the whole ISP.
  const [scope, title]: [ThroughputScope, string] = subscriber
    ? [{ kind: "subscriber", subscriptionId: subscriber.id }, `Subscriber ${subscriber.username}`]
    : router && interfaceName
      ? [{ kind: "interface", routerId: router.id, interfaceName }, `${interfaceName} on ${router.name}`]
      : router
        ? [{ kind: "router", routerId: router.id }, `Subscribers of router ${router.name}`]
        : site
          ? [{ kind: "site", siteId: site.id }, `Subscribers at site ${site.name}`]
          : plan
            ? [{ kind: "plan", planId: plan.id }, `Subscribers on ${plan.name}`]
            : [{ kind: "isp" }, "All subscribers"];
  const series = await throughputSeries(ctx.db, { tenantId: ctx.tenantId, scope, span: params.range, now: clock.now() });
  const labels = scope.kind === "interface" ? { down: "Sent (tx)", up: "Received (rx)" } : { down: "Download", up: "Upload" };
  // An interface's anomalies (its traffic both ways against its usual level) are shaded on its chart.
  const anomalies =
    scope.kind === "interface"
      ? (
          await anomaliesOfObject(ctx.db, {
            tenantId: ctx.tenantId,
            routerId: scope.routerId,
            objectKind: "interface",
            objectId: scope.interfaceName,
            from: series.from,
            to: series.to,
          })
        ).map((a) => ({
          from: a.startedAt.getTime(),
          to: a.endedAt.getTime() + 5 * 60_000,
          text: `${anomalyKindLabels[a.kind]} from ${formatDateTime(a.startedAt, timeZone)} to ${formatDateTime(new Date(a.endedAt.getTime() + 5 * 60_000), timeZone)}: expected ${formatMetric(a.metric, a.expected)}, actual ${formatMetric(a.metric, a.actual)} (${a.severity.toFixed(1)}σ)${a.status === "open" ? ", still open" : ""}.`,
        }))
      : [];
  // Its usual level each way, the detector's hour-of-week baseline per direction, drawn as a faint band.
  const bucketMs = resolutionMs[throughputSpans[params.range].resolution];
  const expected =
    scope.kind === "interface"
      ? await interfaceExpectedBands(ctx.db, {
          tenantId: ctx.tenantId,
          routerId: scope.routerId,
          interfaceName: scope.interfaceName,
          from: series.from,
          bucketStarts: Array.from(
            { length: Math.floor((series.to.getTime() - series.from.getTime()) / bucketMs) + 1 },
            (_, i) => series.from.getTime() + i * bucketMs,
          ),
          bucketMs,
        })
      : null;
  const filtered = !!(site || router || plan || subscriber);

  return (
    <>
      <PageHeader
        title="Bandwidth analytics"
        description="Throughput over time for the whole ISP, a site, a router, an interface, a plan or one subscriber, from the stored rollups."
      />
      <NetworkTabs />
      <AnalyticsNav />
      <FilterForm
        label="Choose what to chart"
        clearHref={filtered ? `/network/analytics${params.range === "24h" ? "" : `?range=${params.range}`}` : null}
      >
        {subscriber ? <input type="hidden" name="subscription" value={subscriber.id} /> : null}
        <FilterSelect id="throughput-range" label="Range" name="range" value={params.range} options={rangeOptions} />
        <FilterSelect
          id="throughput-site"
          label="Site"
          name="site"
          value={site?.id}
          anyLabel="Any site"
          options={sites.map((s) => ({ value: s.id, label: s.name }))}
        />
        <FilterSelect
          id="throughput-router"
          label="Router"
          name="router"
          value={router?.id}
          anyLabel="Any router"
          options={routers.map((r) => ({ value: r.id, label: r.name }))}
        />
        {router ? (
          <FilterSelect
            id="throughput-interface"
            label="Interface"
            name="interface"
            value={interfaceName}
            anyLabel="Its subscribers"
            options={interfaces.map((name) => ({ value: name, label: name }))}
          />
        ) : null}
        <FilterSelect
          id="throughput-plan"
          label="Plan"
          name="plan"
          value={plan?.id}
          anyLabel="Any plan"
          options={plans.map((p) => ({ value: p.id, label: p.name }))}
        />
      </FilterForm>
      {subscriber ? (
        <p className="mb-4 text-sm text-muted-foreground">
          Showing one subscriber ({subscriber.username}).{" "}
          <Link
            href={`/network/analytics${params.range === "24h" ? "" : `?range=${params.range}`}`}
            className="text-primary underline-offset-4 hover:underline"
          >
            Show all subscribers
          </Link>
        </p>
      ) : router && !interfaceName ? (
        <p className="mb-4 text-sm text-muted-foreground">Choose an interface to see the router&apos;s own ports; the chart sums its subscribers.</p>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>{title}</CardTitle>
        </CardHeader>
        <CardContent>
          <ThroughputChart
            series={series}
            title={title}
            timeZone={timeZone}
            labels={labels}
            anomalies={anomalies}
            expected={expected ? { down: expected.tx, up: expected.rx } : undefined}
          />
        </CardContent>
      </Card>
    </>
  );
}
