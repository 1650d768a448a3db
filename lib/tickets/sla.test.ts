import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  defaultSlaPolicies,
  defaultWeeklyHours,
  dueDates,
  formatMinutes,
  resumeClock,
  slaState,
  type SlaCalendar,
  type SlaClock,
} from "./sla";

/** Manila wall time (UTC+8, no DST). 2026-03-02 is a Monday; 2026-03-08 a Sunday. */
const mnl = (local: string) => new Date(`${local}:00+08:00`);
const manila: SlaCalendar = { timeZone: "Asia/Manila", weeklyHours: defaultWeeklyHours, holidays: [] };
const withHolidays = (...holidays: string[]): SlaCalendar => ({ ...manila, holidays });
const allDay: SlaCalendar = { ...manila, alwaysOpen: true, holidays: ["2026-03-02"] };
const hours = (o: string, c: string) => ({ open: o, close: c });
/** Wednesday has a zero-length day (opens and closes at 08:00): it counts as closed. */
const zeroWednesday: SlaCalendar = {
  ...manila,
  weeklyHours: defaultWeeklyHours.map((h, day) => (day === 3 ? hours("08:00", "08:00") : h)),
};
const midnightToMidnight: SlaCalendar = { ...manila, weeklyHours: Array.from({ length: 7 }, () => hours("00:00", "24:00")) };
const halfSaturday: SlaCalendar = { ...manila, weeklyHours: defaultWeeklyHours.map((h, day) => (day === 6 ? hours("08:00", "12:00") : h)) };
const newYork: SlaCalendar = { timeZone: "America/New_York", weeklyHours: defaultWeeklyHours, holidays: [] };

describe("addBusinessMinutes", () => {
  const cases: { name: string; start: Date; minutes: number; calendar: SlaCalendar; due: Date }[] = [
    { name: "inside hours", start: mnl("2026-03-02T09:00"), minutes: 60, calendar: manila, due: mnl("2026-03-02T10:00") },
    { name: "before opening counts from 08:00", start: mnl("2026-03-02T06:15"), minutes: 60, calendar: manila, due: mnl("2026-03-02T09:00") },
    {
      name: "after closing counts from tomorrow's opening",
      start: mnl("2026-03-02T18:00"),
      minutes: 60,
      calendar: manila,
      due: mnl("2026-03-03T09:00"),
    },
    {
      name: "a target ending at closing time is due at closing",
      start: mnl("2026-03-02T16:00"),
      minutes: 60,
      calendar: manila,
      due: mnl("2026-03-02T17:00"),
    },
    { name: "overnight", start: mnl("2026-03-02T16:30"), minutes: 60, calendar: manila, due: mnl("2026-03-03T08:30") },
    { name: "starting at closing time", start: mnl("2026-03-02T17:00"), minutes: 1, calendar: manila, due: mnl("2026-03-03T08:01") },
    { name: "Saturday to Monday over a closed Sunday", start: mnl("2026-03-07T16:00"), minutes: 120, calendar: manila, due: mnl("2026-03-09T09:00") },
    { name: "opened on a Sunday", start: mnl("2026-03-08T10:00"), minutes: 30, calendar: manila, due: mnl("2026-03-09T08:30") },
    { name: "a holiday is skipped", start: mnl("2026-03-02T16:30"), minutes: 60, calendar: withHolidays("2026-03-03"), due: mnl("2026-03-04T08:30") },
    { name: "opened on a holiday", start: mnl("2026-03-03T10:00"), minutes: 60, calendar: withHolidays("2026-03-03"), due: mnl("2026-03-04T09:00") },
    {
      name: "two holidays in a row then Sunday",
      start: mnl("2026-03-05T16:00"),
      minutes: 120,
      calendar: withHolidays("2026-03-06", "2026-03-07"),
      due: mnl("2026-03-09T09:00"),
    },
    { name: "24 business hours span several days", start: mnl("2026-03-02T08:00"), minutes: 1440, calendar: manila, due: mnl("2026-03-04T14:00") },
    { name: "72 business hours span a weekend", start: mnl("2026-03-06T10:00"), minutes: 4320, calendar: manila, due: mnl("2026-03-16T10:00") },
    {
      name: "72 business hours with a holiday on the way",
      start: mnl("2026-03-06T10:00"),
      minutes: 4320,
      calendar: withHolidays("2026-03-10"),
      due: mnl("2026-03-17T10:00"),
    },
    {
      name: "a zero-length day counts as closed",
      start: mnl("2026-03-03T16:30"),
      minutes: 60,
      calendar: zeroWednesday,
      due: mnl("2026-03-05T08:30"),
    },
    { name: "a half-day Saturday", start: mnl("2026-03-07T11:00"), minutes: 90, calendar: halfSaturday, due: mnl("2026-03-09T08:30") },
    {
      name: "00:00 to 24:00 every day runs through midnight",
      start: mnl("2026-03-02T23:30"),
      minutes: 60,
      calendar: midnightToMidnight,
      due: mnl("2026-03-03T00:30"),
    },
    { name: "24/7 runs through the night", start: mnl("2026-03-07T22:00"), minutes: 60, calendar: allDay, due: mnl("2026-03-07T23:00") },
    { name: "24/7 ignores Sundays and holidays", start: mnl("2026-03-01T23:30"), minutes: 240, calendar: allDay, due: mnl("2026-03-02T03:30") },
    {
      name: "zero minutes is the start itself, even out of hours",
      start: mnl("2026-03-08T03:00"),
      minutes: 0,
      calendar: manila,
      due: mnl("2026-03-08T03:00"),
    },
    {
      name: "another zone, across a daylight-saving change",
      start: new Date("2026-03-07T16:30:00-05:00"),
      minutes: 60,
      calendar: newYork,
      due: new Date("2026-03-09T08:30:00-04:00"),
    },
    {
      name: "UTC tenant",
      start: new Date("2026-03-02T16:45:00Z"),
      minutes: 30,
      calendar: { ...manila, timeZone: "UTC" },
      due: new Date("2026-03-03T08:15:00Z"),
    },
  ];
  it.each(cases)("$name", ({ start, minutes, calendar, due }) => {
    expect(addBusinessMinutes(start, minutes, calendar).toISOString()).toBe(due.toISOString());
  });

  it("refuses a calendar that is never open", () => {
    const closed: SlaCalendar = { ...manila, weeklyHours: Array.from({ length: 7 }, () => null) };
    expect(() => addBusinessMinutes(mnl("2026-03-02T09:00"), 60, closed)).toThrow(/no open hours/);
  });
});

