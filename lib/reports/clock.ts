/*
 * Calendar months for the finance reports. "Today" and every month boundary are the tenant's: a payment
 * received at 00:30 on Nov 1 in Manila (16:30 UTC Oct 31) belongs to November. Months are `YYYY-MM`.
 */
import { eq } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { monthAnchor, todayIn, type CalendarDate } from "@/lib/billing/periods";
import { notFound } from "@/lib/core/errors";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type Month = string;

export const DEFAULT_TIME_ZONE = "Asia/Manila";

export const monthOf = (date: CalendarDate): Month => date.slice(0, 7);
export const firstDayOf = (month: Month): CalendarDate => `${month}-01`;
export const addMonths = (month: Month, months: number): Month => monthOf(monthAnchor(firstDayOf(month), months, 1));

/** The `count` months ending with `last`, oldest first. */
export function monthsEnding(last: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

/** "Nov 2026" (or "Nov" when `short`), for axes, tables and titles. */
export function monthLabel(month: Month, style: "long" | "short" = "long"): string {
  const [y, m] = month.split("-").map(Number);
  return new Intl.DateTimeFormat("en-PH", { month: "short", year: style === "long" ? "numeric" : undefined, timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

export type TenantClock = { timeZone: string; currency: string; today: CalendarDate; month: Month };

function validTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** The tenant's time zone, currency and today's date there; `now` is a parameter so reports are testable. */
export async function tenantClock(db: DbOrTx, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }): Promise<TenantClock> {
  const [tenant] = await db.select({ timeZone: tenants.timezone, currency: tenants.currency }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("ISP account");
  const timeZone = validTimeZone(tenant.timeZone);
  const today = todayIn(timeZone, now);
  return { timeZone, currency: tenant.currency || "PHP", today, month: monthOf(today) };
}
