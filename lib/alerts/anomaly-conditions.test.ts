import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { judgeAnomalies, stateKey, type AnomalyObservation, type RuleView, type StoredObjectState } from "./conditions";

const rule = (over: Partial<RuleView> = {}): RuleView => ({
  id: "rule-1",
  kind: "anomaly_interface",
  name: "Uplink anomalies",
  severity: "major",
  threshold: 6,
  minCount: null,
  windowSeconds: 300,
  fireAfterSeconds: 600,
  clearAfterSeconds: 0,
  flapChanges: 0,
  routerId: null,
  siteId: null,
  ...over,
});
const cut = (over: Partial<AnomalyObservation> = {}): AnomalyObservation => ({
  routerId: "router-1",
  siteId: "site-1",
  objectType: "interface",
  objectKey: "interface:sfp1",
  label: "sfp1",
  severity: 9.5,
  ...over,
});

describe("judgeAnomalies", () => {
  it("holds for an open anomaly of the rule's kind of object at its least severity, and waits out the rule's delay", () => {
    const at = clock.ms();
    const [first] = judgeAnomalies([rule()], [cut()], new Map(), at);
    expect(first).toMatchObject({ routerId: "router-1", objectKey: "interface:sfp1", value: 9.5, transitions: [] });
    expect(first.next?.state).toBe("pending");
    const states = new Map<string, StoredObjectState>([[stateKey("rule-1", "router-1\u0000interface:sfp1"), first.next!]]);
    const [later] = judgeAnomalies([rule()], [cut()], states, at + 600_000);
    expect(later.transitions).toEqual(["fire"]);
  });

  it("ignores anomalies below the least severity, of another kind of object, or outside the rule's router", () => {
    const at = clock.ms();
    expect(judgeAnomalies([rule()], [cut({ severity: 5 })], new Map(), at)).toEqual([]);
    expect(judgeAnomalies([rule({ kind: "anomaly_router" })], [cut()], new Map(), at)).toEqual([]);
    expect(judgeAnomalies([rule({ routerId: "router-2" })], [cut()], new Map(), at)).toEqual([]);
    expect(judgeAnomalies([rule({ kind: "cpu_high" })], [cut()], new Map(), at)).toEqual([]);
  });

  it("clears an object it remembers once its anomaly is no longer open", () => {
    const at = clock.ms();
    const [fired] = judgeAnomalies([rule({ fireAfterSeconds: 0 })], [cut()], new Map(), at);
    expect(fired.transitions).toEqual(["fire"]);
    const states = new Map<string, StoredObjectState>([[stateKey("rule-1", "router-1\u0000interface:sfp1"), fired.next!]]);
    const [cleared] = judgeAnomalies([rule({ fireAfterSeconds: 0 })], [], states, at + 300_000);
    expect(cleared).toMatchObject({ routerId: "router-1", objectKey: "interface:sfp1", transitions: ["clear"] });
    // Ok again; only the recent change is remembered, for flap counting, until it leaves the window.
    expect(cleared.next?.state ?? null).toBeNull();
  });
});
