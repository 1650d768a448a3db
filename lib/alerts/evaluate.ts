/*
 * After each poll: judge the router against the tenant's rules, keep each object's state, and turn the
 * transitions into incidents. Cheap when nothing is wrong: the rules and link capacities come from 30-second caches,
 * the router's object states from this process's copy when it evaluated the router's previous poll itself (else one
 * indexed read, usually no rows), and nothing is written unless a state changed.
 */
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { tenantLinkCapacities } from "@/lib/topology/capacities";
import { evaluate, rememberPoll, stateKey, type RouterMemory, type RouterObservation, type RuleView, type StoredObjectState, type Verdict } from "./conditions";
import { markFlapping, ruleCleared, ruleFired, type ObjectTarget } from "./incidents";
import type { Transition } from "./hysteresis";
import { enabledRules } from "./rules-service";
import { alertObjectStates, type AlertRule } from "./schema";

/** This process's memory of each router's previous poll (interfaces, sessions, session counts). */
const memories = new Map<string, RouterMemory>();

/** Each router's object states as this process saved them, the poll they were saved for and when they were last read. */
const knownStates = new Map<string, { at: number; readAt: number; states: Map<string, StoredObjectState> }>();
/** Read again at least this often, so a rule disabled and enabled again elsewhere cannot leave this copy wrong for long. */
const STATES_REREAD_MS = 5 * 60_000;

/** Link capacities per tenant (router → interface → Mbps): a capacity staff change reaches the rules within 30 s. */
const CAPACITIES_CACHE_MS = 30_000;
const capacityCache = new Map<string, { at: number; value: Promise<Map<string, Map<string, number>>> }>();

export function forgetRouterMemory(routerId?: string) {
  if (routerId) {
    memories.delete(routerId);
    knownStates.delete(routerId);
  } else {
    memories.clear();
    knownStates.clear();
    capacityCache.clear();
  }
}

export type PollFacts = Omit<RouterObservation, "capacities" | "at"> & {
  tenantId: string;
  routerName: string;
  at: Date;
  /** The router's poll before this one (any process's); when it was this process's, the states it saved are still current. */
  previousPollAt?: Date | null;
};

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((value, index) => value === b[index]);

function sameMemory(a: StoredObjectState["memory"], b: StoredObjectState["memory"]): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const x = a[key];
    const y = b[key];
    return Array.isArray(x) ? Array.isArray(y) && sameNumbers(x, y) : x === y;
  });
}

/** Compared field by field on every verdict of every poll (no JSON: most polls change nothing, and this is the hot path). */
function sameState(a: StoredObjectState | undefined, b: StoredObjectState | null): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.state === b.state &&
    a.since === b.since &&
    a.flapping === b.flapping &&
    a.holding === b.holding &&
    sameNumbers(a.changes, b.changes) &&
    sameMemory(a.memory, b.memory)
  );
}

async function loadStates(db: Db, routerId: string): Promise<Map<string, StoredObjectState>> {
  const rows = await db.select().from(alertObjectStates).where(eq(alertObjectStates.routerId, routerId));
  return new Map(
    rows.map((row) => [
      stateKey(row.ruleId, row.objectKey),
      {
        state: row.state,
        since: row.since.getTime(),
        flapping: row.flapping,
        changes: row.changes,
        holding: row.memory.holding === 1,
        memory: Object.fromEntries(Object.entries(row.memory).filter(([key]) => key !== "holding")),
      },
    ]),
  );
}

