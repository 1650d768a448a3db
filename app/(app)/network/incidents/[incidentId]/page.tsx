import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { clock } from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/dates";
import { listStaff } from "@/lib/auth/staff";
import { getIncidentDetail } from "@/lib/alerts/queries";
import { formatIncidentNumber } from "@/lib/alerts/describe";
import { incidentSubscribers } from "@/lib/alerts/incidents";
import { impactBy, type ImpactGroup } from "@/lib/monitoring/impact";
import { customerNamesByIds } from "@/lib/customers/queries";
import { ticketsOfCustomersBetween } from "@/lib/tickets/queries";
import { formatTicketNumber, statusLabels } from "@/lib/tickets/values";
import { tenantLocale } from "@/lib/tenants/queries";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/table";
import { NetworkTabs } from "@/components/network/network-tabs";
import { formatDuration, IncidentStatusBadge, SeverityBadge } from "@/components/network/incident-badges";
import { IncidentTimeline } from "@/components/network/incident-timeline";
import { AcknowledgeForm, AssignIncidentForm, CommentForm, ResolveForm, SubscriberMessageForm } from "@/components/network/incident-actions";

const LISTED = 100;

export async function generateMetadata({ params }: { params: Promise<{ incidentId: string }> }) {
  const ctx = await requireStaffPage("network:view");
  const detail = await getIncidentDetail(ctx.db, { tenantId: ctx.tenantId, incidentId: (await params).incidentId });
  return { title: detail ? `${formatIncidentNumber(detail.incident.number)} · ${detail.incident.title}` : "Incident" };
}

function ImpactTable({ title, groups }: { title: string; groups: ImpactGroup[] }) {
  return (
    <DataTable
      label={`Subscribers behind it ${title.toLowerCase()}`}
      columns={[{ label: title.replace(/^By /, "").replace(/^./, (c) => c.toUpperCase()) }, { label: "Subscribers" }, { label: "Online before" }, { label: "Online now" }]}
    >
      {groups.map((group) => (
        <tr key={group.name}>
          <td className="p-3">{group.name}</td>
          <td className="p-3 tabular-nums">{group.subscribers.toLocaleString("en-PH")}</td>
          <td className="p-3 tabular-nums">{group.onlineAtLastPoll.toLocaleString("en-PH")}</td>
          <td className="p-3 tabular-nums">{group.onlineNow.toLocaleString("en-PH")}</td>
        </tr>
      ))}
    </DataTable>
  );
}

