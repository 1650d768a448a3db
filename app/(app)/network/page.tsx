import { requireStaffPage } from "@/lib/auth/session";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { NetworkTabs } from "@/components/network/network-tabs";
import { BusiestLinks, loadNetworkStatus, OnlineNow, OpenIncidentList, RouterCounts } from "@/components/network/network-status";

export const metadata = { title: "Network status" };

export default async function NetworkStatusPage() {
  const ctx = await requireStaffPage("network:view");
  const status = await loadNetworkStatus(ctx);
  return (
    <>
      <PageHeader title="Network status" description="Routers, open incidents, who is online and the busiest links, from the last polls." />
      <NetworkTabs />
      <div className="flex flex-col gap-5">
        <RouterCounts counts={status.routerCounts} />
        <div className="grid gap-5 lg:grid-cols-2">
          <Card className="lg:row-span-2">
            <CardHeader>
              <CardTitle>Open incidents ({status.open.length})</CardTitle>
            </CardHeader>
            <CardContent>
              <OpenIncidentList open={status.open} now={status.now} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Subscribers online</CardTitle>
            </CardHeader>
            <CardContent>
              <OnlineNow online={status.online} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Busiest links, last 15 minutes</CardTitle>
            </CardHeader>
            <CardContent>
              <BusiestLinks links={status.links} />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