describe("businessMinutesBetween", () => {
  const cases: { name: string; from: Date; to: Date; calendar: SlaCalendar; minutes: number }[] = [
    { name: "inside one day", from: mnl("2026-03-02T09:00"), to: mnl("2026-03-02T10:30"), calendar: manila, minutes: 90 },
    { name: "across a night", from: mnl("2026-03-02T16:00"), to: mnl("2026-03-03T09:00"), calendar: manila, minutes: 120 },
    { name: "across Sunday", from: mnl("2026-03-07T16:00"), to: mnl("2026-03-09T09:00"), calendar: manila, minutes: 120 },
    { name: "entirely out of hours", from: mnl("2026-03-02T18:00"), to: mnl("2026-03-03T07:59"), calendar: manila, minutes: 0 },
    { name: "across a holiday", from: mnl("2026-03-02T16:00"), to: mnl("2026-03-04T09:00"), calendar: withHolidays("2026-03-03"), minutes: 120 },
    { name: "a whole week", from: mnl("2026-03-02T00:00"), to: mnl("2026-03-09T00:00"), calendar: manila, minutes: 6 * 540 },
    { name: "reversed is zero", from: mnl("2026-03-03T09:00"), to: mnl("2026-03-02T09:00"), calendar: manila, minutes: 0 },
    { name: "24/7 counts wall minutes", from: mnl("2026-03-07T22:00"), to: mnl("2026-03-08T01:30"), calendar: allDay, minutes: 210 },
    {
      name: "fractions of a minute are kept",
      from: mnl("2026-03-02T09:00"),
      to: new Date(+mnl("2026-03-02T09:01") + 30_000),
      calendar: manila,
      minutes: 1.5,
    },
  ];
  it.each(cases)("$name", ({ from, to, calendar, minutes }) => {
    expect(businessMinutesBetween(from, to, calendar)).toBeCloseTo(minutes, 6);
  });

  it("undoes addBusinessMinutes from any start", () => {
    for (const calendar of [manila, withHolidays("2026-03-03", "2026-03-10"), zeroWednesday, halfSaturday, allDay]) {
      for (const start of [mnl("2026-03-02T07:00"), mnl("2026-03-02T12:34"), mnl("2026-03-06T16:59"), mnl("2026-03-08T12:00")]) {
        for (const minutes of [1, 59, 540, 541, 1440, 4320]) {
          const due = addBusinessMinutes(start, minutes, calendar);
          expect(businessMinutesBetween(start, due, calendar)).toBeCloseTo(minutes, 6);
        }
      }
    }
  });
});

