import { describe, expect, it } from "vitest";
import { buildHeatmap, heatmapRange, localWeekdayHour, type HourlySample } from "./heatmap";

const MANILA = "Asia/Manila";
/** Bytes in an hour at an average of `mbps`. */
const hourAt = (mbps: number) => (mbps * 1e6 * 3600) / 8;
const sample = (bucket: string, rxMbps: number, txMbps = 0): HourlySample => ({
  bucket: new Date(bucket),
  rxBytes: hourAt(rxMbps),
  txBytes: hourAt(txMbps),
});

describe("localWeekdayHour: the ISP's wall clock (Manila, UTC+8 all year, no daylight saving)", () => {
  it.each([
    ["2026-11-29T15:00:00Z", "Sun 23:00", 6, 23],
    ["2026-11-29T16:00:00Z", "Mon 00:00", 0, 0],
    ["2026-11-30T03:00:00Z", "Mon 11:00", 0, 11],
    ["2026-11-30T15:00:00Z", "Mon 23:00, the last hour of November", 0, 23],
    ["2026-11-30T16:00:00Z", "Tue 00:00, the first hour of December", 1, 0],
    ["2026-12-05T16:00:00Z", "Sun 00:00", 6, 0],
    ["2027-03-14T10:00:00Z", "Sun 18:00 (a US daylight-saving day changes nothing here)", 6, 18],
  ])("%s is %s", (instant, _, weekday, hour) => {
    expect(localWeekdayHour(new Date(instant), MANILA)).toEqual({ weekday, hour });
  });
});

describe("buildHeatmap", () => {
  it("puts each hour in its Manila weekday × hour cell across a week and a month boundary", () => {
    const heatmap = buildHeatmap(
      [
        sample("2026-11-29T15:00:00Z", 10),
        sample("2026-11-30T15:00:00Z", 20),
        sample("2026-11-30T16:00:00Z", 30),
        sample("2026-12-01T16:00:00Z", 40),
      ],
      { timeZone: MANILA },
    );
    const filled = heatmap.cells.flat().filter((cell) => cell.hours > 0);
    expect(filled.map((cell) => [cell.weekday, cell.hour, Math.round(cell.avgBps! / 1e6)])).toEqual([
      [0, 23, 20], // Mon 23:00 (30 Nov)
      [1, 0, 30], // Tue 00:00 (1 Dec)
      [2, 0, 40], // Wed 00:00
      [6, 23, 10], // Sun 23:00
    ]);
    expect(heatmap.cells).toHaveLength(7);
    expect(heatmap.cells.every((row) => row.length === 24)).toBe(true);
  });

  it("averages the weeks' hours of a cell, keeps their peak, and takes the busier direction of each hour", () => {
    // Four Mondays 20:00 in Manila (12:00 UTC): download-heavy at 40, 60, 80 and upload-heavy at 100 Mbps.
    const heatmap = buildHeatmap(
      [
        sample("2026-11-09T12:00:00Z", 5, 40),
        sample("2026-11-16T12:00:00Z", 5, 60),
        sample("2026-11-23T12:00:00Z", 5, 80),
        sample("2026-11-30T12:00:00Z", 100, 1),
      ],
      { timeZone: MANILA, capacityBps: 200e6 },
    );
    const cell = heatmap.cells[0][20];
    expect(cell.hours).toBe(4);
    expect(cell.avgBps).toBeCloseTo(70e6, 3);
    expect(cell.peakBps).toBeCloseTo(100e6, 3);
    expect(cell.percent).toBeCloseTo(35, 6);
    expect(heatmap.maxAvgBps).toBeCloseTo(70e6, 3);
  });

  it("leaves hours without data unknown rather than zero, and has no percentage without a capacity", () => {
    const heatmap = buildHeatmap([sample("2026-11-30T12:00:00Z", 8), sample("2026-11-23T12:00:00Z", 0)], { timeZone: MANILA });
    expect(heatmap.cells[0][20]).toMatchObject({ hours: 2, percent: null });
    expect(heatmap.cells[0][20].avgBps).toBeCloseTo(4e6, 3);
    expect(heatmap.cells[0][21]).toEqual({ weekday: 0, hour: 21, hours: 0, avgBps: null, peakBps: null, percent: null });
  });

  it("keeps a link busier than its capacity above 100 %", () => {
    expect(buildHeatmap([sample("2026-11-30T12:00:00Z", 120)], { timeZone: MANILA, capacityBps: 100e6 }).cells[0][20].percent).toBeCloseTo(120, 6);
  });
});

describe("heatmapRange", () => {
  it("is the four whole weeks before today in the ISP's days", () => {
    // 01:30 on Tuesday 1 December in Manila.
    const { from, to } = heatmapRange(MANILA, new Date("2026-11-30T17:30:00Z"));
    expect([from.toISOString(), to.toISOString()]).toEqual(["2026-11-02T16:00:00.000Z", "2026-11-30T16:00:00.000Z"]);
  });
});
