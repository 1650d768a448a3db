/*
 * From one poll of one router to each rule's verdict on each object: pure. The poller hands over what it read
 * (reachable, health, interfaces with their link-down counters and byte counters, PPPoE sessions); `RouterMemory`
 * is what this process remembers of the previous poll (kept in memory, not in the database: a process that has
 * just started knows nothing yet, and says "not measured" instead of guessing).
 */
import { step, type ObjectState, type Transition } from "./hysteresis";
import { isAnomalyKind, isSiteKind, type AlertKind, type AlertSeverity, type IncidentObjectType } from "./values";

export type RuleView = {
  id: string;
  kind: AlertKind;
  name: string;
  severity: AlertSeverity;
  threshold: number | null;
  minCount: number | null;
  windowSeconds: number;
  fireAfterSeconds: number;
  clearAfterSeconds: number;
  flapChanges: number;
  routerId: string | null;
  siteId: string | null;
};

export type InterfaceObservation = { name: string; running: boolean; disabled: boolean; linkDowns: number | null; rx: bigint; tx: bigint };

export type RouterObservation = {
  routerId: string;
  siteId: string | null;
  at: number;
  reachable: boolean;
  health: { cpuLoad: number; freeMemory: number; totalMemory: number; temperature: number | null; voltage: number | null } | null;
  /** Non-dynamic interfaces; null when the read failed. */
  interfaces: InterfaceObservation[] | null;
  /** Usernames with a PPPoE or hotspot session now; null when not read. */
  sessions: string[] | null;
  /** PPPoE sessions up now (what a mass disconnect drops); null when not read. */
  pppoeSessions: number | null;
  /** Link capacity in Mbps by interface name (from topology's links); interfaces without one are not measured. */
  capacities: Map<string, number>;
  /**
   * The WireGuard tunnel NetSphere reaches the router through: its last handshake with the hub (ms; null when the hub
   * has seen none). Absent or null when the router is not reached through a tunnel.
   */
  tunnel?: { lastHandshakeAt: number | null } | null;
};

/** What this process remembers of the router's previous poll. */
export type RouterMemory = {
  at: number;
  interfaces: Map<string, { running: boolean; linkDowns: number | null; rx: bigint; tx: bigint }>;
  sessions: Set<string> | null;
  /** Recent PPPoE session counts, oldest first. */
  sessionCounts: [number, number][];
};

export type StoredObjectState = ObjectState & { memory: Record<string, number | number[]> };

export type Verdict = {
  rule: RuleView;
  objectKey: string;
  objectType: IncidentObjectType;
  /** What the object is, for people ("ether2", the username). */
  label: string;
  /** The measured value, for the timeline ("CPU 97%"). */
  value: number | null;
  next: StoredObjectState | null;
  transitions: Transition[];
};

type Judgement = { objectKey: string; objectType: IncidentObjectType; label: string; holds: boolean | null; value: number | null; memory?: Record<string, number | number[]> };

export const stateKey = (ruleId: string, objectKey: string) => `${ruleId}\u0000${objectKey}`;

export function appliesTo(rule: Pick<RuleView, "routerId" | "siteId">, router: { routerId: string; siteId: string | null }): boolean {
  if (rule.routerId && rule.routerId !== router.routerId) return false;
  if (rule.siteId && rule.siteId !== router.siteId) return false;
  return true;
}

const ROUTER = "router";
const SITE = "site";
const interfaceKey = (name: string) => `interface:${name}`;
const recent = (list: number[], now: number, windowMs: number) => list.filter((at) => now - at < windowMs);

/** Bits per second through an interface since the previous poll (the larger direction), or null if not measurable. */
function interfaceBps(current: InterfaceObservation, previous: { rx: bigint; tx: bigint } | undefined, seconds: number): number | null {
  if (!previous || seconds <= 0 || current.rx < previous.rx || current.tx < previous.tx) return null;
  const bytes = Math.max(Number(current.rx - previous.rx), Number(current.tx - previous.tx));
  return (bytes * 8) / seconds;
}

