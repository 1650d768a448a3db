/*
 * Utilisation by hour of day × weekday in the ISP's time zone, from hourly rollups: each hour's rate is its busier
 * direction (bytes × 8 / 3600), a cell is the average of the hours that fall in it (hours without rows are not
 * counted as zero: they are unknown) and its peak; as a percentage of the link's capacity when one is known. Pure.
 */
import { addDays, todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import type { Range } from "./periods";

/** Rows Monday first, as an ISP's week of work reads. */
export const weekdayLabels = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const HEATMAP_WEEKS = 4;

export type HourlySample = { bucket: Date; rxBytes: number; txBytes: number };

export type HeatmapCell = {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  hour: number;
  /** Hours with data in this cell (4 when every week had its hour). */
  hours: number;
  /** Average and highest hourly rate, bits per second; null without data. */
  avgBps: number | null;
  peakBps: number | null;
  /** The average as a percentage of the capacity, when the capacity is known. */
  percent: number | null;
};

export type Heatmap = { cells: HeatmapCell[][]; capacityBps: number | null; maxAvgBps: number };

const parts = new Map<string, Intl.DateTimeFormat>();
const weekdayIndex: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** The weekday (0 = Monday) and hour on the wall clock of `timeZone` at an instant. */
export function localWeekdayHour(instant: Date, timeZone: string): { weekday: number; hour: number } {
  let format = parts.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", hourCycle: "h23" });
    parts.set(timeZone, format);
  }
  const found = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { weekday: weekdayIndex[found.weekday], hour: Number(found.hour) % 24 };
}

/** The last four whole weeks before today, in the ISP's days: every weekday-hour cell holds four hours. */
export function heatmapRange(timeZone: string, now: Date): Range {
  const today = todayIn(timeZone, now);
  return { from: new Date(zonedInstant(addDays(today, -7 * HEATMAP_WEEKS), 0, timeZone)), to: new Date(zonedInstant(today, 0, timeZone)) };
}

/** The 7 × 24 cells (rows Monday to Sunday, columns 0–23 h) from hourly samples. */
export function buildHeatmap(
  samples: readonly HourlySample[],
  { timeZone, capacityBps = null }: { timeZone: string; capacityBps?: number | null },
): Heatmap {
  const sums = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => ({ hours: 0, total: 0, peak: 0 })));
  for (const sample of samples) {
    const { weekday, hour } = localWeekdayHour(sample.bucket, timeZone);
    const bps = (Math.max(sample.rxBytes, sample.txBytes) * 8) / 3600;
    const cell = sums[weekday][hour];
    cell.hours += 1;
    cell.total += bps;
    cell.peak = Math.max(cell.peak, bps);
  }
  let maxAvgBps = 0;
  const cells = sums.map((row, weekday) =>
    row.map((sum, hour): HeatmapCell => {
      if (sum.hours === 0) return { weekday, hour, hours: 0, avgBps: null, peakBps: null, percent: null };
      const avgBps = sum.total / sum.hours;
      maxAvgBps = Math.max(maxAvgBps, avgBps);
      return { weekday, hour, hours: sum.hours, avgBps, peakBps: sum.peak, percent: capacityBps ? (avgBps / capacityBps) * 100 : null };
    }),
  );
  return { cells, capacityBps, maxAvgBps };
}
