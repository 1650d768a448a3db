/*
 * MRR movement: each customer's MRR at the close of a month (the definition in mrr.ts, the same one as the
 * headline, so the current month's MRR here is the headline's) against the month before:
 *
 *   new           0 → x, no MRR in any earlier month of the look-back        (x)
 *   reactivation  0 → x, MRR at the close of an earlier month of the look-back (x): back after churning
 *   expansion     x → y, y > x     (y − x): an upgrade, a second subscription, a promo discount ending
 *   contraction   x → y, 0 < y < x (x − y): a downgrade, a subscription ended or paused among several
 *   churn         x → 0            (x): terminated, suspended (for non-payment or on request), or a free month
 *
 * "Earlier" looks back 12 months before the month before. A quarterly plan counts every month it is in
 * service, so it never churns between its invoices.
 */
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { addMonths, firstDayOf, monthsEnding, type Month } from "@/lib/core/calendar";
import { tenantClock, type TenantClock } from "./clock";
import { num, rowsOf } from "./sql";
import { subscriptionMrrSql } from "./mrr";
import { movementKinds, type MovementKind } from "./kinds";

/** Which customers a movement class holds, over the `pairs` rows (prev = MRR in M−1, cur = MRR in M). */
export const movementCondition: Record<MovementKind, SQL> = {
  new: sql`prev = 0 and cur > 0 and not had_before`,
  reactivation: sql`prev = 0 and cur > 0 and had_before`,
  expansion: sql`prev > 0 and cur > prev`,
  contraction: sql`cur > 0 and cur < prev`,
  churn: sql`prev > 0 and cur = 0`,
};

/**
 * `with … pairs(customer_id, month, prev, cur, had_before)` for every customer with MRR at the close of a
 * month from `first` to `last` or of the month before it.
 */
export function mrrPairsSql(tenantId: string, clock: TenantClock, first: Month, last: Month): SQL {
  const lookBack = addMonths(first, -13);
  return sql`${subscriptionMrrSql(tenantId, clock, lookBack, last)},
    customer_months as (
      select customer_id, month, sum(mrr) as mrr, min(month) over (partition by customer_id) as first_month
      from subscription_mrr group by 1, 2 having sum(mrr) > 0
    ),
    shifted as (select customer_id, (month + interval '1 month')::date as month, mrr, first_month from customer_months),
    pairs as (
      select coalesce(c.customer_id, s.customer_id) as customer_id, coalesce(c.month, s.month) as month,
             coalesce(c.mrr, 0) as cur, coalesce(s.mrr, 0) as prev,
             -- with no MRR in M − 1, any month of MRR before M is one before M − 1
             coalesce(c.first_month, s.first_month) < coalesce(c.month, s.month) as had_before
      from customer_months c full join shifted s on s.customer_id = c.customer_id and s.month = c.month
      where coalesce(c.month, s.month) >= ${firstDayOf(first)}::date and coalesce(c.month, s.month) <= ${firstDayOf(last)}::date
    )`;
}

export type MovementMonth = {
  month: Month;
  startCentavos: number;
  endCentavos: number;
  customers: number;
} & Record<MovementKind, { customers: number; amountCentavos: number }>;

/** MRR at the close of each of the last `months` months (today for the current one) and how it moved, oldest first. */
export async function mrrMovement(
  db: DbOrTx,
  { tenantId, now, months = 12 }: { tenantId: string; now?: Date; months?: number },
): Promise<MovementMonth[]> {
  const clock = await tenantClock(db, { tenantId, now });
  const list = monthsEnding(clock.month, months);
  const amount = (kind: MovementKind, expr: SQL) => sql`coalesce(sum(${expr}) filter (where ${movementCondition[kind]}), 0)`;
  const result = await db.execute(sql`
    ${mrrPairsSql(tenantId, clock, list[0], list[list.length - 1])}
    select to_char(month, 'YYYY-MM') as month, sum(prev) as start, sum(cur) as "end", count(*) filter (where cur > 0) as customers,
      ${sql.join(
        movementKinds.map((k) => sql`${amount(k, sql`abs(cur - prev)`)} as ${sql.raw(`${k}_amount`)}, count(*) filter (where ${movementCondition[k]}) as ${sql.raw(`${k}_count`)}`),
        sql`, `,
      )}
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
      ...(Object.fromEntries(movementKinds.map((k) => [k, kind(k)])) as Record<MovementKind, { customers: number; amountCentavos: number }>),
    };
  });
}
