import Link from "next/link";
import type { StaffContext } from "@/lib/auth/context";
import { clock } from "@/lib/core/clock";
import { listRouters } from "@/lib/routers/service";
import { openIncidentSummaries, type IncidentSummary } from "@/lib/alerts/queries";
import { formatIncidentNumber } from "@/lib/alerts/describe";
import { busiestLinks, onlineTrend, type BusyLink } from "@/lib/monitoring/online-trend";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { formatBps, formatDuration, impactText, SeverityBadge } from "@/components/network/incident-badges";

type Ctx = Pick<StaffContext, "db" | "tenantId">;

const routerStates = [
  { status: "online", label: "Up", tone: "text-success" },
  { status: "degraded", label: "Degraded", tone: "text-warning" },
  { status: "offline", label: "Down", tone: "text-danger" },
  { status: "unknown", label: "Unknown", tone: "" },
] as const;

/** Everything the status page and the dashboard card show, read in one go. */
export async function loadNetworkStatus(ctx: Ctx) {
  const now = clock.now();
  const [routers, open, online, links] = await Promise.all([
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
    openIncidentSummaries(ctx.db, { tenantId: ctx.tenantId }),
    onlineTrend(ctx.db, { tenantId: ctx.tenantId, now }),
    busiestLinks(ctx.db, { tenantId: ctx.tenantId, now }),
  ]);
  const routerCounts = Object.fromEntries(routerStates.map((s) => [s.status, routers.filter((r) => r.status === s.status).length])) as Record<
    (typeof routerStates)[number]["status"],
    number
  >;
  return { now, routerCounts, open, online, links };
}
export type NetworkStatus = Awaited<ReturnType<typeof loadNetworkStatus>>;

export function RouterCounts({ counts }: { counts: NetworkStatus["routerCounts"] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {routerStates.map((state) => (
        <li key={state.status}>
          <Link href="/routers" className="block rounded-lg border bg-card p-3 hover:border-primary">
            <span className="block text-sm text-muted-foreground">Routers {state.label.toLowerCase()}</span>
            <span className={`text-2xl font-semibold tabular-nums ${counts[state.status] > 0 ? state.tone : ""}`}>{counts[state.status]}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function OnlineNow({ online }: { online: NetworkStatus["online"] }) {
  const change = online.now - online.yesterday;
  return (
    <p className="text-sm">
      <span className="text-2xl font-semibold tabular-nums">{online.now.toLocaleString("en-PH")}</span> subscribers online now
      <span className="block text-muted-foreground">
        {online.yesterday.toLocaleString("en-PH")} at this time yesterday
        {online.yesterday > 0 ? ` (${change >= 0 ? "+" : "−"}${Math.abs(change).toLocaleString("en-PH")})` : ""}
      </span>
    </p>
  );
}

export function OpenIncidentList({ open, now, limit }: { open: IncidentSummary[]; now: Date; limit?: number }) {
  if (open.length === 0) return <p className="text-sm text-muted-foreground">No open incidents: every router and link is within its rules.</p>;
  const shown = limit ? open.slice(0, limit) : open;
  return (
    <ul className="divide-y text-sm">
      {shown.map((incident) => (
        <li key={incident.id} className="flex flex-col gap-1 py-2">
          <span className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={incident.severity} />
            <Link href={`/network/incidents/${incident.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
              <span className="font-mono">{formatIncidentNumber(incident.number)}</span> · {incident.title}
            </Link>
          </span>
          <span className="text-muted-foreground">
            opened {formatDuration(now.getTime() - incident.openedAt.getTime())} ago · {impactText(incident)}
            {incident.status === "acknowledged" ? " · acknowledged" : ""}
            {incident.silenced ? " · silenced by maintenance" : ""}
          </span>
        </li>
      ))}
      {limit && open.length > limit ? (
        <li className="py-2">
          <Link href="/network/incidents" className="text-primary underline-offset-4 hover:underline">
            All {open.length} open incidents
          </Link>
        </li>
      ) : null}
    </ul>
  );
}

export function BusiestLinks({ links }: { links: BusyLink[] }) {
  if (links.length === 0) return <p className="text-sm text-muted-foreground">No interface traffic in the last 15 minutes.</p>;
  return (
    <ol className="divide-y text-sm">
      {links.map((link) => (
        <li key={`${link.routerId}:${link.interface}`} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
          <Link href={`/routers/${link.routerId}/traffic`} className="text-primary underline-offset-4 hover:underline">
            {link.routerName} · {link.interface}
          </Link>
          <span className="tabular-nums text-muted-foreground">
            peak {formatBps(link.peakBps)} (↓ {formatBps(link.rxPeakBps)} ↑ {formatBps(link.txPeakBps)})
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The dashboard's network card: routers by state, open incidents, who is online. */
export async function NetworkStatusCard({ ctx }: { ctx: Ctx }) {
  const status = await loadNetworkStatus(ctx);
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <Link href="/network" className="underline-offset-4 hover:underline">
            Network
          </Link>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <RouterCounts counts={status.routerCounts} />
        <OnlineNow online={status.online} />
        <OpenIncidentList open={status.open} now={status.now} limit={3} />
      </CardContent>
    </Card>
  );
}
