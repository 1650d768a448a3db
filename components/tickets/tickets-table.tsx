import Link from "next/link";
import type { TicketListRow } from "@/lib/tickets/queries";
import { categoryLabels, formatTicketNumber } from "@/lib/tickets/rules";
import { formatDateTime } from "@/lib/core/dates";
import { DataTable } from "@/components/ui/table";
import { currentTarget, PriorityBadge, SlaBadge, TicketStatusBadge } from "@/components/tickets/ticket-badges";

/** Tickets with their SLA (the target that matters now, with the time left); the customer column is optional. */
export function TicketsTable({ rows, timeZone, showCustomer = true }: { rows: TicketListRow[]; timeZone: string; showCustomer?: boolean }) {
  return (
    <DataTable
      columns={[
        { label: "Ticket" },
        ...(showCustomer ? [{ label: "Customer" }] : []),
        { label: "Status" },
        { label: "Priority" },
        { label: "SLA" },
        { label: "Assignee" },
        { label: "Opened" },
      ]}
    >
      {rows.map(({ ticket, customerName, accountNumber, assigneeName, sla }) => {
        const { label, target } = currentTarget(sla);
        return (
          <tr key={ticket.id}>
            <td className="min-w-56 p-3">
              <Link className="font-mono text-primary underline" href={`/tickets/${ticket.id}`}>
                {formatTicketNumber(ticket.number)}
              </Link>
              <span className="block">{ticket.subject}</span>
              <span className="block text-xs text-muted-foreground">{categoryLabels[ticket.category]}</span>
            </td>
            {showCustomer ? (
              <td className="p-3">
                {ticket.customerId ? (
                  <>
                    <Link className="underline" href={`/customers/${ticket.customerId}`}>
                      {customerName}
                    </Link>
                    <span className="block font-mono text-xs text-muted-foreground">{accountNumber}</span>
                  </>
                ) : (
                  <span className="text-muted-foreground">No customer</span>
                )}
              </td>
            ) : null}
            <td className="whitespace-nowrap p-3">
              <TicketStatusBadge status={ticket.status} />
            </td>
            <td className="p-3">
              <PriorityBadge priority={ticket.priority} />
            </td>
            <td className="whitespace-nowrap p-3">
              <SlaBadge target={target} label={label} />
              {label === "Resolution" && sla.firstResponse.status === "breached" ? (
                <span className="mt-1 block text-xs text-danger">Response missed</span>
              ) : null}
            </td>
            <td className="whitespace-nowrap p-3">{assigneeName ?? <span className="text-muted-foreground">Unassigned</span>}</td>
            <td className="whitespace-nowrap p-3">{formatDateTime(ticket.createdAt, timeZone)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
