import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import type { NetsphereInvoice } from "@/lib/tenants/platform-views";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/shell/page-header";

const statusLabel = { open: "Open", paid: "Paid", void: "Void", overdue: "Overdue" } as const;
const statusTone = { open: "info", paid: "success", void: "neutral", overdue: "danger" } as const;

/** The ISP's NetSphere invoices, newest first, each with its PDF and, while owed, its pay page. */
export function NetsphereInvoices({ invoices, currency }: { invoices: NetsphereInvoice[]; currency: string }) {
  if (invoices.length === 0) return <EmptyState title="No NetSphere invoices yet">Your first invoice is issued the day your trial ends.</EmptyState>;
  return (
    <DataTable
      label="NetSphere invoices"
      columns={[
        { label: "Invoice" },
        { label: "Period" },
        { label: "Due" },
        { label: "Total", align: "right" },
        { label: "Status" },
        { label: "Documents and payment", srOnly: true },
      ]}
    >
      {invoices.map((invoice) => (
        <tr key={invoice.id}>
          <td className="p-3 font-medium tabular-nums">
            {invoice.number}
            <span className="block text-xs font-normal text-muted-foreground">Issued {formatCalendarDate(invoice.issueDate)}</span>
          </td>
          <td className="p-3 text-xs">
            {invoice.periodStart && invoice.periodEnd ? `${formatCalendarDate(invoice.periodStart)} – ${formatCalendarDate(invoice.periodEnd)}` : "Plan change"}
          </td>
          <td className="p-3 text-xs">{formatCalendarDate(invoice.dueDate)}</td>
          <td className="p-3 text-right tabular-nums">
            {formatMoney(invoice.totalCentavos, currency)}
            {invoice.outstandingCentavos > 0 && invoice.outstandingCentavos < invoice.totalCentavos ? (
              <span className="block text-xs text-muted-foreground">{formatMoney(invoice.outstandingCentavos, currency)} left</span>
            ) : null}
          </td>
          <td className="p-3">
            <Badge tone={statusTone[invoice.status]}>{statusLabel[invoice.status]}</Badge>
          </td>
          <td className="p-3">
            <div className="flex flex-wrap gap-3 text-sm">
              <a className="underline underline-offset-4" href={`/api/netsphere/invoices/${invoice.id}?inline=1`} target="_blank" rel="noreferrer">
                PDF<span className="sr-only"> of {invoice.number}</span>
              </a>
              {invoice.payUrl ? (
                <a className="font-medium underline underline-offset-4" href={invoice.payUrl}>
                  Pay<span className="sr-only"> {invoice.number}</span>
                </a>
              ) : null}
            </div>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
