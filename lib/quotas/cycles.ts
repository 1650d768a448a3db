/*
 * Which subscriptions have a quota, and the cycle a day falls in for each: the billing period (the tenant's billing
 * day or the subscription's anniversary, the plan's cycle length), so the allowance renews when the bill does.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { getTenant } from "@/lib/tenants/service";
import { cycleMonths, periodContaining, type Anchor } from "@/lib/billing/periods";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import type { CalendarDate } from "@/lib/core/calendar";
import type { DbOrTx } from "@/lib/db/types";
import type { QuotaAction, QuotaDirection } from "./values";

export type QuotaSubscription = {
  id: string;
  customerId: string;
  routerId: string | null;
  username: string;
  status: "pending" | "active" | "suspended" | "terminated";
  startDate: CalendarDate;
  planId: string;
  planName: string;
  billingCycle: keyof typeof cycleMonths;
  quotaBytes: number;
  quotaDirection: QuotaDirection;
  quotaAction: QuotaAction;
  quotaThrottleRate: string | null;
};

export type CycleRules = { timeZone: string; anchorKind: "anniversary" | "billing_day"; billingDay: number };
export type Cycle = { start: CalendarDate; end: CalendarDate };

export async function cycleRules(db: DbOrTx, tenantId: string): Promise<CycleRules> {
  const tenant = await getTenant(db, { tenantId });
  return { timeZone: timeZoneOrDefault(tenant.timezone), anchorKind: tenant.billingAnchor, billingDay: tenant.billingDay };
}

/** The quota cycle of `sub` that holds `day`. */
export function cycleOf(rules: CycleRules, sub: Pick<QuotaSubscription, "startDate" | "billingCycle">, day: CalendarDate): Cycle {
  const anchor: Anchor = rules.anchorKind === "billing_day" ? { kind: "billing_day", day: rules.billingDay } : { kind: "anniversary", startDate: sub.startDate };
  return periodContaining(day, anchor, cycleMonths[sub.billingCycle]);
}

/** Live subscriptions (active or suspended) on a plan with a quota; all of the ISP's, or the given ones. */
export async function quotaSubscriptions(db: DbOrTx, { tenantId, subscriptionIds }: { tenantId: string; subscriptionIds?: string[] }): Promise<QuotaSubscription[]> {
  if (subscriptionIds && subscriptionIds.length === 0) return [];
  const rows = await db
    .select({
      id: subscriptions.id,
      customerId: subscriptions.customerId,
      routerId: subscriptions.routerId,
      username: subscriptions.username,
      status: subscriptions.status,
      startDate: subscriptions.startDate,
      planId: servicePlans.id,
      planName: servicePlans.name,
      billingCycle: servicePlans.billingCycle,
      quotaBytes: servicePlans.quotaBytes,
      quotaDirection: servicePlans.quotaDirection,
      quotaAction: servicePlans.quotaAction,
      quotaThrottleRate: servicePlans.quotaThrottleRate,
    })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        inArray(subscriptions.status, ["active", "suspended"]),
        isNotNull(servicePlans.quotaBytes),
        subscriptionIds ? inArray(subscriptions.id, subscriptionIds) : undefined,
      ),
    );
  return rows.map((row) => ({ ...row, quotaBytes: row.quotaBytes! }));
}

/** ISPs with at least one plan that has a quota: the only ones the evaluation job has work for. */
export async function tenantsWithQuotas(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectDistinct({ tenantId: servicePlans.tenantId }).from(servicePlans).where(isNotNull(servicePlans.quotaBytes));
  return rows.map((row) => row.tenantId);
}
