/*
 * The scheduled reconcile: the safety net behind the on-change runs. It picks routers that are due —
 * never reconciled, last reconciled over RECONCILE_EVERY ago, holding subscriptions not yet synced, or
 * past their retry time after a failure — and reconciles each (one router per worker at a time).
 */
import { and, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import { routers } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { defineJob } from "@/lib/jobs/define";
import { eachLimited, STOP_GRACE_MS } from "@/lib/jobs/concurrency";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { contactableRouters } from "@/lib/routers/access";
import type { Db } from "@/lib/db/types";

/** Routers one scheduled run reconciles at once (each is its own connection and its own lock). */
export const RECONCILE_CONCURRENCY = 8;

/** A router in good health is re-read this often even without changes, so drift made by hand is found. */
export const RECONCILE_EVERY_MS = 15 * 60_000;

/** Routers due for a scheduled reconcile at `now`. */
export async function dueRouters(db: Db, now: Date): Promise<{ id: string; tenantId: string }[]> {
  const unsynced = db
    .selectDistinct({ routerId: subscriptions.routerId })
    .from(subscriptions)
    .where(and(inArray(subscriptions.status, ["active", "suspended"]), inArray(subscriptions.provisionState, ["pending", "error"])));
  return db
    .select({ id: routers.id, tenantId: routers.tenantId })
    .from(routers)
    .where(
      and(
        contactableRouters(),
        or(isNull(routers.nextReconcileAt), lte(routers.nextReconcileAt, now)),
        or(
          isNull(routers.lastReconciledAt),
          lte(routers.lastReconciledAt, new Date(now.getTime() - RECONCILE_EVERY_MS)),
          sql`${routers.reconcileFailures} > 0`,
          inArray(routers.id, unsynced),
        ),
      ),
    );
}

const payload = z.object({ routerId: z.uuid().optional(), tenantId: z.uuid().optional() });

export const reconcileRoutersJob = defineJob({
  name: "reconcile-routers",
  description: "Brings each due router in line with NetSphere's plans and subscriptions and stores a drift report.",
  payload,
  schedule: { everySeconds: 60, cron: "* * * * *" },
  async split(ctx) {
    return (await dueRouters(ctx.db, ctx.now())).map((r) => ({ key: r.id, payload: { routerId: r.id, tenantId: r.tenantId } }));
  },
  // Routers are worked on side by side (an unreachable one waits out its timeout without holding up the
  // rest); once the signal aborts (shutdown, or a cron call's deadline) no new router is started, the run
  // waits at most STOP_GRACE_MS for the ones in hand, and the ones not started are `left` for the next run.
  async run(ctx, input) {
    const targets = input.routerId && input.tenantId ? [{ id: input.routerId, tenantId: input.tenantId }] : await dueRouters(ctx.db, ctx.now());
    const summary = { routers: targets.length, succeeded: 0, partial: 0, failed: 0, busy: 0, running: 0, left: 0 };
    const progress = await eachLimited(
      targets,
      RECONCILE_CONCURRENCY,
      async (target) => {
        try {
          const run = await reconcileRouter(ctx.db, { tenantId: target.tenantId, routerId: target.id, trigger: "schedule" });
          summary[run.status === "running" ? "failed" : run.status] += 1;
        } catch (error) {
          if (error instanceof AppError && error.code === "conflict") summary.busy += 1;
          else if (!(error instanceof AppError && error.code === "not_found")) {
            // A database failure for one router is counted and logged; the routers beside it carry on.
            summary.failed += 1;
            logger.error({ err: error, routerId: target.id }, "scheduled reconcile failed");
          }
        }
      },
      ctx.signal,
      { graceMs: STOP_GRACE_MS },
    );
    // Still running after the grace: they finish in the background, or, if the process is cut off, their
    // run's heartbeat stops and the next run takes the router over after the lease.
    summary.running = progress.started - progress.finished;
    summary.left = targets.length - progress.started;
    return { ...summary };
  },
  unitOutcome: (summary) =>
    summary.busy ? "busy" : summary.failed ? "failed" : summary.partial ? "partial" : summary.succeeded ? "reconciled" : "gone",
});
