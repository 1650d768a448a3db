/*
 * The financial dashboard's figures. Each is one set-based query filtered by tenant (the database sums,
 * JS only fills in empty months and formats); money is integer centavos; months and "today" are the
 * tenant's (clock.ts). Void invoices count nowhere: voiding means the invoice was never owed.
 *
 * - MRR now: the one definition in mrr.ts (net of VAT, per subscription in service at the close of today),
 *   so the plan rows add up to the total and the total is the MRR-movement table's current month.
 *   Subscribers are customers with a subscription in service; ARPU = MRR ÷ subscribers.
 * - Revenue: non-void invoices by issue month (total, and net of VAT = VATable + exempt sales).
 * - Collections: payments by the month they were received, minus refunds (credit notes of kind `refund`)
 *   by the month they were made.
 * - AR aging: what is still owed on open invoices (total − amount paid), by days past due as of today.
 */
import { and, asc, count, desc, eq, gt, sql, type SQLWrapper } from "drizzle-orm";
import { creditNotes, invoices, payments, type PaymentMethod } from "@/lib/billing/schema";
import { agingBuckets, type AgingBucket } from "./kinds";
import { cycleMonths } from "@/lib/billing/periods";
import { divideRounded } from "@/lib/billing/money";
import type { DbOrTx } from "@/lib/db/types";
import { addMonths, firstDayOf, monthsEnding, type Month } from "@/lib/core/calendar";
import { tenantClock } from "./clock";
import { subscriptionMrrSql } from "./mrr";
import { num, rowsOf, startOfDay } from "./sql";

type ReportInput = { tenantId: string; now?: Date };

/** A share of a whole in basis points (3750 = 37.50%), 0 when the whole is 0. */
export const shareBps = (part: number, whole: number) => (whole > 0 ? divideRounded(BigInt(part) * 10_000n, whole) : 0);

export type PlanMrr = {
  planId: string;
  name: string;
  billingCycle: keyof typeof cycleMonths;
  priceCentavos: number;
  subscriptions: number;
  mrrCentavos: number;
  shareBps: number;
};

export type MrrSummary = { mrrCentavos: number; subscribers: number; subscriptions: number; arpuCentavos: number; plans: PlanMrr[] };

/**
 * MRR now (at the close of today, the definition in mrr.ts: net of VAT, after recurring promo discounts), with
 * the plans ranked by their MRR: the same figure as the MRR-movement table's current month.
 */
export async function mrrNow(db: DbOrTx, { tenantId, now }: ReportInput): Promise<MrrSummary> {
  const clock = await tenantClock(db, { tenantId, now });
  const result = await db.execute(sql`
    ${subscriptionMrrSql(tenantId, clock, clock.month, clock.month)}
    select plan_id, plan_name, billing_cycle, price, count(*) as subscriptions, count(distinct customer_id) as subscribers, sum(mrr) as mrr,
           (select count(distinct customer_id) from subscription_mrr) as all_subscribers
    from subscription_mrr group by 1, 2, 3, 4`);
  const rows = rowsOf<{
    plan_id: string;
    plan_name: string;
    billing_cycle: PlanMrr["billingCycle"];
    price: unknown;
    subscriptions: unknown;
    mrr: unknown;
    all_subscribers: unknown;
  }>(result);
  const plans: PlanMrr[] = rows.map((r) => ({
    planId: r.plan_id,
    name: r.plan_name,
    billingCycle: r.billing_cycle,
    priceCentavos: num(r.price),
    subscriptions: num(r.subscriptions),
    mrrCentavos: num(r.mrr),
    shareBps: 0,
  }));
  const mrrCentavos = plans.reduce((sum, p) => sum + p.mrrCentavos, 0);
  const subscribers = num(rows[0]?.all_subscribers);
  for (const plan of plans) plan.shareBps = shareBps(plan.mrrCentavos, mrrCentavos);
  plans.sort((a, b) => b.mrrCentavos - a.mrrCentavos || a.name.localeCompare(b.name));
  return {
    mrrCentavos,
    subscribers,
    subscriptions: plans.reduce((sum, p) => sum + p.subscriptions, 0),
    arpuCentavos: subscribers > 0 ? divideRounded(mrrCentavos, subscribers) : 0,
    plans,
  };
}

export type MonthFlow = {
  month: Month;
  invoices: number;
  revenueCentavos: number;
  revenueNetCentavos: number;
  vatCentavos: number;
  paymentsCentavos: number;
  refundsCentavos: number;
  collectionsCentavos: number;
};

