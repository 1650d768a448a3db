/*
 * The static-address add-on on billing's documents. lib/ipam/addons.ts says which subscription held which address
 * from when to when; here those instants become the ISP's calendar days, the days of a span the address was held
 * are charged (the run, a postpaid plan change), and a termination credits the unused share of what was invoiced
 * ahead.
 */
import { and, eq, gt, isNotNull, ne } from "drizzle-orm";
import { invoiceLines, invoices } from "@/lib/billing/schema";
import { addDays, daysInclusive, type CalendarDate } from "@/lib/core/calendar";
import { localDate } from "@/lib/core/time-zones";
import type { StaticAddressAddon } from "@/lib/ipam/addons";
import type { DbOrTx } from "@/lib/db/types";
import type { TaxTreatment } from "./invoices";
import { heldWithin, pausedDays, prorate, type Holding, type ServicePause } from "./periods";

/** Between an add-on line's label and its days: "Static public IP 203.0.113.5 · Nov 20, 2026 – Nov 30, 2026, …". */
export const ADDON_SEPARATOR = " · ";

/** What an add-on line is for: "Static public IP 203.0.113.5" ("Static IP" for private and carrier-NAT space). */
export const addonLabel = (addon: Pick<StaticAddressAddon, "address" | "isPublic">) =>
  `${addon.isPublic ? "Static public IP" : "Static IP"} ${addon.address}`;

/**
 * The ISP's calendar days a subscription held an address: from the day it was given (in the tenant's zone); once
 * given back, up to the day before, as a suspension's first day is not billed, so a change of address bills each
 * day once. An address given back with the subscription's end counts through its last day, as the plan does.
 */
export function holdingOf(addon: Pick<StaticAddressAddon, "assignedAt" | "releasedAt">, timeZone: string, endDate: CalendarDate | null): Holding {
  const from = localDate(addon.assignedAt, timeZone);
  if (!addon.releasedAt) return { from, through: null };
  const released = localDate(addon.releasedAt, timeZone);
  return { from, through: endDate !== null && released >= endDate ? endDate : addDays(released, -1) };
}

export type AddonCharge = { start: CalendarDate; end: CalendarDate; days: number; paused: number; amountCentavos: number };

/**
 * The add-on's charge for the days of `[start, end]` it was held, less days without service (`pauses`): its
 * monthly fee for each of the cycle's `months`, prorated over the full period's `periodDays` as the plan is.
 * Null when none of those days is charged.
 */
export function addonCharge(
  addon: Pick<StaticAddressAddon, "feeCentavos">,
  holding: Holding,
  {
    start,
    end,
    periodDays,
    months,
    pauses = [],
  }: { start: CalendarDate; end: CalendarDate; periodDays: number; months: number; pauses?: readonly ServicePause[] },
): AddonCharge | null {
  const span = heldWithin(holding, start, end);
  if (!span) return null;
  const paused = pausedDays(pauses, span.start, span.end);
  const days = daysInclusive(span.start, span.end) - paused;
  if (days === 0) return null;
  return { ...span, days, paused, amountCentavos: prorate(addon.feeCentavos * months, days, periodDays) };
}

export type UnusedAddon = { label: string; days: number; creditCentavos: number } & TaxTreatment;

/**
 * What ending a subscription on `today` gives back of its add-on: each add-on line invoiced (and not voided) for
 * days after today, its share for those days, taxed as the line was. Read from the customer's invoices (their
 * index), then those invoices' lines.
 */
export async function unusedAddonDays(
  db: DbOrTx,
  { tenantId, customerId, subscriptionId, today }: { tenantId: string; customerId: string; subscriptionId: string; today: CalendarDate },
): Promise<UnusedAddon[]> {
  const rows = await db
    .select({
      description: invoiceLines.description,
      periodStart: invoiceLines.periodStart,
      periodEnd: invoiceLines.periodEnd,
      amountCentavos: invoiceLines.amountCentavos,
      taxInclusive: invoiceLines.taxInclusive,
      taxRateBps: invoiceLines.taxRateBps,
      taxExempt: invoiceLines.taxExempt,
    })
    .from(invoices)
    .innerJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.customerId, customerId),
        ne(invoices.status, "void"),
        gt(invoices.periodEnd, today),
        eq(invoiceLines.subscriptionId, subscriptionId),
        eq(invoiceLines.kind, "other"),
        isNotNull(invoiceLines.periodStart),
        gt(invoiceLines.periodEnd, today),
      ),
    )
    .orderBy(invoiceLines.periodStart);
  const tomorrow = addDays(today, 1);
  return rows.map((row) => {
    const start = row.periodStart!;
    const end = row.periodEnd!;
    const days = daysInclusive(start > tomorrow ? start : tomorrow, end);
    return {
      label: row.description.split(ADDON_SEPARATOR)[0],
      days,
      // The line's amount is for its days: the days left are that share of it.
      creditCentavos: prorate(row.amountCentavos, days, daysInclusive(start, end)),
      taxInclusive: row.taxInclusive,
      taxRateBps: row.taxRateBps,
      taxExempt: row.taxExempt,
    };
  });
}
