import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, isTimeZone, localDate, timeZoneOrDefault, zonedInstant } from "@/lib/core/time-zones";

describe("time zones", () => {
  it("reads the local date in a zone", () => {
    expect(localDate(new Date("2026-03-01T16:30:00Z"), "Asia/Manila")).toBe("2026-03-02");
    expect(localDate(new Date("2026-03-01T16:30:00Z"), "UTC")).toBe("2026-03-01");
  });

  it("finds the instant a wall clock shows a local time, across a DST change", () => {
    expect(new Date(zonedInstant("2026-03-02", 8 * 60, "Asia/Manila")).toISOString()).toBe("2026-03-02T00:00:00.000Z");
    expect(new Date(zonedInstant("2026-03-02", 1440, "Asia/Manila")).toISOString()).toBe("2026-03-02T16:00:00.000Z");
    // New York moves from UTC-5 to UTC-4 at 02:00 on 2026-03-08.
    expect(new Date(zonedInstant("2026-03-07", 9 * 60, "America/New_York")).toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(new Date(zonedInstant("2026-03-08", 9 * 60, "America/New_York")).toISOString()).toBe("2026-03-08T13:00:00.000Z");
  });

  it("knows IANA zone names and falls back to the default for anything else", () => {
    expect(isTimeZone("Asia/Singapore")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(timeZoneOrDefault("UTC")).toBe("UTC");
    expect(timeZoneOrDefault("Mars/Olympus_Mons")).toBe(DEFAULT_TIME_ZONE);
    expect(timeZoneOrDefault("")).toBe(DEFAULT_TIME_ZONE);
    expect(timeZoneOrDefault(null)).toBe(DEFAULT_TIME_ZONE);
  });
});
