/*
 * The VAT report for a period (dates inclusive, in the tenant's time zone), by month within it.
 *
 * Sales are non-void invoices by issue date: VATable sales (net of VAT), zero-rated sales, VAT-exempt sales
 * and the VAT, as the invoice stored them. Every credit note of kind `credit` reduces the month it was
 * issued in by the VAT split stored on it when it was issued (billing/money.ts `creditShareOf` for a credit
 * against an invoice, `creditOfLines` for a plan-change or termination credit), whether or not it names an
 * invoice; one naming a void invoice is left out like the invoice. Refunds pay money back and take back no
 * sales, so they are left out.
 */
import { sql } from "drizzle-orm";
import { creditNotes, invoices } from "@/lib/billing/schema";
import type { DbOrTx } from "@/lib/db/types";
import { addDays, addMonths, daysInMonth, firstDayOf, monthOf, type CalendarDate, type Month } from "@/lib/core/calendar";
import { type TenantClock, tenantClock } from "./clock";
import { num, rowsOf, startOfDay } from "./sql";

export type TaxFigures = {
  count: number;
  vatableCentavos: number;
  zeroRatedCentavos: number;
  exemptCentavos: number;
  vatCentavos: number;
  totalCentavos: number;
};
export type TaxMonth = { month: Month; sales: TaxFigures; credits: TaxFigures; net: Omit<TaxFigures, "count"> };
export type TaxReport = { from: CalendarDate; to: CalendarDate; currency: string; months: TaxMonth[]; totals: Omit<TaxMonth, "month"> };

const zero = (): TaxFigures => ({ count: 0, vatableCentavos: 0, zeroRatedCentavos: 0, exemptCentavos: 0, vatCentavos: 0, totalCentavos: 0 });

const netOf = (sales: TaxFigures, credits: TaxFigures) => ({
  vatableCentavos: sales.vatableCentavos - credits.vatableCentavos,
  zeroRatedCentavos: sales.zeroRatedCentavos - credits.zeroRatedCentavos,
  exemptCentavos: sales.exemptCentavos - credits.exemptCentavos,
  vatCentavos: sales.vatCentavos - credits.vatCentavos,
  totalCentavos: sales.totalCentavos - credits.totalCentavos,
});

/** The current calendar month in the tenant's time zone. */
export function defaultTaxPeriod(clock: Pick<TenantClock, "month">): { from: CalendarDate; to: CalendarDate } {
  const [y, m] = clock.month.split("-").map(Number);
  return { from: firstDayOf(clock.month), to: `${clock.month}-${String(daysInMonth(y, m)).padStart(2, "0")}` };
}

type FiguresRow = { month: string; n: unknown; vatable: unknown; zero: unknown; exempt: unknown; vat: unknown; total: unknown };
const figuresOf = (r: FiguresRow | undefined): TaxFigures =>
  r
    ? {
        count: num(r.n),
        vatableCentavos: num(r.vatable),
        zeroRatedCentavos: num(r.zero),
        exemptCentavos: num(r.exempt),
        vatCentavos: num(r.vat),
        totalCentavos: num(r.total),
      }
    : zero();

export async function taxReport(
  db: DbOrTx,
  { tenantId, from, to, now }: { tenantId: string; from: CalendarDate; to: CalendarDate; now?: Date },
): Promise<TaxReport> {
  const { timeZone: tz, currency } = await tenantClock(db, { tenantId, now });
  const end = addDays(to, 1);
  const [sales, credits] = await Promise.all([
    db.execute(sql`
      select to_char(issue_date, 'YYYY-MM') as month, count(*) as n, sum(vatable_centavos) as vatable,
             sum(zero_rated_centavos) as zero, sum(exempt_centavos) as exempt,
             sum(tax_centavos) as vat, sum(total_centavos) as total
      from ${invoices}
      where tenant_id = ${tenantId} and status <> 'void' and issue_date >= ${from}::date and issue_date < ${end}::date
      group by 1`),
    db.execute(sql`
      select to_char(c.created_at at time zone ${tz}, 'YYYY-MM') as month, count(*) as n, sum(c.vatable_centavos) as vatable,
             sum(c.zero_rated_centavos) as zero, sum(c.exempt_centavos) as exempt, sum(c.tax_centavos) as vat, sum(c.amount_centavos) as total
      from ${creditNotes} c
      left join ${invoices} i on i.id = c.invoice_id and i.tenant_id = ${tenantId}
      where c.tenant_id = ${tenantId} and c.kind = 'credit' and (c.invoice_id is null or i.status <> 'void')
        and c.created_at >= ${startOfDay(from, tz)} and c.created_at < ${startOfDay(end, tz)}
      group by 1`),
  ]);
  const salesByMonth = new Map(rowsOf<FiguresRow>(sales).map((r) => [r.month, r]));
  const creditsByMonth = new Map(rowsOf<FiguresRow>(credits).map((r) => [r.month, r]));
  const months: TaxMonth[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonths(month, 1)) {
    const s = figuresOf(salesByMonth.get(month));
    const c = figuresOf(creditsByMonth.get(month));
    months.push({ month, sales: s, credits: c, net: netOf(s, c) });
  }
  const add = (list: TaxFigures[]) =>
    list.reduce(
      (t, f) => ({
        count: t.count + f.count,
        vatableCentavos: t.vatableCentavos + f.vatableCentavos,
        zeroRatedCentavos: t.zeroRatedCentavos + f.zeroRatedCentavos,
        exemptCentavos: t.exemptCentavos + f.exemptCentavos,
        vatCentavos: t.vatCentavos + f.vatCentavos,
        totalCentavos: t.totalCentavos + f.totalCentavos,
      }),
      zero(),
    );
  const totalSales = add(months.map((m) => m.sales));
  const totalCredits = add(months.map((m) => m.credits));
  return { from, to, currency, months, totals: { sales: totalSales, credits: totalCredits, net: netOf(totalSales, totalCredits) } };
}
