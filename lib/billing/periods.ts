/*
 * Billing periods and proration on calendar dates (`YYYY-MM-DD` in the tenant's time zone). A period is
 * `cycleMonths` long and starts on the anchor day: the subscription's start day (anniversary) or the
 * tenant's billing day. A day of month the month lacks clamps to its last day (31 → Feb 28/29 → Mar 31).
 * Billing resumes from the day after `billedThrough`, so activation mid-cycle, a postpaid plan change,
 * reactivation after suspension and termination all bill a partial period, prorated by days:
 * price × days billed ÷ days in the full period.
 */
import { scale } from "./money";
import { clock } from "@/lib/core/clock";

export type CalendarDate = string;

const DAY_MS = 86_400_000;

function toUtc(date: CalendarDate): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInclusive(from: CalendarDate, to: CalendarDate): number {
  return Math.max(0, Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The `anchorDay` of the month `months` after `date`'s month, clamped to that month's length. */
export function monthAnchor(date: CalendarDate, months: number, anchorDay: number): CalendarDate {
  const [y, m] = date.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(anchorDay, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Today's calendar date in a time zone (Asia/Manila midnight is 16:00 UTC the day before). */
export function todayIn(timeZone: string, now = clock.now()): CalendarDate {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  return parts;
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

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
