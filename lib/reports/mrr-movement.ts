/*
 * MRR movement, derived from what was actually invoiced (not from today's subscriptions), per customer.
 *
 * The rule: a non-void invoice's `service` line is worth its amount ÷ its plan's cycle months per month
 * (rounded half-up per line), in each of the cycle's months starting with the month its period starts.
 * A monthly line counts in its start month only; a quarterly line starting Sep 15 counts a third in Sep,
 * Oct and Nov, so quarterly customers do not "churn" between invoices. A customer's MRR in month M is the
 * sum of their lines counting in M. Proration, discount and late-fee lines are not MRR; a plan change
 * shows in the month of the first full period on the new plan. Comparing a customer's MRR in M with M−1:
 *
 *   new          0 → x            (x)
 *   expansion    x → y, y > x     (y − x)
 *   contraction  x → y, 0 < y < x (x − y)
 *   churn        x → 0            (x)
 *
 * The current month counts only the periods invoiced so far (a customer billed later this month shows as
 * churn until their invoice is issued).
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { addMonths, firstDayOf, monthsEnding, type Month } from "@/lib/core/calendar";
import { tenantClock } from "./clock";
import { cycleMonthsSql, num, rowsOf } from "./sql";
import type { MovementKind } from "./kinds";

/** Which customers a movement class holds, over the `pairs` rows (prev = MRR in M−1, cur = MRR in M). */
export const movementCondition: Record<MovementKind, SQL> = {
  new: sql`prev = 0 and cur > 0`,
  expansion: sql`prev > 0 and cur > prev`,
  contraction: sql`cur > 0 and cur < prev`,
  churn: sql`prev > 0 and cur = 0`,
};

/**
 * `with … pairs(customer_id, month, prev, cur)` for every customer with MRR in a month from `first` to
 * `last` or in the month before it. Lines are found through invoices_tenant_issue_idx: a period is never
 * invoiced before it starts, and no plan spreads a line over more than 12 months.
 */
export function mrrPairsSql(tenantId: string, first: Month, last: Month): SQL {
  const lower = firstDayOf(addMonths(first, -12));
  const end = firstDayOf(addMonths(last, 1));
  return sql`
    with lines as (
      select i.customer_id, date_trunc('month', l.period_start)::date as first_month, l.amount_centavos as amount,
             ${cycleMonthsSql(sql`p.billing_cycle`)} as cycle
      from invoices i
      join invoice_lines l on l.invoice_id = i.id and l.tenant_id = ${tenantId} and l.kind = 'service'
      left join subscriptions s on s.id = l.subscription_id and s.tenant_id = ${tenantId}
      left join service_plans p on p.id = coalesce(l.plan_id, s.plan_id) and p.tenant_id = ${tenantId}
      where i.tenant_id = ${tenantId} and i.status <> 'void' and i.issue_date >= ${lower}::date
        and l.period_start >= ${lower}::date and l.period_start < ${end}::date
    ),
    customer_months as (
      select customer_id, (first_month + make_interval(months => k))::date as month, sum(round(amount::numeric / cycle)) as mrr
      from lines cross join lateral generate_series(0, cycle - 1) as k
      group by 1, 2
    ),
    shifted as (select customer_id, (month + interval '1 month')::date as month, mrr from customer_months),
    pairs as (
      select coalesce(c.customer_id, s.customer_id) as customer_id, coalesce(c.month, s.month) as month,
             coalesce(c.mrr, 0) as cur, coalesce(s.mrr, 0) as prev
      from customer_months c full join shifted s on s.customer_id = c.customer_id and s.month = c.month
      where coalesce(c.month, s.month) >= ${firstDayOf(first)}::date and coalesce(c.month, s.month) < ${end}::date
    )`;
}

export type MovementMonth = {
  month: Month;
  startCentavos: number;
  endCentavos: number;
  customers: number;
} & Record<MovementKind, { customers: number; amountCentavos: number }>;

/** MRR at the end of each of the last `months` months and how it moved, oldest first. */
export async function mrrMovement(
  db: DbOrTx,
  { tenantId, now, months = 12 }: { tenantId: string; now?: Date; months?: number },
): Promise<MovementMonth[]> {
  const clock = await tenantClock(db, { tenantId, now });
  const list = monthsEnding(clock.month, months);
  const amount = (kind: MovementKind, expr: SQL) => sql`coalesce(sum(${expr}) filter (where ${movementCondition[kind]}), 0)`;
  const result = await db.execute(sql`
    ${mrrPairsSql(tenantId, list[0], list[list.length - 1])}
    select to_char(month, 'YYYY-MM') as month, sum(prev) as start, sum(cur) as "end", count(*) filter (where cur > 0) as customers,
      ${amount("new", sql`cur`)} as new_amount, count(*) filter (where ${movementCondition.new}) as new_count,
      ${amount("expansion", sql`cur - prev`)} as expansion_amount, count(*) filter (where ${movementCondition.expansion}) as expansion_count,
      ${amount("contraction", sql`prev - cur`)} as contraction_amount, count(*) filter (where ${movementCondition.contraction}) as contraction_count,
      ${amount("churn", sql`prev`)} as churn_amount, count(*) filter (where ${movementCondition.churn}) as churn_count
    from pairs group by 1`);
  const rows = new Map(rowsOf<Record<string, unknown> & { month: string }>(result).map((r) => [r.month, r]));
  return list.map((month) => {
    const r = rows.get(month);
    const kind = (k: MovementKind) => ({ customers: num(r?.[`${k}_count`]), amountCentavos: num(r?.[`${k}_amount`]) });
    return {
      month,
      startCentavos: num(r?.start),
      endCentavos: num(r?.end),
      customers: num(r?.customers),
      new: kind("new"),
      expansion: kind("expansion"),
      contraction: kind("contraction"),
      churn: kind("churn"),
    };
  });
}
