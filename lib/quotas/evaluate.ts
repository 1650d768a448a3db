/*
 * The `quota-evaluate` job, per ISP with quotas: count the minutes since the last run (usage.ts), then judge every
 * live subscription on a quota plan against its cycle's allowance (the plan's quota plus granted top-ups) with the
 * pure `stepQuota`: notices at 80 % and at the cap through the outbox (once per crossing; the key names the allowance,
 * so a top-up and a second crossing notify again), and enforcement rows the reconciler turns into the plan's action on
 * the router. Only what changed is written; routers whose subscribers changed are reconciled at once.
 */
import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { clock } from "@/lib/core/clock";
import { formatCalendarDate } from "@/lib/core/dates";
import { addDays, todayIn } from "@/lib/core/calendar";
import { logger } from "@/lib/core/logger";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { requestReconcile, routersOfSubscriptions } from "@/lib/provisioning/trigger";
import type { Db, DbOrTx } from "@/lib/db/types";
import { cycleOf, cycleRules, quotaSubscriptions, tenantsWithQuotas, type CycleRules, type QuotaSubscription } from "./cycles";
import { countUsage } from "./usage";
import { capNote, countedBytes, formatQuotaBytes, stepQuota, usedShare, type QuotaStep } from "./rules";
import { quotaEnforcements, quotaTopUps, quotaUsage } from "./schema";

export type QuotaRunSummary = { tenants: number; counted: number; warned: number; capped: number; enforced: number; released: number };

export async function evaluateQuotas(db: Db, now = clock.now(), { tenantId }: { tenantId?: string } = {}): Promise<QuotaRunSummary> {
  const summary: QuotaRunSummary = { tenants: 0, counted: 0, warned: 0, capped: 0, enforced: 0, released: 0 };
  const tenantIds = tenantId ? [tenantId] : await tenantsWithQuotas(db);
  for (const id of tenantIds) {
    try {
      const result = await evaluateTenant(db, id, now);
      summary.tenants += 1;
      summary.counted += result.counted;
      summary.warned += result.warned;
      summary.capped += result.capped;
      summary.enforced += result.enforced;
      summary.released += result.released;
    } catch (error) {
      logger.error({ tenantId: id, err: error instanceof Error ? error.message : String(error) }, "quota evaluation failed");
    }
  }
  return summary;
}

/** A subscription's standing in its current cycle: what the staff page, the portal and the job all show. */
export type QuotaStanding = {
  subscriptionId: string;
  cycleStart: string;
  cycleEnd: string;
  usedBytes: number;
  downloadBytes: number;
  uploadBytes: number;
  quotaBytes: number;
  topUpBytes: number;
  allowanceBytes: number;
  share: number;
  warnedAt: Date | null;
  cappedAt: Date | null;
};

type Judged = { tenantId: string; rules: CycleRules; subs: QuotaSubscription[]; now: Date; /** The ISP's every quota subscription (else just these). */ whole?: boolean };

/** Only these subscriptions' rows, unless the whole ISP is read. */
const only = (column: Parameters<typeof inArray>[0], { subs, whole }: Pick<Judged, "subs" | "whole">) =>
  whole ? undefined : inArray(column, subs.length > 0 ? subs.map((sub) => sub.id) : ["00000000-0000-0000-0000-000000000000"]);

/** Each subscription's current cycle, its usage row and its granted top-ups, read in two statements. */
export async function standings(db: DbOrTx, { tenantId, rules, subs, now, whole }: Judged) {
  const today = todayIn(rules.timeZone, now);
  const cycles = new Map(subs.map((sub) => [sub.id, cycleOf(rules, sub, today)]));
  const earliest = [...cycles.values()].reduce((min, cycle) => (cycle.start < min ? cycle.start : min), today);
  const [usageRows, topUpRows] = await Promise.all([
    db
      .select()
      .from(quotaUsage)
      .where(and(eq(quotaUsage.tenantId, tenantId), gte(quotaUsage.cycleStart, earliest), only(quotaUsage.subscriptionId, { subs, whole }))),
    db
      .select({ subscriptionId: quotaTopUps.subscriptionId, cycleStart: quotaTopUps.cycleStart, bytes: sql<string>`sum(${quotaTopUps.bytes})` })
      .from(quotaTopUps)
      .where(
        and(eq(quotaTopUps.tenantId, tenantId), eq(quotaTopUps.status, "granted"), gte(quotaTopUps.cycleStart, earliest), only(quotaTopUps.subscriptionId, { subs, whole })),
      )
      .groupBy(quotaTopUps.subscriptionId, quotaTopUps.cycleStart),
  ]);
  const usage = new Map(usageRows.map((row) => [`${row.subscriptionId}|${row.cycleStart}`, row]));
  const topUps = new Map(topUpRows.map((row) => [`${row.subscriptionId}|${row.cycleStart}`, Number(row.bytes)]));
  return new Map(
    subs.map((sub): [string, QuotaStanding] => {
      const cycle = cycles.get(sub.id)!;
      const row = usage.get(`${sub.id}|${cycle.start}`);
      const topUpBytes = topUps.get(`${sub.id}|${cycle.start}`) ?? 0;
      const bytes = { downloadBytes: row?.downloadBytes ?? 0, uploadBytes: row?.uploadBytes ?? 0 };
      const usedBytes = countedBytes(sub.quotaDirection, bytes);
      const allowanceBytes = sub.quotaBytes + topUpBytes;
      return [
        sub.id,
        {
          subscriptionId: sub.id,
          cycleStart: cycle.start,
          cycleEnd: cycle.end,
          usedBytes,
          ...bytes,
          quotaBytes: sub.quotaBytes,
          topUpBytes,
          allowanceBytes,
          share: usedShare(usedBytes, allowanceBytes),
          warnedAt: row?.warnedAt ?? null,
          cappedAt: row?.cappedAt ?? null,
        },
      ];
    }),
  );
}

