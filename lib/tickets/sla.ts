/*
 * The SLA clock, as pure functions of their inputs (no database, no "now" of their own): business hours per
 * weekday in the tenant's IANA time zone, holidays as calendar dates, 24/7 policies, due dates, the pause while
 * a ticket waits on the customer, and the state of each target (met, breached, at risk, …). Time zones go
 * through lib/core/time-zones. Case table: sla.test.ts.
 */
import type { TicketPriority, WeeklyHours } from "./schema";
import { localDate, zonedInstant } from "@/lib/core/time-zones";
import { clock } from "@/lib/core/clock";

export type SlaCalendar = {
  /** The tenant's IANA zone, e.g. "Asia/Manila". */
  timeZone: string;
  /** Seven entries, 0 = Sunday; `null` (or close ≤ open) = closed all day. Times are "HH:MM", close may be "24:00". */
  weeklyHours: WeeklyHours;
  /** Closed days as calendar dates (YYYY-MM-DD) in the tenant's zone. */
  holidays: readonly string[];
  /** The clock runs around the clock (a 24/7 policy): weekly hours and holidays are ignored. */
  alwaysOpen?: boolean;
};

export type SlaPolicy = {
  priority: TicketPriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  warnBeforeMinutes: number;
  twentyFourSeven: boolean;
};

export type SlaStatus = "met" | "breached" | "running" | "paused" | "at_risk" | "none";
export type SlaTarget = { dueAt: Date | null; status: SlaStatus; remainingMinutes: number | null };

const open = (o: string, c: string) => ({ open: o, close: c });
/** Monday to Saturday, 08:00–17:00; closed on Sunday. */
export const defaultWeeklyHours: WeeklyHours = [
  null,
  open("08:00", "17:00"),
  open("08:00", "17:00"),
  open("08:00", "17:00"),
  open("08:00", "17:00"),
  open("08:00", "17:00"),
  open("08:00", "17:00"),
];

/** Used while a tenant has saved none of its own: an outage is on the clock around the clock, the rest in business hours. */
export const defaultSlaPolicies: Record<TicketPriority, SlaPolicy> = {
  urgent: { priority: "urgent", firstResponseMinutes: 60, resolutionMinutes: 240, warnBeforeMinutes: 15, twentyFourSeven: true },
  high: { priority: "high", firstResponseMinutes: 120, resolutionMinutes: 480, warnBeforeMinutes: 30, twentyFourSeven: false },
  normal: { priority: "normal", firstResponseMinutes: 240, resolutionMinutes: 1440, warnBeforeMinutes: 60, twentyFourSeven: false },
  low: { priority: "low", firstResponseMinutes: 480, resolutionMinutes: 4320, warnBeforeMinutes: 120, twentyFourSeven: false },
};

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A calendar is searched at most this far ahead for open hours (ten years of days). */
const MAX_DAYS = 3700;

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** "08:30" → 510; "24:00" → 1440; anything else → null. */
export function minuteOfDay(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (m > 59 || h > 24 || (h === 24 && m > 0)) return null;
  return h * 60 + m;
}

/** The open interval of one local date as instants, or null when closed (holiday, closed weekday, zero-length day). */
function openInterval(date: string, calendar: SlaCalendar, holidays: ReadonlySet<string>): [number, number] | null {
  if (holidays.has(date)) return null;
  const hours = calendar.weeklyHours[weekday(date)];
  if (!hours) return null;
  const [o, c] = [minuteOfDay(hours.open), minuteOfDay(hours.close)];
  if (o === null || c === null || c <= o) return null;
  return [zonedInstant(date, o, calendar.timeZone), zonedInstant(date, c, calendar.timeZone)];
}

/** True when some weekday has open hours (or the calendar is 24/7): only then can a clock ever advance. */
export function hasOpenHours(calendar: SlaCalendar): boolean {
  if (calendar.alwaysOpen) return true;
  return calendar.weeklyHours.some((h) => {
    const [o, c] = h ? [minuteOfDay(h.open), minuteOfDay(h.close)] : [null, null];
    return o !== null && c !== null && c > o;
  });
}

function requireOpenHours(calendar: SlaCalendar) {
  if (!hasOpenHours(calendar)) throw new Error("The business calendar has no open hours on any weekday.");
}

/**
 * The instant `minutes` business minutes after `start`. Time outside business hours does not count, so a
 * start before opening counts from the opening; a target that ends exactly at closing time is due at closing.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: SlaCalendar): Date {
  if (minutes <= 0) return new Date(start);
  if (calendar.alwaysOpen) return new Date(+start + minutes * MINUTE);
  requireOpenHours(calendar);
  const holidays = new Set(calendar.holidays);
  let remaining = minutes * MINUTE;
  let date = localDate(start, calendar.timeZone);
  for (let i = 0; i < MAX_DAYS; i++, date = nextDate(date)) {
    const interval = openInterval(date, calendar, holidays);
    if (!interval) continue;
    const from = Math.max(+start, interval[0]);
    if (from >= interval[1]) continue;
    if (remaining <= interval[1] - from) return new Date(from + remaining);
    remaining -= interval[1] - from;
  }
  throw new Error("No open business hours within ten years of the start.");
}

/** Business minutes between two instants (0 when `to` is not after `from`); fractions of a minute are kept. */
export function businessMinutesBetween(from: Date, to: Date, calendar: SlaCalendar): number {
  if (+to <= +from) return 0;
  if (calendar.alwaysOpen) return (+to - +from) / MINUTE;
  const holidays = new Set(calendar.holidays);
  const last = localDate(to, calendar.timeZone);
  let total = 0;
  for (let date = localDate(from, calendar.timeZone); date <= last; date = nextDate(date)) {
    const interval = openInterval(date, calendar, holidays);
    if (!interval) continue;
    total += Math.max(0, Math.min(+to, interval[1]) - Math.max(+from, interval[0]));
  }
  return total / MINUTE;
}

