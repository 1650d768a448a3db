import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/dates";
import { heatmapSchema, lenient } from "@/lib/analytics/forms";
import { interfaceHeatmap, siteHeatmap } from "@/lib/analytics/heatmap-query";
import { interfacesWithHistory } from "@/lib/monitoring/queries";
import { heatmapRange } from "@/lib/analytics/heatmap";
import { listRouters, listSites } from "@/lib/routers/service";
import { tenantLinkCapacities } from "@/lib/topology/capacities";
import { tenantLocale } from "@/lib/tenants/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NetworkTabs } from "@/components/network/network-tabs";
import { AnalyticsNav } from "@/components/analytics/analytics-nav";
import { FilterForm, FilterSelect } from "@/components/analytics/filter-form";
import { HeatmapGrid } from "@/components/analytics/heatmap-grid";

export const metadata = { title: "Heatmaps" };

export default async function HeatmapsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const params = lenient(heatmapSchema, withoutNul(await searchParams));
  const tenantId = ctx.tenantId;
  const [{ timeZone }, routers, sites, capacities] = await Promise.all([
    tenantLocale(ctx.db, { tenantId }),
    listRouters(ctx.db, { tenantId }),
    listSites(ctx.db, { tenantId }),
    tenantLinkCapacities(ctx.db, { tenantId }),
  ]);
  const now = clock.now();
  // Without a choice: the first link topology knows a capacity for, else the first router's first port.
  const firstLink = [...capacities].flatMap(([routerId, ports]) => [...ports.keys()].map((name) => ({ routerId, name })))[0];
  const router = routers.find((r) => r.id === params.router) ?? routers.find((r) => r.id === firstLink?.routerId) ?? routers[0];
  // Ports with hourly traffic in the four weeks shown, or seen by the poller now.
  const interfaces = router ? await interfacesWithHistory(ctx.db, { tenantId, routerId: router.id, since: heatmapRange(timeZone, now).from }) : [];
  const interfaceName =
    params.interface && interfaces.includes(params.interface)
      ? params.interface
      : firstLink && router?.id === firstLink.routerId && interfaces.includes(firstLink.name)
        ? firstLink.name
        : interfaces[0];
  const site = sites.find((s) => s.id === params.site) ?? sites[0];
  const [link, siteMap] = await Promise.all([
    router && interfaceName ? interfaceHeatmap(ctx.db, { tenantId, routerId: router.id, interfaceName, timeZone, now }) : null,
    site ? siteHeatmap(ctx.db, { tenantId, siteId: site.id, timeZone, now }) : null,
  ]);
  const range = link?.range ?? siteMap?.range;

  return (
    <>
      <PageHeader
        title="Heatmaps"
        description="When links and sites are busy: the average of each hour of the week over the last four weeks, in the ISP's time zone, from the hourly rollups."
      />
      <NetworkTabs />
      <AnalyticsNav />
      {range ? (
        <p className="mb-4 text-sm text-muted-foreground">{`From ${formatDateTime(range.from, timeZone)} to ${formatDateTime(range.to, timeZone)}.`}</p>
      ) : null}
      {/* min-w-0: a grid item is as wide as its widest table otherwise, and the page would scroll sideways. */}
      <div className="grid gap-5 xl:grid-cols-2">
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Link or interface</CardTitle>
            <CardDescription>The busier direction of each hour; as a share of the link&apos;s capacity when the topology has one.</CardDescription>
          </CardHeader>
          <CardContent>
            <FilterForm label="Choose the interface" narrow>
              {site ? <input type="hidden" name="site" value={site.id} /> : null}
              <FilterSelect
                id="heatmap-router"
                label="Router"
                name="router"
                value={router?.id}
                options={routers.map((r) => ({ value: r.id, label: r.name }))}
              />
              <FilterSelect
                id="heatmap-interface"
                label="Interface"
                name="interface"
                value={interfaceName}
                options={interfaces.map((name) => ({ value: name, label: capacities.get(router?.id ?? "")?.has(name) ? `${name} (link)` : name }))}
              />
            </FilterForm>
            {link && router && interfaceName ? (
              <HeatmapGrid heatmap={link} title={`${interfaceName} on ${router.name}`} />
            ) : (
              <EmptyState title="No interface yet">Interfaces appear once a router has been polled.</EmptyState>
            )}
          </CardContent>
        </Card>
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>Site</CardTitle>
            <CardDescription>The sum of the site&apos;s subscribers, in bits per second.</CardDescription>
          </CardHeader>
          <CardContent>
            <FilterForm label="Choose the site" narrow>
              {router ? <input type="hidden" name="router" value={router.id} /> : null}
              {interfaceName ? <input type="hidden" name="interface" value={interfaceName} /> : null}
              <FilterSelect
                id="heatmap-site"
                label="Site"
                name="site"
                value={site?.id}
                options={sites.map((s) => ({ value: s.id, label: s.name }))}
              />
            </FilterForm>
            {siteMap && site ? (
              <HeatmapGrid heatmap={siteMap} title={`Site ${site.name}`} />
            ) : (
              <EmptyState title="No sites yet">Add sites to your routers to compare them.</EmptyState>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
