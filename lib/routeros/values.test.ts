import { describe, expect, it } from "vitest";
import {
  formatDuration,
  isRouterId,
  parseBool,
  parseCounter,
  parseDuration,
  parseRate,
  parseRatePair,
  parseRouterDate,
  parseVersion,
  routerDateToDate,
  versionAtLeast,
} from "./values";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const w = 7 * d;

describe("parseDuration", () => {
  it.each([
    ["1w2d3h4m5s", w + 2 * d + 3 * h + 4 * m + 5 * s],
    ["1w23h7m5s", w + 23 * h + 7 * m + 5 * s],
    ["2d20h12m20s", 2 * d + 20 * h + 12 * m + 20 * s],
    ["34m41s", 34 * m + 41 * s],
    ["0s", 0],
    ["5m", 5 * m],
    ["1d", d],
    ["10ms", 10],
    ["453us", 0.453],
    ["1s500ms", 1500],
    ["00:05:00", 5 * m],
    ["01:22:53", h + 22 * m + 53 * s],
    ["1d02:03:04", d + 2 * h + 3 * m + 4 * s],
    ["30", 30 * s],
    ["none", null],
  ])("%s → %s ms", (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it.each(["", "1x", "m5", "5m4h", "1:2", "never"])("rejects %j", (text) => {
    expect(() => parseDuration(text)).toThrow(RangeError);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [w + 2 * d + 3 * h + 4 * m + 5 * s, "1w2d3h4m5s"],
    [w + 23 * h + 7 * m + 5 * s, "1w23h7m5s"],
    [34 * m + 41 * s, "34m41s"],
    [10, "10ms"],
    [0.453, "453us"],
    [1500, "1s500ms"],
    [null, "none"],
  ])("%s → %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it("round-trips through parseDuration", () => {
    for (const text of ["1w2d3h4m5s", "34m41s", "0s", "453us", "10ms", "none", "3d7s"]) {
      expect(formatDuration(parseDuration(text))).toBe(text);
    }
  });
});

describe("rates", () => {
  it.each([
    ["10M", 10_000_000],
    ["512k", 512_000],
    ["1G", 1_000_000_000],
    ["300000000", 300_000_000],
    ["1.5M", 1_500_000],
    ["0", 0],
  ])("parseRate(%s) = %s", (text, expected) => {
    expect(parseRate(text)).toBe(expected);
  });

  it.each(["", "10X", "-1M", "M", "10 M"])("parseRate rejects %j", (text) => {
    expect(() => parseRate(text)).toThrow(RangeError);
  });

  it("reads pairs as upload/download", () => {
    expect(parseRatePair("10M/5M")).toEqual({ upload: 10_000_000, download: 5_000_000 });
    expect(parseRatePair("300000000/150000000")).toEqual({ upload: 300_000_000, download: 150_000_000 });
    expect(parseRatePair("512k/1M")).toEqual({ upload: 512_000, download: 1_000_000 });
    expect(parseRatePair("2M")).toEqual({ upload: 2_000_000, download: 2_000_000 });
    expect(() => parseRatePair("1M/2M/3M")).toThrow(RangeError);
  });
});

describe("flags, counters and ids", () => {
  it.each([
    ["true", true],
    ["yes", true],
    ["false", false],
    ["no", false],
  ])("parseBool(%s) = %s", (text, expected) => {
    expect(parseBool(text)).toBe(expected);
  });

  it("rejects other enum values", () => {
    expect(() => parseBool("default")).toThrow(RangeError);
    expect(() => parseBool("True")).toThrow(RangeError);
  });

  it("reads 64-bit counters without losing precision", () => {
    expect(parseCounter("18446744073709551615")).toBe(18446744073709551615n);
    expect(() => parseCounter("12/34")).toThrow(RangeError);
  });

  it.each([
    ["*1", true],
    ["*1A", true],
    ["*8000001C", true],
    ["1A", false],
    ["*1a", false],
    ["*", false],
    ["08123456789", false],
  ])("isRouterId(%s) = %s", (text, expected) => {
    expect(isRouterId(text)).toBe(expected);
  });
});

describe("parseRouterDate", () => {
  it.each([
    ["2023-07-14 19:24:07", { year: 2023, month: 7, day: 14, hour: 19, minute: 24, second: 7 }],
    ["jul/14/2023 19:13:29", { year: 2023, month: 7, day: 14, hour: 19, minute: 13, second: 29 }],
    ["Dec/04/2020 14:19:51", { year: 2020, month: 12, day: 4, hour: 14, minute: 19, second: 51 }],
    ["JAN/01/1970 00:00:00", { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 }],
    ["2024-10-10", { year: 2024, month: 10, day: 10, hour: 0, minute: 0, second: 0 }],
  ])("%s", (text, expected) => {
    expect(parseRouterDate(text)).toEqual(expected);
  });

  it.each(["14/07/2023 19:13:29", "foo/14/2023 19:13:29", "2023-13-01 00:00:00", "2023-07-14T19:24:07", "never"])("rejects %j", (text) => {
    expect(() => parseRouterDate(text)).toThrow(RangeError);
  });

  it("turns local fields into an instant with the router's UTC offset", () => {
    const date = routerDateToDate(parseRouterDate("2023-07-14 19:24:07"), 7 * 60);
    expect(date.toISOString()).toBe("2023-07-14T12:24:07.000Z");
  });
});

describe("parseVersion", () => {
  it.each([
    ["7.16.1 (stable)", { major: 7, minor: 16, patch: 1, channel: "stable" }],
    ["6.49.10 (long-term)", { major: 6, minor: 49, patch: 10, channel: "long-term" }],
    ["7.18", { major: 7, minor: 18, patch: 0 }],
    ["7.19rc2 (testing)", { major: 7, minor: 19, patch: 0, prerelease: "rc2", channel: "testing" }],
  ])("%s", (text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });

  it("rejects garbage", () => {
    expect(() => parseVersion("seven")).toThrow(RangeError);
  });

  it("compares for feature gates", () => {
    expect(versionAtLeast(parseVersion("7.18"), 7, 18)).toBe(true);
    expect(versionAtLeast(parseVersion("7.17.2"), 7, 18)).toBe(false);
    expect(versionAtLeast(parseVersion("6.45.1"), 6, 43)).toBe(true);
    expect(versionAtLeast(parseVersion("6.43"), 6, 45, 1)).toBe(false);
    expect(versionAtLeast(parseVersion("8.0"), 7, 18)).toBe(true);
  });
});
