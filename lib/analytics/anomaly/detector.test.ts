import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { HOUR_MS, hourOfWeek, seasonalBaseline } from "./baseline";
import { detectAnomalies, DISCONNECTS_FLOOR, DISCONNECTS_MINIMUM, SENSITIVITY_BOUNDS, tunedSensitivity, type Point } from "./detector";
import { STEP_MS } from "./synthetic";
import { seededRandom } from "@/lib/core/random";

const WEEK_MS = 7 * 24 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;

/** A link's evening-peaked traffic with 5 % noise, every 5 minutes from `from` for `ms`. */
function link(from: number, ms: number, factor: (t: number) => number = () => 1, seed = 1): Point[] {
  const random = seededRandom(seed);
  const points: Point[] = [];
  for (let t = from; t < from + ms; t += STEP_MS) {
    const hour = (t % DAY_MS) / HOUR_MS;
    const fromNine = ((hour - 21 + 36) % 24) - 12;
    const level = 1e8 * (0.2 + 0.8 * Math.exp(-(fromNine ** 2) / 8));
    points.push({ t, v: level * (1 + 0.05 * (random() * 2 - 1)) * factor(t) });
  }
  return points;
}

/** Four weeks of history ending at a Monday 00:00 UTC before the clock's now, and the week after it. */
function setUp() {
  const hours = Math.floor(clock.ms() / HOUR_MS);
  const evalStart = (hours - hourOfWeek(hours * HOUR_MS)) * HOUR_MS - WEEK_MS;
  const baseline = seasonalBaseline(link(evalStart - 4 * WEEK_MS, 4 * WEEK_MS));
  return { evalStart, baseline };
}

describe("detectAnomalies on a link", () => {
  it("finds nothing in a normal week", () => {
    const { evalStart, baseline } = setUp();
    expect(detectAnomalies(link(evalStart, WEEK_MS, undefined, 2), baseline, { stepMs: STEP_MS })).toEqual([]);
  });

  it("finds a cut by its second sample, as a drop below the usual level, and ends it when traffic returns", () => {
    const { evalStart, baseline } = setUp();
    const cutFrom = evalStart + 2 * DAY_MS + 20 * HOUR_MS;
    const cutTo = cutFrom + 45 * 60_000;
    const found = detectAnomalies(link(evalStart, WEEK_MS, (t) => (t >= cutFrom && t < cutTo ? 0.02 : 1), 3), baseline, { stepMs: STEP_MS });
    expect(found).toHaveLength(1);
    const [cut] = found;
    expect(cut).toMatchObject({ kind: "drop", direction: "below", start: cutFrom, end: cutTo - STEP_MS, detectedAt: cutFrom + STEP_MS, open: false });
    expect(cut.actual / cut.expected).toBeLessThan(0.05);
    expect(cut.severity).toBeGreaterThan(9);
  });

  it("calls a short burst far above the usual level a spike, and a day at twice the level a level shift", () => {
    const { evalStart, baseline } = setUp();
    const burst = evalStart + DAY_MS + 21 * HOUR_MS;
    const shiftFrom = evalStart + 4 * DAY_MS;
    const factor = (t: number) => (t >= burst && t < burst + 2 * STEP_MS ? 4 : t >= shiftFrom && t < shiftFrom + DAY_MS ? 2 : 1);
    const found = detectAnomalies(link(evalStart, WEEK_MS, factor, 4), baseline, { stepMs: STEP_MS });
    expect(found.map((a) => [a.kind, a.direction])).toEqual([
      ["spike", "above"],
      ["level_shift", "above"],
    ]);
    expect(found[0].start).toBe(burst);
  });

  it("does not call a slow drift (10 % growth over three days) a spike or a drop", () => {
    const { evalStart, baseline } = setUp();
    const found = detectAnomalies(link(evalStart, WEEK_MS, (t) => 1 + 0.1 * Math.min(1, (t - evalStart) / (3 * DAY_MS)), 5), baseline, { stepMs: STEP_MS });
    expect(found.filter((a) => a.kind !== "level_shift")).toEqual([]);
  });

  it("judges one side only when told: an upload far above history, not a quiet evening", () => {
    const { evalStart, baseline } = setUp();
    const from = evalStart + 3 * DAY_MS + 10 * HOUR_MS;
    const points = link(evalStart, WEEK_MS, (t) => (t >= from && t < from + HOUR_MS ? 5 : t >= from + DAY_MS && t < from + DAY_MS + HOUR_MS ? 0 : 1), 6);
    expect(detectAnomalies(points, baseline, { stepMs: STEP_MS, direction: "above" }).map((a) => a.direction)).toEqual(["above"]);
    expect(detectAnomalies(points, baseline, { stepMs: STEP_MS, direction: "below" }).map((a) => a.direction)).toEqual(["below"]);
  });

  it("leaves an anomaly open while it is still going at the last point", () => {
    const { evalStart, baseline } = setUp();
    const from = evalStart + DAY_MS + 20 * HOUR_MS;
    const points = link(evalStart, DAY_MS + 21 * HOUR_MS, (t) => (t >= from ? 0 : 1), 7);
    expect(detectAnomalies(points, baseline, { stepMs: STEP_MS })).toMatchObject([{ kind: "drop", open: true, start: from }]);
  });

  it("says nothing where the baseline knows nothing", () => {
    const { evalStart } = setUp();
    expect(detectAnomalies(link(evalStart, DAY_MS), seasonalBaseline([]), { stepMs: STEP_MS })).toEqual([]);
  });

  it("is quieter at a lower sensitivity: a moderate dip found at 2 is not at 0.5", () => {
    const { evalStart, baseline } = setUp();
    const from = evalStart + 2 * DAY_MS + 21 * HOUR_MS;
    const points = link(evalStart, 3 * DAY_MS, (t) => (t >= from && t < from + 30 * 60_000 ? 0.65 : 1), 8);
    expect(detectAnomalies(points, baseline, { stepMs: STEP_MS, sensitivity: 2 })).toHaveLength(1);
    expect(detectAnomalies(points, baseline, { stepMs: STEP_MS, sensitivity: 0.5 })).toEqual([]);
  });
});

