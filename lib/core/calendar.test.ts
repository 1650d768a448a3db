import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysInclusive, daysInMonth, isCalendarDate, monthAnchor, monthLabel, monthsEnding, todayIn } from "@/lib/core/calendar";

describe("calendar dates", () => {
  it.each([
    ["2026-11-13", true],
    ["2028-02-29", true],
    ["9998-12-31", true],
    ["2026-02-29", false],
    ["2026-02-30", false],
    ["2026-99-99", false],
    ["0000-00-00", false],
    ["0099-12-31", false],
    ["9999-12-31", false],
    ["2026-1-5", false],
    ["2026-11-13T00:00", false],
    ["", false],
  ])("knows whether %s is a day it can count with (%s)", (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(() => addDays("2026-1-5", 1)).toThrow(RangeError);
  });

  it("counts days with both ends included, never below zero", () => {
    expect(daysInclusive("2026-11-01", "2026-11-30")).toBe(30);
    expect(daysInclusive("2026-11-05", "2026-11-05")).toBe(1);
    expect(daysInclusive("2026-11-05", "2026-11-04")).toBe(0);
    expect(daysInMonth(2028, 2)).toBe(29);
  });

  it.each([
    ["2026-01-31", 1, 31, "2026-02-28"],
    ["2028-01-31", 1, 31, "2028-02-29"],
    ["2026-01-31", 2, 31, "2026-03-31"],
    ["2026-11-15", -11, 15, "2025-12-15"],
  ])("%s moved %d months on day %d is %s (clamped to the month)", (date, months, day, expected) => {
    expect(monthAnchor(date, months, day)).toBe(expected);
  });

  it.each`
    instant                   | today
    ${"2026-11-30T15:59:59Z"} | ${"2026-11-30"}
    ${"2026-11-30T16:00:00Z"} | ${"2026-12-01"}
    ${"2026-12-31T16:00:00Z"} | ${"2027-01-01"}
  `("Asia/Manila midnight: $instant is $today", ({ instant, today }) => {
    expect(todayIn("Asia/Manila", new Date(instant))).toBe(today);
  });
});

describe("months", () => {
  it.each([
    ["2026-11", 1, "2026-12"],
    ["2026-12", 1, "2027-01"],
    ["2026-01", -1, "2025-12"],
    ["2026-11", -11, "2025-12"],
    ["2026-11", -24, "2024-11"],
  ])("%s %+d months is %s", (month, n, expected) => {
    expect(addMonths(month, n)).toBe(expected);
  });

  it("lists the last twelve months oldest first, with labels", () => {
    expect(monthsEnding("2026-02", 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(monthLabel("2026-02")).toBe("Feb 2026");
    expect(monthLabel("2026-02", "short")).toBe("Feb");
  });
});
