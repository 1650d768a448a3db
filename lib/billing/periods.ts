/*
 * Billing periods and proration on calendar dates (`YYYY-MM-DD` in the tenant's time zone). A period is
 * `cycleMonths` long and starts on the anchor day: the subscription's start day (anniversary) or the
 * tenant's billing day. A day of month the month lacks clamps to its last day (31 → Feb 28/29 → Mar 31).
 * Billing resumes from the day after `billedThrough`, so activation mid-cycle, a postpaid plan change,
 * reactivation after suspension and termination all bill a partial period, prorated by days:
 * price × days billed ÷ days in the full period. Day arithmetic is lib/core/calendar's.
 */
import { scale } from "./money";
import { addDays, daysInclusive, monthAnchor, yearOf, type CalendarDate } from "@/lib/core/calendar";

export const cycleMonths = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 } as const;

export type Anchor = { kind: "anniversary"; startDate: CalendarDate } | { kind: "billing_day"; day: number };

/** The full period (start, end inclusive) that contains `date`. */
export function periodContaining(date: CalendarDate, anchor: Anchor, months: number): { start: CalendarDate; end: CalendarDate } {
  const anchorDay = anchor.kind === "anniversary" ? Number(anchor.startDate.slice(8, 10)) : anchor.day;
  // Start from the anchor in date's month (or the one before) and step by whole cycles.
  const origin = anchor.kind === "anniversary" ? anchor.startDate : monthAnchor(date, 0, anchorDay);
  let k = 0;
  const monthsBetween = (yearOf(date) - yearOf(origin)) * 12 + (Number(date.slice(5, 7)) - Number(origin.slice(5, 7)));
  k = Math.floor(monthsBetween / months);
  let start = monthAnchor(origin, k * months, anchorDay);
  while (start > date) {
    k -= 1;
    start = monthAnchor(origin, k * months, anchorDay);
  }
  let next = monthAnchor(origin, (k + 1) * months, anchorDay);
  while (next <= date) {
    k += 1;
    start = next;
    next = monthAnchor(origin, (k + 1) * months, anchorDay);
  }
  return { start, end: addDays(next, -1) };
}

export type BillablePeriod = {
  /** The days billed: a whole period or the part of it the subscription was live. */
  start: CalendarDate;
  end: CalendarDate;
  /** The full period the days belong to (for the proration fraction). */
  periodStart: CalendarDate;
  periodEnd: CalendarDate;
  days: number;
  periodDays: number;
  /** Prepaid: the first billed day; postpaid: the day after the last. */
  issueDate: CalendarDate;
};

export type PeriodInput = {
  startDate: CalendarDate;
  billedThrough: CalendarDate | null;
  endDate: CalendarDate | null;
  mode: "prepaid" | "postpaid";
  anchor: Anchor;
  months: number;
  billUpTo: CalendarDate;
  /** Catch-up limit: a subscription far behind is billed a few periods per run. */
  maxPeriods?: number;
};

/** The periods a billing run for `billUpTo` must invoice, oldest first. */
export function periodsToBill(input: PeriodInput): BillablePeriod[] {
  const out: BillablePeriod[] = [];
  let from = input.billedThrough ? addDays(input.billedThrough, 1) : input.startDate;
  if (from < input.startDate) from = input.startDate;
  const max = input.maxPeriods ?? 12;
  while (out.length < max) {
    if (input.endDate && from > input.endDate) break;
    const period = periodContaining(from, input.anchor, input.months);
    const end = input.endDate && input.endDate < period.end ? input.endDate : period.end;
    const issueDate = input.mode === "prepaid" ? from : addDays(end, 1);
    if (issueDate > input.billUpTo) break;
    out.push({
      start: from,
      end,
      periodStart: period.start,
      periodEnd: period.end,
      days: daysInclusive(from, end),
      periodDays: daysInclusive(period.start, period.end),
      issueDate,
    });
    from = addDays(end, 1);
  }
  return out;
}

/** A stretch without service: from its first day without service until the first day with it again (null: still). */
export type ServicePause = { from: CalendarDate; until: CalendarDate | null };

/** How many days of `[start, end]` (inclusive) fall in a pause: days a subscription was suspended are not billed. */
export function pausedDays(pauses: readonly ServicePause[], start: CalendarDate, end: CalendarDate): number {
  let days = 0;
  for (const pause of pauses) {
    const from = pause.from > start ? pause.from : start;
    const last = pause.until === null ? end : addDays(pause.until, -1);
    const to = last < end ? last : end;
    if (from <= to) days += daysInclusive(from, to);
  }
  return Math.min(days, daysInclusive(start, end));
}

/**
 * The calendar days something was held (a static address): from its first day through its last, or still held
 * (`through` null).
 */
export type Holding = { from: CalendarDate; through: CalendarDate | null };

/** The days of `[start, end]` (inclusive) within a holding: its first and last, or null when none. */
export function heldWithin(holding: Holding, start: CalendarDate, end: CalendarDate): { start: CalendarDate; end: CalendarDate } | null {
  const first = holding.from > start ? holding.from : start;
  const last = holding.through !== null && holding.through < end ? holding.through : end;
  return first <= last ? { start: first, end: last } : null;
}

/** A price for part of a period: price × days ÷ periodDays, rounded once (half-up). */
export function prorate(priceCentavos: number, days: number, periodDays: number): number {
  if (days >= periodDays) return priceCentavos;
  return scale(priceCentavos, days, periodDays);
}

export type PlanChangeProration = { creditCentavos: number; chargeCentavos: number; days: number; periodDays: number };

/**
 * A prepaid plan change effective `effective` inside a period already billed through `billedThrough`:
 * the unused days of the old plan are credited and the same days of the new plan charged.
 */
export function planChangeProration({
  oldPrice,
  newPrice,
  effective,
  billedThrough,
  anchor,
  months,
}: {
  oldPrice: number;
  newPrice: number;
  effective: CalendarDate;
  billedThrough: CalendarDate;
  anchor: Anchor;
  months: number;
}): PlanChangeProration {
  if (effective > billedThrough) return { creditCentavos: 0, chargeCentavos: 0, days: 0, periodDays: 0 };
  const period = periodContaining(effective, anchor, months);
  const periodDays = daysInclusive(period.start, period.end);
  const days = daysInclusive(effective, billedThrough < period.end ? billedThrough : period.end);
  return { creditCentavos: prorate(oldPrice, days, periodDays), chargeCentavos: prorate(newPrice, days, periodDays), days, periodDays };
}

/**
 * Where billing starts for a subscription entered with a past start date (an import, an account adopted
 * from a router, a backdated entry): with the period that contains today, never back-billing months the
 * ISP already collected outside NetSphere. Returns the `billed_through` to store, or null to bill from
 * the start date.
 */
export function initialBilledThrough({
  startDate,
  today,
  anchor,
  months,
}: {
  startDate: CalendarDate;
  today: CalendarDate;
  anchor: Anchor;
  months: number;
}): CalendarDate | null {
  const current = periodContaining(today, anchor, months);
  return startDate < current.start ? addDays(current.start, -1) : null;
}