/** A subscriber's disconnects per hour: mostly none, the nightly 03:00 reconnect, now and then a stray one; `extra` on top. */
function disconnects(from: number, ms: number, extra: (t: number) => number = () => 0, seed = 1): Point[] {
  const random = seededRandom(seed);
  const points: Point[] = [];
  for (let t = from; t < from + ms; t += HOUR_MS) {
    const nightly = (t % DAY_MS) / HOUR_MS === 3 ? 1 : 0;
    points.push({ t, v: nightly + (random() < 0.03 ? 1 : 0) + extra(t) });
  }
  return points;
}

describe("detectAnomalies on a subscriber's disconnects", () => {
  const options = { stepMs: HOUR_MS, direction: "above" as const, absoluteFloor: DISCONNECTS_FLOOR, minimumValue: DISCONNECTS_MINIMUM };
  const setUpDisconnects = () => {
    const { evalStart } = setUp();
    return { evalStart, baseline: seasonalBaseline(disconnects(evalStart - 4 * WEEK_MS, 4 * WEEK_MS)) };
  };

  it("finds a burst of disconnects in one hour against a mostly-zero history, at that hour", () => {
    const { evalStart, baseline } = setUpDisconnects();
    const burst = evalStart + 2 * DAY_MS + 14 * HOUR_MS;
    const points = disconnects(evalStart, WEEK_MS, (t) => (t === burst ? 6 : 0), 2);
    const [found, ...rest] = detectAnomalies(points, baseline, options);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ start: burst, end: burst, detectedAt: burst, kind: "spike", direction: "above", samples: 1 });
    expect(found.expected).toBeLessThan(1);
  });

  it("does not flag a single disconnect, or three, where there are usually none, even at the keenest sensitivity", () => {
    const { evalStart, baseline } = setUpDisconnects();
    const odd = evalStart + DAY_MS + 11 * HOUR_MS;
    for (const extra of [1, 3]) {
      const points = disconnects(evalStart, WEEK_MS, (t) => (t === odd || t === odd + HOUR_MS ? extra : 0), 3);
      expect(detectAnomalies(points, baseline, { ...options, sensitivity: SENSITIVITY_BOUNDS.max })).toEqual([]);
    }
  });
});

describe("tunedSensitivity", () => {
  it("goes down after 'expected', up after 'real issue', within bounds", () => {
    expect(tunedSensitivity(1, "expected")).toBe(0.8);
    expect(tunedSensitivity(1, "real_issue")).toBe(1.15);
    expect(tunedSensitivity(SENSITIVITY_BOUNDS.min, "expected")).toBe(SENSITIVITY_BOUNDS.min);
    expect(tunedSensitivity(SENSITIVITY_BOUNDS.max, "real_issue")).toBe(SENSITIVITY_BOUNDS.max);
    expect(tunedSensitivity(1.15, "expected", "real_issue")).toBe(0.8);
  });
});
