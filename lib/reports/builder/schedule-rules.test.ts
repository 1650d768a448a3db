import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { addDays, addMonths, daysInMonth, firstDayOf, monthOf } from "@/lib/core/calendar";
import { localDate, zonedInstant } from "@/lib/core/time-zones";
import { nextRunAfter, periodOf, scheduleFieldsSchema, splitEmails, type ScheduleTiming } from "./schedule-rules";

const MANILA = "Asia/Manila";
const HOUR = 3_600_000;
// Every instant is built from the clock's own day in Manila, so the cases hold whenever they run.
const today = localDate(clock.now(), MANILA);
const at = (date: string, hhmm: string, zone = MANILA) => new Date(zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), zone));
const daily: ScheduleTiming = { frequency: "daily", timeOfDay: "07:00", weekday: null, monthDay: null };

describe("schedule due-ness", () => {
  it("daily at 07:00 Manila: later today before seven, tomorrow after it; 07:00 Manila is 23:00 UTC the day before", () => {
    expect(nextRunAfter(daily, MANILA, at(today, "06:59"))).toEqual(at(today, "07:00"));
    expect(nextRunAfter(daily, MANILA, at(today, "07:00"))).toEqual(at(addDays(today, 1), "07:00"));
    expect(at(today, "07:00").getTime() - at(today, "07:00", "UTC").getTime()).toBe(-8 * HOUR);
    expect(periodOf(daily, MANILA, at(today, "07:00"))).toBe(today);
  });

  it("Manila has no daylight saving: a year of daily runs is always 24 hours apart", () => {
    let run = nextRunAfter(daily, MANILA, clock.now());
    for (let i = 0; i < 366; i++) {
      const next = nextRunAfter(daily, MANILA, run);
      expect(next.getTime() - run.getTime()).toBe(24 * HOUR);
      run = next;
    }
  });

  it("weekly on a weekday: the next such day, a week apart, period named by its day", () => {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 3) % 7;
    const weekly: ScheduleTiming = { frequency: "weekly", timeOfDay: "18:30", weekday, monthDay: null };
    const first = nextRunAfter(weekly, MANILA, at(today, "00:00"));
    expect(localDate(first, MANILA)).toBe(addDays(today, 3));
    expect(nextRunAfter(weekly, MANILA, first).getTime() - first.getTime()).toBe(7 * 24 * HOUR);
    expect(periodOf(weekly, MANILA, first)).toBe(`week-${addDays(today, 3)}`);
  });

  it("monthly on the 31st sends on each month's last day, and on the 31st when the month has one", () => {
    const monthly: ScheduleTiming = { frequency: "monthly", timeOfDay: "08:00", weekday: null, monthDay: 31 };
    let after = at(firstDayOf(monthOf(today)), "00:00");
    for (let i = 0; i < 14; i++) {
      const month = addMonths(monthOf(today), i);
      const [y, m] = month.split("-").map(Number);
      const run = nextRunAfter(monthly, MANILA, after);
      expect(localDate(run, MANILA)).toBe(`${month}-${String(daysInMonth(y, m)).padStart(2, "0")}`);
      expect(periodOf(monthly, MANILA, run)).toBe(month);
      after = run;
    }
  });

  it("monthly on the 1st at 00:30 Manila falls on the previous UTC day, and its period is the Manila month", () => {
    const monthly: ScheduleTiming = { frequency: "monthly", timeOfDay: "00:30", weekday: null, monthDay: 1 };
    const nextMonth = addMonths(monthOf(today), 1);
    const run = nextRunAfter(monthly, MANILA, at(addDays(firstDayOf(nextMonth), -1), "12:00"));
    expect(run).toEqual(at(firstDayOf(nextMonth), "00:30"));
    expect(run.toISOString().slice(0, 10)).toBe(addDays(firstDayOf(nextMonth), -1));
    expect(periodOf(monthly, MANILA, run)).toBe(nextMonth);
  });
});

describe("schedule form", () => {
  const base = { reportId: "7b0c8e2e-3a4e-4a51-9a59-2f0a3e8f0c11", frequency: "daily", timeOfDay: "07:00" };
  it("needs a recipient, a valid time, a weekday for weekly and a day for monthly", () => {
    const errors = (input: object) => scheduleFieldsSchema.safeParse({ ...base, ...input }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(errors({})).toEqual(["recipientEmails: Add at least one recipient"]);
    expect(errors({ recipientEmails: ["not-an-address"] })).toEqual(["recipientEmails.0: Enter a valid email address"]);
    expect(errors({ recipientEmails: ["a@b.ph"], timeOfDay: "25:00" })).toEqual(["timeOfDay: Enter a time like 07:00"]);
    expect(errors({ recipientEmails: ["a@b.ph"], frequency: "weekly" })).toEqual(["weekday: Choose a weekday"]);
    expect(errors({ recipientEmails: ["a@b.ph"], frequency: "monthly" })).toEqual(["monthDay: Choose a day of the month"]);
    expect(errors({ recipientEmails: ["a@b.ph"] })).toBeUndefined();
  });
  it("splits typed addresses on commas, semicolons and spaces, once each", () => {
    expect(splitEmails("a@b.ph, C@d.ph;\na@b.ph  e@f.ph")).toEqual(["a@b.ph", "c@d.ph", "e@f.ph"]);
  });
});
