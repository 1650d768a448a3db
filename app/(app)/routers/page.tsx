import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listRouters, listSites } from "@/lib/routers/service";
import { getTenantUsage } from "@/lib/tenants/limits";
import { DataTable } from "@/components/ui/table";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { RouterForm } from "@/components/routers/router-form";
import { TestConnectionButton } from "@/components/routers/test-connection-button";
import { EditRouterButton } from "@/components/routers/edit-router-button";
import { formatDateTime } from "@/lib/core/dates";
import { getTenant } from "@/lib/tenants/service";
import { SiteForm } from "@/components/routers/site-form";

export const metadata = { title: "Routers" };

export default async function RoutersPage() {
  const ctx = await requireStaffPage("routers:view");
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
          columns={[{ label: "Router" }, { label: "Site" }, { label: "API address" }, { label: "User" }, { label: "Status" }, { label: "Actions" }]}
        >
          {routerRows.map((r) => (
            <tr key={r.id}>
              <td className="p-3 font-medium">{r.name}</td>
              <td className="p-3">{r.siteName ?? "—"}</td>
              <td className="p-3 font-mono text-xs">
                {r.host}:{r.apiPort} {r.useTls ? <Badge>TLS</Badge> : null}
              </td>
              <td className="p-3">{r.username}</td>
              <td className="p-3">
                <Badge tone={r.status === "online" ? "success" : r.status === "offline" ? "danger" : "neutral"}>
                  {r.status === "unknown" ? "Not checked yet" : r.status}
                </Badge>
                {r.lastSeenAt ? (
                  <span className="mt-1 block text-xs text-muted-foreground">seen {formatDateTime(r.lastSeenAt, tenant.timezone)}</span>
                ) : null}
              </td>
              <td className="p-3">
                <div className="flex flex-wrap items-start gap-2">
                  <TestConnectionButton routerId={r.id} routerName={r.name} />
                  {canWrite ? (
                    <EditRouterButton
                      routerId={r.id}
                      sites={siteOptions}
                      initial={{
                        name: r.name,
                        host: r.host,
                        apiPort: r.apiPort,
                        useTls: r.useTls,
                        username: r.username,
                        password: "",
                        siteId: r.siteId ?? "",
                      }}
                    />
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {canWrite ? (
        <div className="mt-6 grid gap-4 xl:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Add a router</CardTitle>
              <CardDescription>The API user needs the api, read and write policies.</CardDescription>
            </CardHeader>
            <CardContent>
              <RouterForm sites={siteOptions} />
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
