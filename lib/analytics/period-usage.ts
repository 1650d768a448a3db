/*
 * Per-subscriber totals of the periods the top-talkers page offers, kept by the `analytics-refresh` job: today, the
 * last 7 and 30 days and this month every run, last month once (a closed month barely changes; its late rollups are
 * caught by the next run's "once more if older than its end"). Each period is replaced in one transaction, so a page
 * reads the old sums or the new ones. The page uses them while they are recent and cover its period's start
 * (`usableMark`); otherwise it adds up the rollups itself.
 */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { addMonths, monthOf, todayIn } from "@/lib/core/calendar";
import { logger } from "@/lib/core/logger";
import { tenantsToRun } from "@/lib/tenants/queries";
import { withHeavyReadSettings } from "@/lib/monitoring/heavy-reads";
import { periodRange, periodSlug, relativePeriods, type Period, type Range } from "./periods";
import { subscriberRollupRows } from "./sql";
import { subscriberPeriodMarks, subscriberPeriodUsage } from "./schema";

/** Sums older than this are not shown as the period's (the job runs every 5 minutes). */
export const PERIOD_USAGE_FRESH_MS = 15 * 60_000;

/** Replaces one period's sums for one ISP. */
async function refreshPeriod(db: Db, tenantId: string, key: string, range: Range, now: Date) {
  await withHeavyReadSettings(db, async (tx) => {
    await tx.delete(subscriberPeriodUsage).where(and(eq(subscriberPeriodUsage.tenantId, tenantId), eq(subscriberPeriodUsage.period, key)));
    await tx.execute(sql`
      insert into subscriber_period_usage (tenant_id, period, subject, router_id, download_bytes, upload_bytes)
      select ${tenantId}::uuid, ${key}, p.subject, p.router_id, sum(p.tx_bytes), sum(p.rx_bytes)
      from (${subscriberRollupRows(tenantId, range, now)}) p
      group by p.subject, p.router_id`);
    const values = { rangeFrom: range.from, rangeTo: range.to, computedAt: now };
    await tx
      .insert(subscriberPeriodMarks)
      .values({ tenantId, period: key, ...values })
      .onConflictDoUpdate({ target: [subscriberPeriodMarks.tenantId, subscriberPeriodMarks.period], set: values });
  });
}

/** The periods worth keeping now: the relative ones and this month always, last month until it is summed after its end. */
async function periodsDue(db: DbOrTx, tenantId: string, timeZone: string, now: Date): Promise<Period[]> {
  const thisMonth = monthOf(todayIn(timeZone, now));
  const lastMonth = addMonths(thisMonth, -1);
  const [mark] = await db
    .select({ rangeTo: subscriberPeriodMarks.rangeTo, computedAt: subscriberPeriodMarks.computedAt })
    .from(subscriberPeriodMarks)
    .where(and(eq(subscriberPeriodMarks.tenantId, tenantId), eq(subscriberPeriodMarks.period, lastMonth)));
  // Summed once more a day after it closed, when its last days' rollups are final.
  const lastDone = mark && mark.computedAt.getTime() > mark.rangeTo.getTime() + 86_400_000;
  return [...relativePeriods.map((kind) => ({ kind })), { kind: "month", month: thisMonth }, ...(lastDone ? [] : [{ kind: "month" as const, month: lastMonth }])];
}

export async function refreshPeriodUsage(db: Db, now = clock.now(), { tenantId }: { tenantId?: string } = {}) {
  let periods = 0;
  for (const tenant of await tenantsToRun(db, { tenantId })) {
    try {
      for (const period of await periodsDue(db, tenant.id, tenant.timeZone, now)) {
        await refreshPeriod(db, tenant.id, periodSlug(period, tenant.timeZone, now), periodRange(period, tenant.timeZone, now), now);
        periods += 1;
      }
    } catch (error) {
      logger.error({ tenantId: tenant.id, err: error instanceof Error ? error.message : String(error) }, "period usage refresh failed");
    }
  }
  return { periods };
}

export type PeriodMark = { key: string; computedAt: Date; rangeTo: Date };

/**
 * The period's stored sums, when they can stand for it: made recently (or after a past month ended), for the same
 * start. Null = add up the rollups.
 */
export async function usableMark(db: DbOrTx, { tenantId, key, range, now }: { tenantId: string; key: string; range: Range; now: Date }): Promise<PeriodMark | null> {
  const [mark] = await db
    .select()
    .from(subscriberPeriodMarks)
    .where(and(eq(subscriberPeriodMarks.tenantId, tenantId), eq(subscriberPeriodMarks.period, key)));
  if (!mark || mark.rangeFrom.getTime() !== range.from.getTime()) return null;
  const closed = range.to.getTime() < now.getTime() && mark.rangeTo.getTime() >= range.to.getTime();
  if (!closed && now.getTime() - mark.computedAt.getTime() > PERIOD_USAGE_FRESH_MS) return null;
  return { key, computedAt: mark.computedAt, rangeTo: mark.rangeTo };
}
