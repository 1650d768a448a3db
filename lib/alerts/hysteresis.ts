/*
 * One object's state under one rule, advanced by one observation: the pure core of alerting.
 *
 * ok ──condition──▶ pending ──held for fire_after──▶ firing ──recovery──▶ recovering ──held for clear_after──▶ ok
 *          ▲            │ recovery before the delay                ▲                │ condition again
 *          └────────────┘                                          └────────────────┘
 *
 * Every change of the raw condition is remembered for the rule's window. When an object changes that often
 * (`flap_changes` times in the window) it is flapping: it counts as firing, notifies once ("flapping"), and clears
 * only after it has stayed recovered for the clear delay with fewer changes than that left in the window.
 */
import type { AlertState } from "./values";

export type ObjectState = {
  state: AlertState | null;
  /** When the current state began (pending: the condition started holding; recovering: it stopped). */
  since: number;
  flapping: boolean;
  /** Instants (ms) the raw condition changed, oldest first, inside the window. */
  changes: number[];
  /** The condition as last observed (true = bad), so a change can be recognised. */
  holding: boolean;
};

export type Timing = { fireAfterMs: number; clearAfterMs: number; windowMs: number; flapChanges: number };

export type Transition = "fire" | "clear" | "flapping";

export type Step = { next: ObjectState | null; transitions: Transition[] };

const OK: ObjectState = { state: null, since: 0, flapping: false, changes: [], holding: false };

/** Advance `previous` (null = ok and quiet) by the condition observed at `now`; null condition = not measured, no change. */
export function step(previous: ObjectState | null, holds: boolean | null, now: number, timing: Timing): Step {
  const current = previous ?? OK;
  if (holds === null) return { next: previous, transitions: [] };
  const transitions: Transition[] = [];
  const changes = current.changes.filter((at) => now - at < timing.windowMs);
  // The first bad reading of a quiet object is a change too (ok → bad); so is every flip after it.
  if (holds !== current.holding) changes.push(now);
  const flappingNow = timing.flapChanges > 0 && changes.length >= timing.flapChanges;
  let { state, since } = current;
  let flapping = current.flapping;

  if (flappingNow && !flapping) {
    flapping = true;
    // A flapping object is an alert in itself: it fires (once) even if each bad spell was shorter than the delay.
    if (state !== "firing" && state !== "recovering") transitions.push("fire");
    transitions.push("flapping");
    state = holds ? "firing" : "recovering";
    since = now;
  } else if (holds) {
    if (state === null) {
      state = "pending";
      since = now;
    } else if (state === "recovering") {
      state = "firing";
      since = now;
    }
    if (state === "pending" && now - since >= timing.fireAfterMs) {
      state = "firing";
      since = now;
      transitions.push("fire");
    }
  } else {
    if (state === "pending") {
      state = null;
      since = now;
    } else if (state === "firing") {
      state = "recovering";
      since = now;
    }
    // Recovered long enough, and (if it was flapping) calm enough: clear.
    if (state === "recovering" && now - since >= timing.clearAfterMs && !flappingNow) {
      state = null;
      since = now;
      flapping = false;
      transitions.push("clear");
    }
  }
  const next: ObjectState = { state, since, flapping: state === null ? false : flapping, changes, holding: holds };
  // Quiet and ok with no changes left to remember: nothing to keep.
  if (next.state === null && next.changes.length === 0 && !next.holding) return { next: null, transitions };
  return { next, transitions };
}
