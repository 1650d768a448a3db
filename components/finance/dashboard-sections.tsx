import { formatMoney } from "@/lib/core/money";
import { monthLabel, type Month } from "@/lib/core/calendar";
import { agingBucketLabels, movementKinds, movementLabels, movementMeanings, paymentMethodLabels } from "@/lib/reports/kinds";
import type { ArAging, MethodMix, MonthFlow, MrrSummary } from "@/lib/reports/finance";
import type { MovementMonth } from "@/lib/reports/mrr-movement";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Label, NativeSelect } from "@/components/ui/input";
import { MonthChart } from "./month-chart";
import { CompactTable, Figure, HeadRow, cellClass as c } from "./figure";
import { detailHref, formatShare } from "./links";

const muted = (text: string) => <p className="text-sm text-muted-foreground">{text}</p>;

export function MrrMovementSection({ months, currency, currentMonth }: { months: MovementMonth[]; currency: string; currentMonth: Month }) {
  const money = (v: number) => formatMoney(v, currency);
  const link = (month: Month, kind: (typeof movementKinds)[number], amount: number) => (
    <Figure href={detailHref({ metric: "mrr_movement", month, kind })} empty={amount === 0}>
      {money(amount)}
    </Figure>
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>MRR movement</CardTitle>
        <CardDescription>
          Each customer&apos;s MRR, net of VAT, at the close of each month ({monthLabel(currentMonth)}: today, the same figure as the MRR at the
          top) against the month before.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <dl className="grid gap-x-4 gap-y-1 text-sm text-muted-foreground sm:grid-cols-[auto_1fr]">
          {movementKinds.map((k) => (
            <div key={k} className="contents">
              <dt className="font-medium text-foreground">{movementLabels[k]}</dt>
              <dd>{movementMeanings[k]}</dd>
            </div>
          ))}
        </dl>
        <MonthChart
          months={months.map((m) => monthLabel(m.month))}
          series={[{ key: "mrr", label: "MRR (net of VAT)", color: "var(--primary)", values: months.map((m) => m.endCentavos) }]}
          title="MRR net of VAT at the close of each of the last 12 months; the table below has the figures"
          currency={currency}
        />
        <CompactTable
          caption="MRR movement by month, newest first"
          head={
            <tr>
              <th scope="col" className={c.head}>
                Month
              </th>
              {movementKinds.map((k) => (
                <th key={k} scope="col" className={c.headNum}>
                  {movementLabels[k]}
                </th>
              ))}
              <th scope="col" className={c.headNum}>
                Net change
              </th>
              <th scope="col" className={c.headNum}>
                MRR
              </th>
            </tr>
          }
        >
          {[...months].reverse().map((m) => (
            <tr key={m.month}>
              <th scope="row" className="whitespace-nowrap px-2.5 py-2 text-left font-normal">
                {monthLabel(m.month)}
              </th>
              {movementKinds.map((k) => (
                <td key={k} className={c.num}>
                  {link(m.month, k, m[k].amountCentavos)}
                  {m[k].customers > 0 ? (
                    <span className="block text-xs text-muted-foreground">{m[k].customers.toLocaleString("en-PH")} cust.</span>
                  ) : null}
                </td>
              ))}
              <td className={c.num}>{money(m.endCentavos - m.startCentavos)}</td>
              <td className={c.num}>{money(m.endCentavos)}</td>
            </tr>
          ))}
        </CompactTable>
      </CardContent>
    </Card>
  );
}

export function RevenueSection({ flows, currency }: { flows: MonthFlow[]; currency: string }) {
  const money = (v: number) => formatMoney(v, currency);
  const table = (
    <CompactTable
      caption="Revenue and collections by month, newest first"
      head={
        <HeadRow columns={["Month", ["Invoiced", "num"], ["Net of VAT", "num"], ["Received", "num"], ["Refunded", "num"], ["Collected", "num"]]} />
      }
    >
      {[...flows].reverse().map((f) => (
        <tr key={f.month}>
          <th scope="row" className="whitespace-nowrap px-2.5 py-2 text-left font-normal">
            {monthLabel(f.month)}
          </th>
          <td className={c.num}>
            <Figure href={detailHref({ metric: "revenue", month: f.month })} empty={f.invoices === 0}>
              {money(f.revenueCentavos)}
            </Figure>
          </td>
          <td className={c.num}>{money(f.revenueNetCentavos)}</td>
          <td className={c.num}>{money(f.paymentsCentavos)}</td>
          <td className={c.num}>{money(f.refundsCentavos)}</td>
          <td className={c.num}>
            <Figure href={detailHref({ metric: "collections", month: f.month })} empty={f.paymentsCentavos === 0 && f.refundsCentavos === 0}>
              {money(f.collectionsCentavos)}
            </Figure>
          </td>
        </tr>
      ))}
    </CompactTable>
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Revenue and collections</CardTitle>
        <CardDescription>Invoiced by issue month (void invoices excluded) against money received less refunds, in your time zone.</CardDescription>
      </CardHeader>
      <CardContent>
        <MonthChart
          months={flows.map((f) => monthLabel(f.month))}
          series={[
            { key: "revenue", label: "Invoiced", color: "var(--primary)", values: flows.map((f) => f.revenueCentavos) },
            { key: "collections", label: "Collected", color: "var(--success)", dashed: true, values: flows.map((f) => f.collectionsCentavos) },
          ]}
          title="Invoiced and collected per month over the last 12 months; show as table for the figures"
          currency={currency}
          table={table}
        />
      </CardContent>
    </Card>
  );
}

