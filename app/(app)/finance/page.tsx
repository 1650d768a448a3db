import Link from "next/link";
import { FileText } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/core/money";
import { monthsEnding } from "@/lib/core/calendar";
import { tenantClock } from "@/lib/reports/clock";
import { arAging, mrrNow, paymentMethodMix, revenueAndCollections } from "@/lib/reports/finance";
import { mrrMovement } from "@/lib/reports/mrr-movement";
import { listOverdueInvoices } from "@/lib/reports/overdue";
import { parseDashboardParams } from "@/lib/reports/params";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { StatCard } from "@/components/finance/figure";
import { detailHref } from "@/components/finance/links";
import { AgingSection, MethodMixSection, MrrMovementSection, RevenueSection, TopPlansSection } from "@/components/finance/dashboard-sections";
import { OverdueList, type OverdueQuery } from "@/components/finance/overdue-list";

export const metadata = { title: "Finance" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function FinancePage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffPage("reports:finance");
  const params = parseDashboardParams(await searchParams);
  const tenant = { tenantId: ctx.tenantId };
  const clock = await tenantClock(ctx.db, tenant);
  const methodMonth = params.month && params.month <= clock.month ? params.month : clock.month;
  const recent = monthsEnding(clock.month, 12).reverse();
  const monthOptions = recent.includes(methodMonth) ? recent : [...recent, methodMonth];
  const query: OverdueQuery = {
    sort: params.sort ?? "days",
    dir: params.dir ?? "desc",
    page: params.page ?? 1,
    size: params.size ?? 25,
    month: params.month,
  };
  const [mrr, movement, flows, aging, mix, overdue] = await Promise.all([
    mrrNow(ctx.db, tenant),
    mrrMovement(ctx.db, tenant),
    revenueAndCollections(ctx.db, tenant),
    arAging(ctx.db, tenant),
    paymentMethodMix(ctx.db, { ...tenant, month: methodMonth }),
    listOverdueInvoices(ctx.db, { ...tenant, sort: query.sort, dir: query.dir, page: query.page, pageSize: query.size }),
  ]);
  const money = (v: number) => formatMoney(v, clock.currency);
  const nothingYet = mrr.subscriptions === 0 && aging.outstanding.invoices === 0 && flows.every((f) => f.invoices === 0 && f.paymentsCentavos === 0);

  return (
    <>
      <PageHeader
        title="Finance"
        description={`Recurring revenue, collections and receivables as of ${clock.today}. Select any figure to see the records behind it.`}
        actions={
          <Button asChild variant="outline">
            <Link href="/finance/tax">
              <FileText aria-hidden="true" />
              Tax report
            </Link>
          </Button>
        }
      />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <StatCard
          label="MRR (net of VAT)"
          value={money(mrr.mrrCentavos)}
          hint={`${mrr.subscriptions.toLocaleString("en-PH")} subscriptions in service`}
          href={detailHref({ metric: "mrr" })}
        />
        <StatCard
          label="ARPU"
          value={money(mrr.arpuCentavos)}
          hint={`${mrr.subscribers.toLocaleString("en-PH")} subscribers in service`}
          href={detailHref({ metric: "mrr" })}
        />
        <StatCard
          label="Outstanding"
          value={money(aging.outstanding.amountCentavos)}
          hint={`${aging.outstanding.invoices.toLocaleString("en-PH")} open invoices`}
          href={detailHref({ metric: "outstanding" })}
        />
        <StatCard
          label="Overdue"
          value={money(aging.overdue.amountCentavos)}
          hint={`${aging.overdue.invoices.toLocaleString("en-PH")} invoices past due`}
          href={detailHref({ metric: "overdue" })}
        />
      </div>

      {nothingYet ? (
        <div className="mt-5">
          <EmptyState
            title="No billing yet"
            action={
              <Button asChild size="sm" variant="outline">
                <Link href="/customers">Go to customers</Link>
              </Button>
            }
          >
            Revenue, collections and receivables appear here once your customers have subscriptions and their first invoices are issued.
          </EmptyState>
        </div>
      ) : (
        <div className="mt-5 grid grid-cols-1 gap-4 xl:grid-cols-2">
          <div className="xl:col-span-2">
            <RevenueSection flows={flows} currency={clock.currency} />
          </div>
          <div className="xl:col-span-2">
            <MrrMovementSection months={movement} currency={clock.currency} currentMonth={clock.month} />
          </div>
          <AgingSection aging={aging} currency={clock.currency} />
          <TopPlansSection mrr={mrr} currency={clock.currency} />
          <MethodMixSection
            mix={mix}
            currency={clock.currency}
            monthOptions={monthOptions}
            keep={{ sort: params.sort, dir: params.dir, size: params.size ? String(params.size) : undefined }}
          />
          <Card id="overdue" className="scroll-mt-4 xl:col-span-2">
            <CardHeader>
              <CardTitle>Overdue invoices</CardTitle>
              <CardDescription>Open invoices past their due date with an amount still owed.</CardDescription>
            </CardHeader>
            <CardContent>
              {overdue.total === 0 ? (
                <p className="text-sm text-muted-foreground">No invoice is overdue.</p>
              ) : (
                <OverdueList
                  rows={overdue.rows}
                  total={overdue.total}
                  query={{ ...query, page: overdue.page }}
                  currency={clock.currency}
                  canRemind={can(ctx.role, "billing:write")}
                />
              )}
            </CardContent>
          </Card>
        </div>
      )}
    </>
  );
}
