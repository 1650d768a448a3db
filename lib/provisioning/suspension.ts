/*
 * Suspend and reactivate service: the one domain function staff actions and billing's dunning both call.
 * The subscription's status is the desired state; the router follows at once through a reconcile of each
 * affected router (isolation profile and/or address list, then the live session is kicked so it applies
 * now). A router that can't be reached keeps the change pending and is retried; our rows are never undone.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { addDays, todayIn } from "@/lib/billing/periods";
import { subscriptions } from "@/lib/subscriptions/schema";
import { customers } from "@/lib/customers/schema";
import { routers } from "@/lib/routers/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { requestReconcile } from "@/lib/provisioning/trigger";
import type { Db, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type RouterOutcome = { routerId: string; routerName: string; status: "applied" | "pending"; message: string };
export type SuspensionResult = {
  changed: number;
  skipped: number;
  routers: RouterOutcome[];
  /** `performance.now()` when the routers' reconcile was called (null when no router was involved). */
  reconcileCalledAt: number | null;
};

type Direction = "suspend" | "reactivate";

export type SuspensionSource = "manual" | "nonpayment";

/** More writes that belong with the change (e.g. queueing a notice), run in its transaction with the subscriptions that moved. */
export type AlongWithChange = (tx: Tx, changed: { id: string; customerId: string }[]) => Promise<void>;

async function changeStatus(
  db: Db,
  actor: TenantActor,
  direction: Direction,
  subscriptionIds: string[],
  reason: string,
  source: SuspensionSource,
  alongWith?: AlongWithChange,
) {
  const from = direction === "suspend" ? "active" : "suspended";
  const to = direction === "suspend" ? "suspended" : "active";
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: subscriptions.id,
        customerId: subscriptions.customerId,
        routerId: subscriptions.routerId,
        username: subscriptions.username,
        status: subscriptions.status,
      })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, actor.tenantId), inArray(subscriptions.id, subscriptionIds)));
    const toChange = rows.filter((r) => r.status === from);
    if (toChange.length === 0) return { changed: toChange, skipped: rows.length };
    const now = clock.now();
    // Billing skips suspended subscriptions; on reactivation it resumes from today, so the days spent
    // suspended are not invoiced and the next invoice is prorated from the reactivation day.
    const [{ timezone }] = await tx.select({ timezone: tenants.timezone }).from(tenants).where(eq(tenants.id, actor.tenantId));
    const yesterday = addDays(todayIn(timezone), -1);
    await tx
      .update(subscriptions)
      .set({
        ...(direction === "reactivate"
          ? {
              billedThrough: sql`case when coalesce(${subscriptions.billedThrough}, ${subscriptions.startDate} - 1) < ${yesterday}::date then ${yesterday}::date else ${subscriptions.billedThrough} end`,
            }
          : {}),
        status: to,
        suspendedAt: direction === "suspend" ? now : null,
        suspendedReason: direction === "suspend" ? reason : null,
        suspensionSource: direction === "suspend" ? source : null,
        provisionState: "pending",
        provisionError: null,
        updatedAt: now,
      })
      .where(
        and(
          eq(subscriptions.tenantId, actor.tenantId),
          inArray(
            subscriptions.id,
            toChange.map((r) => r.id),
          ),
        ),
      );
    // A customer whose every live subscription is suspended reads as suspended, and back to active on reactivation.
    const customerIds = [...new Set(toChange.map((r) => r.customerId))];
    if (direction === "reactivate")
      await tx
        .update(customers)
        .set({ status: "active", updatedAt: now })
        .where(and(eq(customers.tenantId, actor.tenantId), inArray(customers.id, customerIds)));
    else {
      const stillActive = await tx
        .selectDistinct({ customerId: subscriptions.customerId })
        .from(subscriptions)
        .where(and(eq(subscriptions.tenantId, actor.tenantId), inArray(subscriptions.customerId, customerIds), eq(subscriptions.status, "active")));
      const keep = new Set(stillActive.map((r) => r.customerId));
      const suspendedCustomers = customerIds.filter((id) => !keep.has(id));
      if (suspendedCustomers.length > 0)
        await tx
          .update(customers)
          .set({ status: "suspended", updatedAt: now })
          .where(and(eq(customers.tenantId, actor.tenantId), inArray(customers.id, suspendedCustomers), ne(customers.status, "terminated")));
    }
    for (const row of toChange)
      await recordAudit(tx, actor, {
        action: direction === "suspend" ? "subscription.suspended" : "subscription.reactivated",
        entityType: "subscription",
        entityId: row.id,
        customerId: row.customerId,
        before: { status: from },
        after: { status: to, username: row.username, reason, ...(source === "nonpayment" ? { source } : {}) },
      });
    if (alongWith) await alongWith(tx, toChange);
    return { changed: toChange, skipped: rows.length - toChange.length };
  });
}

