import { and, desc, eq } from "drizzle-orm";
import { reconcileRuns } from "@/lib/provisioning/schema";
import { users } from "@/lib/auth/schema";
import { isUuid } from "@/lib/core/ids";
import { notFound } from "@/lib/core/errors";
import type { DbOrTx } from "@/lib/db/types";

const runColumns = {
  id: reconcileRuns.id,
  trigger: reconcileRuns.trigger,
  dryRun: reconcileRuns.dryRun,
  status: reconcileRuns.status,
  summary: reconcileRuns.summary,
  error: reconcileRuns.error,
  roundTrips: reconcileRuns.roundTrips,
  startedAt: reconcileRuns.startedAt,
  finishedAt: reconcileRuns.finishedAt,
  requestedByName: users.name,
};

/** The router's latest runs, newest first (the drift report history). */
export async function listReconcileRuns(db: DbOrTx, { tenantId, routerId, limit = 25 }: { tenantId: string; routerId: string; limit?: number }) {
  return db
    .select(runColumns)
    .from(reconcileRuns)
    .leftJoin(users, eq(users.id, reconcileRuns.requestedBy))
    .where(and(eq(reconcileRuns.tenantId, tenantId), eq(reconcileRuns.routerId, routerId)))
    .orderBy(desc(reconcileRuns.startedAt))
    .limit(limit);
}

/**
 * One run of the router's, with its changes; another tenant's or router's run reads as not found, and so does
 * anything in the address that is not an id.
 */
export async function getReconcileRun(db: DbOrTx, { tenantId, routerId, runId }: { tenantId: string; routerId: string; runId: string }) {
  if (!isUuid(runId) || !isUuid(routerId)) throw notFound("Reconcile run");
  const [run] = await db
    .select({ ...runColumns, changes: reconcileRuns.changes })
    .from(reconcileRuns)
    .leftJoin(users, eq(users.id, reconcileRuns.requestedBy))
    .where(and(eq(reconcileRuns.tenantId, tenantId), eq(reconcileRuns.routerId, routerId), eq(reconcileRuns.id, runId)));
  if (!run) throw notFound("Reconcile run");
  return run;
}
