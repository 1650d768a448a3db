import { describe, expect, it } from "vitest";
import { evaluateSite, type RuleView, type SiteObservation, type StoredObjectState } from "./conditions";

const S = 1000;
const rule: RuleView = {
  id: "rule-site",
  kind: "site_sessions_drop",
  name: "Site mass disconnect",
  severity: "critical",
  threshold: 25,
  minCount: 20,
  windowSeconds: 300,
  fireAfterSeconds: 0,
  clearAfterSeconds: 120,
  flapChanges: 0,
  routerId: null,
  siteId: null,
};

type Reading = { second: number; routers: [string, number, number][] };

/** Feeds site readings (router, sessions now, peak in the window) through the rule; each step's transitions and value. */
function run(readings: Reading[], rules: RuleView[] = [rule], siteId = "site-1") {
  const states = new Map<string, StoredObjectState>();
  return readings.map(({ second, routers }) => {
    const site: SiteObservation = { siteId, siteName: "Barangay Uno", at: second * S, routers: routers.map(([routerId, sessions, peak]) => ({ routerId, sessions, peak })) };
    const verdicts = evaluateSite(rules, site, states);
    for (const v of verdicts) {
      if (v.next) states.set(v.rule.id, v.next);
      else states.delete(v.rule.id);
    }
    return { at: second, value: verdicts[0]?.value ?? null, state: verdicts[0]?.next?.state ?? "ok", transitions: verdicts.flatMap((v) => v.transitions) };
  });
}

describe("a mass disconnect across a site", () => {
  it("fires when the site loses enough sessions though no router loses many, and names the site", () => {
    const steps = run([
      { second: 0, routers: [["r1", 30, 30], ["r2", 30, 30]] },
      // Each router loses 8 (27 %): 16 in all is under the rule's 20.
      { second: 30, routers: [["r1", 22, 30], ["r2", 22, 30]] },
      // 10 and 11 lost: 21 of 60 (35 %).
      { second: 60, routers: [["r1", 20, 30], ["r2", 19, 30]] },
      { second: 90, routers: [["r1", 20, 30], ["r2", 19, 30]] },
    ]);
    expect(steps.map((s) => s.transitions)).toEqual([[], [], ["fire"], []]);
    expect(steps[2]).toMatchObject({ value: 39, state: "firing" });
    const site: SiteObservation = { siteId: "site-1", siteName: "Barangay Uno", at: 0, routers: [{ routerId: "r1", sessions: 20, peak: 30 }] };
    expect(evaluateSite([rule], site, new Map())[0]).toMatchObject({ objectType: "site", objectKey: "site", label: "Barangay Uno" });
  });

  it("measures recovery against the level before the drop even after the window's peak has fallen, and clears after its delay", () => {
    const steps = run([
      { second: 0, routers: [["r1", 40, 40], ["r2", 40, 40]] },
      { second: 30, routers: [["r1", 10, 40], ["r2", 30, 40]] },
      // Five minutes on, the window's peak is the low level: still firing, against the 80 before.
      { second: 400, routers: [["r1", 10, 10], ["r2", 30, 30]] },
      { second: 430, routers: [["r1", 38, 38], ["r2", 39, 39]] },
      { second: 550, routers: [["r1", 38, 38], ["r2", 39, 39]] },
    ]);
    expect(steps.map((s) => [s.at, s.state, s.transitions])).toEqual([
      [0, "ok", []],
      [30, "firing", ["fire"]],
      [400, "firing", []],
      [430, "recovering", []],
      [550, "ok", ["clear"]],
    ]);
  });

  it("does not count a router that stopped answering as lost sessions (its own rule speaks for it)", () => {
    const steps = run([
      { second: 0, routers: [["r1", 30, 30], ["r2", 30, 30], ["r3", 40, 40]] },
      { second: 30, routers: [["r1", 30, 30], ["r2", 30, 30]] },
    ]);
    expect(steps.map((s) => s.transitions)).toEqual([[], []]);
  });

  it("a router leaving while it fires takes its baseline with it", () => {
    const steps = run([
      { second: 0, routers: [["r1", 30, 30], ["r2", 30, 30]] },
      { second: 30, routers: [["r1", 5, 30], ["r2", 10, 30]] },
      // r1 stops answering; r2 alone is back at its level before the drop: recovering.
      { second: 60, routers: [["r2", 30, 30]] },
      { second: 180, routers: [["r2", 30, 30]] },
    ]);
    expect(steps.map((s) => [s.state, s.transitions])).toEqual([
      ["ok", []],
      ["firing", ["fire"]],
      ["recovering", []],
      ["ok", ["clear"]],
    ]);
  });

  it("a loss behind one router alone stays that router's business (its own rule), even when it is a quarter of the site", () => {
    const steps = run([
      { second: 0, routers: [["r1", 30, 30], ["r2", 30, 30], ["r3", 30, 30]] },
      { second: 30, routers: [["r1", 0, 30], ["r2", 30, 30], ["r3", 29, 30]] },
    ]);
    expect(steps.map((s) => s.transitions)).toEqual([[], []]);
    // The same loss spread over two routers is the site's.
    const spread = run([
      { second: 0, routers: [["r1", 30, 30], ["r2", 30, 30], ["r3", 30, 30]] },
      { second: 30, routers: [["r1", 15, 30], ["r2", 15, 30], ["r3", 30, 30]] },
    ]);
    expect(spread.map((s) => s.transitions)).toEqual([[], ["fire"]]);
  });

  it("says nothing while no router of the site answers", () => {
    expect(run([{ second: 0, routers: [] }])).toEqual([{ at: 0, value: null, state: "ok", transitions: [] }]);
  });

  it("a rule for another site, or of a router kind, does not judge this site", () => {
    const elsewhere = { ...rule, id: "rule-other", siteId: "site-2" };
    const routerKind = { ...rule, id: "rule-router", kind: "sessions_drop" as const };
    const steps = run([{ second: 0, routers: [["r1", 30, 30]] }, { second: 30, routers: [["r1", 0, 30]] }], [elsewhere, routerKind]);
    expect(steps.map((s) => s.transitions)).toEqual([[], []]);
  });
});
