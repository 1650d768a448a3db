/*
 * Alert rules and maintenance windows: the defaults every ISP starts with, edits by staff, and the cached
 * copy the poller evaluates against (reloaded every 30 s, and at once in the process where they changed).
 */
import "server-only";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { AppError, notFound } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { defaultRules } from "./defaults";
import { alertRules, maintenanceWindows, type AlertRule } from "./schema";
import type { AlertRuleInput, MaintenanceInput } from "./rules";
import type { AlertKind } from "./values";

/** The tenant's rules, the defaults created on first use. */
export async function listAlertRules(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<AlertRule[]> {
  const rows = await db.select().from(alertRules).where(eq(alertRules.tenantId, tenantId)).orderBy(asc(alertRules.createdAt), asc(alertRules.name));
  if (rows.length > 0) return rows;
  await insertDefaultRules(db, tenantId, defaultRules);
  return db.select().from(alertRules).where(eq(alertRules.tenantId, tenantId)).orderBy(asc(alertRules.createdAt), asc(alertRules.name));
}

/**
 * Gives an ISP whose rules were made before a kind existed that kind's default rule, when it starts using what the
 * kind watches (a WireGuard tunnel: `tunnel_down`). Nothing when it already has a rule of that kind, or no rules yet
 * (they are all made on first use).
 */
export async function ensureDefaultRule(db: DbOrTx, { tenantId, kind }: { tenantId: string; kind: AlertKind }): Promise<void> {
  const rows = await db.select({ kind: alertRules.kind }).from(alertRules).where(eq(alertRules.tenantId, tenantId));
  if (rows.length === 0 || rows.some((row) => row.kind === kind)) return;
  await insertDefaultRules(
    db,
    tenantId,
    defaultRules.filter((rule) => rule.kind === kind),
  );
}

async function insertDefaultRules(db: DbOrTx, tenantId: string, rules: typeof defaultRules) {
  if (rules.length === 0) return;
  const now = clock.now();
  await db
    .insert(alertRules)
    .values(
      rules.map((rule) => ({
        tenantId,
        kind: rule.kind,
        name: rule.name,
        severity: rule.severity,
        threshold: rule.threshold,
        minCount: rule.minCount ?? null,
        windowSeconds: rule.windowSeconds,
        fireAfterSeconds: rule.fireAfterSeconds,
        clearAfterSeconds: rule.clearAfterSeconds,
        flapChanges: rule.flapChanges,
        enabled: rule.enabled ?? true,
        // The owner hears about everything until the ISP names its on-call people; admins when nobody acknowledges.
        notifyRole: "owner",
        escalateAfterMinutes: rule.escalateAfterMinutes ?? null,
        escalateRole: rule.escalateAfterMinutes ? "admin" : null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing();
}

type Cached<T> = { at: number; value: Promise<T> };
const CACHE_MS = 30_000;
const ruleCache = new Map<string, Cached<AlertRule[]>>();

/** The enabled rules the poller evaluates; at most 30 s old. */
export function enabledRules(db: DbOrTx, tenantId: string): Promise<AlertRule[]> {
  const cached = ruleCache.get(tenantId);
  const now = performance.now();
  if (cached && now - cached.at < CACHE_MS) return cached.value;
  const value = listAlertRules(db, { tenantId }).then((rows) => rows.filter((rule) => rule.enabled));
  value.catch(() => ruleCache.delete(tenantId));
  ruleCache.set(tenantId, { at: now, value });
  return value;
}

export function forgetCachedRules(tenantId?: string) {
  if (tenantId) ruleCache.delete(tenantId);
  else ruleCache.clear();
}

function ruleValues(input: AlertRuleInput) {
  return {
    name: input.name,
    enabled: input.enabled,
    severity: input.severity,
    threshold: input.threshold ?? null,
    minCount: input.minCount ?? null,
    windowSeconds: input.windowMinutes * 60,
    fireAfterSeconds: input.fireAfterSeconds,
    clearAfterSeconds: input.clearAfterSeconds,
    flapChanges: input.flapChanges,
    routerId: input.routerId ?? null,
    siteId: input.siteId ?? null,
    notifyRole: input.notifyRole ?? null,
    notifyUserIds: input.notifyUserIds,
    notifyRecovery: input.notifyRecovery,
    escalateAfterMinutes: input.escalateAfterMinutes ?? null,
    escalateRole: input.escalateRole ?? null,
    escalateUserIds: input.escalateUserIds,
  };
}

export async function createAlertRule(db: Db, actor: TenantActor, input: AlertRuleInput) {
  const now = clock.now();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(alertRules)
      .values({ tenantId: actor.tenantId, kind: input.kind, ...ruleValues(input), createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, actor, { action: "alert_rule.create", entityType: "alert_rule", entityId: created.id, after: ruleValues(input) });
    return created;
  });
  forgetCachedRules(actor.tenantId);
  return row;
}

export async function updateAlertRule(db: Db, actor: TenantActor, { ruleId, ...input }: AlertRuleInput & { ruleId: string }) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(alertRules)
      .where(and(eq(alertRules.tenantId, actor.tenantId), eq(alertRules.id, ruleId)));
    if (!before) throw notFound("Alert rule");
    if (before.kind !== input.kind) throw new AppError("validation", "A rule's kind cannot change; add a new rule instead.");
    await tx
      .update(alertRules)
      .set({ ...ruleValues(input), updatedAt: clock.now() })
      .where(and(eq(alertRules.tenantId, actor.tenantId), eq(alertRules.id, ruleId)));
    await recordAudit(tx, actor, { action: "alert_rule.update", entityType: "alert_rule", entityId: ruleId, before, after: ruleValues(input) });
  });
  forgetCachedRules(actor.tenantId);
}

export async function deleteAlertRule(db: Db, actor: TenantActor, { ruleId }: { ruleId: string }) {
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(alertRules)
      .where(and(eq(alertRules.tenantId, actor.tenantId), eq(alertRules.id, ruleId)))
      .returning();
    if (!removed) throw notFound("Alert rule");
    await recordAudit(tx, actor, { action: "alert_rule.delete", entityType: "alert_rule", entityId: ruleId, before: removed });
  });
  forgetCachedRules(actor.tenantId);
}

