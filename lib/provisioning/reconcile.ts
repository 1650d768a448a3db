/*
 * Reconcile one router: our rows are the desired state, the router is brought to it with the minimal
 * changes, and every run — dry or applied — is stored as a drift report. One run per router at a time
 * (the `reconcile_runs` row is the lock, across processes); a router that fails is marked and retried
 * with backoff; a failure on the router never changes our subscriptions, only their provision state.
 */
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { reconcileRuns, type ReconcileChange, type ReconcileRun, type ReconcileSummary, type ReconcileTrigger } from "@/lib/provisioning/schema";
import { routers, type Router } from "@/lib/routers/schema";
import { AppError, isUniqueViolation } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { describeRouterFailure, loadRouter, pooledClient } from "@/lib/routers/access";
import { readDeviceId, recordDeviceId } from "@/lib/routers/device";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { loadDesiredInput } from "@/lib/provisioning/desired-input";
import { diffRouter, ownershipOf, type ActualRow, type PlannedChange } from "@/lib/provisioning/diff";
import { desiredState, parseMarker, type Ownership } from "@/lib/provisioning/desired";
import { vouchers } from "@/lib/hotspot/schema";
import { isUuid } from "@/lib/core/ids";
import { parseDuration } from "@/lib/routeros/values";
import { applyChanges, readActualState, type RoundTrips } from "@/lib/provisioning/router-io";
import type { RouterOsApi } from "@/lib/routeros/api";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { queueWebhookEvents } from "@/lib/webhooks/emit";
import { routerEventOf } from "@/lib/webhooks/rules";
import { markNotProvisioned, recordProvisionOutcomes, type ProvisionOutcome } from "@/lib/subscriptions/records";
import { radiusNasOf, syncRadiusRouter, tenantUsesRadius } from "@/lib/radius/sync";
import { applyRadiusSide, tellRadiusSessions, withoutRadiusAccounts } from "@/lib/radius/reconcile";

/** A running run renews its heartbeat this often while its process lives. */
export const RUN_HEARTBEAT_MS = 5_000;
/**
 * A run whose heartbeat is older than this belonged to a process that died (killed worker, cut-off cron
 * call); it no longer holds the lock, so the next scheduled reconcile (every 60 s, or a released unit sooner) takes the router over.
 */
export const RUN_LEASE_MS = 3 * RUN_HEARTBEAT_MS;
/** Rows written before heartbeats existed count as abandoned after this long. */
const LEGACY_STALE_RUN_MS = 10 * 60_000;
/** Stored drift reports keep every failure and conflict, and this many other changes (the summary counts all). */
const STORED_CHANGES = 1000;

export type ReconcileOptions = {
  tenantId: string;
  routerId: string;
  trigger: ReconcileTrigger;
  dryRun?: boolean;
  actor?: TenantActor;
  /** Tests and benchmarks may hand in a connection; the app uses the router's pooled one. */
  api?: Pick<RouterOsApi, "write">;
};

/** Delay before retrying a router after `failures` consecutive failed runs: 30 s doubling, capped at 30 min. */
export const retryDelayMs = (failures: number) => Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, failures - 1));

async function acquire(db: Db, options: ReconcileOptions): Promise<ReconcileRun> {
  const values = {
    tenantId: options.tenantId,
    routerId: options.routerId,
    trigger: options.trigger,
    dryRun: options.dryRun ?? false,
    requestedBy: options.actor?.userId ?? null,
    heartbeatAt: clock.now(),
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const [run] = await db.insert(reconcileRuns).values(values).returning();
      return run;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const released = await db
        .update(reconcileRuns)
        .set({ status: "failed", error: "Abandoned: the process running it stopped.", finishedAt: clock.now() })
        .where(
          and(
            eq(reconcileRuns.routerId, options.routerId),
            eq(reconcileRuns.status, "running"),
            or(
              lt(reconcileRuns.heartbeatAt, new Date(clock.ms() - RUN_LEASE_MS)),
              and(isNull(reconcileRuns.heartbeatAt), lt(reconcileRuns.startedAt, new Date(clock.ms() - LEGACY_STALE_RUN_MS))),
            ),
          ),
        )
        .returning({ id: reconcileRuns.id });
      if (released.length === 0) break;
    }
  }
  throw new AppError("conflict", "A reconcile of this router is already running; wait for it to finish.", {
    details: { routerId: options.routerId },
  });
}

function summarise(changes: PlannedChange[], unchanged: number): ReconcileSummary {
  const summary: ReconcileSummary = { add: 0, set: 0, remove: 0, kick: 0, conflict: 0, foreign: 0, failed: 0, unchanged };
  for (const change of changes) {
    summary[change.action] += 1;
    if (change.outcome === "failed") summary.failed += 1;
  }
  return summary;
}

