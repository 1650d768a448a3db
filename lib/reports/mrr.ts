/*
 * MRR: the one definition behind the dashboard's headline, its top plans, the MRR-movement table and their
 * drill-downs. Money is centavos NET OF VAT.
 *
 * A subscription's MRR at the close of day D (the last day of a past month, today for the current month) is:
 *
 *   0 unless it is in service at the close of D: started on or before D, not ended on or before D (a
 *   terminated subscription ends on its end date, or on the last day it was billed for when none was
 *   recorded), not paused then (a `subscription_pauses` row covering D, or suspended since a day ≤ D), and
 *   not pending;
 *
 *   otherwise (plan price − recurring promo discount) net of VAT ÷ the plan's cycle months, rounded half-up:
 *   - the plan is the current one for the current month; for a past month, the plan of the invoiced service
 *     period covering D (the current one when no period covers D): a plan change counts from the first day
 *     billed on the new plan;
 *   - the price is the plan's list price, whatever the period was prorated to (a first period from mid-month
 *     or a period with suspended days is still the full recurring price);
 *   - the promo discount is the one on the invoice of the period covering D (or, for the current month's
 *     period not invoiced yet, the promo still running on the subscription), worked out on the full price
 *     the way billing does (percent, fixed up to the price, or the whole price for a free month);
 *   - net of VAT: a VAT-inclusive price loses its VAT at the plan's rate (its tax class, else the ISP's VAT
 *     rate); exempt customers, exempt tax classes and VAT-exclusive prices are already net. So a ₱1,120
 *     VAT-inclusive plan and a ₱1,000 VAT-exclusive one both add ₱1,000 at 12 %.
 *
 * A customer's MRR is the sum over their subscriptions. Proration, late-fee and one-off lines are never MRR.
 */
import { sql, type SQL } from "drizzle-orm";
import { addMonths, firstDayOf, type Month } from "@/lib/core/calendar";
import type { TenantClock } from "./clock";
import { cycleMonthsSql } from "./sql";

/** The last day of `month`, or today for the current month: the day whose close a month's MRR is taken at. */
const closingDaySql = (month: SQL, today: string) => sql`least((${month} + interval '1 month' - interval '1 day')::date, ${today}::date)`;

/**
 * `with months(month, day), …, subscription_mrr(…)`: one row per subscription in service at the close of
 * each month from `first` to `last`, with its plan, price, discount, price net of VAT and MRR (columns
 * `subscription_id, customer_id, username, month, plan_id, plan_name, billing_cycle, price, discount, net, mrr`).
 * Set-based: the subscriptions are read once and the invoice lines once (through invoices_tenant_issue_idx:
 * a period is never invoiced before it starts, and no period is longer than 12 months).
 */
