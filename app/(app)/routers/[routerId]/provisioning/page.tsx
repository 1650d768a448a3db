import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { loadRouter } from "@/lib/routers/access";
import { listReconcileRuns } from "@/lib/provisioning/queries";
import { isolationRules } from "@/lib/provisioning/isolation";
import { listPlans } from "@/lib/plans/service";
import { getTenant } from "@/lib/tenants/service";
import { env } from "@/lib/core/env";
import { or404 } from "@/lib/core/page";
import { formatDateTime } from "@/lib/core/dates";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { ReconcilePanel } from "@/components/provisioning/reconcile-panel";
import { describeSummary } from "@/lib/provisioning/format";
import { AdoptPanel } from "@/components/provisioning/adopt-panel";
import { RadiusModePanel } from "@/components/radius/radius-mode-panel";
import { radiusStatus } from "@/lib/radius/nas";
import { TunnelPanel } from "@/components/tunnels/tunnel-panel";
import { routerTunnelStatus } from "@/lib/tunnels/service";

export const metadata = { title: "Provisioning" };

const triggerLabels = { change: "After a change", schedule: "Scheduled", manual: "By staff", suspension: "Suspension", adopt: "Adoption" } as const;
const statusTone = { running: "neutral", succeeded: "success", partial: "warning", failed: "danger" } as const;

export default async function RouterProvisioningPage({ params }: { params: Promise<{ routerId: string }> }) {
  const ctx = await requireStaffPage("routers:view");
  const { routerId } = await params;
  const [router, tenant] = await Promise.all([
    or404(loadRouter(ctx.db, { tenantId: ctx.tenantId, routerId })),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const canReconcile = can(ctx.role, "network:reconcile");
  const [runs, plans, radius, tunnel] = await Promise.all([
    listReconcileRuns(ctx.db, { tenantId: ctx.tenantId, routerId: router.id }),
    canReconcile ? listPlans(ctx.db, { tenantId: ctx.tenantId, activeOnly: true }) : [],
    radiusStatus(ctx.db, { tenantId: ctx.tenantId, routerId: router.id }),
    routerTunnelStatus(ctx.db, { tenantId: ctx.tenantId, routerId: router.id }),
  ]);
  const portalHost = new URL(env().APP_URL).hostname;
  return (
    <div className="flex flex-col gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Reconcile</CardTitle>
          <CardDescription>
            NetSphere is the source of truth: its plans and subscriptions are the desired state and this router is brought in line after every change
            and on a schedule. Entries NetSphere did not create are never touched.
            {router.lastReconciledAt ? ` Last reconciled ${formatDateTime(router.lastReconciledAt, tenant.timezone)}.` : " Not reconciled yet."}
            {router.reconcileFailures > 0 && router.nextReconcileAt
              ? ` ${router.reconcileFailures} failed ${router.reconcileFailures === 1 ? "attempt" : "attempts"}; next retry ${formatDateTime(router.nextReconcileAt, tenant.timezone)}.`
              : ""}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {canReconcile ? (
            <ReconcilePanel routerId={router.id} routerName={router.name} />
          ) : (
            <p className="text-sm text-muted-foreground">Admins and owners can preview and run a reconcile.</p>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Subscriber authentication</CardTitle>
          <CardDescription>
            API push writes every account to this router. RADIUS keeps them in NetSphere&apos;s RADIUS server instead: the router holds no subscriber
            secrets, plan changes and suspensions reach live sessions by CoA, and the router reports sessions and usage by accounting.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <RadiusModePanel routerId={router.id} status={radius} canChange={can(ctx.role, "routers:write")} tunnelAddress={router.tunnelAddress} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Tunnel</CardTitle>
          <CardDescription>
            A router behind NAT (the upstream&apos;s CGNAT) cannot be reached from NetSphere. Give it a WireGuard tunnel to your hub: it dials out,
            and NetSphere reaches it at its tunnel address, which only the hub can use to reach its API and CoA ports.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TunnelPanel routerId={router.id} routerHost={router.host} status={tunnel} canChange={can(ctx.role, "routers:write")} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Drift reports</CardTitle>
          <CardDescription>Every run, dry or applied: what differed, what changed and what failed.</CardDescription>
        </CardHeader>
        <CardContent>
          {runs.length === 0 ? (
            <p className="text-sm text-muted-foreground">No runs yet.</p>
          ) : (
            <DataTable
              columns={[
                { label: "Started" },
                { label: "Trigger" },
                { label: "Result" },
                { label: "Changes" },
                { label: "Round trips", align: "right" },
              ]}
            >
              {runs.map((run) => (
                <tr key={run.id}>
                  <td className="p-3">
                    <Link className="text-primary underline-offset-4 hover:underline" href={`/routers/${router.id}/provisioning/runs/${run.id}`}>
                      {formatDateTime(run.startedAt, tenant.timezone)}
                    </Link>
                  </td>
                  <td className="p-3">
                    {triggerLabels[run.trigger]}
                    {run.dryRun ? " (preview)" : ""}
                    {run.requestedByName ? <span className="block text-xs text-muted-foreground">{run.requestedByName}</span> : null}
                  </td>
                  <td className="p-3">
                    <Badge tone={statusTone[run.status]}>{run.status}</Badge>
                  </td>
                  <td className="p-3 text-xs">
                    {run.status === "failed" ? (
                      <span className="text-danger">{run.error}</span>
                    ) : (
                      describeSummary(run.summary, { applied: !run.dryRun })
                    )}
                  </td>
                  <td className="p-3 text-right tabular-nums">{run.roundTrips}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </CardContent>
      </Card>

      {canReconcile ? (
        <Card>
          <CardHeader>
            <CardTitle>Adopt accounts and pools from this router</CardTitle>
            <CardDescription>
              Already have PPPoE secrets or hotspot users on this router? Create customers and subscriptions from them; their passwords are kept. Its
              address pools join IP addresses, and NetSphere keeps them on the router from then on.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <AdoptPanel routerId={router.id} plans={plans.map((p) => ({ id: p.id, name: p.name, type: p.type }))} />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Isolation firewall (add once per router)</CardTitle>
          <CardDescription>
            Suspended subscribers are moved to the <span className="font-mono">{tenant.isolationProfile}</span> profile and listed in{" "}
            <span className="font-mono">{tenant.isolationAddressList}</span>. Paste these rules in the router&apos;s terminal so that list reaches
            only your payment page.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <pre className="overflow-x-auto rounded bg-muted p-3 text-xs" tabIndex={0} aria-label="RouterOS commands for the isolation firewall">
            {isolationRules({ addressList: tenant.isolationAddressList, portalHost })}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
