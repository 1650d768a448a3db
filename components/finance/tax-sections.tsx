import Link from "next/link";
import { formatMoney } from "@/lib/core/money";
import type { FieldErrors } from "@/lib/core/errors";
import { monthLabel } from "@/lib/core/calendar";
import type { TaxReport } from "@/lib/reports/tax";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { CompactTable, Figure, cellClass as c } from "./figure";
import { detailHref, exportHref } from "./links";

/** From/to dates (a GET form, so the report's URL can be bookmarked) with quick periods. */
export function TaxPeriodForm({
  from,
  to,
  errors,
  presets,
}: {
  from: string;
  to: string;
  errors: FieldErrors;
  presets: Array<{ label: string; from: string; to: string }>;
}) {
  const field = (name: "from" | "to", label: string, value: string) => {
    const error = errors[name]?.[0];
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`tax-${name}`}>{label}</Label>
        <Input
          id={`tax-${name}`}
          name={name}
          type="date"
          defaultValue={value}
          className="w-44"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `tax-${name}-error` : undefined}
        />
        {error ? (
          <p id={`tax-${name}-error`} className="text-xs font-medium text-danger">
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <div className="space-y-3 rounded-lg border bg-card p-4">
      {hasErrors ? (
        <p role="alert" className="text-sm font-medium text-danger">
          Choose a valid period to see the report.
        </p>
      ) : null}
      <form method="get" action="/finance/tax" className="flex flex-wrap items-start gap-3">
        {field("from", "From", from)}
        {field("to", "To", to)}
        <Button type="submit" className="sm:mt-6">
          Show report
        </Button>
      </form>
      <nav aria-label="Quick periods" className="flex flex-wrap gap-2">
        {presets.map((p) => (
          <Link key={p.label} href={`/finance/tax?from=${p.from}&to=${p.to}`} className={buttonVariants({ variant: "outline", size: "sm" })}>
            {p.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}

/** One row per month of the period (sales or credit notes), with totals and links to the records. */
export function TaxMonthTable({ report, part, currency }: { report: TaxReport; part: "sales" | "credits"; currency: string }) {
  const money = (v: number) => formatMoney(v, currency);
  const metric = part === "sales" ? "tax" : "tax_credits";
  // A month's link covers the part of the month inside the period.
  const rangeOf = (month: string) => {
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    return { from: `${month}-01` < report.from ? report.from : `${month}-01`, to: last > report.to ? report.to : last };
  };
  const label = part === "sales" ? "Invoices" : "Credit notes";
  const totals = report.totals[part];
  return (
    <div className="space-y-2">
      <CompactTable
        caption={`${part === "sales" ? "Sales" : "Credit notes"} by month, ${report.from} to ${report.to}`}
        head={
          <tr>
            <th scope="col" className={c.head}>
              Month
            </th>
            <th scope="col" className={c.headNum}>
              {label}
            </th>
            <th scope="col" className={c.headNum}>
              VATable
            </th>
            <th scope="col" className={c.headNum}>
              Zero-rated
            </th>
            <th scope="col" className={c.headNum}>
              VAT-exempt
            </th>
            <th scope="col" className={c.headNum}>
              VAT
            </th>
            <th scope="col" className={c.headNum}>
              Total
            </th>
          </tr>
        }
        foot={
          <tr>
            <th scope="row" className="px-2.5 py-2 text-left">
              Total
            </th>
            <td className={c.num}>{totals.count.toLocaleString("en-PH")}</td>
            <td className={c.num}>{money(totals.vatableCentavos)}</td>
            <td className={c.num}>{money(totals.zeroRatedCentavos)}</td>
            <td className={c.num}>{money(totals.exemptCentavos)}</td>
            <td className={c.num}>{money(totals.vatCentavos)}</td>
            <td className={c.num}>
              <Figure href={detailHref({ metric, from: report.from, to: report.to })} empty={totals.count === 0}>
                {money(totals.totalCentavos)}
              </Figure>
            </td>
          </tr>
        }
      >
        {report.months.map((m) => {
          const f = m[part];
          return (
            <tr key={m.month}>
              <th scope="row" className="whitespace-nowrap px-2.5 py-2 text-left font-normal">
                {monthLabel(m.month)}
              </th>
              <td className={c.num}>{f.count.toLocaleString("en-PH")}</td>
              <td className={c.num}>{money(f.vatableCentavos)}</td>
              <td className={c.num}>{money(f.zeroRatedCentavos)}</td>
              <td className={c.num}>{money(f.exemptCentavos)}</td>
              <td className={c.num}>{money(f.vatCentavos)}</td>
              <td className={c.num}>
                <Figure href={detailHref({ metric, ...rangeOf(m.month) })} empty={f.count === 0}>
                  {money(f.totalCentavos)}
                </Figure>
              </td>
            </tr>
          );
        })}
      </CompactTable>
      {totals.count > 0 ? (
        <a
          href={exportHref({ metric, from: report.from, to: report.to })}
          download
          className="inline-block text-sm text-primary underline-offset-4 hover:underline"
        >
          Download {part === "sales" ? "invoices" : "credit notes"} as CSV
        </a>
      ) : null}
    </div>
  );
}
