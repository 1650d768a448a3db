/*
 * The tenant's clock for the finance reports. "Today" and every month boundary are the tenant's: a payment
 * received at 00:30 on Nov 1 in Manila (16:30 UTC Oct 31) belongs to November. Month arithmetic on
 * `YYYY-MM` is in lib/core/calendar.
 */
import { tenantLocale } from "@/lib/tenants/queries";
import { monthOf, todayIn, type CalendarDate, type Month } from "@/lib/core/calendar";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type TenantClock = { timeZone: string; currency: string; today: CalendarDate; month: Month };

/** The tenant's time zone, currency and today's date there; `now` is a parameter so reports are testable. */
export async function tenantClock(db: DbOrTx, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }): Promise<TenantClock> {
  const { timeZone, currency } = await tenantLocale(db, { tenantId });
  const today = todayIn(timeZone, now);
  return { timeZone, currency, today, month: monthOf(today) };
}
