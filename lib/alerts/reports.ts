/*
 * The monthly incident report: how many incidents opened each month (by severity), the mean time to acknowledge
 * (MTTA) and to resolve (MTTR). Months are the ISP's calendar months; the averages are computed in SQL.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { firstDayOf, monthOf, monthsEnding, todayIn, type Month } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import type { AlertSeverity } from "./values";

export type IncidentMonth = {
  month: Month;
  count: number;
  bySeverity: Record<AlertSeverity, number>;
  /** Incidents acknowledged (by a person, or on resolving by hand) and their mean minutes to it; null when none. */
  acknowledged: number;
  mttaMinutes: number | null;
  resolved: number;
  mttrMinutes: number | null;
};

type Row = {
  month: string;
  count: number;
  critical: number;
  major: number;
  minor: number;
  warning: number;
  acknowledged: number;
  mtta_seconds: number | null;
  resolved: number;
  mttr_seconds: number | null;
};

const minutes = (seconds: number | null) => (seconds === null ? null : Math.round((Number(seconds) / 60) * 10) / 10);

/** The last `months` months (newest first) of incidents opened in each, in the ISP's time zone; months without any show zeros. */
export async function monthlyIncidentReport(
  db: DbOrTx,
  { tenantId, timeZone, months = 12, now = clock.now() }: { tenantId: string; timeZone: string; months?: number; now?: Date },
): Promise<IncidentMonth[]> {
  const wanted = monthsEnding(monthOf(todayIn(timeZone, now)), months);
  const from = new Date(zonedInstant(firstDayOf(wanted[0]), 0, timeZone));
  const result = await db.execute(sql`
    select to_char(opened_at at time zone ${timeZone}, 'YYYY-MM') as month,
      count(*)::int as count,
      count(*) filter (where severity = 'critical')::int as critical,
      count(*) filter (where severity = 'major')::int as major,
      count(*) filter (where severity = 'minor')::int as minor,
      count(*) filter (where severity = 'warning')::int as warning,
      count(acknowledged_at)::int as acknowledged,
      avg(extract(epoch from acknowledged_at - opened_at)) filter (where acknowledged_at is not null)::float8 as mtta_seconds,
      count(resolved_at)::int as resolved,
      avg(extract(epoch from resolved_at - opened_at)) filter (where resolved_at is not null)::float8 as mttr_seconds
    from incidents
    where tenant_id = ${tenantId} and opened_at >= ${from.toISOString()}::timestamptz
    group by 1`);
  const byMonth = new Map(rowsOf<Row>(result).map((row) => [row.month, row]));
  return wanted.reverse().map((month) => {
    const row = byMonth.get(month);
    return {
      month,
      count: row?.count ?? 0,
      bySeverity: { critical: row?.critical ?? 0, major: row?.major ?? 0, minor: row?.minor ?? 0, warning: row?.warning ?? 0 },
      acknowledged: row?.acknowledged ?? 0,
      mttaMinutes: minutes(row?.mtta_seconds ?? null),
      resolved: row?.resolved ?? 0,
      mttrMinutes: minutes(row?.mttr_seconds ?? null),
    };
  });
}
