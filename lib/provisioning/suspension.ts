/*
 * Suspend and reactivate service: the one domain function staff actions and billing's dunning both call.
 * The status moves through the subscription lifecycle (lib/subscriptions/lifecycle.ts); the router follows at
 * once through a reconcile of each affected router (isolation profile and/or address list, then the live
 * session is kicked so it applies now). A router that can't be reached keeps the change pending and is retried; our rows are never undone.
 */
import { and, eq, inArray } from "drizzle-orm";
import { tenantLocale } from "@/lib/tenants/queries";
import { todayIn } from "@/lib/core/calendar";
import { subscriptions } from "@/lib/subscriptions/schema";
import { moveSubscriptions, type SuspensionSource } from "@/lib/subscriptions/lifecycle";
import { routers } from "@/lib/routers/schema";
import type { TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { requestReconcile } from "@/lib/provisioning/trigger";
import type { Db, Tx } from "@/lib/db/types";

export type RouterOutcome = { routerId: string; routerName: string; status: "applied" | "pending"; message: string };
export type SuspensionResult = {
  changed: number;
  skipped: number;
  routers: RouterOutcome[];
  /** `performance.now()` when the routers' reconcile was called (null when no router was involved). */
  reconcileCalledAt: number | null;
};

type Direction = "suspend" | "reactivate";

export type { SuspensionSource };

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
  return db.transaction(async (tx) => {
    // The day a suspension starts (or ends) is the ISP's calendar day: billing leaves exactly those days out.
    const today = todayIn((await tenantLocale(tx, { tenantId: actor.tenantId })).timeZone);
    const { changed, skipped } = await moveSubscriptions(
      tx,
      actor,
      direction === "suspend" ? { subscriptionIds, today, to: "suspended", reason, source } : { subscriptionIds, today, to: "active", reason },
    );
    if (alongWith && changed.length > 0) await alongWith(tx, changed);
    return { changed, skipped };
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
