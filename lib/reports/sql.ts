import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { type CalendarDate } from "@/lib/core/calendar";

export { rowsOf } from "@/lib/db/bulk";

/** Sums come back as text from node-postgres and as numbers from PGlite; both become numbers here. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** The instant a calendar date starts in the tenant's time zone, for index ranges on timestamptz columns. */
export const startOfDay = (date: CalendarDate, timeZone: string): SQL => sql`((${date}::date)::timestamp at time zone ${timeZone})`;

/** A timestamptz column's calendar date in the tenant's time zone, as `YYYY-MM-DD` text. */
export const localDate = (column: SQLWrapper, timeZone: string): SQL => sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD')`;

/** A plan's billing cycle in months (`cycleMonths` in lib/billing/periods.ts), in SQL; unknown → 1. */
export const cycleMonthsSql = (billingCycle: SQLWrapper): SQL =>
  sql`(case ${billingCycle} when 'quarterly' then 3 when 'semiannual' then 6 when 'annual' then 12 else 1 end)`;
