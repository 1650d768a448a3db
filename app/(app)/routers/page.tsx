import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listRouters, listSites } from "@/lib/routers/service";
import { getTenantUsage } from "@/lib/tenants/limits";
import { DataTable } from "@/components/ui/table";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RouterStatusBadge } from "@/components/routers/router-status";
import { RouterForm } from "@/components/routers/router-form";
import { TestConnectionButton } from "@/components/routers/test-connection-button";
import { EditRouterButton } from "@/components/routers/edit-router-button";
import { formatDateTime } from "@/lib/core/dates";
import { getTenant } from "@/lib/tenants/service";
import { SiteForm } from "@/components/routers/site-form";
import { routerFormValuesOf, routerPrefillOf } from "@/lib/routers/rules";
import { withoutNul } from "@/lib/core/action";

export const metadata = { title: "Routers" };

export default async function RoutersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireStaffPage("routers:view");
  const prefill = routerPrefillOf(withoutNul(await searchParams));
  const [routerRows, sites, usage, tenant] = await Promise.all([
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
    listSites(ctx.db, { tenantId: ctx.tenantId }),
    getTenantUsage(ctx.db, { tenantId: ctx.tenantId }),
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const canWrite = can(ctx.role, "routers:write");
  const siteOptions = sites.map((s) => ({ id: s.id, name: s.name }));
  return (
    <>
      <PageHeader title="MikroTik routers" description={`${usage.routers} of ${usage.maxRouters} routers on your ${usage.planName} plan.`} />
      {routerRows.length === 0 ? (
        <EmptyState title="No routers yet">
          Add the MikroTik routers that serve your subscribers. NetSphere connects through the RouterOS API (port 8728, or 8729 with TLS).
        </EmptyState>
      ) : (
        <DataTable
          columns={[{ label: "Router" }, { label: "Site" }, { label: "Address" }, { label: "User" }, { label: "Status" }, { label: "Actions" }]}
        >
          {routerRows.map((r) => (
            <tr key={r.id}>
              <td className="p-3 font-medium">
                <Link href={`/routers/${r.id}`} className="text-primary underline-offset-4 hover:underline">
                  {r.name}
                </Link>
              </td>
              <td className="p-3">{r.siteName ?? "—"}</td>
              <td className="p-3 font-mono text-xs">
                {r.host}:{r.transport === "rest" ? r.restPort : r.apiPort} {r.transport === "api" && r.useTls ? <Badge>TLS</Badge> : null}
                {r.transport === "rest" ? <Badge>REST</Badge> : null}
              </td>
              <td className="p-3">{r.username}</td>
              <td className="p-3">
                <RouterStatusBadge status={r.status} />
                <span className="mt-1 block text-xs text-muted-foreground">
                  {r.lastSeenAt ? `Last seen ${formatDateTime(r.lastSeenAt, tenant.timezone)}` : "Never seen"}
                </span>
                {r.lastError && r.status !== "online" ? <span className="mt-1 block max-w-xs text-xs text-danger">{r.lastError}</span> : null}
              </td>
              <td className="p-3">
                <div className="flex flex-wrap items-start gap-2">
                  <TestConnectionButton routerId={r.id} routerName={r.name} />
                  {canWrite ? <EditRouterButton routerId={r.id} sites={siteOptions} initial={routerFormValuesOf(r)} /> : null}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {canWrite ? (
        <div className="mt-6 grid gap-4 xl:grid-cols-2">
          <Card id="add-router" className="scroll-mt-20">
            <CardHeader>
              <CardTitle>Add a router</CardTitle>
              <CardDescription>
                {prefill.name || prefill.host
                  ? "Name and address come from the neighbour the topology found: check them, then enter the API user. "
                  : ""}
                The API user needs the api, read and write policies.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <RouterForm sites={siteOptions} prefill={prefill} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Sites</CardTitle>
              <CardDescription>{sites.length === 0 ? "Group routers by tower or POP." : sites.map((s) => s.name).join(" · ")}</CardDescription>
            </CardHeader>
            <CardContent>
              <SiteForm />
            </CardContent>
          </Card>
        </div>
      ) : null}
    </>
  );
}