describe("due dates", () => {
  it("a normal ticket opened late on Saturday is due for a first response on Monday", () => {
    const due = dueDates(mnl("2026-03-07T15:30"), defaultSlaPolicies.normal, manila);
    // 90 minutes on Saturday, the other 150 from Monday 08:00.
    expect(due.firstResponseDueAt).toEqual(mnl("2026-03-09T10:30"));
    expect(due.resolutionDueAt).toEqual(addBusinessMinutes(mnl("2026-03-07T15:30"), 1440, manila));
  });

  it("an urgent (24/7) ticket opened on Sunday night is due within the hour", () => {
    const due = dueDates(mnl("2026-03-08T23:00"), defaultSlaPolicies.urgent, manila);
    expect(due.firstResponseDueAt).toEqual(mnl("2026-03-09T00:00"));
    expect(due.resolutionDueAt).toEqual(mnl("2026-03-09T03:00"));
  });

  it("time already spent waiting on the customer pushes the due dates", () => {
    const due = dueDates(mnl("2026-03-02T09:00"), defaultSlaPolicies.high, manila, 60);
    expect(due.firstResponseDueAt).toEqual(mnl("2026-03-02T12:00"));
  });
});

const clockOf = (over: Partial<SlaClock>): SlaClock => ({
  firstResponseDueAt: null,
  resolutionDueAt: null,
  firstRespondedAt: null,
  pausedAt: null,
  pausedMinutes: 0,
  resolvedAt: null,
  closedAt: null,
  firstResponseBreached: false,
  resolutionBreached: false,
  ...over,
});

describe("pause and resume", () => {
  it("paused across closing time: the due date moves by the business minutes spent waiting", () => {
    // Opened Monday 15:00 (normal): first response due Tuesday 10:00. Waiting from Monday 16:00 to Tuesday 09:00 = 120 business minutes.
    const clock = clockOf({
      firstResponseDueAt: mnl("2026-03-03T10:00"),
      resolutionDueAt: mnl("2026-03-05T15:00"),
      pausedAt: mnl("2026-03-02T16:00"),
    });
    const resumed = resumeClock(clock, mnl("2026-03-03T09:00"), manila);
    expect(resumed.firstResponseDueAt).toEqual(mnl("2026-03-03T12:00"));
    expect(resumed.resolutionDueAt).toEqual(addBusinessMinutes(mnl("2026-03-05T15:00"), 120, manila));
    expect(resumed.pausedMinutes).toBe(120);
    expect(resumed.moved).toEqual(["first_response", "resolution"]);
  });

  it("a pause entirely outside business hours moves nothing", () => {
    const clock = clockOf({ resolutionDueAt: mnl("2026-03-04T10:00"), pausedAt: mnl("2026-03-02T18:00"), pausedMinutes: 15 });
    const resumed = resumeClock(clock, mnl("2026-03-03T07:30"), manila);
    expect(resumed.resolutionDueAt).toEqual(mnl("2026-03-04T10:00"));
    expect(resumed.pausedMinutes).toBe(15);
    expect(resumed.moved).toEqual([]);
  });

  it("a met first response and an already missed target keep their due dates", () => {
    const clock = clockOf({
      firstResponseDueAt: mnl("2026-03-02T10:00"),
      firstRespondedAt: mnl("2026-03-02T09:30"),
      resolutionDueAt: mnl("2026-03-02T11:00"),
      pausedAt: mnl("2026-03-02T12:00"),
    });
    const resumed = resumeClock(clock, mnl("2026-03-02T14:00"), manila);
    expect(resumed.firstResponseDueAt).toEqual(mnl("2026-03-02T10:00"));
    expect(resumed.resolutionDueAt).toEqual(mnl("2026-03-02T11:00"));
    expect(resumed.pausedMinutes).toBe(120);
  });

  it("a 24/7 clock counts the night it waited", () => {
    const clock = clockOf({ resolutionDueAt: mnl("2026-03-02T23:00"), pausedAt: mnl("2026-03-02T21:00") });
    expect(resumeClock(clock, mnl("2026-03-03T01:00"), allDay).resolutionDueAt).toEqual(mnl("2026-03-03T03:00"));
  });
});

