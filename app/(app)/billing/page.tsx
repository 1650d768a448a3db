import Link from "next/link";
import { z } from "zod";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { formatMoney } from "@/lib/core/money";
import { getTenant } from "@/lib/tenants/service";
import { invoiceFilters, listInvoices } from "@/lib/billing/queries";
import { todayIn } from "@/lib/core/calendar";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Input, Label } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { Pager } from "@/components/ui/pager";
import { InvoiceStatusBadge, formatDay } from "@/components/billing/format";
import { cn } from "@/lib/core/cn";

export const metadata = { title: "Invoices" };

const filterSchema = z.object({
  status: z.enum(invoiceFilters).catch("all"),
  q: z.string().trim().max(80).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const filterLabels = { all: "All", open: "Open", overdue: "Overdue", paid: "Paid", void: "Void" } as const;

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("billing:view");
  const filter = filterSchema.parse(withoutNul(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v))));
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const today = todayIn(tenant.timezone);
  const { rows, hasMore } = await listInvoices(ctx.db, { tenantId: ctx.tenantId, status: filter.status, q: filter.q, page: filter.page, today });
  const href = (over: Partial<typeof filter>) => {
    const next = { ...filter, ...over };
    const params = new URLSearchParams();
    if (next.status !== "all") params.set("status", next.status);
    if (next.q) params.set("q", next.q);
    if (next.page > 1) params.set("page", String(next.page));
    return `/billing${params.size ? `?${params}` : ""}`;
  };
  return (
    <>
      <PageHeader title="Billing" description="Invoices are issued by the daily billing run; payments are applied oldest invoice first." />
      <BillingTabs />
      <div className="mb-4 mt-5 flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Invoice status" className="flex flex-wrap gap-1">
          {invoiceFilters.map((s) => (
            <Link
              key={s}
              href={href({ status: s, page: 1 })}
              aria-current={filter.status === s ? "page" : undefined}
              className={cn("rounded-md px-3 py-1.5 text-sm", filter.status === s ? "bg-primary text-primary-foreground" : "hover:bg-muted")}
            >
              {filterLabels[s]}
            </Link>
          ))}
        </nav>
        <form method="get" className="flex items-end gap-2">
          {filter.status !== "all" ? <input type="hidden" name="status" value={filter.status} /> : null}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="invoice-search">Search invoices</Label>
            <Input id="invoice-search" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="Number, customer or account" />
          </div>
          <Button type="submit" variant="outline">
            Search
          </Button>
        </form>
      </div>
      {rows.length === 0 ? (
        <EmptyState title={filter.q || filter.status !== "all" ? "No invoices match" : "No invoices yet"}>
          {filter.q || filter.status !== "all"
            ? "Change the search or the status."
            : "The billing run issues invoices for every active subscription; run it now from Billing runs, or wait for tonight's run."}
        </EmptyState>
      ) : (
        <DataTable
          columns={[
            { label: "Invoice" },
            { label: "Customer" },
            { label: "Issued" },
            { label: "Due" },
            { label: "Total", align: "right" },
            { label: "Balance", align: "right" },
            { label: "Status" },
          ]}
        >
          {rows.map((i) => (
            <tr key={i.id}>
              <td className="whitespace-nowrap p-3 font-mono">
                <Link className="text-primary underline" href={`/billing/invoices/${i.id}`}>
                  {i.number}
                </Link>
              </td>
              <td className="p-3">
                <Link className="underline" href={`/customers/${i.customerId}`}>
                  {i.customerName}
                </Link>
                <span className="block text-xs text-muted-foreground">{i.accountNumber}</span>
              </td>
              <td className="whitespace-nowrap p-3">{formatDay(i.issueDate)}</td>
              <td className="whitespace-nowrap p-3">{formatDay(i.dueDate)}</td>
              <td className="p-3 text-right tabular-nums">{formatMoney(i.totalCentavos, i.currency)}</td>
              <td className="p-3 text-right tabular-nums">
                {i.status === "void" ? "—" : formatMoney(i.totalCentavos - i.amountPaidCentavos, i.currency)}
              </td>
              <td className="p-3">
                <InvoiceStatusBadge status={i.status} dueDate={i.dueDate} today={today} outstanding={i.totalCentavos - i.amountPaidCentavos} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager newer={filter.page > 1 ? href({ page: filter.page - 1 }) : null} older={hasMore ? href({ page: filter.page + 1 }) : null} />
    </>
  );
}
