/*
 * SLA settings without the database: the zod schemas of the policy, business-hours and holiday forms, and
 * the Philippine national holidays that can be added in one click.
 */
import { z } from "zod";
import { ticketPriorities, type WeeklyHours } from "./values";
import type { SlaPolicy } from "./sla";

export { weekdayNames } from "./values";

const YEAR_OF_MINUTES = 525_600;
const minutes = z.coerce
  .number("Whole minutes")
  .int("Whole minutes")
  .positive("More than 0 minutes")
  .max(YEAR_OF_MINUTES, "At most a year (525,600 minutes)");

export const slaPolicySchema = z
  .object({
    priority: z.enum(ticketPriorities),
    firstResponseMinutes: minutes,
    resolutionMinutes: minutes,
    warnBeforeMinutes: z.coerce.number("Whole minutes").int("Whole minutes").min(0, "Not negative").max(YEAR_OF_MINUTES, "At most a year"),
    twentyFourSeven: z.boolean(),
  })
  .superRefine((p, ctx) => {
    // Compared only once each value is itself valid, so a field shows its own problem first.
    if (!(p.firstResponseMinutes > 0 && p.resolutionMinutes > 0 && p.warnBeforeMinutes >= 0)) return;
    if (p.resolutionMinutes < p.firstResponseMinutes)
      ctx.addIssue({ code: "custom", path: ["resolutionMinutes"], message: "At least the first-response target" });
    if (p.warnBeforeMinutes >= p.firstResponseMinutes)
      ctx.addIssue({ code: "custom", path: ["warnBeforeMinutes"], message: "Less than the first-response target" });
  });

export const slaPoliciesSchema = z.object({
  policies: z
    .array(slaPolicySchema)
    .length(ticketPriorities.length)
    .refine((list) => new Set(list.map((p) => p.priority)).size === ticketPriorities.length, "One policy per priority"),
});
export type SlaPoliciesValues = z.input<typeof slaPoliciesSchema>;

export const policyValuesOf = (policies: Record<(typeof ticketPriorities)[number], SlaPolicy>): SlaPoliciesValues => ({
  policies: [...ticketPriorities].reverse().map((priority) => {
    const p = policies[priority];
    return {
      priority,
      firstResponseMinutes: String(p.firstResponseMinutes),
      resolutionMinutes: String(p.resolutionMinutes),
      warnBeforeMinutes: String(p.warnBeforeMinutes),
      twentyFourSeven: p.twentyFourSeven,
    };
  }),
});

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "A time like 08:00");

export const dayHoursSchema = z
  .object({ closed: z.boolean(), open: time, close: time })
  .refine((d) => d.closed || d.close > d.open, { path: ["close"], message: "After the opening time" });

export const businessHoursSchema = z.object({
  days: z
    .array(dayHoursSchema)
    .length(7)
    .refine((days) => days.some((d) => !d.closed), "Open on at least one day, or the SLA clock could never run"),
});
export type BusinessHoursValues = z.input<typeof businessHoursSchema>;

export const hoursValuesOf = (weekly: WeeklyHours): BusinessHoursValues => ({
  days: Array.from({ length: 7 }, (_, day) => {
    const h = weekly[day];
    return h ? { closed: false, open: h.open, close: h.close } : { closed: true, open: "08:00", close: "17:00" };
  }),
});

export const weeklyHoursOf = (values: z.output<typeof businessHoursSchema>): WeeklyHours =>
  values.days.map((d) => (d.closed ? null : { open: d.open, close: d.close }));

export const holidaySchema = z.object({
  date: z.iso.date("A date like 2026-12-24"),
  name: z.string().trim().min(2, "Name the holiday").max(80, "At most 80 characters"),
});
export type HolidayValues = z.input<typeof holidaySchema>;

const iso = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

/** Easter Sunday (Gregorian), for Maundy Thursday and Good Friday. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/**
 * The Philippine regular holidays of a year whose dates follow a rule (Republic Act 9492 as amended).
 * Eid'l Fitr and Eid'l Adha are regular holidays too, but their dates are proclaimed each year: add them by hand.
 */
export function philippineRegularHolidays(year: number): { date: string; name: string }[] {
  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  const daysFromEaster = (n: number) => new Date(easter + n * 86_400_000).toISOString().slice(0, 10);
  const lastOfAugust = new Date(Date.UTC(year, 7, 31));
  const heroesDay = iso(year, 8, 31 - ((lastOfAugust.getUTCDay() + 6) % 7));
  return [
    { date: iso(year, 1, 1), name: "New Year's Day" },
    { date: daysFromEaster(-3), name: "Maundy Thursday" },
    { date: daysFromEaster(-2), name: "Good Friday" },
    { date: iso(year, 4, 9), name: "Araw ng Kagitingan" },
    { date: iso(year, 5, 1), name: "Labor Day" },
    { date: iso(year, 6, 12), name: "Independence Day" },
    { date: heroesDay, name: "National Heroes Day" },
    { date: iso(year, 11, 30), name: "Bonifacio Day" },
    { date: iso(year, 12, 25), name: "Christmas Day" },
    { date: iso(year, 12, 30), name: "Rizal Day" },
  ].sort((a, b) => a.date.localeCompare(b.date));
}
