import { Suspense } from "react";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getRouter, listSites } from "@/lib/routers/service";
import { listQueueNodes } from "@/lib/queues/service";
import { flattenQueueTree } from "@/lib/queues/rules";
import { listPlans } from "@/lib/plans/service";
import { or404 } from "@/lib/core/page";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LiveReadPlaceholder } from "@/components/routers/fact-list";
import { QueueTreeEditor } from "@/components/queues/queue-tree-editor";
import { LiveQueues } from "@/components/queues/live-queues";

export const metadata = { title: "Queues" };

export default async function RouterQueuesPage({ params }: { params: Promise<{ routerId: string }> }) {
  const ctx = await requireStaffPage("routers:view");
  const router = await or404(getRouter(ctx.db, { tenantId: ctx.tenantId, routerId: (await params).routerId }));
  const canWrite = can(ctx.role, "queues:write");
  const [nodes, sites, plans] = await Promise.all([
    listQueueNodes(ctx.db, { tenantId: ctx.tenantId, routerId: router.id }),
    canWrite ? listSites(ctx.db, { tenantId: ctx.tenantId }) : [],
    canWrite ? listPlans(ctx.db, { tenantId: ctx.tenantId }) : [],
  ]);
  const ordered = flattenQueueTree(nodes).map(({ node, depth }) => ({ ...node, depth }));
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Queue tree in NetSphere</CardTitle>
          <CardDescription>
            The tree this router should run. Limits are in Mbps; a child can&apos;t exceed its parent. Changes reach the router with the next
            reconcile.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <QueueTreeEditor
            routerId={router.id}
            nodes={ordered}
            sites={sites.map((s) => ({ id: s.id, name: s.name }))}
            plans={plans.map((p) => ({ id: p.id, name: p.name }))}
            canWrite={canWrite}
          />
        </CardContent>
      </Card>
      <Suspense fallback={<LiveReadPlaceholder what="queues" />}>
        <LiveQueues db={ctx.db} tenantId={ctx.tenantId} routerId={router.id} />
      </Suspense>
    </div>
  );
}