function judge(
  rule: RuleView,
  o: RouterObservation,
  memory: RouterMemory | undefined,
  stored: (objectKey: string) => StoredObjectState | undefined,
): Judgement[] {
  const threshold = rule.threshold ?? 0;
  const health = o.reachable ? o.health : null;
  switch (rule.kind) {
    case "router_unreachable":
      return [{ objectKey: ROUTER, objectType: "router", label: "router", holds: !o.reachable, value: null }];
    case "tunnel_down": {
      if (!o.tunnel) return [];
      // Never a handshake: the tunnel is still being set up (or the hub is not read here); nothing to judge yet.
      const minutes = o.tunnel.lastHandshakeAt === null ? null : Math.max(0, Math.round((o.at - o.tunnel.lastHandshakeAt) / 60_000));
      return [{ objectKey: ROUTER, objectType: "router", label: "tunnel", holds: minutes === null ? null : minutes >= threshold, value: minutes }];
    }
    case "cpu_high":
      return [{ objectKey: ROUTER, objectType: "router", label: "CPU", holds: health ? health.cpuLoad >= threshold : null, value: health?.cpuLoad ?? null }];
    case "memory_high": {
      const used = health && health.totalMemory > 0 ? Math.round(((health.totalMemory - health.freeMemory) / health.totalMemory) * 100) : null;
      return [{ objectKey: ROUTER, objectType: "router", label: "memory", holds: used === null ? null : used >= threshold, value: used }];
    }
    case "temperature_high": {
      const t = health?.temperature ?? null;
      return [{ objectKey: ROUTER, objectType: "router", label: "temperature", holds: t === null ? null : t >= threshold, value: t }];
    }
    case "voltage_low": {
      const v = health?.voltage ?? null;
      return [{ objectKey: ROUTER, objectType: "router", label: "voltage", holds: v === null ? null : v <= threshold, value: v }];
    }
    case "interface_down":
      if (!o.reachable || !o.interfaces) return [];
      return o.interfaces
        .filter((i) => !i.disabled)
        .map((i) => {
          const key = interfaceKey(i.name);
          const before = memory?.interfaces.get(i.name);
          // Only an interface we saw up (or already alerting on) can be down: unused ports never alert.
          const known = before?.running === true || stored(key)?.state != null;
          return { objectKey: key, objectType: "interface" as const, label: i.name, holds: i.running ? false : known ? true : null, value: null };
        });
    case "interface_flapping":
      if (!o.reachable || !o.interfaces) return [];
      return o.interfaces.flatMap((i) => {
        const key = interfaceKey(i.name);
        const before = memory?.interfaces.get(i.name);
        const previousEvents = (stored(key)?.memory.linkDowns as number[] | undefined) ?? [];
        const events = recent(previousEvents, o.at, rule.windowSeconds * 1000);
        const downs =
          before && before.linkDowns !== null && i.linkDowns !== null && i.linkDowns > before.linkDowns
            ? i.linkDowns - before.linkDowns
            : before && before.running && !i.running
              ? 1
              : 0;
        for (let n = 0; n < downs; n += 1) events.push(o.at);
        if (events.length === 0 && !stored(key)) return [];
        return [{ objectKey: key, objectType: "interface" as const, label: i.name, holds: events.length >= Math.max(threshold, 1), value: events.length, memory: { linkDowns: events } }];
      });
    case "link_utilisation": {
      if (!o.reachable || !o.interfaces || !memory) return [];
      const seconds = (o.at - memory.at) / 1000;
      return o.interfaces.flatMap((i) => {
        const capacityMbps = o.capacities.get(i.name);
        if (!capacityMbps) return [];
        const bps = interfaceBps(i, memory.interfaces.get(i.name), seconds);
        const percent = bps === null ? null : Math.round((bps / (capacityMbps * 1e6)) * 100);
        return [{ objectKey: interfaceKey(i.name), objectType: "interface" as const, label: i.name, holds: percent === null ? null : percent >= threshold, value: percent }];
      });
    }
    case "sessions_drop": {
      if (!o.reachable || o.pppoeSessions === null) return [];
      const count = o.pppoeSessions;
      const previous = stored(ROUTER + ":sessions");
      const window = (memory?.sessionCounts ?? []).filter(([at]) => o.at - at < rule.windowSeconds * 1000);
      if (window.length === 0 && !previous) return [];
      // While it fires, recovery is measured against the level before the drop, not the window's (already low) peak.
      const remembered = previous?.memory.baseline;
      const baseline = typeof remembered === "number" && previous?.state ? remembered : Math.max(count, ...window.map(([, c]) => c));
      const lost = baseline - count;
      const percent = baseline > 0 ? Math.round((lost / baseline) * 100) : 0;
      const holds = lost >= (rule.minCount ?? 1) && percent >= threshold;
      return [{ objectKey: ROUTER + ":sessions", objectType: "router", label: "PPPoE sessions", holds, value: count, memory: { baseline } }];
    }
    case "site_sessions_drop":
      // Judged over the whole site by the site job (evaluateSite), not by one router's poll.
      return [];
    case "anomaly_interface":
    case "anomaly_router":
    case "anomaly_subscription":
      // Judged from the open anomalies after each detection run (judgeAnomalies), not from a poll.
      return [];
    case "subscriber_flapping": {
      if (!o.reachable || !o.sessions || !memory?.sessions) return [];
      const now = new Set(o.sessions);
      const dropped = [...memory.sessions].filter((user) => !now.has(user));
      const keys = new Set([...dropped.map((user) => `subscriber:${user}`)]);
      const judgements: Judgement[] = [];
      for (const key of keys) {
        const user = key.slice("subscriber:".length);
        const events = recent((stored(key)?.memory.drops as number[] | undefined) ?? [], o.at, rule.windowSeconds * 1000);
        events.push(o.at);
        judgements.push({ objectKey: key, objectType: "subscription", label: user, holds: events.length >= Math.max(threshold, 1), value: events.length, memory: { drops: events } });
      }
      return judgements;
    }
  }
}

