import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withoutNul } from "@/lib/core/action";
import { getTenant } from "@/lib/tenants/service";
import { ticketListSchema } from "@/lib/tickets/rules";
import { assignableStaff, listTickets } from "@/lib/tickets/queries";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { TicketFilters, ticketListHref } from "@/components/tickets/ticket-filters";
import { TicketsTable } from "@/components/tickets/tickets-table";

export const metadata = { title: "Tickets" };

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("tickets:view");
  const filter = ticketListSchema.parse(withoutNul(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v))));
  const [tenant, staff, { rows, hasMore }] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    assignableStaff(ctx.db, { tenantId: ctx.tenantId }),
    listTickets(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId, filter }),
  ]);
  const filtered = filter.q || filter.priority || filter.category || filter.assignee || filter.sla !== "all" || filter.status !== "open";
  return (
    <>
      <PageHeader
        title="Tickets"
        description="Open tickets come first, the one due soonest on top."
        actions={
          <>
            {can(ctx.role, "reports:sla") ? (
              <Button asChild variant="outline">
                <Link href="/tickets/report">SLA report</Link>
              </Button>
            ) : null}
            {can(ctx.role, "sla:settings") ? (
              <Button asChild variant="outline">
                <Link href="/settings/sla">SLA settings</Link>
              </Button>
            ) : null}
            {can(ctx.role, "tickets:write") ? (
              <Button asChild>
                <Link href="/tickets/new">New ticket</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <TicketFilters filter={filter} staff={staff} />
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No tickets match" : "No open tickets"}>
          {filtered ? "Change the search or the filters." : "New tickets from staff and from the customer portal appear here."}
        </EmptyState>
      ) : (
        <TicketsTable rows={rows} timeZone={tenant.timezone} />
      )}
      <Pager
        newer={filter.page > 1 ? ticketListHref({ ...filter, page: filter.page - 1 }) : null}
        older={hasMore ? ticketListHref({ ...filter, page: filter.page + 1 }) : null}
      />
    </>
  );
}
