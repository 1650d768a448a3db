/*
 * What a billing batch owes, read and planned: the subscriptions due (keyset by id), their running promo
 * redemptions, the invoices each needs (pure `planInvoices`), less any (subscription, period) already
 * invoiced. run.ts writes what this plans.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { invoiceLines, promoCodes, promoRedemptions, taxClasses } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { customerNotificationPreferences } from "@/lib/notify/schema";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import type { Tenant } from "@/lib/tenants/schema";
import { cycleMonths, pausedDays, periodsToBill, prorate, type Anchor, type BillablePeriod, type ServicePause } from "./periods";
import { taxTreatment, type NewLine } from "./invoices";
import { promoDiscount } from "./rules";
import type { DbOrTx, Tx } from "@/lib/db/types";
import { formatCalendarDate } from "@/lib/core/dates";
import { addDays } from "@/lib/core/calendar";
import type { StaticAddressAddon } from "@/lib/ipam/addons";
import { ADDON_SEPARATOR, addonCharge, addonLabel, holdingOf } from "./addon-lines";

export type Candidate = {
  id: string;
  customerId: string;
  startDate: string;
  billedThrough: string | null;
  endDate: string | null;
  status: string;
  billingMode: "prepaid" | "postpaid" | null;
  username: string;
  planId: string;
  planName: string;
  price: number;
  taxInclusive: boolean;
  cycle: keyof typeof cycleMonths;
  taxClassRate: number | null;
  taxClassExempt: boolean | null;
  customerExempt: boolean;
  /** The customer has an email, a phone or notification preferences: their new invoice may be announced. */
  customerReachable: boolean;
};

export type Redemption = {
  id: string;
  subscriptionId: string;
  periodsRemaining: number;
  code: string;
  kind: "percent" | "fixed" | "free_months";
  percentBps: number | null;
  amountCentavos: number | null;
};

export type PlannedInvoice = {
  subscriptionId: string;
  customerId: string;
  period: BillablePeriod;
  lines: NewLine[];
  redemptionId: string | null;
  /** Every day of the period was suspended: nothing to invoice, but billing moves past it. */
  noService?: true;
};

/**
 * Subscriptions that may owe a period by `billUpTo`, after `afterId`, in id order. `tenantMode` is the tenant's
 * billing mode, the default of subscriptions that have none. Their plans (a handful) are read apart, not repeated
 * on every row.
 */
export async function candidates(
  db: DbOrTx,
  {
    tenantId,
    tenantMode,
    billUpTo,
    afterId,
    limit,
  }: { tenantId: string; tenantMode: "prepaid" | "postpaid"; billUpTo: string; afterId: string | null; limit: number },
): Promise<Candidate[]> {
  const subs = await db
    .select({
      id: subscriptions.id,
      customerId: subscriptions.customerId,
      startDate: subscriptions.startDate,
      billedThrough: subscriptions.billedThrough,
      endDate: subscriptions.endDate,
      status: subscriptions.status,
      billingMode: subscriptions.billingMode,
      username: subscriptions.username,
      planId: subscriptions.planId,
      customerExempt: customers.taxExempt,
      customerReachable: sql<boolean>`(btrim(${customers.email}) <> '' or btrim(${customers.phone}) <> '' or exists (select 1 from ${customerNotificationPreferences} p where p.customer_id = ${customers.id}))`,
    })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        afterId ? gt(subscriptions.id, afterId) : undefined,
        lte(subscriptions.startDate, billUpTo),
        or(isNull(subscriptions.billedThrough), lt(subscriptions.billedThrough, billUpTo)),
        // Active ones bill on; a terminated one bills its last days; a suspended postpaid one bills the days it used
        // before its suspension (its periods are past); suspended prepaid and pending ones wait.
        or(
          eq(subscriptions.status, "active"),
          and(eq(subscriptions.status, "suspended"), sql`coalesce(${subscriptions.billingMode}, ${tenantMode}) = 'postpaid'`),
          and(
            eq(subscriptions.status, "terminated"),
            sql`${subscriptions.endDate} is not null`,
            sql`(${subscriptions.billedThrough} is null or ${subscriptions.billedThrough} < ${subscriptions.endDate})`,
          ),
        ),
      ),
    )
    .orderBy(asc(subscriptions.id))
    .limit(limit);
  if (subs.length === 0) return [];
  const plans = await db
    .select({
      id: servicePlans.id,
      planName: servicePlans.name,
      price: servicePlans.priceCentavos,
      taxInclusive: servicePlans.taxInclusive,
      cycle: servicePlans.billingCycle,
      taxClassRate: taxClasses.rateBps,
      taxClassExempt: taxClasses.exempt,
    })
    .from(servicePlans)
    .leftJoin(taxClasses, and(eq(taxClasses.id, servicePlans.taxClassId), eq(taxClasses.tenantId, tenantId)))
    .where(inArray(servicePlans.id, [...new Set(subs.map((s) => s.planId))]));
  const planOf = new Map(plans.map((plan) => [plan.id, plan]));
  const batch: Candidate[] = [];
  for (const sub of subs) {
    const plan = planOf.get(sub.planId);
    if (!plan) continue;
    // One object literal of a fixed shape: spreading two objects per row costs more than the query.
    batch.push({
      id: sub.id,
      customerId: sub.customerId,
      startDate: sub.startDate,
      billedThrough: sub.billedThrough,
      endDate: sub.endDate,
      status: sub.status,
      billingMode: sub.billingMode,
      username: sub.username,
      planId: sub.planId,
      planName: plan.planName,
      price: plan.price,
      taxInclusive: plan.taxInclusive,
      cycle: plan.cycle,
      taxClassRate: plan.taxClassRate,
      taxClassExempt: plan.taxClassExempt,
      customerExempt: sub.customerExempt,
      customerReachable: sub.customerReachable,
    });
  }
  return batch;
}

