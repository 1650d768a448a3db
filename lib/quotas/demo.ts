/*
 * The demo ISP's data caps: "Wireless 10" has a 100 GB allowance that slows to 1 Mbps at the cap. Its subscribers'
 * current cycles are spread from light users to two held at the cap (one of them topped up back under by staff), so
 * the customer pages, the portal and the reconciler's drift report all have something to show. Top-up packs are on sale.
 */
import { clock } from "@/lib/core/clock";
import { todayIn } from "@/lib/core/calendar";
import type { Db } from "@/lib/db/types";
import { cycleOf, cycleRules, quotaSubscriptions } from "./cycles";
import { GB, stepQuota, countedBytes } from "./rules";
import { quotaEnforcements, quotaTopUpPacks, quotaTopUps, quotaUsage, quotaWatermarks } from "./schema";

/** Share of the allowance each demo subscriber has used so far this cycle, in turn. */
const SHARES = [0.12, 0.35, 0.52, 0.27, 0.68, 0.44, 0.86, 0.19, 0.58, 1.04, 0.73, 0.31, 0.91, 0.08, 1.12];

export async function seedDemoQuotas(db: Db, { tenantId }: { tenantId: string }) {
  const now = clock.now();
  await db.insert(quotaTopUpPacks).values([
    { tenantId, name: "5 GB", bytes: 5 * GB, priceCentavos: 4_900 },
    { tenantId, name: "20 GB", bytes: 20 * GB, priceCentavos: 14_900 },
    { tenantId, name: "50 GB", bytes: 50 * GB, priceCentavos: 29_900 },
  ]);
  // What the poller collects from now on is counted on top of the history below.
  await db.insert(quotaWatermarks).values({ tenantId, countedThrough: now });
  const rules = await cycleRules(db, tenantId);
  const subs = (await quotaSubscriptions(db, { tenantId })).filter((sub) => sub.status === "active");
  const today = todayIn(rules.timeZone, now);
  for (const [index, sub] of subs.entries()) {
    const cycle = cycleOf(rules, sub, today);
    const used = Math.round(sub.quotaBytes * SHARES[index % SHARES.length]!);
    const usage = { downloadBytes: Math.round(used * 0.88), uploadBytes: used - Math.round(used * 0.88) };
    const toppedUp = index === 9 ? 20 * GB : 0;
    const step = stepQuota({ used: countedBytes(sub.quotaDirection, usage), allowance: sub.quotaBytes + toppedUp, action: sub.quotaAction, marks: { warnedAt: null, cappedAt: null }, now });
    await db.insert(quotaUsage).values({ tenantId, subscriptionId: sub.id, cycleStart: cycle.start, cycleEnd: cycle.end, ...usage, ...step.marks, updatedAt: now });
    if (toppedUp > 0)
      await db.insert(quotaTopUps).values({
        tenantId,
        subscriptionId: sub.id,
        cycleStart: cycle.start,
        name: "Goodwill after the Lipa fibre cut",
        bytes: toppedUp,
        source: "staff",
        status: "granted",
        createdBy: "Demo Owner",
        createdAt: now,
        grantedAt: now,
      });
    if (step.enforce) await db.insert(quotaEnforcements).values({ tenantId, subscriptionId: sub.id, action: sub.quotaAction, cycleStart: cycle.start, since: now });
  }
}
