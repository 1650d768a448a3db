/*
 * The subscription lifecycle: the one place a subscription's status moves. A lead becomes a customer with a
 * pending or active subscription (lib/customers); from there
 *
 *   pending → active ⇄ suspended → terminated      (pending and active may also end directly)
 *
 * (A pending subscription's activation, which also sets its start, is `activateSubscription` in service.ts.)
 * Each move is written here with its audit entry, in the caller's transaction, and tells the others what
 * happened through what it records: a suspension opens a pause (its days are not billed, whatever the billing
 * mode: billing decides what to invoice for the days before it), a reactivation closes it, and every move
 * marks the subscription for the reconciler (provisioning converges routers; it never writes the status). Each move
 * also queues its webhook event (subscription.suspended, .reactivated, .terminated) for the ISP's other systems.
 */
import { and, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { subscriptionPauses, subscriptions, type SubscriptionStatus } from "@/lib/subscriptions/schema";
import { followSubscriptionStatus } from "@/lib/customers/status";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { releaseAddresses } from "@/lib/ipam/service";
import { addDays } from "@/lib/core/calendar";
import type { DbOrTx } from "@/lib/db/types";
import { queueWebhookEvents } from "@/lib/webhooks/emit";
import { subscriptionEventOf } from "@/lib/webhooks/rules";

export const allowedMoves: Record<SubscriptionStatus, readonly SubscriptionStatus[]> = {
  pending: ["active", "terminated"],
  active: ["suspended", "terminated"],
  suspended: ["active", "terminated"],
  terminated: [],
};

export const canMove = (from: SubscriptionStatus, to: SubscriptionStatus) => allowedMoves[from].includes(to);

export type SuspensionSource = "manual" | "nonpayment";

export type MovedSubscription = { id: string; customerId: string; routerId: string | null; planId: string; username: string; from: SubscriptionStatus };

type Move = { to: "suspended"; reason: string; source: SuspensionSource } | { to: "active"; reason: string; source?: undefined };

/**
 * Suspends or reactivates the given subscriptions on `today` (the tenant's calendar date). Those not in a state
 * that can make the move are skipped, not refused: bulk actions and dunning pass whatever they selected.
 */
export async function moveSubscriptions(
  tx: DbOrTx,
  actor: TenantActor,
  { subscriptionIds, today, ...move }: Move & { subscriptionIds: string[]; today: string },
): Promise<{ changed: MovedSubscription[]; skipped: number }> {
  if (subscriptionIds.length === 0) return { changed: [], skipped: 0 };
  const rows = await tx
    .select({
      id: subscriptions.id,
      customerId: subscriptions.customerId,
      routerId: subscriptions.routerId,
      planId: subscriptions.planId,
      username: subscriptions.username,
      from: subscriptions.status,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, actor.tenantId), inArray(subscriptions.id, subscriptionIds)))
    .for("update");
  const from: SubscriptionStatus = move.to === "suspended" ? "active" : "suspended";
  const changed = rows.filter((row) => row.from === from);
  if (changed.length === 0) return { changed, skipped: rows.length };
  const ids = changed.map((row) => row.id);
  const now = clock.now();
  await tx
    .update(subscriptions)
    .set({
      status: move.to,
      suspendedAt: move.to === "suspended" ? now : null,
      suspendedReason: move.to === "suspended" ? move.reason : null,
      suspensionSource: move.to === "suspended" ? move.source : null,
      provisionState: "pending",
      provisionError: null,
      updatedAt: now,
    })
    .where(and(eq(subscriptions.tenantId, actor.tenantId), inArray(subscriptions.id, ids)));
  if (move.to === "suspended")
    await tx.insert(subscriptionPauses).values(ids.map((subscriptionId) => ({ tenantId: actor.tenantId, subscriptionId, fromDate: today })));
  else await closePauses(tx, actor.tenantId, ids, today);
  const customerIds = [...new Set(changed.map((row) => row.customerId))];
  await followSubscriptionStatus(tx, {
    tenantId: actor.tenantId,
    customerIds: move.to === "active" ? customerIds : await withoutActiveSubscription(tx, actor.tenantId, customerIds),
    status: move.to,
  });
  await queueWebhookEvents(
    tx,
    actor.tenantId,
    changed.map((row) => ({
      type: subscriptionEventOf(row.from, move.to)!,
      data: subscriptionEventData({ ...row, status: move.to, previousStatus: row.from, reason: move.reason, at: now, source: move.source ?? null }),
    })),
  );
  for (const row of changed)
    await recordAudit(tx, actor, {
      action: move.to === "suspended" ? "subscription.suspended" : "subscription.reactivated",
      entityType: "subscription",
      entityId: row.id,
      customerId: row.customerId,
      before: { status: from },
      after: { status: move.to, username: row.username, reason: move.reason, ...(move.source === "nonpayment" ? { source: move.source } : {}) },
    });
  return { changed, skipped: rows.length - changed.length };
}

