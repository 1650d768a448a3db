/*
 * The periods analytics reports on, in the ISP's time zone, and which rollups cover them. Pure: `now` and the
 * zone are arguments. Days and months start at the ISP's midnight (16:00 UTC the day before in Manila), but daily
 * rollups are UTC days, so a period is read as whole UTC days from the daily rows plus its ragged ends from the
 * hourly rows; ends older than the hourly rows' retention fall back to their whole UTC day.
 */
import { addDays, addMonths, firstDayOf, monthLabel, monthOf, todayIn, type Month } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";

export const relativePeriods = ["today", "7d", "30d"] as const;
export type RelativePeriod = (typeof relativePeriods)[number];
export type PeriodKind = RelativePeriod | "month";

export const periodLabels: Record<RelativePeriod, string> = { today: "Today", "7d": "Last 7 days", "30d": "Last 30 days" };

/** A period: relative to today, or a calendar month (`month` absent: the current one). */
export type Period = { kind: PeriodKind; month?: Month };

export const isMonth = (text: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/** A period as its URL parameter: `today`, `7d`, `30d` or the month. */
export const periodParam = (period: Period, timeZone: string, now: Date) => periodSlug(period, timeZone, now);
export type Range = { from: Date; to: Date };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The ISP's midnight starting `date`. */
const midnight = (date: string, timeZone: string) => new Date(zonedInstant(date, 0, timeZone));

/** [first instant of the month, first instant of the next) in the ISP's zone. */
export function monthRange(month: Month, timeZone: string): Range {
  return { from: midnight(firstDayOf(month), timeZone), to: midnight(firstDayOf(addMonths(month, 1)), timeZone) };
}

/**
 * The instants a period covers, never past `now`: today from the ISP's midnight, the last 7 or 30 days counting
 * today, or a calendar month (the current one up to now).
 */
export function periodRange(period: Period, timeZone: string, now: Date): Range {
  const today = todayIn(timeZone, now);
  const upToNow = ({ from, to }: Range): Range => ({ from, to: to > now ? now : to });
  switch (period.kind) {
    case "today":
      return { from: midnight(today, timeZone), to: now };
    case "7d":
      return { from: midnight(addDays(today, -6), timeZone), to: now };
    case "30d":
      return { from: midnight(addDays(today, -29), timeZone), to: now };
    case "month":
      return upToNow(monthRange(period.month ?? monthOf(today), timeZone));
  }
}

/** A period in file names: `today`, `7d`, `30d` or the month (`2026-11`). */
export function periodSlug(period: Period, timeZone: string, now: Date): string {
  return period.kind === "month" ? (period.month ?? monthOf(todayIn(timeZone, now))) : period.kind;
}

/** A period in titles: "today", "the last 7 days", "Nov 2026". */
export function describePeriod(period: Period, timeZone: string, now: Date): string {
  if (period.kind === "month") return monthLabel(period.month ?? monthOf(todayIn(timeZone, now)));
  return period.kind === "today" ? "today" : `the ${periodLabels[period.kind].toLowerCase()}`;
}

export type Segment = { resolution: "1h" | "1d"; from: Date; to: Date };

const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const ceilDay = (ms: number) => Math.ceil(ms / DAY_MS) * DAY_MS;

/**
 * Which rollup rows add up to [from, to): whole UTC days from the daily rows, the rest from the hourly rows (whole
 * hours: a range is cut at hour boundaries, which every zone's midnight is on but a few half-hour ones). A range that
 * runs up to now takes today's daily row, which the rollup keeps as the sum of today's hours so far (one row instead
 * of up to 24 per subscriber). Hours older than `hourlyRetentionMs` are gone, so such an end is read as its whole UTC
 * day instead.
 */
export function rollupSegments({ from, to }: Range, now: Date, hourlyRetentionMs: number): Segment[] {
  const start = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  const end = Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS;
  if (end <= start) return [];
  const hoursKeptFrom = now.getTime() - hourlyRetentionMs;
  const endsNow = to.getTime() >= now.getTime();
  let dayStart = ceilDay(start);
  let dayEnd = endsNow ? ceilDay(end) : floorDay(end);
  const pieces: Segment[] = [];
  const hours = (a: number, b: number) => {
    if (b > a) pieces.push({ resolution: "1h", from: new Date(a), to: new Date(b) });
  };
  if (dayStart >= dayEnd) {
    // Inside one UTC day, or across one midnight without a whole day.
    if (start >= hoursKeptFrom) return [{ resolution: "1h", from: new Date(start), to: new Date(end) }];
    return [{ resolution: "1d", from: new Date(floorDay(start)), to: new Date(ceilDay(end)) }];
  }
  if (start < dayStart && start < hoursKeptFrom) dayStart = floorDay(start);
  if (end > dayEnd && dayEnd < hoursKeptFrom) dayEnd = ceilDay(end);
  hours(start, dayStart);
  pieces.push({ resolution: "1d", from: new Date(dayStart), to: new Date(dayEnd) });
  hours(dayEnd, end);
  return pieces.sort((a, b) => a.from.getTime() - b.from.getTime());
}