/** One judgement through the rule's state machine: the next stored state (kept while there is history) and the transitions. */
function verdictOf(rule: RuleView, j: Judgement, previous: StoredObjectState | null, at: number): Verdict {
  const timing = {
    fireAfterMs: rule.fireAfterSeconds * 1000,
    clearAfterMs: rule.clearAfterSeconds * 1000,
    windowMs: rule.windowSeconds * 1000,
    flapChanges: rule.flapChanges,
  };
  const { next, transitions } = step(previous, j.holds, at, timing);
  const memoryOut = j.memory ?? previous?.memory ?? {};
  const keepMemory = Object.values(memoryOut).some((value) => (Array.isArray(value) ? value.length > 0 : next !== null));
  const nextStored: StoredObjectState | null =
    next || keepMemory ? { ...(next ?? { state: null, since: at, flapping: false, changes: [], holding: false }), memory: memoryOut } : null;
  return { rule, objectKey: j.objectKey, objectType: j.objectType, label: j.label, value: j.value, next: nextStored, transitions };
}

/**
 * Every rule's verdict on the objects it sees in this poll, plus the objects that have state but were not
 * judged this time (a subscriber with no new drop): those age through the same machine with "condition gone"
 * only once their remembered events leave the window.
 */
export function evaluate(
  rules: RuleView[],
  o: RouterObservation,
  memory: RouterMemory | undefined,
  states: Map<string, StoredObjectState>,
): Verdict[] {
  const verdicts: Verdict[] = [];
  // The stored states by rule, once per poll rather than a scan of all of them per rule.
  const statesByRule = new Map<string, [string, StoredObjectState][]>();
  for (const [key, state] of states) {
    const [ruleId, objectKey] = key.split("\u0000");
    const list = statesByRule.get(ruleId);
    if (list) list.push([objectKey, state]);
    else statesByRule.set(ruleId, [[objectKey, state]]);
  }
  for (const rule of rules) {
    if (isSiteKind(rule.kind) || !appliesTo(rule, o)) continue;
    const stored = (objectKey: string) => states.get(stateKey(rule.id, objectKey));
    const judged = judge(rule, o, memory, stored);
    const ruleStates = statesByRule.get(rule.id);
    const seen = ruleStates ? new Set(judged.map((j) => j.objectKey)) : null;
    // Event-counting rules: objects with history but no new event this poll are re-judged from their history.
    for (const [objectKey, state] of ruleStates ?? []) {
      if (seen!.has(objectKey)) continue;
      const list = (state.memory.drops ?? state.memory.linkDowns) as number[] | undefined;
      if (!list) continue;
      const events = recent(list, o.at, rule.windowSeconds * 1000);
      const field = state.memory.drops ? "drops" : "linkDowns";
      const objectType = field === "drops" ? "subscription" : "interface";
      const label = objectKey.replace(/^(subscriber|interface):/, "");
      judged.push({ objectKey, objectType, label, holds: events.length >= Math.max(rule.threshold ?? 1, 1), value: events.length, memory: { [field]: events } });
    }
    for (const j of judged) verdicts.push(verdictOf(rule, j, stored(j.objectKey) ?? null, o.at));
  }
  return verdicts;
}

