import { describe, expect, it } from "vitest";
import { describePeriod, monthRange, periodRange, rollupSegments, type Period } from "./periods";

const MANILA = "Asia/Manila";
const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString();

describe("periodRange: periods in the ISP's time zone, never past now", () => {
  // 01:30 on Tuesday 1 December 2026 in Manila is still 30 November in UTC.
  const now = new Date("2026-11-30T17:30:00Z");
  it.each<[Period, string, string]>([
    [{ kind: "today" }, "2026-11-30T16:00:00.000Z", "2026-11-30T17:30:00.000Z"],
    [{ kind: "7d" }, "2026-11-24T16:00:00.000Z", "2026-11-30T17:30:00.000Z"],
    [{ kind: "30d" }, "2026-11-01T16:00:00.000Z", "2026-11-30T17:30:00.000Z"],
    [{ kind: "month" }, "2026-11-30T16:00:00.000Z", "2026-11-30T17:30:00.000Z"],
    [{ kind: "month", month: "2026-11" }, "2026-10-31T16:00:00.000Z", "2026-11-30T16:00:00.000Z"],
    [{ kind: "month", month: "2027-01" }, "2026-12-31T16:00:00.000Z", "2026-11-30T17:30:00.000Z"],
  ])("%o → [%s, %s)", (period, from, to) => {
    const range = periodRange(period, MANILA, now);
    expect([iso(range.from), iso(range.to)]).toEqual([from, to]);
  });

  it("follows the zone's daylight saving for a month's bounds (New York, March 2027)", () => {
    const { from, to } = monthRange("2027-03", "America/New_York");
    expect([iso(from), iso(to)]).toEqual(["2027-03-01T05:00:00.000Z", "2027-04-01T04:00:00.000Z"]);
  });

  it("names the period for titles", () => {
    expect(describePeriod({ kind: "7d" }, MANILA, now)).toBe("the last 7 days");
    expect(describePeriod({ kind: "month", month: "2026-11" }, MANILA, now)).toBe("Nov 2026");
  });
});

describe("rollupSegments: whole UTC days from daily rows, the ragged ends from hourly rows", () => {
  const now = new Date("2026-11-30T17:30:00Z");
  const hourly = 90 * DAY;
  const segments = (from: string, to: string, at = now) =>
    rollupSegments({ from: new Date(from), to: new Date(to) }, at, hourly).map((s) => `${s.resolution} ${iso(s.from)} ${iso(s.to)}`);

  it.each([
    [
      "30 days in Manila up to now: 8 hours before the first UTC midnight, then whole days, today's (partial) daily row included",
      "2026-11-01T16:00:00Z",
      "2026-11-30T17:30:00Z",
      ["1h 2026-11-01T16:00:00.000Z 2026-11-02T00:00:00.000Z", "1d 2026-11-02T00:00:00.000Z 2026-12-01T00:00:00.000Z"],
    ],
    [
      "a past Manila month: its last 16 hours from hourly rows",
      "2026-09-30T16:00:00Z",
      "2026-10-31T16:00:00Z",
      [
        "1h 2026-09-30T16:00:00.000Z 2026-10-01T00:00:00.000Z",
        "1d 2026-10-01T00:00:00.000Z 2026-10-31T00:00:00.000Z",
        "1h 2026-10-31T00:00:00.000Z 2026-10-31T16:00:00.000Z",
      ],
    ],
    [
      "today, inside the UTC day that is now: today's daily row",
      "2026-11-30T00:00:00Z",
      "2026-11-30T17:30:00Z",
      ["1d 2026-11-30T00:00:00.000Z 2026-12-01T00:00:00.000Z"],
    ],
    [
      "today in Manila: the evening hours of yesterday's UTC day, then today's daily row",
      "2026-11-30T16:00:00Z",
      "2026-11-30T17:30:00Z",
      ["1h 2026-11-30T16:00:00.000Z 2026-11-30T18:00:00.000Z"],
    ],
    [
      "across one UTC midnight without a whole day: hours",
      "2026-11-29T16:00:00Z",
      "2026-11-30T16:00:00Z",
      ["1h 2026-11-29T16:00:00.000Z 2026-11-30T16:00:00.000Z"],
    ],
    ["a UTC-aligned range: days only", "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z", ["1d 2026-11-01T00:00:00.000Z 2026-11-03T00:00:00.000Z"]],
    ["an empty range", "2026-11-30T17:00:00Z", "2026-11-30T17:00:00Z", []],
  ])("%s", (_, from, to, expected) => {
    expect(segments(from, to)).toEqual(expected);
  });

  it("reads today in Manila late in the morning as yesterday evening's hours and today's daily row", () => {
    expect(segments("2026-11-30T16:00:00Z", "2026-12-01T03:00:00Z", new Date("2026-12-01T03:00:00Z"))).toEqual([
      "1h 2026-11-30T16:00:00.000Z 2026-12-01T00:00:00.000Z",
      "1d 2026-12-01T00:00:00.000Z 2026-12-02T00:00:00.000Z",
    ]);
  });

  it("reads a month older than the hourly rows' retention by whole UTC days", () => {
    expect(segments("2026-05-31T16:00:00Z", "2026-06-30T16:00:00Z")).toEqual(["1d 2026-05-31T00:00:00.000Z 2026-07-01T00:00:00.000Z"]);
    // Hours are kept for 90 days: back to 2026-09-01T17:30Z.
    expect(segments("2026-09-10T16:00:00Z", "2026-09-11T02:00:00Z")).toEqual(["1h 2026-09-10T16:00:00.000Z 2026-09-11T02:00:00.000Z"]);
    expect(segments("2026-05-31T16:00:00Z", "2026-06-01T02:00:00Z")).toEqual(["1d 2026-05-31T00:00:00.000Z 2026-06-02T00:00:00.000Z"]);
  });
});
