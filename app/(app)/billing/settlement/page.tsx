import Link from "next/link";
import { Download } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { monthLabel, monthsEnding, addMonths } from "@/lib/core/calendar";
import { formatMoney } from "@/lib/core/money";
import { tenantClock } from "@/lib/reports/clock";
import { flattenSearchParams } from "@/lib/reports/params";
import { gatewayViews } from "@/lib/payments/gateways";
import { providerLabels, providers } from "@/lib/payments/rules";
import { gatewayOnlyLines, settlementParamsSchema, settlementReport } from "@/lib/payments/settlement";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { GatewayTransactionsTable, SettlementLinesTable } from "@/components/billing/settlement-tables";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Label, NativeSelect } from "@/components/ui/input";

export const metadata = { title: "Settlement" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** How many months back the month filter offers. */
const MONTHS_OFFERED = 24;

function Total({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="flex min-w-0 flex-col rounded-lg border bg-card p-4">
      <span className="text-sm text-muted-foreground">{label}</span>
      <span className="mt-1 break-words text-lg font-semibold tabular-nums sm:text-xl">{value}</span>
      {hint ? <span className="mt-0.5 text-xs text-muted-foreground">{hint}</span> : null}
    </div>
  );
}

/** /billing/settlement?provider=&month= : one gateway's month as NetSphere recorded it beside what the gateway reports. */
export default async function SettlementPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffPage("reports:finance");
  const raw = flattenSearchParams(await searchParams);
  const [views, clock] = await Promise.all([gatewayViews(ctx.db, { tenantId: ctx.tenantId }), tenantClock(ctx.db, { tenantId: ctx.tenantId })]);
  const configured = providers.filter((p) => views[p].configured);
  const header = (
    <PageHeader title="Settlement" description="Each gateway's month as NetSphere recorded it, beside what the gateway itself reports." />
  );
  if (configured.length === 0) {
    return (
      <>
        {header}
        <BillingTabs />
        <div className="mt-5">
          <EmptyState
            title="No payment gateway yet"
            action={
              <Button asChild size="sm" variant="outline">
                <Link href="/billing/gateways">Billing → Payment gateways</Link>
              </Button>
            }
          >
            Settlement compares online payments with what Stripe, PayPal, PayMongo or Xendit report. Set up a gateway first.
          </EmptyState>
        </div>
      </>
    );
  }

  // A hand-edited URL with a bad value shows the default instead of failing.
  const askedProvider = settlementParamsSchema.shape.provider.safeParse(raw.provider);
  const askedMonth = settlementParamsSchema.shape.month.safeParse(raw.month);
  const provider = askedProvider.success && configured.includes(askedProvider.data) ? askedProvider.data : configured[0];
  const month = askedMonth.success && askedMonth.data <= clock.month ? askedMonth.data : addMonths(clock.month, -1);
  const monthOptions = monthsEnding(clock.month, MONTHS_OFFERED).reverse();
  if (!monthOptions.includes(month)) monthOptions.push(month);

  const report = await settlementReport(ctx.db, { tenantId: ctx.tenantId, provider, month });
  const label = providerLabels[provider];
  const shown = { currency: report.currency, timeZone: report.timeZone, gatewayLabel: label };
  const money = (centavos: number) => formatMoney(centavos, report.currency);
  const ours = [...report.ours.payments, ...report.ours.refunds].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const differing = ours.filter((l) => l.status === "matched" && l.problem);
  const theirsOnly = gatewayOnlyLines(report);
  const csvHref = `/api/billing/settlement?${new URLSearchParams({ provider, month })}`;
  const nothingToMatch = report.unmatchedOurs.length === 0 && report.unmatchedTheirs.length === 0 && differing.length === 0;

  return (
    <>
      {header}
      <BillingTabs />
      <div className="mb-4 mt-5 flex flex-wrap items-end justify-between gap-3">
        <form method="get" className="flex flex-wrap items-end gap-2">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="settlement-provider">Gateway</Label>
            <NativeSelect id="settlement-provider" name="provider" defaultValue={provider} className="w-40">
              {configured.map((p) => (
                <option key={p} value={p}>
                  {providerLabels[p]}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="settlement-month">Month</Label>
            <NativeSelect id="settlement-month" name="month" defaultValue={month} className="w-40">
              {monthOptions.map((m) => (
                <option key={m} value={m}>
                  {monthLabel(m)}
                </option>
              ))}
            </NativeSelect>
          </div>
          <Button type="submit" variant="outline">
            Show
          </Button>
        </form>
        <Button asChild variant="outline">
          <a href={csvHref} download>
            <Download aria-hidden="true" />
            Download CSV
          </a>
        </Button>
      </div>

      {report.theirsError ? (
        <p role="status" className="mb-4 rounded-md border border-warning/60 p-3 text-sm">
          {report.theirsError}
        </p>
      ) : null}

      <h2 className="sr-only">Totals for {monthLabel(month)}</h2>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Total label="Payments" value={money(report.totals.paymentsCentavos)} hint={`${report.ours.payments.length} in NetSphere`} />
        <Total label="Refunds" value={money(report.totals.refundsCentavos)} hint={`${report.ours.refunds.length} in NetSphere`} />
        <Total label={`Fees kept by ${label}`} value={money(report.totals.feesCentavos)} hint="as recorded with each payment" />
        <Total label="Net" value={money(report.totals.netCentavos)} hint="payments − refunds − fees" />
        <Total
          label="Payouts to the bank"
          value={report.theirs ? money(report.totals.payoutsCentavos) : "—"}
          hint={report.theirs ? `as ${label} reports them` : `${label} could not be read`}
        />
      </div>

      {report.theirs ? (
        <Card className="mt-5">
          <CardHeader>
            <CardTitle>Not matched</CardTitle>
            <CardDescription>
              {report.matched} of {ours.length} NetSphere {ours.length === 1 ? "line" : "lines"} matched {label} in {monthLabel(month)}.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            {nothingToMatch ? <p className="text-sm text-muted-foreground">Every payment and refund matches {label}, to the centavo.</p> : null}
            {report.unmatchedOurs.length > 0 ? (
              <section className="space-y-2">
                <h3 className="text-sm font-semibold">Only in NetSphere ({report.unmatchedOurs.length})</h3>
                <p className="text-sm text-muted-foreground">
                  Recorded here but not found at {label}: check the reference, or whether the money arrived.
                </p>
                <SettlementLinesTable lines={report.unmatchedOurs} label="Only in NetSphere" shown={shown} />
              </section>
            ) : null}
            {report.unmatchedTheirs.length > 0 ? (
              <section className="space-y-2">
                <h3 className="text-sm font-semibold">
                  Only at {label} ({report.unmatchedTheirs.length})
                </h3>
                <p className="text-sm text-muted-foreground">
                  {label} took or returned this money but NetSphere has no payment or refund for it: record it, or find the customer it belongs to.
                </p>
                <GatewayTransactionsTable transactions={report.unmatchedTheirs} label={`Only at ${label}`} shown={shown} />
              </section>
            ) : null}
            {differing.length > 0 ? (
              <section className="space-y-2">
                <h3 className="text-sm font-semibold">Amounts that differ ({differing.length})</h3>
                <SettlementLinesTable lines={differing} label="Amounts that differ" shown={shown} />
              </section>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

      <Card className="mt-5">
        <CardHeader>
          <CardTitle>All lines</CardTitle>
          <CardDescription>
            NetSphere&apos;s payments and refunds through {label} in {monthLabel(month)}
            {report.theirs ? `, then ${label}'s other transactions (payouts, fees and anything not matched)` : ""}.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {ours.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No {label} payments or refunds were recorded in {monthLabel(month)}.
            </p>
          ) : (
            <SettlementLinesTable lines={ours} label={`NetSphere's ${label} lines`} shown={shown} />
          )}
          {theirsOnly.length > 0 ? (
            <GatewayTransactionsTable transactions={theirsOnly} label={`${label}'s other transactions`} shown={shown} />
          ) : null}
        </CardContent>
      </Card>
    </>
  );
}
