import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { or404 } from "@/lib/core/page";
import { getTenant } from "@/lib/tenants/service";
import { fieldJob, subscriptionForTicket } from "@/lib/tickets/field-queries";
import { listWorkLogs } from "@/lib/tickets/work-logs";
import { subscriberStatus } from "@/lib/network/subscriber-status";
import { categoryLabels, formatTicketNumber, priorityLabels, statusLabels } from "@/lib/tickets/rules";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { buttonVariants } from "@/components/ui/classes";
import { JobService } from "@/components/field/job-service";
import { WorkLogForm } from "@/components/field/work-log-form";
import { WorkLogList } from "@/components/field/work-log-list";
import { SyncStatus } from "@/components/field/sync-status";
import { JobStatusActions } from "@/components/field/job-status-actions";
import { directionsUrl } from "@/lib/tickets/geo";
import { slaSummary } from "@/components/field/sla-text";
import { FieldIcon } from "@/components/field/icons";
import { SaveLocationButton } from "@/components/field/save-location-button";

/** The tab and the route announcement name the job and whom it is for. */
export async function generateMetadata({ params }: { params: Promise<{ ticketId: string }> }) {
  const ctx = await requireStaffPage("fieldwork:use");
  const { ticket, customer } = await or404(fieldJob(ctx.db, { tenantId: ctx.tenantId, ticketId: (await params).ticketId }));
  return { title: `Job ${formatTicketNumber(ticket.number)}${customer ? ` · ${customer.name}` : ""}` };
}

export default async function FieldTicketPage({ params }: { params: Promise<{ ticketId: string }> }) {
  const ctx = await requireStaffPage("fieldwork:use");
  const job = await or404(fieldJob(ctx.db, { tenantId: ctx.tenantId, ticketId: (await params).ticketId }));
  const { ticket, customer } = job;
  const [tenant, subscription, logs] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    subscriptionForTicket(ctx.db, { tenantId: ctx.tenantId, subscriptionId: ticket.subscriptionId, customerId: ticket.customerId }),
    listWorkLogs(ctx.db, { tenantId: ctx.tenantId, ticketId: ticket.id }),
  ]);
  const status = subscription && subscription.status !== "pending" ? await subscriberStatus(ctx.db, { tenantId: ctx.tenantId, subscriptionId: subscription.id }) : null;
  const label = formatTicketNumber(ticket.number);
  const sla = slaSummary(ticket);
  return (
    <>
      <PageHeader
        title={`${label} · ${ticket.subject}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge>{statusLabels[ticket.status]}</Badge>
            <Badge tone={ticket.priority === "urgent" || ticket.priority === "high" ? "warning" : "neutral"}>
              {priorityLabels[ticket.priority]} priority
            </Badge>
            <Badge tone={sla.tone}>{sla.text}</Badge>
            <span>{categoryLabels[ticket.category]}</span>
          </span>
        }
        actions={
          <Link className="text-sm text-primary underline" href="/field">
            All my jobs
          </Link>
        }
      />
      <SyncStatus />
      <div className="grid gap-5 xl:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>Customer</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            {customer ? (
              <>
                <p>
                  <Link href={`/customers/${customer.id}`} className="font-medium text-primary underline">
                    {customer.name}
                  </Link>{" "}
                  <span className="font-mono text-muted-foreground">{customer.accountNumber}</span>
                </p>
                {customer.address ? <p className="break-words">{customer.address}</p> : null}
                <div className="flex flex-wrap gap-2">
                  {customer.phone ? (
                    <a className={buttonVariants({ size: "sm", variant: "outline" })} href={`tel:${customer.phone.replace(/\s/g, "")}`}>
                      <FieldIcon name="phone" /> Call {customer.phone}
                    </a>
                  ) : null}
                  {customer.latitude != null && customer.longitude != null ? (
                    <a
                      className={buttonVariants({ size: "sm", variant: "outline" })}
                      href={directionsUrl(customer.latitude, customer.longitude)}
                      target="_blank"
                      rel="noreferrer"
                    >
                      <FieldIcon name="map-pin" /> Directions
                    </a>
                  ) : null}
                  <SaveLocationButton
                    className={buttonVariants({ size: "sm", variant: "outline" })}
                    customerId={customer.id}
                    customerName={customer.name}
                    saved={
                      customer.latitude != null && customer.longitude != null ? { latitude: customer.latitude, longitude: customer.longitude } : null
                    }
                  />
                </div>
              </>
            ) : (
              <p className="text-muted-foreground">This ticket is not about a customer.</p>
            )}
            {ticket.description ? (
              <p className="whitespace-pre-wrap break-words rounded bg-muted p-3 [overflow-wrap:anywhere]">{ticket.description}</p>
            ) : null}
            <JobStatusActions ticketId={ticket.id} status={ticket.status} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Live network status</CardTitle>
          </CardHeader>
          <CardContent>
            {subscription?.status === "pending" ? (
              <div className="grid gap-2 text-sm">
                <p>
                  <span className="font-medium">{subscription.username}</span> is waiting for its installation: nothing is on the router yet.
                </p>
                {can(ctx.role, "subscriptions:activate") && customer ? (
                  <p>
                    {/* The activation dialog lives on the customer's page: this phone page has no room for more script. */}
                    <Link href={`/customers/${customer.id}`} className="font-medium underline underline-offset-4">
                      Activate the service on the customer&apos;s page
                    </Link>{" "}
                    once it is installed.
                  </p>
                ) : null}
              </div>
            ) : status ? (
              <JobService
                status={status}
                macAddress={subscription?.macAddress ?? null}
                canKick={can(ctx.role, "network:kick")}
                canReprovision={can(ctx.role, "network:reprovision")}
                refreshIcon={<FieldIcon name="refresh-cw" />}
              />
            ) : (
              <p className="text-sm text-muted-foreground">The customer has no active subscription.</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Log work</CardTitle>
          </CardHeader>
          <CardContent>
            <WorkLogForm ticketId={ticket.id} ticketLabel={label} icons={{ add: <FieldIcon name="plus" />, remove: <FieldIcon name="trash-2" /> }} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Visits on this ticket</CardTitle>
          </CardHeader>
          <CardContent>
            <WorkLogList logs={logs} timeZone={tenant.timezone} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
