/*
 * The 95th percentile per interface for a month in the ISP's time zone (monitoring's `monthPercentiles` over the
 * month's complete 5-minute samples, read from the merged month rows), with each interface's link capacity when
 * topology knows one, for the page and its CSV export. The merged rows outlive the 35 days the samples are kept, so
 * past months stay whole.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { monthOf, todayIn, type Month } from "@/lib/core/calendar";
import type { InterfacePercentile } from "@/lib/monitoring/percentile-query";
import { monthPercentiles } from "@/lib/monitoring/percentile-months";
import { bucketStart } from "@/lib/monitoring/rules";
import { tenantLinkCapacities } from "@/lib/topology/capacities";
import { monthRange, type Range } from "./periods";

export type MonthlyPercentile = InterfacePercentile & { capacityBps: number | null };

export type MonthlyPercentiles = { month: Month; range: Range; rows: MonthlyPercentile[] };

export async function monthlyPercentiles(
  db: DbOrTx,
  { tenantId, month, routerId, timeZone, now }: { tenantId: string; month?: Month; routerId?: string; timeZone: string; now: Date },
): Promise<MonthlyPercentiles> {
  const chosen = month ?? monthOf(todayIn(timeZone, now));
  const whole = monthRange(chosen, timeZone);
  // The sample being filled is not a sample yet.
  const lastComplete = bucketStart(now, "5m");
  const range = { from: whole.from, to: whole.to < lastComplete ? whole.to : lastComplete };
  const [rows, capacities] = await Promise.all([
    monthPercentiles(db, { tenantId, month: chosen, from: range.from, monthEnd: whole.to, to: range.to, routerId }),
    tenantLinkCapacities(db, { tenantId }),
  ]);
  return {
    month: chosen,
    range,
    rows: rows.map((row) => {
      const mbps = capacities.get(row.routerId)?.get(row.interfaceName);
      return { ...row, capacityBps: mbps ? mbps * 1e6 : null };
    }),
  };
}
