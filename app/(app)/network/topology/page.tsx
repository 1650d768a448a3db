import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { topologyGraph, unknownNeighbors } from "@/lib/topology/queries";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { NetworkTabs } from "@/components/network/network-tabs";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { TopologyDrawing } from "@/components/network/topology/topology-drawing";
import { LinkTable, RoutersBySite, UnknownNeighborTable } from "@/components/network/topology/topology-list";
import { LinkForm } from "@/components/network/topology/link-form";

export const metadata = { title: "Topology" };

export default async function TopologyPage() {
  const ctx = await requireStaffPage("network:view");
  const [graph, unknown] = await Promise.all([
    topologyGraph(ctx.db, { tenantId: ctx.tenantId }),
    unknownNeighbors(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const canArrange = can(ctx.role, "alerts:settings");
  const discovered = graph.links.filter((l) => l.source === "discovered").length;
  return (
    <>
      <PageHeader
        title="Topology"
        description={`${graph.nodes.length} routers and ${graph.links.length} links (${discovered} found by the routers' neighbour discovery, ${graph.links.length - discovered} drawn by hand).`}
      />
      <NetworkTabs />
      {graph.nodes.length === 0 ? (
        <EmptyState title="No routers yet">Add your MikroTik routers: the links between them appear once they are polled.</EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-6">
          <section aria-labelledby="topology-drawing" className="hidden sm:block">
            <h2 id="topology-drawing" className="sr-only">
              Drawing
            </h2>
            <TopologyDrawing graph={graph} canArrange={canArrange} />
          </section>
          <section aria-labelledby="topology-routers" className="space-y-3">
            <h2 id="topology-routers" className="text-base font-semibold">
              Routers by site
            </h2>
            <RoutersBySite graph={graph} />
          </section>
          <section aria-labelledby="topology-links" className="space-y-3">
            <h2 id="topology-links" className="text-base font-semibold">
              Links
            </h2>
            {graph.links.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                No links yet. Routers that hear each other over MNDP, LLDP or CDP are linked after their next poll; links the routers cannot see (a
                leased line, a wireless bridge) can be drawn by hand.
              </p>
            ) : (
              <LinkTable graph={graph} canArrange={canArrange} />
            )}
          </section>
          <section aria-labelledby="topology-unknown" className="space-y-3">
            <h2 id="topology-unknown" className="text-base font-semibold">
              Unknown neighbours
            </h2>
            {unknown.length === 0 ? (
              <p className="text-sm text-muted-foreground">Every device the routers hear is one of your routers.</p>
            ) : (
              <>
                <p className="text-sm text-muted-foreground">
                  Devices the routers hear that are none of your routers: switches, CPEs, routers not added yet.
                </p>
                <UnknownNeighborTable neighbors={unknown} canAddRouters={can(ctx.role, "routers:write")} />
              </>
            )}
          </section>
          {canArrange && graph.nodes.length > 1 ? (
            <Card>
              <CardHeader>
                <CardTitle>Draw a link</CardTitle>
                <CardDescription>
                  For links the routers cannot discover: a leased line, a wireless PtP bridge, fibre through a media converter.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <LinkForm routers={graph.nodes.map((n) => ({ id: n.id, name: n.name }))} />
              </CardContent>
            </Card>
          ) : null}
        </div>
      )}
    </>
  );
}