/** What to remember of this poll for the next one. */
export function rememberPoll(o: RouterObservation, previous: RouterMemory | undefined, keepMs: number): RouterMemory {
  if (!o.reachable) return previous ?? { at: o.at, interfaces: new Map(), sessions: null, sessionCounts: [] };
  const interfaces = o.interfaces
    ? new Map(o.interfaces.map((i) => [i.name, { running: i.running, linkDowns: i.linkDowns, rx: i.rx, tx: i.tx }]))
    : (previous?.interfaces ?? new Map());
  // The previous list is this router's alone: trimmed and extended in place rather than copied on every poll.
  const sessionCounts = previous?.sessionCounts ?? [];
  if (o.pppoeSessions !== null && keepMs > 0) sessionCounts.push([o.at, o.pppoeSessions]);
  let stale = 0;
  while (stale < sessionCounts.length && o.at - sessionCounts[stale][0] >= keepMs) stale += 1;
  if (stale > 0) sessionCounts.splice(0, stale);
  return { at: o.at, interfaces, sessions: o.sessions ? new Set(o.sessions) : (previous?.sessions ?? null), sessionCounts };
}

/**
 * A site as the site job sees it: the routers of the site that answered their last poll, each with its PPPoE
 * sessions now and the most it had within the rule's window. A router that stopped answering is left out of both
 * sides (its own "unreachable" rule speaks for it), so only sessions lost behind routers that still answer count:
 * the upstream or fibre cut a router-by-router rule can miss when each router loses a little. The loss must be
 * spread over at least two routers (each losing a tenth of its own or more), so a site of one router, or a cut
 * behind one router, stays that router's incident instead of becoming two.
 */
export type SiteObservation = {
  siteId: string;
  siteName: string;
  at: number;
  routers: { routerId: string; sessions: number; peak: number }[];
};

const baselineKey = (routerId: string) => `baseline:${routerId}`;
/** A router counts towards a site-wide loss when it lost at least this share of its own sessions. */
const SPREAD_SHARE = 0.1;