export function AgingSection({ aging, currency }: { aging: ArAging; currency: string }) {
  const money = (v: number) => formatMoney(v, currency);
  const largest = Math.max(...aging.buckets.map((b) => b.amountCentavos), 1);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Receivables aging</CardTitle>
        <CardDescription>What customers still owe on open invoices, by days past due as of {aging.today}.</CardDescription>
      </CardHeader>
      <CardContent>
        {aging.outstanding.invoices === 0 ? (
          muted("Nothing is owed right now.")
        ) : (
          <CompactTable
            caption="Receivables by days past due"
            head={<HeadRow columns={["Days past due", ["Invoices", "num"], ["Amount", "num"]]} />}
            foot={
              <tr>
                <th scope="row" className="px-2.5 py-2 text-left">
                  Total
                </th>
                <td className={c.num}>{aging.outstanding.invoices.toLocaleString("en-PH")}</td>
                <td className={c.num}>
                  <Figure href={detailHref({ metric: "outstanding" })}>{money(aging.outstanding.amountCentavos)}</Figure>
                </td>
              </tr>
            }
          >
            {aging.buckets.map((b) => (
              <tr key={b.bucket}>
                <th scope="row" className="px-2.5 py-2 text-left font-normal">
                  {agingBucketLabels[b.bucket]}
                  <span aria-hidden="true" className="mt-1 block h-1.5 rounded bg-muted">
                    <span
                      className={b.bucket === "current" ? "block h-1.5 rounded bg-success" : "block h-1.5 rounded bg-warning"}
                      style={{ width: `${Math.round((b.amountCentavos / largest) * 100)}%` }}
                    />
                  </span>
                </th>
                <td className={c.num}>{b.invoices.toLocaleString("en-PH")}</td>
                <td className={c.num}>
                  <Figure href={detailHref({ metric: "outstanding", bucket: b.bucket })} empty={b.invoices === 0}>
                    {money(b.amountCentavos)}
                  </Figure>
                </td>
              </tr>
            ))}
          </CompactTable>
        )}
      </CardContent>
    </Card>
  );
}

export function TopPlansSection({ mrr, currency }: { mrr: MrrSummary; currency: string }) {
  const money = (v: number) => formatMoney(v, currency);
  const top = mrr.plans.slice(0, 8);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Top plans by MRR</CardTitle>
        <CardDescription>
          Subscriptions in service today, each at its plan&apos;s monthly price less any running promo discount, net of VAT.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {top.length === 0 ? (
          muted("No active subscriptions yet.")
        ) : (
          <CompactTable
            caption="Plans ranked by monthly recurring revenue"
            head={<HeadRow columns={["Plan", ["Subscribers", "num"], ["MRR", "num"], ["Share", "num"]]} />}
          >
            {top.map((p) => (
              <tr key={p.planId}>
                <th scope="row" className="px-2.5 py-2 text-left font-normal">
                  {p.name}
                </th>
                <td className={c.num}>{p.subscriptions.toLocaleString("en-PH")}</td>
                <td className={c.num}>
                  <Figure href={detailHref({ metric: "mrr", plan: p.planId })}>{money(p.mrrCentavos)}</Figure>
                </td>
                <td className={c.num}>{formatShare(p.shareBps)}</td>
              </tr>
            ))}
          </CompactTable>
        )}
      </CardContent>
    </Card>
  );
}

export function MethodMixSection({
  mix,
  currency,
  monthOptions,
  keep,
}: {
  mix: MethodMix;
  currency: string;
  monthOptions: Month[];
  /** The dashboard's other parameters, carried through the month form. */
  keep: Record<string, string | undefined>;
}) {
  const money = (v: number) => formatMoney(v, currency);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Payment methods</CardTitle>
        <CardDescription>Payments received in {monthLabel(mix.month)}, by method.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <form method="get" action="/finance" className="flex flex-wrap items-end gap-2">
          {Object.entries(keep).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="method-mix-month">Month</Label>
            <NativeSelect id="method-mix-month" name="month" defaultValue={mix.month} className="w-40">
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
        {mix.methods.length === 0 ? (
          muted(`No payments received in ${monthLabel(mix.month)}.`)
        ) : (
          <CompactTable
            caption={`Payments in ${monthLabel(mix.month)} by method`}
            head={<HeadRow columns={["Method", ["Payments", "num"], ["Amount", "num"], ["Share", "num"]]} />}
            foot={
              <tr>
                <th scope="row" className="px-2.5 py-2 text-left">
                  Total
                </th>
                <td className={c.num}>{mix.payments.toLocaleString("en-PH")}</td>
                <td className={c.num}>
                  <Figure href={detailHref({ metric: "methods", month: mix.month })}>{money(mix.amountCentavos)}</Figure>
                </td>
                <td className={c.num}>100%</td>
              </tr>
            }
          >
            {mix.methods.map((m) => (
              <tr key={m.method}>
                <th scope="row" className="px-2.5 py-2 text-left font-normal">
                  {paymentMethodLabels[m.method]}
                </th>
                <td className={c.num}>{m.payments.toLocaleString("en-PH")}</td>
                <td className={c.num}>
                  <Figure href={detailHref({ metric: "methods", month: mix.month, method: m.method })}>{money(m.amountCentavos)}</Figure>
                </td>
                <td className={c.num}>{formatShare(m.shareBps)}</td>
              </tr>
            ))}
          </CompactTable>
        )}
      </CardContent>
    </Card>
  );
}
