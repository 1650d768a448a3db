/*
 * "Something changed, bring the router in line": called after a subscription, plan, voucher or queue
 * change commits. Runs the reconcile in the background at once (activation provisions within seconds),
 * coalescing bursts: while a router's run is going, further requests fold into one follow-up run.
 * The scheduled reconcile job is the safety net for anything a stopped process never got to.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import type { ReconcileTrigger } from "@/lib/provisioning/schema";
import type { Db, DbOrTx } from "@/lib/db/types";

type Entry = { running: Promise<void>; again: boolean };
const globalForQueue = globalThis as unknown as { netsphereReconcileQueue?: Map<string, Entry> };
const queue = (globalForQueue.netsphereReconcileQueue ??= new Map());

/**
 * Another run holds the router (a payment's own reconcile in this process, or another process's run): try again
 * soon, then less often (150 ms doubling, about 38 s in all), then leave it to the schedule. Most runs take well
 * under a second, and a reactivation waiting behind one should not wait seconds more.
 */
const BUSY_RETRIES = 8;
const BUSY_FIRST_WAIT_MS = 150;

export function requestReconcile(db: Db, { tenantId, routerId, trigger }: { tenantId: string; routerId: string; trigger: ReconcileTrigger }): void {
  if (process.env.RECONCILE_ON_CHANGE === "false") return;
  const existing = queue.get(routerId);
  if (existing) {
    existing.again = true;
    return;
  }
  const entry: Entry = { again: false, running: Promise.resolve() };
  entry.running = (async () => {
    let busy = 0;
    do {
      entry.again = false;
      try {
        await reconcileRouter(db, { tenantId, routerId, trigger });
      } catch (error) {
        if (error instanceof AppError && error.code === "conflict" && busy < BUSY_RETRIES) {
          busy += 1;
          entry.again = true;
          await new Promise((resolve) => setTimeout(resolve, BUSY_FIRST_WAIT_MS * 2 ** (busy - 1)));
        } else logger.warn({ routerId, err: error instanceof Error ? error.message : String(error) }, "background reconcile failed");
      }
    } while (entry.again);
  })().finally(() => queue.delete(routerId));
  queue.set(routerId, entry);
}

/** Resolves when every background reconcile started so far has finished (used by tests and shutdown). */
export async function drainReconciles(): Promise<void> {
  while (queue.size > 0) await Promise.all([...queue.values()].map((entry) => entry.running));
}

/** Requests a reconcile of every router that serves one of the given plans (a plan's speed or name changed). */
export async function requestReconcileForPlan(db: Db, { tenantId, planId }: { tenantId: string; planId: string }) {
  const rows = await db
    .selectDistinct({ routerId: subscriptions.routerId })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.planId, planId), isNotNull(subscriptions.routerId)));
  for (const row of rows) requestReconcile(db, { tenantId, routerId: row.routerId!, trigger: "change" });
}

/** Requests a reconcile of every router of the tenant (isolation settings changed). */
export async function requestReconcileForTenant(db: Db, { tenantId }: { tenantId: string }) {
  const rows = await db.select({ id: routers.id }).from(routers).where(eq(routers.tenantId, tenantId));
  for (const row of rows) requestReconcile(db, { tenantId, routerId: row.id, trigger: "change" });
}

/** The routers serving the given subscriptions (to reconcile after a change to them). */
export async function routersOfSubscriptions(db: DbOrTx, tenantId: string, subscriptionIds: string[]): Promise<string[]> {
  if (subscriptionIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ routerId: subscriptions.routerId })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.id, subscriptionIds), isNotNull(subscriptions.routerId)));
  return rows.map((r) => r.routerId!);
}