/** A site-wide mass disconnect: the site's sessions against the sum of its answering routers' levels before the drop. */
function judgeSiteSessions(rule: RuleView, site: SiteObservation, previous: StoredObjectState | null): Judgement {
  // While it is pending or firing, each router's level before the drop is remembered: the window's peak falls with it.
  const remembered = previous?.state ? previous.memory : {};
  const memory: Record<string, number> = {};
  let baseline = 0;
  let count = 0;
  let routersLosing = 0;
  for (const router of site.routers) {
    const before = remembered[baselineKey(router.routerId)];
    const level = typeof before === "number" ? before : Math.max(router.peak, router.sessions);
    memory[baselineKey(router.routerId)] = level;
    baseline += level;
    count += router.sessions;
    if (level - router.sessions >= Math.max(1, level * SPREAD_SHARE)) routersLosing += 1;
  }
  const lost = baseline - count;
  const percent = baseline > 0 ? Math.round((lost / baseline) * 100) : 0;
  // Spread over two routers or more: a loss behind one router alone is that router's own rule's incident, not a second one.
  const holds = site.routers.length === 0 ? null : lost >= (rule.minCount ?? 1) && percent >= (rule.threshold ?? 0) && routersLosing >= 2;
  return { objectKey: SITE, objectType: "site", label: site.siteName, holds, value: holds === null ? null : count, memory };
}


/** Every site rule's verdict on one site. */
export function evaluateSite(rules: RuleView[], site: SiteObservation, states: Map<string, StoredObjectState>): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const rule of rules) {
    if (rule.kind !== "site_sessions_drop" || (rule.siteId && rule.siteId !== site.siteId)) continue;
    const previous = states.get(rule.id) ?? null;
    verdicts.push(verdictOf(rule, judgeSiteSessions(rule, site, previous), previous, site.at));
  }
  return verdicts;
}

/** An object with an open anomaly, as the anomaly rules see it. */
export type AnomalyObservation = {
  routerId: string;
  siteId: string | null;
  objectType: "interface" | "router" | "subscription";
  objectKey: string;
  label: string;
  severity: number;
};

const anomalyObjectType = { anomaly_interface: "interface", anomaly_router: "router", anomaly_subscription: "subscription" } as const;

/**
 * Every anomaly rule's verdict on the objects with an open anomaly (the rule's kind of object, on its router or site,
 * at least its severity) and on those it remembers that have none any more (the condition is gone). `states` is keyed
 * by `stateKey(rule, routerId + objectKey)`.
 */
export function judgeAnomalies(rules: RuleView[], open: AnomalyObservation[], states: Map<string, StoredObjectState>, at: number): (Verdict & { routerId: string })[] {
  const verdicts: (Verdict & { routerId: string })[] = [];
  for (const rule of rules) {
    if (!isAnomalyKind(rule.kind)) continue;
    const objectType = anomalyObjectType[rule.kind];
    const holding = new Map<string, AnomalyObservation>();
    for (const o of open) {
      if (o.objectType !== objectType || !appliesTo(rule, o) || o.severity < (rule.threshold ?? 0)) continue;
      const key = `${o.routerId}\u0000${o.objectKey}`;
      const seen = holding.get(key);
      if (!seen || seen.severity < o.severity) holding.set(key, o);
    }
    for (const [key, o] of holding) {
      const j: Judgement = { objectKey: o.objectKey, objectType, label: o.label, holds: true, value: o.severity };
      verdicts.push({ ...verdictOf(rule, j, states.get(stateKey(rule.id, key)) ?? null, at), routerId: o.routerId });
    }
    for (const [key, state] of states) {
      const [ruleId, routerId, objectKey] = key.split("\u0000");
      if (ruleId !== rule.id || holding.has(`${routerId}\u0000${objectKey}`)) continue;
      const label = objectKey === "router" ? "router" : objectKey.replace(/^(interface|subscription):/, "");
      const j: Judgement = { objectKey, objectType, label, holds: false, value: null };
      verdicts.push({ ...verdictOf(rule, j, state, at), routerId });
    }
  }
  return verdicts;
}
