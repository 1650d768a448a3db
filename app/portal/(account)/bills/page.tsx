import { requirePortalPage } from "@/lib/portal/context";
import { pageOf, pagerLinks } from "@/lib/portal/paging";
import { listInvoices } from "@/lib/billing/queries";
import { todayIn } from "@/lib/core/calendar";
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Pager } from "@/components/ui/pager";
import { InvoiceStatusBadge } from "@/components/billing/format";
import { BillsTabs } from "@/components/portal/bills-tabs";

export const metadata = { title: "Invoices" };

export default async function PortalInvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePortalPage();
  const page = await pageOf(searchParams);
  const today = todayIn(ctx.tenant.timezone);
  const { rows, hasMore } = await listInvoices(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, page, today });
  return (
    <>
      <PageHeader title="Bills" description="Your invoices and official receipts, as PDFs." />
      <BillsTabs />
      <div className="mt-5">
        {rows.length === 0 ? (
          <EmptyState title="No invoices yet">Your invoices appear here when they are issued.</EmptyState>
        ) : (
          <DataTable
            columns={[
              { label: "Invoice" },
              { label: "Due" },
              { label: "Total", align: "right" },
              { label: "Status" },
              { label: "PDF", srOnly: true },
            ]}
          >
            {rows.map((invoice) => (
              <tr key={invoice.id}>
                <td className="whitespace-nowrap p-3">
                  <span className="font-mono">{invoice.number}</span>
                  <span className="block text-xs text-muted-foreground">Issued {formatCalendarDate(invoice.issueDate)}</span>
                </td>
                <td className="whitespace-nowrap p-3">{formatCalendarDate(invoice.dueDate)}</td>
                <td className="whitespace-nowrap p-3 text-right tabular-nums">{formatMoney(invoice.totalCentavos, invoice.currency)}</td>
                <td className="p-3">
                  <InvoiceStatusBadge
                    status={invoice.status}
                    dueDate={invoice.dueDate}
                    today={today}
                    outstanding={invoice.totalCentavos - invoice.amountPaidCentavos}
                  />
                </td>
                <td className="whitespace-nowrap p-3">
                  <a className="text-primary underline underline-offset-4" href={`/api/portal/invoices/${invoice.id}/pdf`}>
                    PDF<span className="sr-only"> of invoice {invoice.number}</span>
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pager {...pagerLinks("/portal/bills", page, hasMore)} />
      </div>
    </>
  );
}
