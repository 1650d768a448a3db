/*
 * Calendar dates (`YYYY-MM-DD`, no time zone) and months (`YYYY-MM`): pure arithmetic, so billing periods,
 * reports, tickets and the portal count days the same way. "Today" is the tenant's: Asia/Manila midnight is
 * 16:00 UTC the day before. Time-zone conversions of instants are in ./time-zones.
 */
import { clock } from "@/lib/core/clock";

export type CalendarDate = string;
export type Month = string;

const DAY_MS = 86_400_000;

function toUtc(date: CalendarDate): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a calendar date: ${date}`);
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A `YYYY-MM-DD` that names a day that exists (no 2026-02-30, no 0000-00-00) and that the helpers here can
 * count from: years 0100 to 9998, so the day after it still has four digits.
 */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text < "0100" || text >= "9999") return false;
  return fromUtc(toUtc(text)) === text;
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
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

export const monthOf = (date: CalendarDate): Month => date.slice(0, 7);
export const firstDayOf = (month: Month): CalendarDate => `${month}-01`;
export const addMonths = (month: Month, months: number): Month => monthOf(monthAnchor(firstDayOf(month), months, 1));

/** The `count` months ending with `last`, oldest first. */
export function monthsEnding(last: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** "Nov 2026" (or "Nov" when `short`), for axes, tables and titles. */
export function monthLabel(month: Month, style: "long" | "short" = "long"): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-PH", { month: "short", year: style === "long" ? "numeric" : undefined, timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
