import { requirePortalPage } from "@/lib/portal/context";
import { pageOf, pagerLinks } from "@/lib/portal/paging";
import { listPayments } from "@/lib/billing/queries";
import { paymentMethodLabels } from "@/lib/billing/forms";
import { formatMoney } from "@/lib/core/money";
import { formatDateTime } from "@/lib/core/dates";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Pager } from "@/components/ui/pager";
import { BillsTabs } from "@/components/portal/bills-tabs";

export const metadata = { title: "Receipts" };

export default async function PortalReceiptsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePortalPage();
  const page = await pageOf(searchParams);
  const { rows, hasMore } = await listPayments(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, page });
  return (
    <>
      <PageHeader title="Bills" description="Your invoices and official receipts, as PDFs." />
      <BillsTabs />
      <div className="mt-5">
        {rows.length === 0 ? (
          <EmptyState title="No payments yet">An official receipt appears here for every payment you make.</EmptyState>
        ) : (
          <DataTable
            columns={[
              { label: "Receipt" },
              { label: "Paid" },
              { label: "Method" },
              { label: "Amount", align: "right" },
              { label: "PDF", srOnly: true },
            ]}
          >
            {rows.map((payment) => (
              <tr key={payment.id}>
                <td className="whitespace-nowrap p-3 font-mono">{payment.receiptNumber}</td>
                <td className="whitespace-nowrap p-3">{formatDateTime(payment.receivedAt, ctx.tenant.timezone)}</td>
                <td className="p-3">{paymentMethodLabels[payment.method]}</td>
                <td className="whitespace-nowrap p-3 text-right tabular-nums">{formatMoney(payment.amountCentavos, payment.currency)}</td>
                <td className="whitespace-nowrap p-3">
                  <a className="text-primary underline underline-offset-4" href={`/api/portal/receipts/${payment.id}/pdf`}>
                    PDF<span className="sr-only"> of receipt {payment.receiptNumber}</span>
                  </a>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pager {...pagerLinks("/portal/bills/receipts", page, hasMore)} />
      </div>
    </>
  );
}
