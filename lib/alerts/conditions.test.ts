import { describe, expect, it } from "vitest";
import { evaluate, rememberPoll, type RouterMemory, type RouterObservation, type RuleView, type StoredObjectState } from "./conditions";

const S = 1000;
const sessionsRule: RuleView = {
  id: "rule-sessions",
  kind: "sessions_drop",
  name: "Mass disconnect",
  severity: "critical",
  threshold: 30,
  minCount: 10,
  windowSeconds: 300,
  fireAfterSeconds: 0,
  clearAfterSeconds: 120,
  flapChanges: 0,
  routerId: null,
  siteId: null,
};

const observation = (second: number, pppoeSessions: number | null, reachable = true): RouterObservation => ({
  routerId: "r1",
  siteId: null,
  at: second * S,
  reachable,
  health: null,
  interfaces: null,
  sessions: null,
  pppoeSessions,
  capacities: new Map(),
});

/** Polls through the router rules, keeping memory and states as the evaluator does; each poll's transitions. */
function run(polls: [number, number | null, boolean?][], keepMs = 300 * S) {
  let memory: RouterMemory | undefined;
  const states = new Map<string, StoredObjectState>();
  const steps = polls.map(([second, count, reachable]) => {
    const o = observation(second, count, reachable ?? true);
    const verdicts = evaluate([sessionsRule], o, memory, states);
    for (const v of verdicts) {
      const key = `${v.rule.id}\u0000${v.objectKey}`;
      if (v.next) states.set(key, v.next);
      else states.delete(key);
    }
    memory = rememberPoll(o, memory, keepMs);
    return verdicts.flatMap((v) => v.transitions);
  });
  return { steps, memory: memory! };
}

describe("a router's mass disconnect", () => {
  it("fires on a drop against the window's peak and not on a slow decline longer than the window", () => {
    expect(run([[0, 100], [30, 60]]).steps).toEqual([[], ["fire"]]);
    // 100 → 60 over ten minutes in steps: never 30 % within five.
    expect(run([[0, 100], [200, 90], [400, 80], [600, 70], [800, 60]]).steps.flat()).toEqual([]);
  });

  it("keeps only the counts the longest window needs, and none when no rule needs them", () => {
    const { memory } = run([[0, 100], [100, 100], [200, 100], [300, 100], [400, 100]]);
    expect(memory.sessionCounts.map(([at]) => at / S)).toEqual([200, 300, 400]);
    expect(run([[0, 100], [30, 100]], 0).memory.sessionCounts).toEqual([]);
  });

  it("an unreachable poll changes nothing it remembers", () => {
    const { memory, steps } = run([[0, 100], [30, null, false], [60, 100]]);
    expect(steps.flat()).toEqual([]);
    expect(memory.sessionCounts.map(([at]) => at / S)).toEqual([0, 60]);
  });
});

describe("a router's WireGuard tunnel", () => {
  const tunnelRule: RuleView = {
    ...sessionsRule,
    id: "rule-tunnel",
    kind: "tunnel_down",
    name: "Tunnel down",
    threshold: 3,
    minCount: null,
    fireAfterSeconds: 60,
    clearAfterSeconds: 60,
    flapChanges: 6,
  };
  /** Polls a minute apart with the hub's last handshake (seconds) at each; the transitions of each poll. */
  function polls(handshakes: (number | null | undefined)[]) {
    const states = new Map<string, StoredObjectState>();
    return handshakes.map((handshake, minute) => {
      const o: RouterObservation = {
        ...observation(minute * 60, null, false),
        tunnel: handshake === undefined ? null : { lastHandshakeAt: handshake === null ? null : handshake * S },
      };
      const verdicts = evaluate([tunnelRule], o, undefined, states);
      for (const v of verdicts) {
        const key = `${v.rule.id}\u0000${v.objectKey}`;
        if (v.next) states.set(key, v.next);
        else states.delete(key);
      }
      return { transitions: verdicts.flatMap((v) => v.transitions), values: verdicts.map((v) => v.value) };
    });
  }

  it("fires once the last handshake is three minutes old and held for its delay, and clears when handshakes come back", () => {
    // The last handshake at minute 2, none until minute 9: three minutes old at minute 5, held a minute → fires at 6;
    // back at minute 9, held a minute → clears at 10.
    const steps = polls([0, 0, 120, 120, 120, 120, 120, 120, 120, 540, 540, 540]);
    expect(steps.map((s) => s.transitions)).toEqual([[], [], [], [], [], [], ["fire"], [], [], [], ["clear"], []]);
    expect(steps[6].values).toEqual([4]);
  });

  it("judges nothing for a router not reached through a tunnel, or a tunnel the hub has never seen", () => {
    expect(polls([undefined, undefined, undefined, undefined, undefined]).flatMap((s) => s.transitions)).toEqual([]);
    expect(polls([null, null, null, null, null, null]).flatMap((s) => s.transitions)).toEqual([]);
  });
});