function storedChanges(changes: PlannedChange[]): ReconcileChange[] {
  const strip = (change: PlannedChange): ReconcileChange => {
    const { menu, action, name, fields, reason, outcome, error } = change;
    return { menu, action, name, fields, reason, outcome, error };
  };
  const notable = changes.filter((c) => c.outcome === "failed" || c.action === "conflict");
  const rest = changes.filter((c) => !(c.outcome === "failed" || c.action === "conflict")).slice(0, STORED_CHANGES);
  return [...notable, ...rest].map(strip);
}

/**
 * Each subscription's standing after an applied run: error beats conflict beats pending beats synced.
 * After a completed run every live subscription of the router is synced except the ones a change names,
 * set in one statement (rows already synced are not rewritten); after a failed run only the named ones move.
 */
async function recordProvisionStates(
  db: Db,
  scope: { tenantId: string; routerId: string; completed: boolean },
  changes: PlannedChange[],
  pendingReason: string | null = null,
) {
  const rank: Record<ProvisionOutcome["state"], number> = { synced: 0, not_applicable: 0, pending: 1, conflict: 2, error: 3 };
  const state = new Map<string, ProvisionOutcome>();
  for (const change of changes) {
    if (!change.subscriptionId) continue;
    const next: ProvisionOutcome =
      change.outcome === "failed"
        ? { state: "error", error: change.error ?? "failed" }
        : change.action === "conflict"
          ? { state: "conflict", error: change.reason ?? null }
          : change.outcome === "planned"
            ? { state: "pending", error: pendingReason }
            : { state: "synced", error: null };
    const current = state.get(change.subscriptionId);
    if (!current || rank[next.state] > rank[current.state]) state.set(change.subscriptionId, next);
  }
  // One transaction: the synced sweep and the named states land together.
  await db.transaction((tx) => recordProvisionOutcomes(tx, { ...scope, outcomes: state }));
}

async function finish(db: Db, run: ReconcileRun, values: Partial<ReconcileRun>): Promise<ReconcileRun> {
  const [done] = await db
    .update(reconcileRuns)
    .set({ ...values, finishedAt: clock.now() })
    .where(eq(reconcileRuns.id, run.id))
    .returning();
  return done;
}

/**
 * The router's status after a reconcile reached it or not, with `router.down` / `router.up` for the ISP's webhooks
 * when that moved it (as the poller's status writes do), in one transaction with the row locked.
 */
async function markRouter(db: Db, router: Router, outcome: { ok: true } | { ok: false; error: string }) {
  const now = clock.now();
  const failures = outcome.ok ? 0 : router.reconcileFailures + 1;
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ status: routers.status }).from(routers).where(eq(routers.id, router.id)).for("update");
    if (!before) return;
    const [after] = await tx
      .update(routers)
      .set(
        outcome.ok
          ? {
              status: sql`case when ${routers.status} = 'degraded' then 'degraded' else 'online' end`,
              lastSeenAt: now,
              lastError: null,
              reconcileFailures: 0,
              lastReconciledAt: now,
              nextReconcileAt: null,
            }
          : {
              status: "offline",
              lastError: outcome.error,
              reconcileFailures: failures,
              nextReconcileAt: new Date(now.getTime() + retryDelayMs(failures)),
            },
      )
      .where(eq(routers.id, router.id))
      .returning({ status: routers.status, name: routers.name, siteId: routers.siteId, lastError: routers.lastError });
    const type = routerEventOf(before.status, after.status);
    if (type)
      await queueWebhookEvents(tx, router.tenantId, [
        {
          type,
          data: {
            id: router.id,
            name: after.name,
            siteId: after.siteId,
            status: after.status,
            previousStatus: before.status,
            lastError: after.lastError,
            changedAt: now.toISOString(),
          },
        },
      ]);
  });
}

/** Our vouchers seen with uptime on the router are in use; at their limit-uptime they are used up. */
async function recordVoucherUsage(db: Db, tenantId: string, ownership: Ownership, rows: ActualRow[]) {
  const byStatus = { active: [] as string[], used: [] as string[] };
  for (const row of rows) {
    const parsed = parseMarker(row.props.comment);
    if (parsed?.kind !== "voucher" || ownershipOf(ownership, "ip/hotspot/user", row) !== "ours") continue;
    const uptime = parseDuration(row.props.uptime ?? "0s") ?? 0;
    if (uptime <= 0) continue;
    const limit = parseDuration(row.props["limit-uptime"] ?? "0s") ?? 0;
    byStatus[limit > 0 && uptime >= limit ? "used" : "active"].push(parsed.id);
  }
  const now = clock.now();
  for (const status of ["active", "used"] as const) {
    const ids = byStatus[status].filter(isUuid);
    if (ids.length === 0) continue;
    await db
      .update(vouchers)
      .set({ status, firstUsedAt: sql`coalesce(${vouchers.firstUsedAt}, ${now})` })
      .where(
        and(
          eq(vouchers.tenantId, tenantId),
          inArray(vouchers.id, ids),
          inArray(vouchers.status, status === "used" ? ["unused", "active"] : ["unused"]),
        ),
      );
  }
}

