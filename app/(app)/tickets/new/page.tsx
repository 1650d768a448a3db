import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isUuid } from "@/lib/core/ids";
import { getCustomer } from "@/lib/customers/service";
import { assignableStaff } from "@/lib/tickets/queries";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { TicketForm } from "@/components/tickets/ticket-form";

export const metadata = { title: "New ticket" };

export default async function NewTicketPage({ searchParams }: { searchParams: Promise<{ customerId?: string }> }) {
  const ctx = await requireStaffPage("tickets:write");
  const { customerId } = await searchParams;
  const [staff, customer] = await Promise.all([
    assignableStaff(ctx.db, { tenantId: ctx.tenantId }),
    customerId && isUuid(customerId) ? getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId }).catch(() => null) : Promise.resolve(null),
  ]);
  return (
    <>
      <PageHeader title="New ticket" description="The SLA clock starts when the ticket is opened; the customer is told by their chosen channels." />
      <Card>
        <CardContent className="pt-4">
          <TicketForm
            staff={staff}
            canAssign={can(ctx.role, "tickets:assign")}
            customer={customer ? { id: customer.id, name: customer.name, accountNumber: customer.accountNumber } : null}
          />
        </CardContent>
      </Card>
    </>
  );
}
