/** What staff pages and the portal show of data caps: each service's allowance, use, top-ups and state now. */
import "server-only";
import { clock } from "@/lib/core/clock";
import type { Db } from "@/lib/db/types";
import { cycleRules, quotaSubscriptions, type QuotaSubscription } from "./cycles";
import { standings, type QuotaStanding } from "./evaluate";
import { capsOf } from "./caps";
import { quotaLevel, type QuotaLevel } from "./rules";
import { topUpsOf } from "./top-ups";
import type { QuotaAction, QuotaDirection } from "./values";
import type { QuotaTopUp } from "./schema";

export type QuotaView = QuotaStanding & {
  planName: string;
  direction: QuotaDirection;
  action: QuotaAction;
  throttleRate: string | null;
  level: QuotaLevel;
  /** The router holds the subscriber at the cap now. */
  enforced: boolean;
  topUps: QuotaTopUp[];
};

/** The data-cap view of the given subscriptions that are on a plan with a quota (others are left out). */
export async function quotaViews(db: Db, { tenantId, subscriptionIds, now = clock.now() }: { tenantId: string; subscriptionIds: string[]; now?: Date }) {
  const subs = await quotaSubscriptions(db, { tenantId, subscriptionIds });
  if (subs.length === 0) return new Map<string, QuotaView>();
  const rules = await cycleRules(db, tenantId);
  const [standing, caps, topUps] = await Promise.all([
    standings(db, { tenantId, rules, subs, now }),
    capsOf(db, { tenantId, subscriptionIds: subs.map((s) => s.id) }),
    topUpsOf(db, { tenantId, subscriptionIds: subs.map((s) => s.id) }),
  ]);
  return new Map(
    subs.map((sub: QuotaSubscription): [string, QuotaView] => {
      const s = standing.get(sub.id)!;
      return [
        sub.id,
        {
          ...s,
          planName: sub.planName,
          direction: sub.quotaDirection,
          action: sub.quotaAction,
          throttleRate: sub.quotaThrottleRate,
          level: quotaLevel(s.usedBytes, s.allowanceBytes),
          enforced: caps.has(sub.id) && caps.get(sub.id) !== "notify",
          topUps: topUps.filter((t) => t.subscriptionId === sub.id && (t.cycleStart === s.cycleStart || t.status === "pending_payment")).reverse(),
        },
      ];
    }),
  );
}