const scopeOf = (options: ReconcileOptions) => ({ tenantId: options.tenantId, routerId: options.routerId });

/** Dry run: read and diff, store the plan. Otherwise apply it too. Returns the stored run (the drift report). */
export async function reconcileRouter(db: Db, options: ReconcileOptions): Promise<ReconcileRun> {
  const router = await loadRouter(db, options);
  const run = await acquire(db, options);
  const heartbeat = keepAlive(db, run);
  try {
    return await reconcileHeld(db, options, router, run);
  } finally {
    clearInterval(heartbeat);
  }
}

/** Renews the run's heartbeat while this process works on it; a failed renewal is retried on the next beat. */
function keepAlive(db: Db, run: ReconcileRun): NodeJS.Timeout {
  const timer = setInterval(() => {
    db.update(reconcileRuns)
      .set({ heartbeatAt: clock.now() })
      .where(and(eq(reconcileRuns.id, run.id), eq(reconcileRuns.status, "running")))
      .catch((error: unknown) =>
        logger.warn({ runId: run.id, err: error instanceof Error ? error.message : String(error) }, "reconcile heartbeat failed"),
      );
  }, RUN_HEARTBEAT_MS);
  timer.unref();
  return timer;
}

async function reconcileHeld(db: Db, options: ReconcileOptions, router: Router, run: ReconcileRun): Promise<ReconcileRun> {
  const trips: RoundTrips = { count: 0 };
  let changes: PlannedChange[] = [];
  let unchanged = 0;
  try {
    const loaded = await loadDesiredInput(db, options);
    // RADIUS mode (lib/radius): the tables are brought in line first, whether or not the router answers, and the
    // router keeps no accounts of ours; an API-push router only clears rows its subscriptions left there.
    const nas = await radiusNasOf(db, options);
    const radius =
      nas || (await tenantUsesRadius(db, options.tenantId))
        ? await syncRadiusRouter(db, { ...options, input: loaded, radiusMode: nas !== null })
        : null;
    const input = nas ? withoutRadiusAccounts(loaded) : loaded;
    const api = options.api ?? (await pooledClient(router, db));
    // The first contact learns which device this is; a device another router record holds is not touched.
    if (!router.deviceId) {
      const refusal = await recordDeviceId(db, router, await readDeviceId(api, trips));
      if (refusal) throw refusal;
    }
    const desired = desiredState(input);
    const { actual, missingMenus } = await readActualState(api, desired, trips);
    if (!options.dryRun) await recordVoucherUsage(db, options.tenantId, desired.ownership, actual.menus["ip/hotspot/user"]);
    ({ changes, unchanged } = diffRouter(desired, actual));
    for (const menu of missingMenus)
      for (const change of changes.filter((c) => c.menu === menu && c.action !== "kick")) {
        change.outcome = "failed";
        change.error = `This router has no /${menu} menu.`;
      }
    // The router asks RADIUS before our local accounts leave it, so a subscriber's next login already works.
    if (nas) await applyRadiusSide(db, api, nas, options.dryRun ?? false);
    // Conflicts and foreign entries are reports, never commands.
    if (!options.dryRun)
      await applyChanges(
        api,
        changes.filter((c) => c.action !== "foreign"),
        trips,
      );
    // Live sessions take a new rate by CoA, a new group by Disconnect (or an API kick when the NAS does not answer).
    if (nas && radius && !options.dryRun) await tellRadiusSessions(db, options.tenantId, nas, radius, api);
  } catch (error) {
    const message = describeRouterFailure(error);
    logger.warn({ routerId: router.id, err: error instanceof Error ? error.message : String(error) }, "reconcile failed");
    const done = await finish(db, run, {
      status: "failed",
      error: message,
      summary: summarise(changes, unchanged),
      changes: storedChanges(changes),
      roundTrips: trips.count,
    });
    if (!options.dryRun) {
      await markRouter(db, router, { ok: false, error: message });
      await recordProvisionStates(
        db,
        { ...scopeOf(options), completed: false },
        changes,
        `Not applied yet: ${message} NetSphere retries automatically.`,
      );
    }
    return done;
  }
  const summary = summarise(changes, unchanged);
  const status = options.dryRun || summary.failed === 0 ? "succeeded" : "partial";
  const done = await finish(db, run, { status, summary, changes: storedChanges(changes), roundTrips: trips.count });
  if (!options.dryRun) {
    await markRouter(db, router, { ok: true });
    await recordProvisionStates(db, { ...scopeOf(options), completed: true }, changes);
    await markNotProvisioned(db, { tenantId: options.tenantId, routerId: router.id });
  }
  if (options.actor)
    await recordAudit(db, options.actor, {
      action: options.dryRun ? "router.reconcile_previewed" : "router.reconciled",
      entityType: "router",
      entityId: router.id,
      after: { run: done.id, status: done.status, ...summary },
    });
  return done;
}
