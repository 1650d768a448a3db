import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { or404 } from "@/lib/core/page";
import { getReconcileRun } from "@/lib/provisioning/queries";
import { getTenant } from "@/lib/tenants/service";
import { formatDateTime } from "@/lib/core/dates";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangesTable } from "@/components/provisioning/changes-table";
import { describeSummary } from "@/lib/provisioning/format";

export const metadata = { title: "Drift report" };

export default async function ReconcileRunPage({ params }: { params: Promise<{ routerId: string; runId: string }> }) {
  const ctx = await requireStaffPage("routers:view");
  const { routerId, runId } = await params;
  const [run, tenant] = await Promise.all([
    or404(getReconcileRun(ctx.db, { tenantId: ctx.tenantId, routerId, runId })),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const total = run.summary
    ? run.summary.add + run.summary.set + run.summary.remove + run.summary.kick + run.summary.conflict + (run.summary.foreign ?? 0)
    : 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          Drift report · {formatDateTime(run.startedAt, tenant.timezone)}
          {run.dryRun ? " (preview)" : ""}
        </CardTitle>
        <CardDescription>
          {run.status === "failed" ? run.error : describeSummary(run.summary, { applied: !run.dryRun })} · {run.roundTrips} API round trips
          {run.finishedAt ? ` · took ${((run.finishedAt.getTime() - run.startedAt.getTime()) / 1000).toFixed(1)} s` : ""}
          {total > run.changes.length ? ` · showing ${run.changes.length} of ${total} changes (every failure and conflict is listed)` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <ChangesTable changes={run.changes} />
        <Link className="text-sm text-primary underline-offset-4 hover:underline" href={`/routers/${routerId}/provisioning`}>
          Back to provisioning
        </Link>
      </CardContent>
    </Card>
  );
}
