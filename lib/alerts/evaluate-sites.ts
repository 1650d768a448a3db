/*
 * Site-wide rules (a mass disconnect across every router of a site): judged every poll interval by the
 * `evaluate-sites` job from what the poller stored, so it sees the whole site whichever workers polled its routers.
 * One statement reads all of an ISP's sites; states are written only when they change.
 */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { logger } from "@/lib/core/logger";
import { siteSessions } from "@/lib/monitoring/impact";
import { evaluateSite, type StoredObjectState, type Verdict } from "./conditions";
import { applyTransition } from "./evaluate";
import { alertRules, alertSiteStates, siteAlertKinds, type AlertRule, type AlertSiteState } from "./schema";

/** A router's reading older than this is not "now": it left the site's count until it answers again. */
const FRESH_SECONDS = 120;

const toStored = (row: AlertSiteState): StoredObjectState => ({
  state: row.state,
  since: row.since.getTime(),
  flapping: row.flapping,
  changes: row.changes,
  holding: row.memory.holding === 1,
  memory: Object.fromEntries(Object.entries(row.memory).filter(([key]) => key !== "holding")),
});

async function saveSiteState(db: Db, tenantId: string, siteId: string, verdict: Verdict, previous: StoredObjectState | undefined, at: Date) {
  const next = verdict.next;
  if (!next) {
    if (previous) await db.delete(alertSiteStates).where(and(eq(alertSiteStates.siteId, siteId), eq(alertSiteStates.ruleId, verdict.rule.id)));
    return;
  }
  const values = {
    state: next.state,
    since: new Date(next.since),
    flapping: next.flapping,
    changes: next.changes,
    memory: { ...next.memory, holding: next.holding ? 1 : 0 },
    lastValue: verdict.value,
    updatedAt: at,
  };
  await db
    .insert(alertSiteStates)
    .values({ tenantId, ruleId: verdict.rule.id, siteId, ...values })
    .onConflictDoUpdate({ target: [alertSiteStates.siteId, alertSiteStates.ruleId], set: values });
}

/** One ISP's site rules over all its sites. */
async function evaluateTenantSites(db: Db, tenantId: string, rules: AlertRule[], now: Date): Promise<number> {
  const windowSeconds = Math.max(...rules.map((rule) => rule.windowSeconds));
  const [sites, stateRows] = await Promise.all([
    siteSessions(db, {
      tenantId,
      windowStart: new Date(now.getTime() - windowSeconds * 1000),
      freshSince: new Date(now.getTime() - FRESH_SECONDS * 1000),
    }),
    db.select().from(alertSiteStates).where(eq(alertSiteStates.tenantId, tenantId)),
  ]);
  const bySite = new Map<string, Map<string, StoredObjectState>>();
  for (const row of stateRows) {
    const states = bySite.get(row.siteId) ?? new Map<string, StoredObjectState>();
    states.set(row.ruleId, toStored(row));
    bySite.set(row.siteId, states);
  }
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  let transitions = 0;
  for (const site of sites) {
    const states = bySite.get(site.siteId) ?? new Map<string, StoredObjectState>();
    for (const verdict of evaluateSite(rules, { ...site, at: now.getTime() }, states)) {
      await saveSiteState(db, tenantId, site.siteId, verdict, states.get(verdict.rule.id), now);
      for (const transition of verdict.transitions) {
        transitions += 1;
        const target = { tenantId, routerId: null, siteId: site.siteId, objectType: verdict.objectType, label: verdict.label, at: now };
        await applyTransition(db, transition, verdict, byId.get(verdict.rule.id)!, target, site.siteName);
      }
    }
  }
  return transitions;
}

/** Every ISP with an enabled site rule. One ISP's failure is logged and does not stop the others. */
export async function evaluateSites(db: Db, now: Date = clock.now()): Promise<{ tenants: number; transitions: number; failed: number }> {
  const rules = await db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.enabled, true), inArray(alertRules.kind, [...siteAlertKinds])));
  const byTenant = new Map<string, AlertRule[]>();
  for (const rule of rules) byTenant.set(rule.tenantId, [...(byTenant.get(rule.tenantId) ?? []), rule]);
  let transitions = 0;
  let failed = 0;
  for (const [tenantId, tenantRules] of byTenant) {
    try {
      transitions += await evaluateTenantSites(db, tenantId, tenantRules, now);
    } catch (error) {
      failed += 1;
      logger.error({ err: error, tenantId }, "site alert evaluation failed");
    }
  }
  return { tenants: byTenant.size, transitions, failed };
}
