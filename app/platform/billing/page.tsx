import Link from "next/link";
import { z } from "zod";
import { requirePlatformOperator } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { netsphereOverview } from "@/lib/tenants/platform-views";
import { getTenant } from "@/lib/tenants/service";
import { netsphereCycleLabels, platformStandingLabels } from "@/lib/tenants/values";
import { invoiceFilters } from "@/lib/billing/queries";
import { todayIn } from "@/lib/core/calendar";
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import { cn } from "@/lib/core/cn";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Pager } from "@/components/ui/pager";
import { PlatformTabs } from "@/components/platform/platform-tabs";
import { NetspherePayment } from "@/components/platform/netsphere-payment";
import { BankDetailsForm } from "@/components/platform/bank-details-form";

export const metadata = { title: "NetSphere billing" };

const filterSchema = z.object({
  status: z.enum(invoiceFilters).catch("all"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
const filterLabels = { all: "All", open: "Open", overdue: "Overdue", paid: "Paid", void: "Void" } as const;
const standingTone = { trial: "info", active: "success", past_due: "warning", read_only: "danger", suspended: "danger" } as const;

export default async function NetsphereBillingPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { db } = await requirePlatformOperator();
  const filter = filterSchema.parse(withoutNul(Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v))));
  const overview = await netsphereOverview(db, { invoiceStatus: filter.status, page: filter.page });
  const platform = overview.platformId ? await getTenant(db, { tenantId: overview.platformId }) : null;
  const today = todayIn(platform?.timezone ?? "Asia/Manila");
  const money = (centavos: number) => formatMoney(centavos, overview.currency);
  const href = (over: Partial<typeof filter>) => {
    const next = { ...filter, ...over };
    const params = new URLSearchParams();
    if (next.status !== "all") params.set("status", next.status);
    if (next.page > 1) params.set("page", String(next.page));
    return `/platform/billing${params.size ? `?${params}` : ""}`;
  };
  return (
    <>
      <PageHeader
        title="NetSphere billing"
        description={`${money(overview.totals.mrrCentavos)} MRR from ${overview.totals.paying} paying ISP${overview.totals.paying === 1 ? "" : "s"}; ${overview.totals.trials} on trial (${money(overview.totals.trialMrrCentavos)} a month once they pay).`}
      />
      <PlatformTabs />
      <h2 className="mb-3 text-base font-semibold">Monthly recurring revenue by plan</h2>
      {overview.plans.length === 0 ? (
        <EmptyState title="No NetSphere accounts yet">An ISP gets one, with its trial, when it signs up.</EmptyState>
      ) : (
        <DataTable
          label="Monthly recurring revenue by NetSphere plan"
          columns={[
            { label: "Plan" },
            { label: "Paying ISPs", align: "right" },
            { label: "MRR", align: "right" },
            { label: "On trial", align: "right" },
            { label: "Trial MRR", align: "right" },
          ]}
        >
          {overview.plans.map((plan) => (
            <tr key={plan.planId}>
              <td className="p-3 font-medium">{plan.planName}</td>
              <td className="p-3 text-right tabular-nums">{plan.paying}</td>
              <td className="p-3 text-right tabular-nums">{money(plan.mrrCentavos)}</td>
              <td className="p-3 text-right tabular-nums">{plan.trials}</td>
              <td className="p-3 text-right tabular-nums text-muted-foreground">{money(plan.trialMrrCentavos)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="mt-2 text-xs text-muted-foreground">Yearly plans count as a twelfth of their price a month; trials are kept apart.</p>

      <h2 className="mt-6 mb-3 text-base font-semibold">ISPs by standing</h2>
      {overview.isps.length === 0 ? null : (
        <DataTable
          label="ISPs by standing"
          columns={[
            { label: "ISP" },
            { label: "Plan" },
            { label: "Standing" },
            { label: "Balance", align: "right" },
            { label: "Payment", srOnly: true },
          ]}
        >
          {overview.isps.map((isp) => (
            <tr key={isp.tenantId}>
              <td className="p-3 font-medium">{isp.name}</td>
              <td className="p-3">
                {isp.planName}
                <span className="block text-xs text-muted-foreground">{netsphereCycleLabels[isp.cycle]}</span>
              </td>
              <td className="p-3">
                <Badge tone={standingTone[isp.standing]}>{platformStandingLabels[isp.standing]}</Badge>
                <span className="block text-xs text-muted-foreground">
                  {isp.standing === "trial"
                    ? `Until ${formatCalendarDate(isp.trialEndsOn)}`
                    : isp.overdueInvoiceNumber
                      ? `${isp.overdueInvoiceNumber}, ${isp.daysOverdue} day${isp.daysOverdue === 1 ? "" : "s"} overdue`
                      : null}
                  {isp.maySuspend ? " · may be suspended on the ISPs tab" : ""}
                </span>
              </td>
              <td className="p-3 text-right tabular-nums">{isp.balanceCentavos < 0 ? `${money(-isp.balanceCentavos)} credit` : money(isp.balanceCentavos)}</td>
              <td className="p-3">
                <NetspherePayment tenantId={isp.tenantId} ispName={isp.name} owedCentavos={Math.max(0, isp.balanceCentavos)} today={today} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <div className="mt-6 mb-3 flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-base font-semibold">NetSphere invoices</h2>
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
      </div>
      {overview.invoices.rows.length === 0 ? (
        <EmptyState title="No invoices here">NetSphere invoices are issued when trials end and each period starts.</EmptyState>
      ) : (
        <DataTable
          label="NetSphere invoices"
          columns={[{ label: "Invoice" }, { label: "ISP" }, { label: "Due" }, { label: "Total", align: "right" }, { label: "Paid", align: "right" }, { label: "Status" }]}
        >
          {overview.invoices.rows.map((invoice) => {
            const overdue = invoice.status === "open" && invoice.dueDate < today;
            return (
              <tr key={invoice.id}>
                <td className="p-3 font-medium tabular-nums">
                  {invoice.number}
                  <span className="block text-xs font-normal text-muted-foreground">Issued {formatCalendarDate(invoice.issueDate)}</span>
                </td>
                <td className="p-3">{invoice.customerName}</td>
                <td className="p-3 text-xs">{formatCalendarDate(invoice.dueDate)}</td>
                <td className="p-3 text-right tabular-nums">{money(invoice.totalCentavos)}</td>
                <td className="p-3 text-right tabular-nums">{money(invoice.amountPaidCentavos)}</td>
                <td className="p-3">
                  <Badge tone={overdue ? "danger" : invoice.status === "paid" ? "success" : invoice.status === "void" ? "neutral" : "info"}>
                    {overdue ? "Overdue" : filterLabels[invoice.status as keyof typeof filterLabels] ?? invoice.status}
                  </Badge>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <Pager newer={filter.page > 1 ? href({ page: filter.page - 1 }) : null} older={overview.invoices.hasMore ? href({ page: filter.page + 1 }) : null} />

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>How ISPs pay</CardTitle>
          <CardDescription>
            Online through NetSphere&apos;s own gateways (<Link className="underline underline-offset-4" href="/platform/gateways">Payment gateways</Link>), or
            by bank transfer to the account below.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <BankDetailsForm text={platform?.invoiceNotes ?? ""} />
        </CardContent>
      </Card>
    </>
  );
}
