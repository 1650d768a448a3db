import { Suspense } from "react";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getRouter, listSites } from "@/lib/routers/service";
import { openStreetMapUrl, routerFormValuesOf, routerTransportLabels } from "@/lib/routers/rules";
import { diagnosticCommandNames, diagnosticCommands } from "@/lib/network/diagnostics";
import { getTenant } from "@/lib/tenants/service";
import { formatDateTime } from "@/lib/core/dates";
import { or404 } from "@/lib/core/page";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RouterHealthList } from "@/components/routers/router-health";
import { FactList, LiveReadPlaceholder } from "@/components/routers/fact-list";
import { TestConnectionButton } from "@/components/routers/test-connection-button";
import { EditRouterButton } from "@/components/routers/edit-router-button";
import { DiagnosticsPanel } from "@/components/routers/diagnostics-panel";

/** The tab and the route announcement name the router. */
export async function generateMetadata({ params }: { params: Promise<{ routerId: string }> }) {
  const ctx = await requireStaffPage("routers:view");
  const router = await or404(getRouter(ctx.db, { tenantId: ctx.tenantId, routerId: (await params).routerId }));
  return { title: `Router ${router.name}` };
}

export default async function RouterOverviewPage({ params }: { params: Promise<{ routerId: string }> }) {
  const ctx = await requireStaffPage("routers:view");
  const router = await or404(getRouter(ctx.db, { tenantId: ctx.tenantId, routerId: (await params).routerId }));
  const canWrite = can(ctx.role, "routers:write");
  const [tenant, sites] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    canWrite ? listSites(ctx.db, { tenantId: ctx.tenantId }) : [],
  ]);
  const latitude = router.latitude ?? router.siteLatitude;
  const longitude = router.longitude ?? router.siteLongitude;
  const allowedDiagnostics = diagnosticCommandNames.filter((name) => name !== "kick" && can(ctx.role, diagnosticCommands[name].permission));
  const port = router.transport === "rest" ? router.restPort : router.apiPort;
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardTitle>Health</CardTitle>
            <CardDescription>Read live from the router.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <Suspense fallback={<LiveReadPlaceholder what="health" />}>
              <RouterHealthList db={ctx.db} tenantId={ctx.tenantId} routerId={router.id} />
            </Suspense>
            <TestConnectionButton routerId={router.id} routerName={router.name} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Connection</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <FactList
              items={[
                ["Transport", routerTransportLabels[router.transport]],
                ["Address", <span key="address" className="font-mono">{`${router.host}:${port}`}</span>],
                ["TLS", router.transport === "rest" || router.useTls ? "yes" : "no"],
                ["API user", router.username],
                ["Last seen", router.lastSeenAt ? formatDateTime(router.lastSeenAt, tenant.timezone) : "never"],
                [
                  "Last error",
                  router.lastError && router.status !== "online" ? (
                    <span key="error" className="text-danger">
                      {router.lastError}
                    </span>
                  ) : (
                    "none"
                  ),
                ],
              ]}
            />
            {canWrite ? (
              <EditRouterButton routerId={router.id} sites={sites.map((s) => ({ id: s.id, name: s.name }))} initial={routerFormValuesOf(router)} />
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Location</CardTitle>
          </CardHeader>
          <CardContent>
            <FactList
              items={[
                ["Site", router.siteName ?? "No site"],
                ...(router.siteAddress ? [["Address", router.siteAddress] as [string, string]] : []),
                [
                  "Coordinates",
                  latitude !== null && longitude !== null ? (
                    <span key="coordinates" className="flex flex-col gap-1">
                      <span className="font-mono">
                        {latitude.toFixed(5)}, {longitude.toFixed(5)}
                        {router.latitude === null ? " (site)" : ""}
                      </span>
                      <a
                        href={openStreetMapUrl(latitude, longitude)}
                        target="_blank"
                        rel="noopener noreferrer"
                        className="text-primary underline-offset-4 hover:underline"
                      >
                        Open in OpenStreetMap<span className="sr-only"> (opens in a new tab)</span>
                      </a>
                    </span>
                  ) : (
                    "Not set"
                  ),
                ],
              ]}
            />
          </CardContent>
        </Card>
      </div>
      {allowedDiagnostics.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Diagnostics</CardTitle>
            <CardDescription>
              Safe, read-only checks run on the router itself: ping, live sessions, interfaces, a traffic sample and resources.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <DiagnosticsPanel routerId={router.id} allowed={allowedDiagnostics} canKick={can(ctx.role, "network:kick")} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
