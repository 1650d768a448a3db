import Link from "next/link";
import { z } from "zod";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { withoutNul } from "@/lib/core/action";
import { formatMoney } from "@/lib/core/money";
import { formatDateTime } from "@/lib/core/dates";
import { getTenant } from "@/lib/tenants/service";
import { listPayments } from "@/lib/billing/queries";
import { paymentMethodLabels } from "@/lib/billing/forms";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Input, Label } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { Pager } from "@/components/ui/pager";
import { RefundPayment } from "@/components/billing/refund-payment";

export const metadata = { title: "Payments" };

const filterSchema = z.object({
  q: z.string().trim().max(80).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("billing:view");
  const filter = filterSchema.parse(withoutNul(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v))));
  const [tenant, { rows, hasMore }] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listPayments(ctx.db, { tenantId: ctx.tenantId, q: filter.q, page: filter.page }),
  ]);
  const mayRefund = can(ctx.role, "payments:refund");
  const page = (n: number) => `/billing/payments?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), page: String(n) })}`;
  return (
    <>
      <PageHeader title="Billing" description="Every payment with its official receipt; record new ones from the customer or the invoice." />
      <BillingTabs />
      <form method="get" className="mb-4 mt-5 flex items-end gap-2">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="payment-search">Search payments</Label>
          <Input id="payment-search" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Receipt, reference or customer" />
        </div>
        <Button type="submit" variant="outline">
          Search
        </Button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={filter.q ? "No payments match" : "No payments yet"}>
          {filter.q ? "Try a receipt number, a GCash reference or the customer's name." : "Payments recorded by staff or made online appear here."}
        </EmptyState>
      ) : (
        <DataTable
          columns={[
            { label: "Receipt" },
            { label: "Customer" },
            { label: "Received" },
            { label: "Method" },
            { label: "Amount", align: "right" },
            { label: "Credit left", align: "right" },
            { label: "Actions", srOnly: true },
          ]}
        >
          {rows.map((p) => {
            const credit = p.amountCentavos - p.allocatedCentavos - p.refundedCentavos;
            return (
              <tr key={p.id}>
                <td className="whitespace-nowrap p-3 font-mono">
                  <Link className="text-primary underline" href={`/billing/receipts/${p.id}`}>
                    {p.receiptNumber}
                  </Link>
                </td>
                <td className="p-3">
                  <Link className="underline" href={`/customers/${p.customerId}`}>
                    {p.customerName}
                  </Link>
                  <span className="block text-xs text-muted-foreground">{p.accountNumber}</span>
                </td>
                <td className="whitespace-nowrap p-3">{formatDateTime(p.receivedAt, tenant.timezone)}</td>
                <td className="p-3">
                  {paymentMethodLabels[p.method]}
                  {p.reference ? <span className="block font-mono text-xs text-muted-foreground">{p.reference}</span> : null}
                </td>
                <td className="p-3 text-right tabular-nums">
                  {formatMoney(p.amountCentavos, p.currency)}
                  {p.refundedCentavos > 0 ? (
                    <span className="block text-xs text-muted-foreground">{formatMoney(p.refundedCentavos, p.currency)} refunded</span>
                  ) : null}
                  {p.feeCentavos > 0 ? (
                    <span className="block text-xs text-muted-foreground">{formatMoney(p.feeCentavos, p.currency)} gateway fee</span>
                  ) : null}
                </td>
                <td className="p-3 text-right tabular-nums">{credit > 0 ? formatMoney(credit, p.currency) : "—"}</td>
                <td className="p-3 text-right">
                  {mayRefund && p.amountCentavos > p.refundedCentavos ? (
                    <RefundPayment
                      payment={{
                        id: p.id,
                        receiptNumber: p.receiptNumber,
                        refundableCentavos: p.amountCentavos - p.refundedCentavos,
                        gateway: p.gateway,
                      }}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <Pager newer={filter.page > 1 ? page(filter.page - 1) : null} older={hasMore ? page(filter.page + 1) : null} />
    </>
  );
}
