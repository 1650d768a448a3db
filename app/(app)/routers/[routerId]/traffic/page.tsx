import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { or404 } from "@/lib/core/page";
import { loadRouter } from "@/lib/routers/access";
import { getTenant } from "@/lib/tenants/service";
import { formatDateTime } from "@/lib/core/dates";
import { formatBytes } from "@/lib/network/format";
import { formatDuration } from "@/lib/routeros/values";
import { latestRouterHealth, routerHealthSeries } from "@/lib/monitoring/queries";
import { initialInterface, listRouterInterfaces } from "@/lib/monitoring/interfaces";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FactList } from "@/components/routers/fact-list";
import { RouterHealthChart } from "@/components/monitoring/health-chart";
import { InterfaceTrafficPanel } from "@/components/monitoring/interface-traffic-panel";
import { clock } from "@/lib/core/clock";

export const metadata = { title: "Router traffic" };

const DAY_MS = 86_400_000;

export default async function RouterTrafficPage({
  params,
  searchParams,
}: {
  params: Promise<{ routerId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requireStaffPage("routers:view");
  const ids = { tenantId: ctx.tenantId, routerId: (await params).routerId };
  // A link from the topology names the port to show; one the router does not have falls back to the default.
  const asked = (await searchParams).interface;
  const requested = typeof asked === "string" ? asked : undefined;
  const router = await or404(loadRouter(ctx.db, ids));
  const to = clock.now();
  const from = new Date(to.getTime() - DAY_MS);
  const [tenant, health, latest, interfaces] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    routerHealthSeries(ctx.db, { ...ids, from, to }),
    latestRouterHealth(ctx.db, ids),
    listRouterInterfaces(ctx.db, ids),
  ]);
  const initial = initialInterface(interfaces.interfaces, requested);
  const memoryUsed = latest && latest.totalMemory > 0 ? Math.round((1 - latest.freeMemory / latest.totalMemory) * 100) : null;
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Health</CardTitle>
          <CardDescription>
            Recorded by the poller every 30 seconds; the chart covers the last 24 hours.
            {router.lastSeenAt ? ` Last answered ${formatDateTime(router.lastSeenAt, tenant.timezone)}.` : " Not polled yet."}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {router.lastError ? (
            <p role="status" className="rounded-md border border-warning/60 p-3 text-sm">
              {router.status === "offline" ? "Offline: " : "Degraded: "}
              {router.lastError}
            </p>
          ) : null}
          {latest ? (
            <FactList
              items={[
                ["CPU load", `${latest.cpuLoad}%`],
                [
                  "Memory",
                  `${formatBytes(latest.freeMemory)} free of ${formatBytes(latest.totalMemory)}${memoryUsed === null ? "" : ` (${memoryUsed}% used)`}`,
                ],
                ["Uptime", formatDuration(latest.uptimeSeconds * 1000)],
                ["Sampled", formatDateTime(latest.at, tenant.timezone)],
              ]}
            />
          ) : null}
          <RouterHealthChart points={health} from={from.getTime()} to={to.getTime()} label={router.name} timeZone={tenant.timezone} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Interfaces</CardTitle>
          <CardDescription>Live rates come straight from the router once a second; history is stored per minute, hour and day.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {interfaces.live ? null : (
            <p role="status" className="rounded-md border border-warning/60 p-3 text-sm">
              The router did not answer ({interfaces.message}), so only interfaces seen before are listed.{" "}
              <Link
                className="text-primary underline underline-offset-4"
                href={`/routers/${router.id}/traffic${requested ? `?${new URLSearchParams({ interface: requested })}` : ""}`}
              >
                Try again
              </Link>
            </p>
          )}
          {initial ? (
            <InterfaceTrafficPanel
              key={initial}
              routerId={router.id}
              interfaces={interfaces.interfaces}
              initial={initial}
              timeZone={tenant.timezone}
            />
          ) : (
            <p className="text-sm text-muted-foreground">No interfaces known yet: they appear after the router answers its first poll.</p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