/** Promo redemptions still discounting, for the batch's subscriptions (an id range: one indexed scan, two parameters). */
export async function activeRedemptions(db: DbOrTx, tenantId: string, batch: Candidate[]): Promise<Map<string, Redemption>> {
  if (batch.length === 0) return new Map();
  const rows = await db
    .select({
      id: promoRedemptions.id,
      subscriptionId: promoRedemptions.subscriptionId,
      periodsRemaining: promoRedemptions.periodsRemaining,
      code: promoCodes.code,
      kind: promoCodes.kind,
      percentBps: promoCodes.percentBps,
      amountCentavos: promoCodes.amountCentavos,
    })
    .from(promoRedemptions)
    .innerJoin(promoCodes, eq(promoCodes.id, promoRedemptions.promoCodeId))
    .where(
      and(
        eq(promoRedemptions.tenantId, tenantId),
        gte(promoRedemptions.subscriptionId, batch[0].id),
        lte(promoRedemptions.subscriptionId, batch[batch.length - 1].id),
        gt(promoRedemptions.periodsRemaining, 0),
      ),
    )
    .orderBy(asc(promoRedemptions.createdAt));
  const map = new Map<string, Redemption>();
  for (const row of rows) if (!map.has(row.subscriptionId!)) map.set(row.subscriptionId!, row as Redemption);
  return map;
}

/** ", 11 of 30 days (4 suspended)" after a span billed for part of its period; nothing for a whole one. */
const partOf = (days: number, periodDays: number, paused: number) =>
  days < periodDays ? `, ${days} of ${periodDays} days${paused > 0 ? ` (${paused} suspended)` : ""}` : "";

