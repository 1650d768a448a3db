import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePortalPage } from "@/lib/portal/context";
import { getCustomerTicket } from "@/lib/tickets/customer";
import { categoryLabels } from "@/lib/tickets/rules";
import { formatDateTime } from "@/lib/core/dates";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { SlaBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";
import { TicketConversation } from "@/components/portal/ticket-conversation";
import { TicketReplyForm } from "@/components/portal/ticket-forms";

export const metadata = { title: "Ticket" };

export default async function PortalTicketPage({ params }: { params: Promise<{ ticketId: string }> }) {
  const ctx = await requirePortalPage();
  const detail = await getCustomerTicket(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, ticketId: (await params).ticketId });
  if (!detail) notFound();
  const { ticket, messages, sla } = detail;
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title={ticket.subject}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{ticket.reference}</span>
            <TicketStatusBadge status={ticket.status} />
            <span>{categoryLabels[ticket.category]}</span>
          </span>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Our commitment</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-2">
          <SlaBadge target={sla.firstResponse} label="First answer" />
          <SlaBadge target={sla.resolution} label="Fix" />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>What you wrote</CardTitle>
        </CardHeader>
        <CardContent>
          <p className="whitespace-pre-wrap break-words text-sm">{ticket.description}</p>
          <p className="mt-2 text-xs text-muted-foreground">Opened {formatDateTime(ticket.createdAt, ctx.tenant.timezone)}</p>
        </CardContent>
      </Card>
      <section aria-labelledby="conversation" className="flex flex-col gap-3">
        <h2 id="conversation" className="text-base font-semibold">
          Conversation
        </h2>
        <TicketConversation ticketId={ticket.id} messages={messages} timeZone={ctx.tenant.timezone} ispName={ctx.tenant.name} />
      </section>
      {ticket.status === "closed" ? (
        <p className="text-sm">
          This ticket is closed.{" "}
          <Link className="text-primary underline underline-offset-4" href="/portal/tickets/new">
            Open a new ticket
          </Link>{" "}
          and mention {ticket.reference}.
        </p>
      ) : (
        <Card>
          <CardContent className="pt-4">
            <TicketReplyForm ticketId={ticket.id} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}