export async function listMaintenanceWindows(db: DbOrTx, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }) {
  return db
    .select()
    .from(maintenanceWindows)
    .where(and(eq(maintenanceWindows.tenantId, tenantId), gt(maintenanceWindows.endsAt, new Date(now.getTime() - 30 * 86_400_000))))
    .orderBy(asc(maintenanceWindows.startsAt));
}

export async function createMaintenanceWindow(db: Db, actor: TenantActor, input: MaintenanceInput) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(maintenanceWindows)
      .values({
        tenantId: actor.tenantId,
        routerId: input.routerId ?? null,
        siteId: input.siteId ?? null,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        reason: input.reason,
        createdBy: actor.userId ?? null,
      })
      .returning();
    await recordAudit(tx, actor, { action: "maintenance.create", entityType: "maintenance_window", entityId: row.id, after: input });
    return row;
  });
}

/** Ends a window now (or removes one that has not started). */
export async function endMaintenanceWindow(db: Db, actor: TenantActor, { windowId }: { windowId: string }) {
  const now = clock.now();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(maintenanceWindows)
      .where(and(eq(maintenanceWindows.tenantId, actor.tenantId), eq(maintenanceWindows.id, windowId)));
    if (!row) throw notFound("Maintenance window");
    if (row.startsAt > now) await tx.delete(maintenanceWindows).where(eq(maintenanceWindows.id, windowId));
    else if (row.endsAt > now) await tx.update(maintenanceWindows).set({ endsAt: now }).where(eq(maintenanceWindows.id, windowId));
    await recordAudit(tx, actor, { action: "maintenance.end", entityType: "maintenance_window", entityId: windowId, before: row });
  });
}
