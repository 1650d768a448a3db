import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { fieldErrorsOf } from "@/lib/core/action";
import { formatMoney } from "@/lib/core/money";
import { addMonths } from "@/lib/core/calendar";
import { tenantClock } from "@/lib/reports/clock";
import { flattenSearchParams, taxPeriodSchema } from "@/lib/reports/params";
import { defaultTaxPeriod, taxReport } from "@/lib/reports/tax";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { StatCard } from "@/components/finance/figure";
import { detailHref } from "@/components/finance/links";
import { TaxMonthTable, TaxPeriodForm } from "@/components/finance/tax-sections";

export const metadata = { title: "Tax report" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function TaxReportPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffPage("reports:finance");
  const raw = flattenSearchParams(await searchParams);
  const clock = await tenantClock(ctx.db, { tenantId: ctx.tenantId });
  const thisMonth = defaultTaxPeriod(clock);
  const presets = [
    { label: "This month", ...thisMonth },
    { label: "Last month", ...defaultTaxPeriod({ month: addMonths(clock.month, -1) }) },
    { label: "Year to date", from: `${clock.month.slice(0, 4)}-01-01`, to: clock.today },
  ];
  const parsed = taxPeriodSchema.safeParse(raw);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const period = parsed.success ? { from: parsed.data.from ?? thisMonth.from, to: parsed.data.to ?? thisMonth.to } : null;
  const report = period ? await taxReport(ctx.db, { tenantId: ctx.tenantId, ...period }) : null;
  const money = (v: number) => formatMoney(v, clock.currency);

  return (
    <>
      <PageHeader
        title="Tax report"
        description="VATable, zero-rated and VAT-exempt sales and output VAT from issued invoices, less the credit notes issued."
        actions={
          <Button asChild variant="outline">
            <Link href="/finance">
              <ArrowLeft aria-hidden="true" />
              Finance
            </Link>
          </Button>
        }
      />
      <TaxPeriodForm from={raw.from ?? period?.from ?? thisMonth.from} to={raw.to ?? period?.to ?? thisMonth.to} errors={errors} presets={presets} />
      {report ? (
        <>
          <div className="mt-5 grid grid-cols-2 gap-3 lg:grid-cols-3 2xl:grid-cols-5">
            <StatCard
              label="VATable sales"
              value={money(report.totals.net.vatableCentavos)}
              hint="Net of VAT, less credits"
              href={detailHref({ metric: "tax", from: report.from, to: report.to })}
            />
            <StatCard
              label="Zero-rated sales"
              value={money(report.totals.net.zeroRatedCentavos)}
              hint="VAT at 0 %, less credits"
              href={detailHref({ metric: "tax", from: report.from, to: report.to })}
            />
            <StatCard
              label="VAT-exempt sales"
              value={money(report.totals.net.exemptCentavos)}
              hint="Less credits"
              href={detailHref({ metric: "tax", from: report.from, to: report.to })}
            />
            <StatCard
              label="Output VAT"
              value={money(report.totals.net.vatCentavos)}
              hint="Less credits"
              href={detailHref({ metric: "tax", from: report.from, to: report.to })}
            />
            <StatCard
              label="Total invoiced"
              value={money(report.totals.net.totalCentavos)}
              hint={`${report.totals.sales.count.toLocaleString("en-PH")} invoices, ${report.totals.credits.count.toLocaleString("en-PH")} credit notes`}
              href={detailHref({ metric: "tax", from: report.from, to: report.to })}
            />
          </div>
          <div className="mt-5 grid grid-cols-1 gap-4">
            <Card>
              <CardHeader>
                <CardTitle>Sales by month</CardTitle>
                <CardDescription>
                  Invoices by issue date from {report.from} to {report.to}, void invoices excluded.
                </CardDescription>
              </CardHeader>
              <CardContent>
                <TaxMonthTable report={report} part="sales" currency={clock.currency} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Credit notes (reductions)</CardTitle>
                <CardDescription>
                  Every credit note issued in the period, against an invoice or not, by the split it was issued with (VATable, zero-rated, exempt and
                  VAT). Refunds pay money back and take back no sales, so they are left out.
                </CardDescription>
              </CardHeader>
              <CardContent>
                {report.totals.credits.count === 0 ? (
                  <p className="text-sm text-muted-foreground">No credit notes in this period.</p>
                ) : (
                  <TaxMonthTable report={report} part="credits" currency={clock.currency} />
                )}
              </CardContent>
            </Card>
          </div>
        </>
      ) : null}
    </>
  );
}