export default async function IncidentPage({ params }: { params: Promise<{ incidentId: string }> }) {
  const ctx = await requireStaffPage("network:view");
  const { incidentId } = await params;
  const detail = await getIncidentDetail(ctx.db, { tenantId: ctx.tenantId, incidentId });
  if (!detail) notFound();
  const { incident } = detail;
  const now = clock.now();
  const [{ timeZone }, staff, behind] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listStaff(ctx.db, { tenantId: ctx.tenantId }),
    incidentSubscribers(ctx.db, incident),
  ]);
  const customerIds = [...new Set(behind.map((row) => row.customerId))];
  const listed = behind.slice(0, LISTED);
  const [names, tickets] = await Promise.all([
    customerNamesByIds(ctx.db, { tenantId: ctx.tenantId, customerIds: listed.map((row) => row.customerId) }),
    ticketsOfCustomersBetween(ctx.db, { tenantId: ctx.tenantId, customerIds, from: incident.openedAt, to: incident.resolvedAt }),
  ]);
  const staffName = (id: string | null) => (id ? (staff.find((m) => m.id === id)?.name ?? "Former staff") : null);
  const onlineNow = behind.filter((row) => row.onlineNow).length;
  const byRouter = impactBy(behind, "routerName");
  const byProfile = impactBy(behind, "planName");
  const mayManage = can(ctx.role, "incidents:manage");
  const resolved = incident.status === "resolved";
  const area = detail.siteName ?? detail.routerName ?? "";
  const lasted = (incident.resolvedAt ?? now).getTime() - incident.openedAt.getTime();
  return (
    <>
      <PageHeader
        title={`${formatIncidentNumber(incident.number)} · ${incident.title}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={incident.severity} />
            <IncidentStatusBadge status={incident.status} />
            {incident.flapping ? <Badge tone="warning">Flapping</Badge> : null}
            {incident.silenced ? <Badge>Silenced by maintenance</Badge> : null}
            <span>
              Opened {formatDateTime(incident.openedAt, timeZone)} · {resolved ? `lasted ${formatDuration(lasted)}` : `${formatDuration(lasted)} ago`}
            </span>
          </span>
        }
      />
      <NetworkTabs />
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-5 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Impact</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              <dl className="grid grid-cols-3 gap-3 text-sm">
                <div>
                  <dt className="text-muted-foreground">Subscribers behind it</dt>
                  <dd className="text-2xl font-semibold tabular-nums">{behind.length.toLocaleString("en-PH")}</dd>
                </div>
                <div>
                  <dt className="text-muted-foreground">Online before</dt>
                  <dd className="text-2xl font-semibold tabular-nums">{incident.onlineBefore.toLocaleString("en-PH")}</dd>
                </div>
                <div>
                  <dt className="text-muted-foreground">Online now</dt>
                  <dd className="text-2xl font-semibold tabular-nums">{onlineNow.toLocaleString("en-PH")}</dd>
                </div>
              </dl>
              {byRouter.length > 1 ? <ImpactTable title="By router" groups={byRouter} /> : null}
              {byProfile.length > 0 ? <ImpactTable title="By PPP profile (plan)" groups={byProfile} /> : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Timeline</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-5">
              <IncidentTimeline events={detail.events} timeZone={timeZone} />
              {mayManage ? <CommentForm incidentId={incident.id} /> : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Tickets from affected subscribers</CardTitle>
            </CardHeader>
            <CardContent>
              {tickets.length === 0 ? (
                <p className="text-sm text-muted-foreground">None opened since the incident started{resolved ? " and until it was resolved" : ""}.</p>
              ) : (
                <ul className="divide-y text-sm">
                  {tickets.map((ticket) => (
                    <li key={ticket.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                      <Link href={`/tickets/${ticket.id}`} className="text-primary underline-offset-4 hover:underline">
                        <span className="font-mono">{formatTicketNumber(ticket.number)}</span> · {ticket.subject}
                      </Link>
                      <span className="text-muted-foreground">
                        {ticket.customerName ?? ""} · {statusLabels[ticket.status]} · {formatDateTime(ticket.createdAt, timeZone)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Affected subscribers</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {listed.length > 0 ? (
                <DataTable columns={[{ label: "Subscriber" }, { label: "Username" }, { label: "Now" }]} label="Affected subscribers">
                  {listed.map((row) => {
                    const customer = names.get(row.customerId);
                    return (
                      <tr key={row.subscriptionId}>
                        <td className="p-3">
                          <Link href={`/customers/${row.customerId}`} className="text-primary underline-offset-4 hover:underline">
                            {customer?.name ?? "Customer"}
                          </Link>
                          {customer ? <span className="block font-mono text-xs text-muted-foreground">{customer.accountNumber}</span> : null}
                        </td>
                        <td className="p-3 font-mono text-xs">{row.username}</td>
                        <td className="p-3">{row.onlineNow ? <Badge tone="success">Online</Badge> : <Badge tone="danger">Offline</Badge>}</td>
                      </tr>
                    );
                  })}
                </DataTable>
              ) : (
                <p className="text-sm text-muted-foreground">No active subscriptions behind it.</p>
              )}
              {behind.length > LISTED ? (
                <p className="text-sm text-muted-foreground">
                  The first {LISTED} of {behind.length.toLocaleString("en-PH")}, by username.
                </p>
              ) : null}
            </CardContent>
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-5">
          <Card>
            <CardHeader>
              <CardTitle>Handling</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4 text-sm">
              {incident.objectType === "site" ? (
                <p>Site: {detail.siteName ?? "removed"} (every router of it)</p>
              ) : (
                <p>
                  Router:{" "}
                  {incident.routerId ? (
                    <Link href={`/routers/${incident.routerId}`} className="text-primary underline underline-offset-4">
                      {detail.routerName ?? "Router"}
                    </Link>
                  ) : (
                    "removed"
                  )}
                  {detail.siteName ? ` · ${detail.siteName}` : ""}
                </p>
              )}
              <p>
                {incident.acknowledgedAt
                  ? `Acknowledged ${formatDateTime(incident.acknowledgedAt, timeZone)}${incident.acknowledgedBy ? ` by ${staffName(incident.acknowledgedBy)}` : ""}`
                  : "Not acknowledged yet."}
              </p>
              {mayManage && incident.status === "open" ? <AcknowledgeForm incidentId={incident.id} /> : null}
              {mayManage && !resolved ? (
                <AssignIncidentForm
                  key={incident.assignedTo ?? "nobody"}
                  incidentId={incident.id}
                  staff={staff.filter((m) => m.active).map((m) => ({ id: m.id, name: m.name }))}
                  assignedTo={incident.assignedTo}
                  selfId={ctx.userId}
                />
              ) : (
                <p>Assigned to: {staffName(incident.assignedTo) ?? "nobody"}</p>
              )}
              {mayManage && !resolved ? <ResolveForm incidentId={incident.id} /> : null}
              {resolved ? (
                <p>
                  Resolved {formatDateTime(incident.resolvedAt!, timeZone)}
                  {incident.resolvedBy ? ` by ${staffName(incident.resolvedBy)}` : " (recovered)"}.
                </p>
              ) : null}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Subscribers</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-4 text-sm">
              <p>
                {incident.outageNoticeAt ? `Outage notice sent ${formatDateTime(incident.outageNoticeAt, timeZone)}.` : "No outage notice sent."}
                {incident.allClearAt ? ` All-clear sent ${formatDateTime(incident.allClearAt, timeZone)}.` : ""}
              </p>
              {mayManage && !resolved && !incident.outageNoticeAt ? (
                <SubscriberMessageForm incidentId={incident.id} allClear={false} area={area} subscribers={customerIds.length} />
              ) : null}
              {mayManage && incident.outageNoticeAt && !incident.allClearAt ? (
                <SubscriberMessageForm incidentId={incident.id} allClear area={area} subscribers={customerIds.length} />
              ) : null}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
