import Link from "next/link";
import { z } from "zod";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { or404 } from "@/lib/core/page";
import { getCustomer } from "@/lib/customers/service";
import { getTenant } from "@/lib/tenants/service";
import { listTickets } from "@/lib/tickets/queries";
import { EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { CustomerHeader } from "@/components/customers/customer-header";
import { TicketsTable } from "@/components/tickets/tickets-table";

export const metadata = { title: "Customer tickets" };

const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export default async function CustomerTicketsPage({
  params,
  searchParams,
}: {
  params: Promise<{ customerId: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const ctx = await requireStaffPage("tickets:view");
  const customer = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  const page = pageSchema.parse((await searchParams).page);
  const [tenant, { rows, hasMore }] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listTickets(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId, customerId: customer.id, filter: { status: "all", sla: "all", page } }),
  ]);
  const newTicket = can(ctx.role, "tickets:write") ? (
    <Button asChild>
      <Link href={`/tickets/new?customerId=${customer.id}`}>New ticket</Link>
    </Button>
  ) : null;
  const href = (p: number) => `/customers/${customer.id}/tickets${p > 1 ? `?page=${p}` : ""}`;
  return (
    <>
      <CustomerHeader customer={customer} role={ctx.role} actions={newTicket} />
      {rows.length === 0 && page === 1 ? (
        <EmptyState title="No tickets yet" action={newTicket}>
          Tickets this customer opens in the portal, and the ones staff open for them, are listed here with their SLA.
        </EmptyState>
      ) : (
        <TicketsTable rows={rows} timeZone={tenant.timezone} showCustomer={false} />
      )}
      <Pager newer={page > 1 ? href(page - 1) : null} older={hasMore ? href(page + 1) : null} />
    </>
  );
}