/** The invoices a batch of candidates needs (pure given its inputs): one per subscription and period. */
export function planInvoices(
  tenant: Pick<Tenant, "billingAnchor" | "billingDay" | "billingMode" | "vatRateBps" | "timezone">,
  batch: Candidate[],
  billUpTo: string,
  redemptions: Map<string, Redemption>,
  pauses: Map<string, ServicePause[]> = new Map(),
  addons: Map<string, StaticAddressAddon[]> = new Map(),
): PlannedInvoice[] {
  const planned: PlannedInvoice[] = [];
  // Most subscriptions of a batch share their dates and cycle: each distinct case is worked out once.
  const periodsOf = new Map<string, BillablePeriod[]>();
  const dayLabels = new Map<string, string>();
  const label = (day: string) => dayLabels.get(day) ?? (dayLabels.set(day, formatCalendarDate(day)).get(day) as string);
  for (const sub of batch) {
    const mode = sub.billingMode ?? tenant.billingMode;
    const key = `${sub.startDate}|${sub.billedThrough}|${sub.endDate}|${mode}|${sub.cycle}`;
    let periods = periodsOf.get(key);
    if (!periods) {
      const anchor: Anchor =
        tenant.billingAnchor === "billing_day" ? { kind: "billing_day", day: tenant.billingDay } : { kind: "anniversary", startDate: sub.startDate };
      periods = periodsToBill({
        startDate: sub.startDate,
        billedThrough: sub.billedThrough,
        endDate: sub.endDate,
        mode,
        anchor,
        months: cycleMonths[sub.cycle],
        billUpTo,
      });
      periodsOf.set(key, periods);
    }
    const tax = taxTreatment({
      tenantVatBps: tenant.vatRateBps,
      taxInclusive: sub.taxInclusive,
      customerExempt: sub.customerExempt,
      taxClass: sub.taxClassRate === null ? null : { rateBps: sub.taxClassRate, exempt: sub.taxClassExempt ?? false },
    });
    let promo = redemptions.get(sub.id);
    let promoLeft = promo?.periodsRemaining ?? 0;
    const held = (addons.get(sub.id) ?? []).map((addon) => ({ addon, holding: holdingOf(addon, tenant.timezone, sub.endDate) }));
    for (const period of periods) {
      const paused = pausedDays(pauses.get(sub.id) ?? [], period.start, period.end);
      const days = period.days - paused;
      if (days === 0) {
        planned.push({ subscriptionId: sub.id, customerId: sub.customerId, period, lines: [], redemptionId: null, noService: true });
        continue;
      }
      const amount = prorate(sub.price, days, period.periodDays);
      const span = `${label(period.start)} – ${label(period.end)}${partOf(days, period.periodDays, paused)}`;
      const lines: NewLine[] = [
        {
          kind: "service",
          description: `${sub.planName} · ${sub.username} · ${span}`,
          amountCentavos: amount,
          subscriptionId: sub.id,
          planId: sub.planId,
          periodStart: period.start,
          periodEnd: period.end,
          ...tax,
        },
      ];
      // A static address billed as an add-on for the days of the period it was held: its monthly fee for each month
      // of the cycle, prorated and taxed as the plan is. Prepaid, an address held now is charged to the period's end;
      // one given back is never charged ahead. Kind "other": the (subscription, period) index allows one service
      // line, the plan's, and makes a rerun skip the whole invoice, add-ons included.
      for (const { addon, holding } of held) {
        const charge = addonCharge(addon, holding, {
          start: period.start,
          end: period.end,
          periodDays: period.periodDays,
          months: cycleMonths[sub.cycle],
          pauses: pauses.get(sub.id),
        });
        if (!charge) continue;
        lines.push({
          kind: "other",
          description: `${addonLabel(addon)}${ADDON_SEPARATOR}${label(charge.start)} – ${label(charge.end)}${partOf(charge.days, period.periodDays, charge.paused)}`,
          amountCentavos: charge.amountCentavos,
          subscriptionId: sub.id,
          periodStart: charge.start,
          periodEnd: charge.end,
          ...tax,
        });
      }
      let redemptionId: string | null = null;
      if (promo && promoLeft > 0) {
        const discount = promoDiscount(promo, amount);
        if (discount > 0)
          lines.push({
            kind: "discount",
            description: `Promo ${promo.code}`,
            amountCentavos: -discount,
            subscriptionId: sub.id,
            promoRedemptionId: promo.id,
            ...tax,
          });
        redemptionId = promo.id;
        promoLeft -= 1;
        if (promoLeft === 0) promo = undefined;
      }
      planned.push({ subscriptionId: sub.id, customerId: sub.customerId, period, lines, redemptionId });
    }
  }
  return planned;
}

/**
 * The (subscription, period start) pairs of the batch that already have a service line, from `from` (the batch's
 * earliest unbilled day) on: what makes reruns harmless. Batches are id-ordered: one range scan of the
 * (subscription, period) index.
 */
export async function billedPeriods(tx: Tx, batch: Candidate[], from: string): Promise<Set<string>> {
  if (batch.length === 0) return new Set();
  const existing = await tx
    .select({ subscriptionId: invoiceLines.subscriptionId, periodStart: invoiceLines.periodStart })
    .from(invoiceLines)
    .where(
      and(
        eq(invoiceLines.kind, "service"),
        gte(invoiceLines.subscriptionId, batch[0].id),
        lte(invoiceLines.subscriptionId, batch[batch.length - 1].id),
        gte(invoiceLines.periodStart, from),
      ),
    );
  return new Set(existing.map((e) => `${e.subscriptionId}|${e.periodStart}`));
}

/** The batch's earliest day not yet billed (every period planned for it starts on or after this day). */
export const earliestUnbilled = (batch: Candidate[]) =>
  batch.reduce((min, c) => {
    const from = c.billedThrough ? addDays(c.billedThrough, 1) : c.startDate;
    return from < min ? from : min;
  }, "9999-12-31");
