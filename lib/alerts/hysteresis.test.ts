import { describe, expect, it } from "vitest";
import { step, type ObjectState, type Timing, type Transition } from "./hysteresis";

const S = 1000;
const timing: Timing = { fireAfterMs: 60 * S, clearAfterMs: 120 * S, windowMs: 600 * S, flapChanges: 6 };

/** Feeds readings (seconds, condition) through `step` and returns each step's transitions and resulting state. */
function run(readings: [number, boolean | null][], t: Timing = timing) {
  let state: ObjectState | null = null;
  return readings.map(([second, holds]) => {
    const result = step(state, holds, second * S, t);
    state = result.next;
    return { at: second, state: state?.state ?? "ok", flapping: state?.flapping ?? false, transitions: result.transitions };
  });
}

const transitionsOf = (readings: [number, boolean | null][], t?: Timing) =>
  run(readings, t).flatMap((r) => r.transitions.map((transition): [number, Transition] => [r.at, transition]));

describe("fire delay (hysteresis on the way in)", () => {
  it.each<[string, [number, boolean][], [number, Transition][]]>([
    ["a condition shorter than the delay never fires", [[0, true], [30, true], [59, false], [90, false]], []],
    ["a condition held for the delay fires once, at the poll that reaches it", [[0, true], [30, true], [60, true], [90, true]], [[60, "fire"]]],
    ["the delay restarts after a recovery", [[0, true], [50, false], [60, true], [100, true], [120, true]], [[120, "fire"]]],
  ])("%s", (_name, readings, expected) => {
    expect(transitionsOf(readings)).toEqual(expected);
  });

  it("fires at the first bad reading when the rule has no delay", () => {
    expect(transitionsOf([[0, false], [30, true]], { ...timing, fireAfterMs: 0 })).toEqual([[30, "fire"]]);
  });
});

describe("clear delay (hysteresis on the way out)", () => {
  it.each<[string, [number, boolean][], [number, Transition][]]>([
    ["clears only after recovery held for its delay", [[0, true], [60, true], [90, false], [150, false], [210, false]], [[60, "fire"], [210, "clear"]]],
    ["a relapse while recovering keeps it firing without a second notice", [[0, true], [60, true], [90, false], [150, true], [180, false], [300, false]], [[60, "fire"], [300, "clear"]]],
  ])("%s", (_name, readings, expected) => {
    expect(transitionsOf(readings)).toEqual(expected);
  });

  it("is recovering, not ok, while the clear delay runs", () => {
    const states = run([[0, true], [60, true], [90, false], [150, false]]).map((r) => r.state);
    expect(states).toEqual(["pending", "firing", "recovering", "recovering"]);
  });
});

describe("flap damping", () => {
  // Up and down every 30 s: each bad spell is shorter than the 60 s delay, so only flapping can catch it.
  const flaps: [number, boolean][] = Array.from({ length: 20 }, (_, i) => [i * 30, i % 2 === 0]);

  it("a flapping object fires once and says flapping once, however long it flaps", () => {
    expect(transitionsOf(flaps)).toEqual([
      [150, "fire"],
      [150, "flapping"],
    ]);
  });

  it("clears only when it has calmed down (fewer changes than the threshold in the window) and recovered for the delay", () => {
    const calm: [number, boolean][] = [...flaps, [600, false], [700, false], [800, false], [900, false], [1000, false], [1100, false]];
    const result = run(calm);
    const clear = result.find((r) => r.transitions.includes("clear"));
    expect(clear).toBeDefined();
    // Changes up to 570 s must have aged below 6 in the 600 s window before it may clear.
    expect(clear!.at).toBeGreaterThanOrEqual(900);
    expect(result.at(-1)).toMatchObject({ state: "ok", flapping: false });
  });

  it("a rule with flap detection off never marks flapping", () => {
    expect(transitionsOf(flaps, { ...timing, flapChanges: 0 }).map(([, t]) => t)).not.toContain("flapping");
  });
});

describe("what is kept", () => {
  it("keeps nothing for an object that was never bad", () => {
    expect(step(null, false, 0, timing).next).toBeNull();
  });

  it("forgets an object once it is ok and its changes left the window", () => {
    const result = run([[0, true], [30, false], [700, false]]);
    expect(result.map((r) => r.state)).toEqual(["pending", "ok", "ok"]);
    let state: ObjectState | null = null;
    for (const [second, holds] of [[0, true], [30, false], [700, false]] as const) state = step(state, holds, second * S, timing).next;
    expect(state).toBeNull();
  });

  it("an unmeasured reading (null) changes nothing", () => {
    const first = step(null, true, 0, timing).next;
    expect(step(first, null, 500 * S, timing)).toEqual({ next: first, transitions: [] });
  });
});