async function evaluateTenant(db: Db, tenantId: string, now: Date) {
  const rules = await cycleRules(db, tenantId);
  const subs = await quotaSubscriptions(db, { tenantId });
  const counted = await countUsage(db, { tenantId, rules, subs, now });
  return { counted, ...(await judge(db, { tenantId, rules, subs, now, whole: true })) };
}

/** Judges the given subscriptions (all of the ISP's quota subscriptions, or the one a top-up just changed). */
export async function judge(db: Db, judged: Judged) {
  const { tenantId, subs, now, whole } = judged;
  const standing = await standings(db, judged);
  const existing = new Map(
    (await db.select().from(quotaEnforcements).where(and(eq(quotaEnforcements.tenantId, tenantId), only(quotaEnforcements.subscriptionId, judged)))).map((row) => [
      row.subscriptionId,
      row,
    ]),
  );
  const routers = new Set<string>();
  let warned = 0;
  let capped = 0;
  let enforced = 0;
  let released = 0;
  for (const sub of subs) {
    const s = standing.get(sub.id)!;
    const step = stepQuota({ used: s.usedBytes, allowance: s.allowanceBytes, action: sub.quotaAction, marks: { warnedAt: s.warnedAt, cappedAt: s.cappedAt }, now });
    if (marksChanged(s, step)) {
      await db
        .insert(quotaUsage)
        .values({ tenantId, subscriptionId: sub.id, cycleStart: s.cycleStart, cycleEnd: s.cycleEnd, ...step.marks, updatedAt: now })
        .onConflictDoUpdate({ target: [quotaUsage.subscriptionId, quotaUsage.cycleStart], set: { ...step.marks, updatedAt: now } });
    }
    if (step.notify) {
      if (step.notify === "quota_warning") warned += 1;
      else capped += 1;
      await notify(db, tenantId, sub, s, step.notify);
    }
    const held = existing.get(sub.id);
    const want = step.enforce && sub.status === "active";
    if (want && (!held || held.action !== sub.quotaAction || held.cycleStart !== s.cycleStart)) {
      const values = { action: sub.quotaAction, cycleStart: s.cycleStart, since: now };
      await db
        .insert(quotaEnforcements)
        .values({ subscriptionId: sub.id, tenantId, ...values })
        .onConflictDoUpdate({ target: quotaEnforcements.subscriptionId, set: values });
      enforced += 1;
      if (sub.routerId) routers.add(sub.routerId);
    } else if (!want && held) {
      await db.delete(quotaEnforcements).where(eq(quotaEnforcements.subscriptionId, sub.id));
      released += 1;
      if (sub.routerId) routers.add(sub.routerId);
    }
  }
  // Held subscriptions no longer judged (terminated, plan without a quota now) are released when the whole ISP is judged.
  if (whole) {
    const live = new Set(subs.map((sub) => sub.id));
    const stale = [...existing.keys()].filter((id) => !live.has(id));
    if (stale.length > 0) {
      await db.delete(quotaEnforcements).where(and(eq(quotaEnforcements.tenantId, tenantId), inArray(quotaEnforcements.subscriptionId, stale)));
      released += stale.length;
      for (const routerId of await routersOfSubscriptions(db, tenantId, stale)) routers.add(routerId);
    }
  }
  for (const routerId of routers) requestReconcile(db, { tenantId, routerId, trigger: "change" });
  return { warned, capped, enforced, released };
}

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const marksChanged = (s: QuotaStanding, step: QuotaStep) => !sameInstant(s.warnedAt, step.marks.warnedAt) || !sameInstant(s.cappedAt, step.marks.cappedAt);

async function notify(db: Db, tenantId: string, sub: QuotaSubscription, s: QuotaStanding, event: "quota_warning" | "quota_reached") {
  const renewsOn = formatCalendarDate(addDays(s.cycleEnd, 1));
  await enqueueNotification(db, {
    tenantId,
    event,
    customerId: sub.customerId,
    dedupeKey: `quota:${sub.id}:${s.cycleStart}:${event}:${s.allowanceBytes}`,
    data: {
      planName: sub.planName,
      used: formatQuotaBytes(s.usedBytes),
      allowance: formatQuotaBytes(s.allowanceBytes),
      percent: `${Math.floor(s.share * 100)} %`,
      cycleEnd: formatCalendarDate(s.cycleEnd),
      renewsOn,
      capNote: capNote(sub.quotaAction, { throttleRate: sub.quotaThrottleRate, renewsOn, reached: event === "quota_reached" }),
    },
  });
}