export function subscriptionMrrSql(tenantId: string, clock: TenantClock, first: Month, last: Month): SQL {
  const t = tenantId;
  const firstDay = firstDayOf(first);
  const lastDay = sql`${closingDaySql(sql`${firstDayOf(last)}::date`, clock.today)}`;
  const current = firstDayOf(clock.month);
  return sql`
    with months as (
      select m::date as month, ${closingDaySql(sql`m::date`, clock.today)} as day
      from generate_series(${firstDay}::timestamp, ${firstDayOf(last)}::timestamp, interval '1 month') m
    ),
    subs as (
      select s.id, s.customer_id, s.plan_id, s.username, s.start_date,
             coalesce(s.end_date, case when s.status = 'terminated' then coalesce(s.billed_through, s.start_date - 1) end) as last_day,
             case when s.status = 'suspended' then coalesce((s.suspended_at at time zone ${clock.timeZone})::date, ${clock.today}::date) end as suspended_on
      from subscriptions s
      where s.tenant_id = ${t} and s.status <> 'pending' and s.start_date <= ${lastDay}
    ),
    serving as (
      select s.*, m.month, m.day
      from subs s join months m on s.start_date <= m.day and (s.last_day is null or s.last_day > m.day)
        and (s.suspended_on is null or s.suspended_on > m.day)
      where not exists (
        select 1 from subscription_pauses p
        where p.tenant_id = ${t} and p.subscription_id = s.id and p.from_date <= m.day and (p.until_date is null or p.until_date > m.day))
    ),
    periods as (
      select l.subscription_id, l.plan_id, l.invoice_id, l.period_start, l.period_end, g.month::date as month
      from invoices i
      join invoice_lines l on l.invoice_id = i.id and l.tenant_id = ${t} and l.kind = 'service'
      cross join lateral generate_series(date_trunc('month', l.period_start::timestamp), l.period_end::timestamp, interval '1 month') g(month)
      where i.tenant_id = ${t} and i.status <> 'void' and i.issue_date >= ${firstDayOf(addMonths(first, -12))}::date
        and l.period_start <= ${lastDay} and l.period_end >= ${firstDay}::date
    ),
    invoiced_promos as (
      select l.invoice_id, l.subscription_id, min(l.promo_redemption_id::text)::uuid as redemption_id
      from periods p join invoice_lines l on l.invoice_id = p.invoice_id and l.tenant_id = ${t} and l.kind = 'discount'
        and l.subscription_id = p.subscription_id and l.promo_redemption_id is not null
      group by 1, 2
    ),
    running_promos as (
      select distinct on (r.subscription_id) r.subscription_id, r.id as redemption_id
      from promo_redemptions r
      where r.tenant_id = ${t} and r.subscription_id is not null and r.periods_remaining > 0
      order by r.subscription_id, r.created_at
    ),
    covered as (
      select distinct on (x.id, x.month) x.id, x.customer_id, x.username, x.month,
             case when x.month = ${current}::date then x.plan_id else coalesce(p.plan_id, x.plan_id) end as plan_id,
             case when p.invoice_id is not null then ip.redemption_id when x.month = ${current}::date then rp.redemption_id end as redemption_id
      from serving x
      left join periods p on p.subscription_id = x.id and p.month = x.month and x.day between p.period_start and p.period_end
      left join invoiced_promos ip on ip.invoice_id = p.invoice_id and ip.subscription_id = x.id
      left join running_promos rp on rp.subscription_id = x.id
      order by x.id, x.month, p.period_start desc nulls last
    ),
    priced as (
      select x.id as subscription_id, x.customer_id, x.username, x.month, pl.id as plan_id, pl.name as plan_name, pl.billing_cycle,
             pl.price_centavos as price, ${cycleMonthsSql(sql`pl.billing_cycle`)} as cycle,
             coalesce(case pc.kind
               when 'free_months' then pl.price_centavos
               when 'percent' then round(pl.price_centavos::numeric * coalesce(pc.percent_bps, 0) / 10000)
               when 'fixed' then least(coalesce(pc.amount_centavos, 0), pl.price_centavos) end, 0) as discount,
             (pl.tax_inclusive and not cu.tax_exempt and not coalesce(tc.exempt, false)) as vat_inclusive,
             coalesce(tc.rate_bps, tn.vat_rate_bps) as rate
      from covered x
      join service_plans pl on pl.id = x.plan_id and pl.tenant_id = ${t}
      join customers cu on cu.id = x.customer_id and cu.tenant_id = ${t}
      join tenants tn on tn.id = ${t}
      left join tax_classes tc on tc.id = pl.tax_class_id and tc.tenant_id = ${t}
      left join promo_redemptions r on r.id = x.redemption_id and r.tenant_id = ${t}
      left join promo_codes pc on pc.id = r.promo_code_id and pc.tenant_id = ${t}
    ),
    netted as (
      select *, case when vat_inclusive and rate > 0 then round((price - discount)::numeric * 10000 / (10000 + rate)) else price - discount end as net
      from priced
    ),
    subscription_mrr as (
      select subscription_id, customer_id, username, month, plan_id, plan_name, billing_cycle, price, discount, net,
             round(net::numeric / cycle) as mrr
      from netted
    )`;
}
