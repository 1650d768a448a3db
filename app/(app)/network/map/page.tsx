import { requireStaffPage } from "@/lib/auth/session";
import { networkMapData } from "@/lib/topology/map";
import { countCustomersByStatus } from "@/lib/customers/queries";
import { configuredTileSource } from "@/lib/core/map-tiles";
import { subscriberStatusCodes, type SubscriberStatusName } from "@/lib/topology/map-values";
import { PageHeader } from "@/components/shell/page-header";
import { NetworkTabs } from "@/components/network/network-tabs";
import { NetworkMap } from "@/components/network/map/network-map";
import { MapTables } from "@/components/network/map/map-tables";

export const metadata = { title: "Network map" };

export default async function NetworkMapPage() {
  const ctx = await requireStaffPage("network:view");
  const [data, byStatus] = await Promise.all([
    networkMapData(ctx.db, { tenantId: ctx.tenantId }),
    countCustomersByStatus(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const counts = Object.fromEntries(subscriberStatusCodes.map((status) => [status, 0])) as Record<SubscriberStatusName, number>;
  for (const s of data.subscribers) counts[subscriberStatusCodes[s[5]] ?? "active"] += 1;
  const withoutPlace = Object.values(byStatus).reduce((sum, n) => sum + n, 0) - data.subscribers.length;
  const online = data.subscribers.filter((s) => s[6] & 1).length;
  return (
    <>
      <PageHeader
        title="Network map"
        description={`${data.routers.length} routers, ${data.sites.length} sites and ${data.subscribers.length} subscribers with a location (${online} online now)${
          withoutPlace > 0 ? `; ${withoutPlace} customers have no location yet` : ""
        }.`}
      />
      <NetworkTabs />
      <NetworkMap tiles={configuredTileSource()} counts={counts} />
      <MapTables data={data} />
    </>
  );
}
