/*
 * The VAT report for a period (dates inclusive, in the tenant's time zone), by month within it.
 *
 * Sales are non-void invoices by issue date: VATable sales (net of VAT, zero-rated included), VAT-exempt
 * sales and the VAT, as the invoice stored them. Credit notes of kind `credit` that name an invoice (not a
 * void one) reduce the month they were issued in, split like the invoice they credit: VAT = credit × the
 * invoice's VAT ÷ its total, exempt = credit × exempt ÷ total (each rounded half-up), VATable = the rest.
 * Credits that name no invoice (goodwill credit on the account) and refunds are not sales adjustments
 * and are left out.
 */
import { sql } from "drizzle-orm";
import { creditNotes, invoices } from "@/lib/billing/schema";
import { addDays, daysInMonth, type CalendarDate } from "@/lib/billing/periods";
import type { DbOrTx } from "@/lib/db/types";
import { addMonths, firstDayOf, monthOf, type Month, type TenantClock, tenantClock } from "./clock";
import { num, rowsOf, startOfDay } from "./sql";

export type TaxFigures = { count: number; vatableCentavos: number; exemptCentavos: number; vatCentavos: number; totalCentavos: number };
export type TaxMonth = { month: Month; sales: TaxFigures; credits: TaxFigures; net: Omit<TaxFigures, "count"> };
export type TaxReport = { from: CalendarDate; to: CalendarDate; currency: string; months: TaxMonth[]; totals: Omit<TaxMonth, "month"> };

const zero = (): TaxFigures => ({ count: 0, vatableCentavos: 0, exemptCentavos: 0, vatCentavos: 0, totalCentavos: 0 });

const netOf = (sales: TaxFigures, credits: TaxFigures) => ({
  vatableCentavos: sales.vatableCentavos - credits.vatableCentavos,
  exemptCentavos: sales.exemptCentavos - credits.exemptCentavos,
  vatCentavos: sales.vatCentavos - credits.vatCentavos,
  totalCentavos: sales.totalCentavos - credits.totalCentavos,
});

/** The current calendar month in the tenant's time zone. */
export function defaultTaxPeriod(clock: Pick<TenantClock, "month">): { from: CalendarDate; to: CalendarDate } {
  const [y, m] = clock.month.split("-").map(Number);
  return { from: firstDayOf(clock.month), to: `${clock.month}-${String(daysInMonth(y, m)).padStart(2, "0")}` };
}

type FiguresRow = { month: string; n: unknown; vatable: unknown; exempt: unknown; vat: unknown; total: unknown };
const figuresOf = (r: FiguresRow | undefined): TaxFigures =>
  r
    ? { count: num(r.n), vatableCentavos: num(r.vatable), exemptCentavos: num(r.exempt), vatCentavos: num(r.vat), totalCentavos: num(r.total) }
    : zero();

export async function taxReport(
  db: DbOrTx,
  { tenantId, from, to, now }: { tenantId: string; from: CalendarDate; to: CalendarDate; now?: Date },
): Promise<TaxReport> {
  const { timeZone: tz, currency } = await tenantClock(db, { tenantId, now });
  const end = addDays(to, 1);
  const [sales, credits] = await Promise.all([
    db.execute(sql`
      select to_char(issue_date, 'YYYY-MM') as month, count(*) as n, sum(vatable_centavos) as vatable, sum(exempt_centavos) as exempt,
             sum(tax_centavos) as vat, sum(total_centavos) as total
      from ${invoices}
      where tenant_id = ${tenantId} and status <> 'void' and issue_date >= ${from}::date and issue_date < ${end}::date
      group by 1`),
    db.execute(sql`
      with split as (
        select to_char(c.created_at at time zone ${tz}, 'YYYY-MM') as month, c.amount_centavos as total,
               coalesce(round(c.amount_centavos::numeric * i.tax_centavos / nullif(i.total_centavos, 0)), 0) as vat,
               coalesce(round(c.amount_centavos::numeric * i.exempt_centavos / nullif(i.total_centavos, 0)), 0) as exempt
        from ${creditNotes} c
        join ${invoices} i on i.id = c.invoice_id and i.tenant_id = ${tenantId} and i.status <> 'void'
        where c.tenant_id = ${tenantId} and c.kind = 'credit'
          and c.created_at >= ${startOfDay(from, tz)} and c.created_at < ${startOfDay(end, tz)}
      )
      select month, count(*) as n, sum(total - vat - exempt) as vatable, sum(exempt) as exempt, sum(vat) as vat, sum(total) as total
      from split group by 1`),
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