async function saveStates(db: Db, facts: PollFacts, verdicts: Verdict[], states: Map<string, StoredObjectState>) {
  const changed = verdicts.filter((v) => !sameState(states.get(stateKey(v.rule.id, v.objectKey)), v.next));
  if (changed.length === 0) return;
  const gone = changed.filter((v) => v.next === null);
  const kept = changed.filter((v) => v.next !== null);
  if (kept.length > 0) {
    const rows = kept.map((v) => ({
      tenantId: facts.tenantId,
      ruleId: v.rule.id,
      routerId: facts.routerId,
      objectKey: v.objectKey,
      state: v.next!.state,
      since: new Date(v.next!.since),
      flapping: v.next!.flapping,
      changes: v.next!.changes,
      memory: { ...v.next!.memory, holding: v.next!.holding ? 1 : 0 },
      lastValue: v.value,
      updatedAt: facts.at,
    }));
    await db
      .insert(alertObjectStates)
      .values(rows)
      .onConflictDoUpdate({
        target: [alertObjectStates.routerId, alertObjectStates.ruleId, alertObjectStates.objectKey],
        set: {
          state: sql`excluded.state`,
          since: sql`excluded.since`,
          flapping: sql`excluded.flapping`,
          changes: sql`excluded.changes`,
          memory: sql`excluded.memory`,
          lastValue: sql`excluded.last_value`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  for (const v of gone) {
    await db
      .delete(alertObjectStates)
      .where(and(eq(alertObjectStates.routerId, facts.routerId), eq(alertObjectStates.ruleId, v.rule.id), eq(alertObjectStates.objectKey, v.objectKey)));
  }
}

/**
 * The router's object states. Only the poller writes them, one poll of a router at a time: if the previous poll was
 * the one this process evaluated, nobody wrote since and the saved copy is current; otherwise (another worker polled
 * it, or this process restarted) they are read.
 */
async function statesFor(db: Db, facts: PollFacts): Promise<{ states: Map<string, StoredObjectState>; readAt: number }> {
  const known = knownStates.get(facts.routerId);
  const at = facts.at.getTime();
  if (known && facts.previousPollAt && known.at === facts.previousPollAt.getTime() && at - known.readAt < STATES_REREAD_MS) return known;
  return { states: await loadStates(db, facts.routerId), readAt: at };
}

function rememberStates(facts: PollFacts, known: { states: Map<string, StoredObjectState>; readAt: number }, verdicts: Verdict[]) {
  const next = new Map(known.states);
  for (const v of verdicts) {
    if (v.next) next.set(stateKey(v.rule.id, v.objectKey), v.next);
    else next.delete(stateKey(v.rule.id, v.objectKey));
  }
  knownStates.set(facts.routerId, { at: facts.at.getTime(), readAt: known.readAt, states: next });
}

function capacitiesOf(db: Db, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<Map<string, number>> {
  const now = performance.now();
  let cached = capacityCache.get(tenantId);
  if (!cached || now - cached.at >= CAPACITIES_CACHE_MS) {
    const value = tenantLinkCapacities(db, { tenantId });
    value.catch(() => capacityCache.delete(tenantId));
    cached = { at: now, value };
    capacityCache.set(tenantId, cached);
  }
  return cached.value.then((byRouter) => byRouter.get(routerId) ?? new Map<string, number>());
}

const ruleView = (rule: AlertRule): RuleView => rule;

/** One state machine transition turned into the incident change it means. */
export async function applyTransition(db: Db, transition: Transition, verdict: Verdict, rule: AlertRule, target: ObjectTarget & { tenantId: string; at: Date }, name: string) {
  if (transition === "fire") {
    await ruleFired(db, { ...target, routerName: name, rule, value: verdict.value, flapping: verdict.transitions.includes("flapping") });
  } else if (transition === "clear") {
    await ruleCleared(db, { ...target, rule });
  } else if (!verdict.transitions.includes("fire")) {
    await markFlapping(db, target);
  }
}

/** Session counts are kept only as long as the longest mass-disconnect window needs them (none without such a rule). */
const sessionCountsKeepMs = (rules: AlertRule[]) => Math.max(0, ...rules.filter((rule) => rule.kind === "sessions_drop").map((rule) => rule.windowSeconds * 1000));

/** Runs the tenant's rules over one poll's facts. Never throws: an alerting failure must not fail the poll. */
export async function evaluatePoll(db: Db, facts: PollFacts): Promise<{ transitions: number }> {
  try {
    const rules = await enabledRules(db, facts.tenantId);
    if (rules.length === 0) return { transitions: 0 };
    const needsCapacities = rules.some((rule) => rule.kind === "link_utilisation");
    const [known, capacities] = await Promise.all([
      statesFor(db, facts),
      needsCapacities ? capacitiesOf(db, facts) : Promise.resolve(new Map<string, number>()),
    ]);
    const { states } = known;
    const observation: RouterObservation = { ...facts, at: facts.at.getTime(), capacities };
    const previous = memories.get(facts.routerId);
    const verdicts = evaluate(rules.map(ruleView), observation, previous, states);
    memories.set(facts.routerId, rememberPoll(observation, previous, sessionCountsKeepMs(rules)));
    knownStates.delete(facts.routerId);
    await saveStates(db, facts, verdicts, states);
    rememberStates(facts, known, verdicts);
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    let transitions = 0;
    for (const verdict of verdicts) {
      for (const transition of verdict.transitions) {
        transitions += 1;
        const rule = byId.get(verdict.rule.id)!;
        const target = { tenantId: facts.tenantId, routerId: facts.routerId, siteId: facts.siteId, objectType: verdict.objectType, label: verdict.label, at: facts.at };
        await applyTransition(db, transition, verdict, rule, target, facts.routerName);
      }
    }
    return { transitions };
  } catch (error) {
    logger.error({ err: error, routerId: facts.routerId }, "alert evaluation failed");
    return { transitions: 0 };
  }
}

/** Object states of rules that no longer exist or routers that left are removed by cascade; this drops states of disabled rules. */
export async function dropStatesOfRules(db: Db, { tenantId, ruleIds }: { tenantId: string; ruleIds: string[] }) {
  if (ruleIds.length === 0) return;
  knownStates.clear();
  await db.delete(alertObjectStates).where(and(eq(alertObjectStates.tenantId, tenantId), inArray(alertObjectStates.ruleId, ruleIds)));
}