/** Reconciles each affected router now; a busy or unreachable router is left to the background retry. */
async function applyOnRouters(db: Db, actor: TenantActor, routerIds: string[]): Promise<RouterOutcome[]> {
  if (routerIds.length === 0) return [];
  const names = new Map(
    (
      await db
        .select({ id: routers.id, name: routers.name })
        .from(routers)
        .where(and(eq(routers.tenantId, actor.tenantId), inArray(routers.id, routerIds)))
    ).map((r) => [r.id, r.name]),
  );
  return Promise.all(
    routerIds.map(async (routerId): Promise<RouterOutcome> => {
      const routerName = names.get(routerId) ?? "router";
      try {
        const run = await reconcileRouter(db, { tenantId: actor.tenantId, routerId, trigger: "suspension" });
        if (run.status === "succeeded") return { routerId, routerName, status: "applied", message: `Applied on ${routerName}.` };
        if (run.status === "failed") requestReconcile(db, { tenantId: actor.tenantId, routerId, trigger: "suspension" });
        return {
          routerId,
          routerName,
          status: "pending",
          message: `${routerName}: ${run.error ?? "some changes failed; see the router's drift report"}`,
        };
      } catch (error) {
        if (!(error instanceof AppError && error.code === "conflict")) throw error;
        requestReconcile(db, { tenantId: actor.tenantId, routerId, trigger: "suspension" });
        return { routerId, routerName, status: "pending", message: `${routerName} is being reconciled; the change follows right after.` };
      }
    }),
  );
}

async function run(
  db: Db,
  actor: TenantActor,
  direction: Direction,
  subscriptionIds: string[],
  reason: string,
  source: SuspensionSource = "manual",
  alongWith?: AlongWithChange,
): Promise<SuspensionResult> {
  const { changed, skipped } = await changeStatus(db, actor, direction, subscriptionIds, reason, source, alongWith);
  const routerIds = [...new Set(changed.flatMap((r) => (r.routerId ? [r.routerId] : [])))];
  const reconcileCalledAt = routerIds.length > 0 ? performance.now() : null;
  return { changed: changed.length, skipped, routers: await applyOnRouters(db, actor, routerIds), reconcileCalledAt };
}

/**
 * Suspends active subscriptions (others are skipped): isolation on the router and the session kicked, now.
 * Billing's dunning passes `source: "nonpayment"`, which is what lets a payment reactivate by itself.
 */
export function suspendSubscriptions(
  db: Db,
  actor: TenantActor,
  { subscriptionIds, reason, source }: { subscriptionIds: string[]; reason: string; source?: SuspensionSource },
) {
  return run(db, actor, "suspend", subscriptionIds, reason, source);
}

/** Reactivates suspended subscriptions: the plan's profile restored and the session kicked so it reconnects on it. */
export function reactivateSubscriptions(
  db: Db,
  actor: TenantActor,
  { subscriptionIds, reason, alongWith }: { subscriptionIds: string[]; reason: string; alongWith?: AlongWithChange },
) {
  return run(db, actor, "reactivate", subscriptionIds, reason, "manual", alongWith);
}

/** Every subscription of the given customers that can move in `direction` (bulk actions on the customers list). */
export async function subscriptionsOfCustomers(db: Db, tenantId: string, customerIds: string[]) {
  if (customerIds.length === 0) return [];
  const rows = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.customerId, customerIds)));
  return rows.map((r) => r.id);
}
