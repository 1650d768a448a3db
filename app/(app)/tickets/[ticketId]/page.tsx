import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { or404 } from "@/lib/core/page";
import { formatCalendarDate, formatDateTime } from "@/lib/core/dates";
import { uploadLimitBytes } from "@/lib/storage/service";
import { assignableStaff, getTicketDetail } from "@/lib/tickets/queries";
import { categoryLabels, formatTicketNumber, sourceLabels, statusActions } from "@/lib/tickets/rules";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { StatusBadge } from "@/components/customers/status-badge";
import { PriorityBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import { Conversation } from "@/components/tickets/conversation";
import { ReplyForm } from "@/components/tickets/reply-form";
import { SlaPanel } from "@/components/tickets/sla-panel";
import { AssignForm, PriorityForm, StatusForm } from "@/components/tickets/ticket-actions";
import { CustomerOutageNote } from "@/components/network/customer-outage-note";
import { openIncidentsOfCustomer } from "@/lib/alerts/customer-incidents";

/** The tab and the route announcement name the ticket. */
export async function generateMetadata({ params }: { params: Promise<{ ticketId: string }> }) {
  const ctx = await requireStaffPage("tickets:view");
  const { ticket } = await or404(getTicketDetail(ctx.db, { tenantId: ctx.tenantId, ticketId: (await params).ticketId }));
  return { title: `Ticket ${formatTicketNumber(ticket.number)} · ${ticket.subject}` };
}

export default async function TicketPage({ params }: { params: Promise<{ ticketId: string }> }) {
  const ctx = await requireStaffPage("tickets:view");
  const { ticketId } = await params;
  const detail = await or404(getTicketDetail(ctx.db, { tenantId: ctx.tenantId, ticketId }));
  const { ticket, customer, timeZone } = detail;
  const mayWrite = can(ctx.role, "tickets:write");
  const mayAssign = can(ctx.role, "tickets:assign");
  const [staff, outages] = await Promise.all([
    mayAssign ? assignableStaff(ctx.db, { tenantId: ctx.tenantId }) : Promise.resolve([]),
    customer ? openIncidentsOfCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: customer.id }) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader
        title={`${formatTicketNumber(ticket.number)} · ${ticket.subject}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <TicketStatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            <span>{categoryLabels[ticket.category]}</span>
            <span>
              · {sourceLabels[ticket.source]} · opened {formatDateTime(ticket.createdAt, timeZone)}
            </span>
          </span>
        }
      />
      <CustomerOutageNote incidents={outages} timeZone={timeZone} />
      <div className="grid gap-5 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-5 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Reported problem</CardTitle>
            </CardHeader>
            <CardContent>
              <p className="whitespace-pre-wrap break-words text-sm">{ticket.description || "No description."}</p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Conversation</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-5">
              <Conversation messages={detail.messages} timeZone={timeZone} />
              {mayWrite ? <ReplyForm ticketId={ticket.id} maxBytes={uploadLimitBytes()} customerLinked={customer !== null} /> : null}
            </CardContent>
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-5">
          <Card>
            <CardHeader>
              <CardTitle>SLA</CardTitle>
            </CardHeader>
            <CardContent>
              <SlaPanel detail={detail} />
            </CardContent>
          </Card>
          {mayWrite ? (
            <Card>
              <CardHeader>
                <CardTitle>Status</CardTitle>
              </CardHeader>
              <CardContent className="flex flex-col gap-4">
                <StatusForm key={ticket.status} ticketId={ticket.id} options={statusActions(ticket.status, ticket.assigneeId !== null)} />
                <PriorityForm key={ticket.priority} ticketId={ticket.id} priority={ticket.priority} />
              </CardContent>
            </Card>
          ) : null}
          <Card>
            <CardHeader>
              <CardTitle>Assignment</CardTitle>
            </CardHeader>
            <CardContent>
              {mayAssign ? (
                <AssignForm
                  key={`${ticket.assigneeId}-${ticket.scheduledFor}`}
                  ticketId={ticket.id}
                  staff={staff}
                  assigneeId={ticket.assigneeId}
                  scheduledFor={ticket.scheduledFor}
                  selfId={ctx.userId}
                />
              ) : (
                <p className="text-sm">
                  {detail.assigneeName ?? "Unassigned"}
                  {ticket.scheduledFor ? ` · visit on ${formatCalendarDate(ticket.scheduledFor)}` : ""}
                </p>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Customer</CardTitle>
            </CardHeader>
            <CardContent className="text-sm">
              {customer ? (
                <div className="flex flex-col gap-1">
                  <span className="flex flex-wrap items-center gap-2">
                    <Link href={`/customers/${customer.id}`} className="font-medium text-primary underline">
                      {customer.name}
                    </Link>
                    <StatusBadge status={customer.status} />
                  </span>
                  <span className="font-mono text-xs text-muted-foreground">{customer.accountNumber}</span>
                  {customer.phone ? (
                    <a href={`tel:${customer.phone}`} className="underline">
                      {customer.phone}
                    </a>
                  ) : null}
                  {customer.email ? <span className="break-all">{customer.email}</span> : null}
                  {customer.serviceAddress || customer.city ? (
                    <span>{[customer.serviceAddress, customer.city].filter(Boolean).join(", ")}</span>
                  ) : null}
                  <Link href={`/customers/${customer.id}/tickets`} className="mt-1 text-primary underline">
                    All tickets of this customer
                  </Link>
                </div>
              ) : (
                <p className="text-muted-foreground">Not about one customer.</p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