describe("slaState", () => {
  const due = mnl("2026-03-02T12:00");
  const running = clockOf({ firstResponseDueAt: due, resolutionDueAt: mnl("2026-03-03T12:00") });
  const cases: { name: string; clock: SlaClock; now: Date; status: string; remaining: number | null; warn?: number }[] = [
    { name: "running with time to spare", clock: running, now: mnl("2026-03-02T10:00"), status: "running", remaining: 120 },
    { name: "at risk within the warning window", clock: running, now: mnl("2026-03-02T11:45"), status: "at_risk", remaining: 15, warn: 30 },
    { name: "at the edge of the warning window", clock: running, now: mnl("2026-03-02T11:30"), status: "at_risk", remaining: 30, warn: 30 },
    { name: "breached exactly at the due instant", clock: running, now: due, status: "breached", remaining: 0 },
    { name: "breached and overdue by 45 minutes", clock: running, now: mnl("2026-03-02T12:45"), status: "breached", remaining: -45 },
    {
      name: "met one second before the due instant",
      clock: { ...running, firstRespondedAt: new Date(+due - 1000) },
      now: mnl("2026-03-02T15:00"),
      status: "met",
      remaining: null,
    },
    {
      name: "answered at the due instant is a breach",
      clock: { ...running, firstRespondedAt: due },
      now: mnl("2026-03-02T15:00"),
      status: "breached",
      remaining: null,
    },
    {
      name: "resolving answers the customer",
      clock: { ...running, resolvedAt: mnl("2026-03-02T11:00") },
      now: mnl("2026-03-02T15:00"),
      status: "met",
      remaining: null,
    },
    {
      name: "paused keeps its remaining time",
      clock: { ...running, pausedAt: mnl("2026-03-02T11:00") },
      now: mnl("2026-03-02T16:00"),
      status: "paused",
      remaining: 60,
    },
    {
      name: "paused after the due time stays breached",
      clock: { ...running, pausedAt: mnl("2026-03-02T12:30") },
      now: mnl("2026-03-02T16:00"),
      status: "breached",
      remaining: -30,
    },
    {
      name: "flagged by the checker stays breached",
      clock: { ...running, firstResponseBreached: true },
      now: mnl("2026-03-02T10:00"),
      status: "breached",
      remaining: 0,
    },
    { name: "no target", clock: clockOf({}), now: mnl("2026-03-02T10:00"), status: "none", remaining: null },
  ];
  it.each(cases)("first response: $name", ({ clock, now, status, remaining, warn }) => {
    const state = slaState(clock, now, { warnBeforeMinutes: warn });
    expect(state.firstResponse.status).toBe(status);
    expect(state.firstResponse.remainingMinutes).toBe(remaining);
  });

  it("with the calendar, remaining time is in business minutes", () => {
    const clock = clockOf({ resolutionDueAt: mnl("2026-03-03T09:00") });
    expect(slaState(clock, mnl("2026-03-02T16:30")).resolution.remainingMinutes).toBe(990);
    const state = slaState(clock, mnl("2026-03-02T16:30"), { calendar: manila, warnBeforeMinutes: 60 });
    expect(state.resolution).toEqual({ dueAt: mnl("2026-03-03T09:00"), status: "running", remainingMinutes: 90 });
    expect(slaState(clock, mnl("2026-03-02T16:30"), { calendar: manila, warnBeforeMinutes: 90 }).resolution.status).toBe("at_risk");
  });

  it("resolution is met by resolving or closing before its due time", () => {
    const clock = clockOf({ resolutionDueAt: mnl("2026-03-03T09:00"), closedAt: mnl("2026-03-03T08:59") });
    expect(slaState(clock, mnl("2026-03-05T09:00")).resolution.status).toBe("met");
    expect(slaState({ ...clock, closedAt: mnl("2026-03-03T09:01") }, mnl("2026-03-05T09:00")).resolution.status).toBe("breached");
  });
});

describe("helpers", () => {
  it.each([
    [0, "0 min"],
    [45, "45 min"],
    [60, "1 h"],
    [125, "2 h 5 min"],
    [1440, "1 d"],
    [-1500, "1 d 1 h"],
  ])("formats %i minutes as %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });
});