/** Revenue (invoiced) and collections (received − refunded) for each of the last `months` months, oldest first. */
export async function revenueAndCollections(db: DbOrTx, { tenantId, now, months = 12 }: ReportInput & { months?: number }): Promise<MonthFlow[]> {
  const clock = await tenantClock(db, { tenantId, now });
  const list = monthsEnding(clock.month, months);
  const from = firstDayOf(list[0]);
  const to = firstDayOf(addMonths(clock.month, 1));
  const tz = clock.timeZone;
  const [revenue, received, refunded] = await Promise.all([
    db.execute(sql`
      select to_char(issue_date, 'YYYY-MM') as month, count(*) as invoices, sum(total_centavos) as total,
             sum(vatable_centavos + zero_rated_centavos + exempt_centavos) as net, sum(tax_centavos) as vat
      from ${invoices}
      where tenant_id = ${tenantId} and status <> 'void' and issue_date >= ${from}::date and issue_date < ${to}::date
      group by 1`),
    db.execute(sql`
      select to_char(received_at at time zone ${tz}, 'YYYY-MM') as month, sum(amount_centavos) as amount
      from ${payments}
      where tenant_id = ${tenantId} and received_at >= ${startOfDay(from, tz)} and received_at < ${startOfDay(to, tz)}
      group by 1`),
    db.execute(sql`
      select to_char(created_at at time zone ${tz}, 'YYYY-MM') as month, sum(amount_centavos) as amount
      from ${creditNotes}
      where tenant_id = ${tenantId} and kind = 'refund' and created_at >= ${startOfDay(from, tz)} and created_at < ${startOfDay(to, tz)}
      group by 1`),
  ]);
  const byMonth = <T extends { month: string }>(rows: T[]) => new Map(rows.map((r) => [r.month, r]));
  const rev = byMonth(rowsOf<{ month: string; invoices: unknown; total: unknown; net: unknown; vat: unknown }>(revenue));
  const pay = byMonth(rowsOf<{ month: string; amount: unknown }>(received));
  const ref = byMonth(rowsOf<{ month: string; amount: unknown }>(refunded));
  return list.map((month) => {
    const r = rev.get(month);
    const paymentsCentavos = num(pay.get(month)?.amount);
    const refundsCentavos = num(ref.get(month)?.amount);
    return {
      month,
      invoices: num(r?.invoices),
      revenueCentavos: num(r?.total),
      revenueNetCentavos: num(r?.net),
      vatCentavos: num(r?.vat),
      paymentsCentavos,
      refundsCentavos,
      collectionsCentavos: paymentsCentavos - refundsCentavos,
    };
  });
}

/** Days past due (today − due date) → bucket, in SQL; the same boundaries as `agingBucketOf` (kinds.ts). */
export const agingBucketSql = (today: string, dueDate: SQLWrapper = invoices.dueDate) => sql`(case
  when ${today}::date - ${dueDate} <= 0 then 'current'
  when ${today}::date - ${dueDate} <= 30 then '1-30'
  when ${today}::date - ${dueDate} <= 60 then '31-60'
  when ${today}::date - ${dueDate} <= 90 then '61-90'
  else '90+' end)`;

/** Open invoices with something still owed (the only ones aging and the overdue list look at). */
export const owedInvoice = (tenantId: string) =>
  and(eq(invoices.tenantId, tenantId), eq(invoices.status, "open"), gt(invoices.totalCentavos, invoices.amountPaidCentavos));

export type AgingRow = { bucket: AgingBucket; invoices: number; amountCentavos: number };
export type ArAging = {
  today: string;
  buckets: AgingRow[];
  outstanding: { invoices: number; amountCentavos: number };
  overdue: { invoices: number; amountCentavos: number };
};

/** What customers owe on open invoices as of today, by days past due. */
export async function arAging(db: DbOrTx, { tenantId, now }: ReportInput): Promise<ArAging> {
  const { today } = await tenantClock(db, { tenantId, now });
  const bucket = agingBucketSql(today);
  const rows = await db
    .select({
      bucket: sql<AgingBucket>`${bucket}`,
      invoices: count(),
      amount: sql<number>`sum(${invoices.totalCentavos} - ${invoices.amountPaidCentavos})`.mapWith(Number),
    })
    .from(invoices)
    .where(owedInvoice(tenantId))
    // by position: the bucket expression carries a parameter, and two placeholders never compare equal
    .groupBy(sql`1`);
  const found = new Map(rows.map((r) => [r.bucket, r]));
  const buckets = agingBuckets.map((b) => ({ bucket: b, invoices: found.get(b)?.invoices ?? 0, amountCentavos: found.get(b)?.amount ?? 0 }));
  const total = (list: AgingRow[]) => ({
    invoices: list.reduce((s, b) => s + b.invoices, 0),
    amountCentavos: list.reduce((s, b) => s + b.amountCentavos, 0),
  });
  return { today, buckets, outstanding: total(buckets), overdue: total(buckets.filter((b) => b.bucket !== "current")) };
}

export type MethodMix = {
  month: Month;
  methods: Array<{ method: PaymentMethod; payments: number; amountCentavos: number; shareBps: number }>;
  payments: number;
  amountCentavos: number;
};

/** Payments received in a month (the current one unless given) by method, largest amount first. */
export async function paymentMethodMix(db: DbOrTx, { tenantId, now, month }: ReportInput & { month?: Month }): Promise<MethodMix> {
  const clock = await tenantClock(db, { tenantId, now });
  const chosen = month ?? clock.month;
  const tz = clock.timeZone;
  const rows = await db
    .select({ method: payments.method, payments: count(), amount: sql<number>`sum(${payments.amountCentavos})`.mapWith(Number) })
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        sql`${payments.receivedAt} >= ${startOfDay(firstDayOf(chosen), tz)}`,
        sql`${payments.receivedAt} < ${startOfDay(firstDayOf(addMonths(chosen, 1)), tz)}`,
      ),
    )
    .groupBy(payments.method)
    .orderBy(desc(sql`sum(${payments.amountCentavos})`), asc(payments.method));
  const amountCentavos = rows.reduce((s, r) => s + r.amount, 0);
  return {
    month: chosen,
    methods: rows.map((r) => ({ method: r.method, payments: r.payments, amountCentavos: r.amount, shareBps: shareBps(r.amount, amountCentavos) })),
    payments: rows.reduce((s, r) => s + r.payments, 0),
    amountCentavos,
  };
}
