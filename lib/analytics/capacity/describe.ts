/*
 * A capacity row in words, the same on the page and in the monthly email: what it is at now and when it crosses
 * its threshold, with the interval. Dates are the ISP's calendar days.
 */
import { formatCalendarDate } from "@/lib/core/dates";
import { localDate } from "@/lib/core/time-zones";
import { MIN_WEEKS } from "./forecast";
import type { CapacityRow } from "./overview";

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** "Reaches 80 % around Jan 14, 2027 (Jan 2, 2027 – Feb 3, 2027)", "No saturation within 12 months", … */
export function describeCrossing(
  row: Pick<CapacityRow, "kind" | "crossing" | "crossingAt" | "earliestAt" | "latestAt" | "threshold" | "history">,
  timeZone: string,
): string {
  const day = (date: Date | null) => (date ? formatCalendarDate(localDate(date, timeZone)) : "");
  const reaches = row.kind === "pool" ? "Runs out" : `Reaches ${percent(row.threshold)}`;
  switch (row.crossing.kind) {
    case "now":
      return row.kind === "pool" ? "Full now" : `Over ${percent(row.threshold)} now`;
    case "ahead":
      return `${reaches} around ${day(row.crossingAt)} (likely between ${day(row.earliestAt)} and ${row.latestAt ? day(row.latestAt) : "beyond 12 months"})`;
    case "possible":
      return `No saturation within 12 months on the trend; possible from ${day(row.earliestAt)} at the interval's upper end`;
    case "none":
      return "No saturation within 12 months";
    case "too_short":
      return `Not enough history for a forecast (${row.history.length} of ${MIN_WEEKS} weeks)`;
  }
}

/** "61 % of a 100 Mbps link (busiest hour 70 %)", "CPU 23 % (busiest hour 31 %, 69 % headroom)", "39 of 64 addresses". */
export function describeLevel(row: Pick<CapacityRow, "kind" | "history" | "capacityLabel">): string {
  const last = row.history.at(-1);
  if (!last) return "No data yet";
  if (row.kind === "pool") return `${percent(last.share)} of ${row.capacityLabel} held`;
  const peak = last.peak ?? last.share;
  if (row.kind === "router") return `CPU ${percent(last.share)} (busiest hour ${percent(peak)}, ${percent(Math.max(0, 1 - peak))} headroom)`;
  return `${percent(last.share)} of a ${row.capacityLabel} (busiest hour ${percent(peak)})`;
}
