/*
 * Anomaly rules: after each detection run, analytics hands over the ISP's open anomalies; an ISP without an
 * anomaly rule is done at once (anomalies page nobody by themselves). Otherwise each rule judges the objects of its
 * kind (`judgeAnomalies`), through the same state machine and delays as every rule, and firing opens or joins the
 * object's incident through the engine. States live in `alert_object_states` like a poll's, under the anomaly rules.
 */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { listRouters } from "@/lib/routers/service";
import { judgeAnomalies, stateKey, type AnomalyObservation, type StoredObjectState } from "./conditions";
import { applyTransition } from "./evaluate";
import { enabledRules } from "./rules-service";
import { alertObjectStates, isAnomalyKind } from "./schema";

export type OpenAnomalyFact = {
  routerId: string;
  objectKind: "interface" | "router" | "subscription";
  objectId: string;
  metric: string;
  kind: string;
  direction: string;
  severity: number;
};

const metricLabels: Record<string, string> = { cpu: "CPU load", sessions: "PPPoE sessions" };

function observation(a: OpenAnomalyFact, siteId: string | null): AnomalyObservation {
  if (a.objectKind === "interface") return { routerId: a.routerId, siteId, objectType: "interface", objectKey: `interface:${a.objectId}`, label: a.objectId, severity: a.severity };
  if (a.objectKind === "subscription") return { routerId: a.routerId, siteId, objectType: "subscription", objectKey: `subscription:${a.objectId}`, label: a.objectId, severity: a.severity };
  return { routerId: a.routerId, siteId, objectType: "router", objectKey: "router", label: metricLabels[a.metric] ?? a.metric, severity: a.severity };
}

/** Fires and clears the ISP's anomaly rules from its open anomalies. Never throws: detection must not fail with alerting. */
export async function evaluateAnomalyRules(db: Db, { tenantId, now, open }: { tenantId: string; now: Date; open: OpenAnomalyFact[] }): Promise<{ transitions: number }> {
  try {
    const rules = (await enabledRules(db, tenantId)).filter((rule) => isAnomalyKind(rule.kind));
    if (rules.length === 0) return { transitions: 0 };
    const ruleIds = rules.map((rule) => rule.id);
    const [stateRows, routerRows] = await Promise.all([
      db.select().from(alertObjectStates).where(and(eq(alertObjectStates.tenantId, tenantId), inArray(alertObjectStates.ruleId, ruleIds))),
      listRouters(db, { tenantId }),
    ]);
    const routers = new Map(routerRows.map((r) => [r.id, r]));
    const states = new Map<string, StoredObjectState>();
    for (const row of stateRows) {
      states.set(stateKey(row.ruleId, `${row.routerId}\u0000${row.objectKey}`), {
        state: row.state,
        since: row.since.getTime(),
        flapping: row.flapping,
        changes: row.changes,
        holding: row.memory.holding === 1,
        memory: Object.fromEntries(Object.entries(row.memory).filter(([key]) => key !== "holding")),
      });
    }
    const observations = open.filter((a) => routers.has(a.routerId)).map((a) => observation(a, routers.get(a.routerId)!.siteId ?? null));
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    let transitions = 0;
    for (const verdict of judgeAnomalies(rules, observations, states, now.getTime())) {
      const where = and(eq(alertObjectStates.routerId, verdict.routerId), eq(alertObjectStates.ruleId, verdict.rule.id), eq(alertObjectStates.objectKey, verdict.objectKey));
      if (verdict.next) {
        const values = {
          state: verdict.next.state,
          since: new Date(verdict.next.since),
          flapping: verdict.next.flapping,
          changes: verdict.next.changes,
          memory: { ...verdict.next.memory, holding: verdict.next.holding ? 1 : 0 },
          lastValue: verdict.value,
          updatedAt: now,
        };
        await db
          .insert(alertObjectStates)
          .values({ tenantId, ruleId: verdict.rule.id, routerId: verdict.routerId, objectKey: verdict.objectKey, ...values })
          .onConflictDoUpdate({ target: [alertObjectStates.routerId, alertObjectStates.ruleId, alertObjectStates.objectKey], set: values });
      } else if (states.has(stateKey(verdict.rule.id, `${verdict.routerId}\u0000${verdict.objectKey}`))) {
        await db.delete(alertObjectStates).where(where);
      }
      const router = routers.get(verdict.routerId);
      for (const transition of verdict.transitions) {
        transitions += 1;
        const target = { tenantId, routerId: verdict.routerId, siteId: router?.siteId ?? null, objectType: verdict.objectType, label: verdict.label, at: now };
        await applyTransition(db, transition, verdict, byId.get(verdict.rule.id)!, target, router?.name ?? "Router");
      }
    }
    return { transitions };
  } catch (error) {
    logger.error({ err: error, tenantId }, "anomaly rule evaluation failed");
    return { transitions: 0 };
  }
}