/** The customers left with no active subscription: a suspension makes only those read as suspended. */
async function withoutActiveSubscription(tx: DbOrTx, tenantId: string, customerIds: string[]) {
  const stillActive = await tx
    .selectDistinct({ customerId: subscriptions.customerId })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.customerId, customerIds), eq(subscriptions.status, "active")));
  const keep = new Set(stillActive.map((row) => row.customerId));
  return customerIds.filter((id) => !keep.has(id));
}

/** Ends open pauses: service is back from `until` (a pause that ends the day it began held no day). */
async function closePauses(tx: DbOrTx, tenantId: string, subscriptionIds: string[], until: string) {
  const open = and(
    eq(subscriptionPauses.tenantId, tenantId),
    inArray(subscriptionPauses.subscriptionId, subscriptionIds),
    isNull(subscriptionPauses.untilDate),
  );
  await tx.delete(subscriptionPauses).where(and(open, sql`${subscriptionPauses.fromDate} >= ${until}::date`));
  await tx.update(subscriptionPauses).set({ untilDate: until }).where(open);
}

/**
 * Ends a subscription on `endDate` (its last day of service). `billedThrough` is billing's position after the
 * end (prepaid days after it credited back), which billing decides and passes in.
 */
export async function endSubscription(
  tx: DbOrTx,
  actor: TenantActor,
  {
    subscriptionId,
    endDate,
    billedThrough,
    reason,
    creditNote,
  }: { subscriptionId: string; endDate: string; billedThrough: string | null; reason: string; creditNote: string | null },
) {
  const [sub] = await tx
    .select({
      status: subscriptions.status,
      customerId: subscriptions.customerId,
      routerId: subscriptions.routerId,
      planId: subscriptions.planId,
      username: subscriptions.username,
    })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)))
    .for("update");
  if (!sub || !canMove(sub.status, "terminated")) throw new AppError("conflict", "This subscription has already ended.");
  const now = clock.now();
  await tx
    .update(subscriptions)
    .set({ status: "terminated", endDate, billedThrough, provisionState: "pending", updatedAt: now })
    .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)));
  // A suspension running at the end stops with the service: nothing after the end is billed anyway.
  await closePauses(tx, actor.tenantId, [subscriptionId], addDays(endDate, 1));
  // Its addresses go back to their pools after the quarantine.
  await releaseAddresses(tx, { tenantId: actor.tenantId, subscriptionId });
  await recordAudit(tx, actor, {
    action: "subscription.terminated",
    entityType: "subscription",
    entityId: subscriptionId,
    customerId: sub.customerId,
    before: { status: sub.status },
    after: { status: "terminated", endDate, reason, creditNote },
  });
  await queueWebhookEvents(tx, actor.tenantId, [
    {
      type: "subscription.terminated",
      data: { ...subscriptionEventData({ id: subscriptionId, ...sub, status: "terminated", previousStatus: sub.status, reason, at: now, source: null }), endDate },
    },
  ]);
}

/** A subscription's webhook `data`: the same fields for every lifecycle event (and subscription.activated at creation). */
export function subscriptionEventData(s: {
  id: string;
  customerId: string;
  planId: string;
  routerId: string | null;
  username: string;
  status: SubscriptionStatus;
  previousStatus: SubscriptionStatus | null;
  reason: string | null;
  source: SuspensionSource | null;
  at: Date;
}) {
  return {
    id: s.id,
    customerId: s.customerId,
    planId: s.planId,
    routerId: s.routerId,
    username: s.username,
    status: s.status,
    previousStatus: s.previousStatus,
    reason: s.reason,
    ...(s.source ? { suspensionSource: s.source } : {}),
    changedAt: s.at.toISOString(),
  };
}

/**
 * Pauses that overlap `[from, …)` for the given subscriptions, oldest first: what billing leaves out. Billing's
 * batches are id-ordered, so this reads one range of the index (two parameters, whatever the batch size).
 */
export async function pausesOf(db: DbOrTx, { tenantId, subscriptionIds, from }: { tenantId: string; subscriptionIds: string[]; from: string }) {
  if (subscriptionIds.length === 0) return new Map<string, Pause[]>();
  const sorted = [...subscriptionIds].sort();
  const [first, last] = [sorted[0], sorted[sorted.length - 1]];
  const rows = await db
    .select({ subscriptionId: subscriptionPauses.subscriptionId, fromDate: subscriptionPauses.fromDate, untilDate: subscriptionPauses.untilDate })
    .from(subscriptionPauses)
    .where(
      and(
        eq(subscriptionPauses.tenantId, tenantId),
        gte(subscriptionPauses.subscriptionId, first),
        lte(subscriptionPauses.subscriptionId, last),
        sql`(${subscriptionPauses.untilDate} is null or ${subscriptionPauses.untilDate} > ${from}::date)`,
      ),
    )
    .orderBy(subscriptionPauses.fromDate);
  const map = new Map<string, Pause[]>();
  for (const row of rows) map.set(row.subscriptionId, [...(map.get(row.subscriptionId) ?? []), { from: row.fromDate, until: row.untilDate }]);
  return map;
}

export type Pause = { from: string; until: string | null };
