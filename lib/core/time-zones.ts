/*
 * Instants ↔ wall clocks in IANA time zones, through Intl only (no time-zone database of our own), so a
 * tenant's business hours, a day's range in a report and a logged call's local time agree across DST.
 */

/** The zone of a tenant that has not chosen one, and of data whose zone is unreadable. */
export const DEFAULT_TIME_ZONE = "Asia/Manila";

/** True when Intl knows the IANA zone name. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone itself when it is a known one, else the default (an empty or unknown setting never breaks a page). */
export function timeZoneOrDefault(timeZone: string | null | undefined): string {
  return timeZone && isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
}

const MINUTE_MS = 60_000;

const wallFormatters = new Map<string, Intl.DateTimeFormat>();
function wallFormatter(timeZone: string) {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at an instant, as if it were UTC (milliseconds). */
function wallTime(instant: number, timeZone: string): number {
  const p = Object.fromEntries(
    wallFormatter(timeZone)
      .formatToParts(new Date(instant))
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) + (((instant % 1000) + 1000) % 1000);
}

/** Opening and closing instants repeat across tickets and list rows: remembered, up to a bound. */
const instantCache = new Map<string, number>();

/** The instant at which the wall clock in `timeZone` shows `date` + `minuteOfDay` (re-checked once for DST). */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): number {
  const key = `${timeZone}|${date}|${minuteOfDay}`;
  const known = instantCache.get(key);
  if (known !== undefined) return known;
  const [y, m, d] = date.split("-").map(Number);
  const local = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE_MS;
  const first = local - (wallTime(local, timeZone) - local);
  const instant = local - (wallTime(first, timeZone) - first);
  if (instantCache.size >= 20_000) instantCache.clear();
  instantCache.set(key, instant);
  return instant;
}

/** The calendar date (YYYY-MM-DD) in `timeZone` at an instant. */
export function localDate(instant: Date | number, timeZone: string): string {
  return new Date(wallTime(+instant, timeZone)).toISOString().slice(0, 10);
}

/** "2026-12-06T14:30" (a `datetime-local` field) on the wall clock of `timeZone` → the instant. */
export function wallClockInstant(local: string, timeZone: string): Date {
  const [date, time] = local.split("T");
  const [hours, minutes] = time.split(":").map(Number);
  return new Date(zonedInstant(date, hours * 60 + minutes, timeZone));
}
