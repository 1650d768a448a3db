/*
 * When a scheduled report goes out, in the ISP's time zone: daily at a time, weekly on a weekday, monthly on a day
 * (the month's last day when it is shorter). Pure: the next instant after a given one, and the period an occurrence
 * delivers (the job's dedupe key, so a period is sent once however often the job runs).
 */
import { z } from "zod";
import { addDays, daysInMonth } from "@/lib/core/calendar";
import { localDate, zonedInstant } from "@/lib/core/time-zones";
import { exportFormats, scheduleFrequencies, type ScheduleFrequency } from "@/lib/reports/builder/values";

export type ScheduleTiming = { frequency: ScheduleFrequency; timeOfDay: string; weekday: number | null; monthDay: number | null };

const minuteOf = (timeOfDay: string) => {
  const [h, m] = timeOfDay.split(":").map(Number);
  return h * 60 + m;
};

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

function occursOn(timing: ScheduleTiming, date: string): boolean {
  if (timing.frequency === "daily") return true;
  if (timing.frequency === "weekly") return weekdayOf(date) === (timing.weekday ?? 1);
  const [y, m, d] = date.split("-").map(Number);
  return d === Math.min(timing.monthDay ?? 1, daysInMonth(y, m));
}

/** The first delivery strictly after `after`. */
export function nextRunAfter(timing: ScheduleTiming, timeZone: string, after: Date): Date {
  const minute = minuteOf(timing.timeOfDay);
  let date = addDays(localDate(after, timeZone), -1);
  // A monthly schedule recurs within 31 days; 40 covers it with a day either side.
  for (let i = 0; i < 40; i++, date = addDays(date, 1)) {
    if (!occursOn(timing, date)) continue;
    const instant = zonedInstant(date, minute, timeZone);
    if (instant > after.getTime()) return new Date(instant);
  }
  throw new Error("a schedule with no delivery within 40 days");
}

/** The period the delivery at `scheduledAt` covers: its day, the week it starts, or its month. */
export function periodOf(timing: ScheduleTiming, timeZone: string, scheduledAt: Date): string {
  const date = localDate(scheduledAt, timeZone);
  if (timing.frequency === "monthly") return date.slice(0, 7);
  if (timing.frequency === "weekly") return `week-${date}`;
  return date;
}

const email = z.email("Enter a valid email address").max(254);

/** A schedule as the form sends it. */
export const scheduleFieldsSchema = z
  .object({
    reportId: z.uuid("Unknown report"),
    frequency: z.enum(scheduleFrequencies, "Choose how often"),
    timeOfDay: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time like 07:00"),
    weekday: z.coerce.number().int().min(0).max(6).nullable().default(null),
    monthDay: z.coerce.number().int().min(1, "Enter a day from 1 to 31").max(31, "Enter a day from 1 to 31").nullable().default(null),
    format: z.enum(exportFormats).default("xlsx"),
    recipientUserIds: z.array(z.string().min(1).max(100)).max(50).default([]),
    recipientEmails: z.array(email).max(20, "At most 20 addresses").default([]),
    enabled: z.boolean().default(true),
  })
  .refine((s) => s.recipientUserIds.length + s.recipientEmails.length > 0, { path: ["recipientEmails"], message: "Add at least one recipient" })
  .refine((s) => s.frequency !== "weekly" || s.weekday !== null, { path: ["weekday"], message: "Choose a weekday" })
  .refine((s) => s.frequency !== "monthly" || s.monthDay !== null, { path: ["monthDay"], message: "Choose a day of the month" });

export type ScheduleFields = z.output<typeof scheduleFieldsSchema>;

/** Typed addresses from a text box: separated by commas, semicolons, spaces or lines; each checked. */
export function splitEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((part) => part.trim().toLowerCase()).filter(Boolean))];
}
