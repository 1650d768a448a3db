import Link from "next/link";
import { requirePortalPage } from "@/lib/portal/context";
import { pageOf, pagerLinks } from "@/lib/portal/paging";
import { listCustomerTickets } from "@/lib/tickets/customer";
import { categoryLabels } from "@/lib/tickets/rules";
import { formatDateTime } from "@/lib/core/dates";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { TicketStatusBadge } from "@/components/tickets/ticket-badges";

export const metadata = { title: "Support" };

export default async function PortalTicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePortalPage();
  const page = await pageOf(searchParams);
  const { rows, hasMore } = await listCustomerTickets(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, page });
  const newTicket = (
    <Button asChild>
      <Link href="/portal/tickets/new">New ticket</Link>
    </Button>
  );
  return (
    <>
      <PageHeader title="Support" description={`Your tickets with ${ctx.tenant.name}.`} actions={newTicket} />
      {rows.length === 0 ? (
        <EmptyState title="No tickets yet" action={newTicket}>
          No internet, a slow connection or a billing question? Open a ticket and we will get back to you.
        </EmptyState>
      ) : (
        <ul className="divide-y rounded-lg border bg-card">
          {rows.map((ticket) => (
            <li key={ticket.id} className="flex flex-wrap items-start justify-between gap-2 p-3">
              <div className="min-w-0">
                <Link href={`/portal/tickets/${ticket.id}`} className="font-medium text-primary underline underline-offset-4">
                  {ticket.subject}
                </Link>
                <p className="text-xs text-muted-foreground">
                  <span className="font-mono">{ticket.reference}</span> · {categoryLabels[ticket.category]} ·{" "}
                  {formatDateTime(ticket.createdAt, ctx.tenant.timezone)}
                </p>
              </div>
              <TicketStatusBadge status={ticket.status} />
            </li>
          ))}
        </ul>
      )}
      <Pager {...pagerLinks("/portal/tickets", page, hasMore)} />
    </>
  );
}