/** The calendar a policy's clock runs on: the tenant's business hours, or around the clock. */
export function calendarForPolicy(calendar: SlaCalendar, policy: Pick<SlaPolicy, "twentyFourSeven">): SlaCalendar {
  return policy.twentyFourSeven ? { ...calendar, alwaysOpen: true } : { ...calendar, alwaysOpen: false };
}

/** Due dates of a ticket opened at `openedAt` under `policy`, pushed by business minutes already spent waiting. */
export function dueDates(openedAt: Date, policy: SlaPolicy, calendar: SlaCalendar, pausedMinutes = 0) {
  const clock = calendarForPolicy(calendar, policy);
  return {
    firstResponseDueAt: addBusinessMinutes(openedAt, policy.firstResponseMinutes + pausedMinutes, clock),
    resolutionDueAt: addBusinessMinutes(openedAt, policy.resolutionMinutes + pausedMinutes, clock),
  };
}

/** The SLA fields of a ticket that the clock reads and writes. */
export type SlaClock = {
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  pausedAt: Date | null;
  pausedMinutes: number;
  resolvedAt: Date | null;
  closedAt: Date | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
};

/**
 * The clock starts again after waiting on the customer: every target still running when the clock stopped
 * keeps the business minutes it had left, counted from `now`, so its due date moves by the time spent waiting.
 * A target already missed when the clock stopped keeps its due date. `calendar` is the policy's (see calendarForPolicy).
 */
export function resumeClock(clock: SlaClock, now: Date, calendar: SlaCalendar) {
  const pausedAt = clock.pausedAt;
  if (!pausedAt)
    return { firstResponseDueAt: clock.firstResponseDueAt, resolutionDueAt: clock.resolutionDueAt, pausedMinutes: clock.pausedMinutes, moved: [] };
  const push = (due: Date | null, pending: boolean) =>
    due && pending && +due > +pausedAt ? addBusinessMinutes(now, businessMinutesBetween(pausedAt, due, calendar), calendar) : due;
  const firstResponseDueAt = push(clock.firstResponseDueAt, !clock.firstRespondedAt);
  const resolutionDueAt = push(clock.resolutionDueAt, !clock.resolvedAt && !clock.closedAt);
  const moved: ("first_response" | "resolution")[] = [];
  if (+(firstResponseDueAt ?? 0) !== +(clock.firstResponseDueAt ?? 0)) moved.push("first_response");
  if (+(resolutionDueAt ?? 0) !== +(clock.resolutionDueAt ?? 0)) moved.push("resolution");
  return {
    firstResponseDueAt,
    resolutionDueAt,
    pausedMinutes: clock.pausedMinutes + Math.round(businessMinutesBetween(pausedAt, now, calendar)),
    moved,
  };
}

export type SlaStateOptions = {
  /** The policy's calendar: remaining time is then in business minutes (otherwise wall-clock minutes). */
  calendar?: SlaCalendar;
  /** At risk within this many minutes of the due time (default 30). */
  warnBeforeMinutes?: number;
};

function target(dueAt: Date | null, doneAt: Date | null, flagged: boolean, pausedAt: Date | null, now: Date, options: SlaStateOptions): SlaTarget {
  if (!dueAt) return { dueAt: null, status: "none", remainingMinutes: null };
  // A target is met only when done before its due instant: at the due instant it is breached.
  if (doneAt) return { dueAt, status: flagged || +doneAt >= +dueAt ? "breached" : "met", remainingMinutes: null };
  const at = pausedAt ?? now;
  const minutes = (a: Date, b: Date) => (options.calendar ? businessMinutesBetween(a, b, options.calendar) : Math.max(0, (+b - +a) / MINUTE));
  if (flagged || +at >= +dueAt) return { dueAt, status: "breached", remainingMinutes: -Math.floor(minutes(dueAt, at)) || 0 };
  const remainingMinutes = Math.ceil(minutes(at, dueAt));
  if (pausedAt) return { dueAt, status: "paused", remainingMinutes };
  return { dueAt, status: remainingMinutes <= (options.warnBeforeMinutes ?? 30) ? "at_risk" : "running", remainingMinutes };
}

/**
 * Where a ticket stands against its two targets at `now`. First response is met by the first public staff
 * reply (resolving or closing also answers the customer); resolution by resolving or closing. A target
 * flagged as breached by the SLA checker stays breached.
 */
export function slaState(
  ticket: SlaClock,
  now: Date = clock.now(),
  options: SlaStateOptions = {},
): { firstResponse: SlaTarget; resolution: SlaTarget } {
  const finishedAt = ticket.resolvedAt ?? ticket.closedAt;
  return {
    firstResponse: target(
      ticket.firstResponseDueAt,
      ticket.firstRespondedAt ?? finishedAt,
      ticket.firstResponseBreached,
      ticket.pausedAt,
      now,
      options,
    ),
    resolution: target(ticket.resolutionDueAt, finishedAt, ticket.resolutionBreached, ticket.pausedAt, now, options),
  };
}

/** "2 h 5 min", "45 min", "3 d 4 h" for a number of minutes (the sign is ignored). */
export function formatMinutes(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return `${m} min`;
  const [d, h, r] = [Math.floor(m / 1440), Math.floor((m % 1440) / 60), m % 60];
  if (d > 0) return h ? `${d} d ${h} h` : `${d} d`;
  return r ? `${h} h ${r} min` : `${h} h`;
}
