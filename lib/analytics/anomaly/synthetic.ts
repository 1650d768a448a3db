/*
 * The labelled synthetic set the detector is measured on: link traffic sampled every 5 minutes with a daily and
 * weekly shape, multiplicative noise, missing samples and rare unlabelled bursts, over a history of four weeks and
 * an evaluation week into which drops (cuts), spikes (abuse, a DDoS, a looping CPE), level shifts (a customer
 * moved, an upstream re-route) and slow drifts (growth: not an anomaly) are injected. Deterministic: the same seed
 * gives the same set, so the bench's figures can be compared run to run.
 */
import { HOUR_MS } from "./baseline";
import { DISCONNECTS_FLOOR, DISCONNECTS_MINIMUM, UPLOAD_THRESHOLD, type DetectOptions, type Point } from "./detector";
import { seededRandom } from "@/lib/core/random";

export const STEP_MS = 5 * 60_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

export const labelKinds = ["drop", "spike", "level_shift", "drift"] as const;
export type LabelKind = (typeof labelKinds)[number];
export type Label = { kind: LabelKind; start: number; end: number };
export type SyntheticSeries = {
  id: string;
  history: Point[];
  evaluation: Point[];
  labels: Label[];
  /** How the series is judged: its sampling step, the side that matters and its floor. */
  detect: Pick<DetectOptions, "stepMs" | "direction" | "absoluteFloor" | "threshold" | "minimumValue">;
};

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A residential link's shape: low before dawn, a lunch bump, an evening peak; weekends busier by day. */
function shape(t: number): number {
  const hour = (t % DAY_MS) / HOUR_MS;
  const weekday = Math.floor(t / DAY_MS + 3) % 7; // 0 = Monday
  const weekend = weekday >= 5;
  const fromNine = ((hour - 21 + 36) % 24) - 12; // hours from 21:00, across midnight
  const evening = Math.exp(-(fromNine ** 2) / 8);
  const noon = Math.exp(-((hour - 12.5) ** 2) / 6) * (weekend ? 0.6 : 0.35);
  return 0.2 + 0.8 * evening + noon;
}

export type SyntheticOptions = { seed?: number; series?: number; start: number };

/**
 * `series` links, each with four weeks of history then one labelled week starting at `start` (a Monday 00:00
 * UTC rounds it). Each evaluation week carries one or two labelled events of random kinds; about one link in six
 * has none (a normal week must give nothing).
 */
export function syntheticSet({ seed = 19, series = 120, start }: SyntheticOptions): SyntheticSeries[] {
  const random = seededRandom(seed);
  const evalStart = Math.floor(start / WEEK_MS) * WEEK_MS + 4 * DAY_MS; // epoch weeks begin on Thursdays
  const historyStart = evalStart - 4 * WEEK_MS;
  const steps = WEEK_MS / STEP_MS;
  const out: SyntheticSeries[] = [];
  for (let s = 0; s < series; s += 1) {
    const scale = 10 ** (7 + random() * 2); // 10 Mbps .. 1 Gbps at the evening peak
    const noise = 0.04 + random() * 0.06;
    const level = (t: number) => scale * shape(t) * Math.max(0.05, 1 + noise * gaussian(random));
    const sample = (from: number, count: number, factor: (t: number, i: number) => number) => {
      const points: Point[] = [];
      for (let i = 0; i < count; i += 1) {
        const t = from + i * STEP_MS;
        if (random() < 0.01) continue; // a missed poll
        const burst = random() < 0.002 ? 1.3 : 1; // ordinary, unlabelled busy minutes
        points.push({ t, v: level(t) * burst * factor(t, i) });
      }
      return points;
    };
    // History carries its own unlabelled trouble (a cut of an hour, a spike) that a robust baseline must shrug off.
    const oldCut = Math.floor(random() * 4 * steps);
    const history = sample(historyStart, 4 * steps, (_t, i) => (i >= oldCut && i < oldCut + 12 ? 0.05 : 1));

    const labels: Label[] = [];
    const events = random() < 1 / 6 ? 0 : random() < 0.5 ? 1 : 2;
    const effects: ((t: number) => number)[] = [];
    let cursor = evalStart + DAY_MS * (0.3 + random());
    for (let e = 0; e < events; e += 1) {
      const kind = labelKinds[Math.floor(random() * labelKinds.length)];
      const begin = Math.floor((cursor - evalStart) / STEP_MS) * STEP_MS + evalStart;
      let end: number;
      let effect: (t: number) => number;
      if (kind === "drop") {
        const depth = random() * 0.2;
        end = begin + STEP_MS * (3 + Math.floor(random() * 36));
        effect = (t) => (t >= begin && t < end ? depth : 1);
      } else if (kind === "spike") {
        const height = 2.5 + random() * 3;
        end = begin + STEP_MS * (1 + Math.floor(random() * 4));
        effect = (t) => (t >= begin && t < end ? height : 1);
      } else if (kind === "level_shift") {
        const factor = random() < 0.5 ? 1.8 + random() * 0.8 : 0.55 + random() * 0.1;
        end = begin + DAY_MS * (0.5 + random());
        effect = (t) => (t >= begin && t < end ? factor : 1);
      } else {
        const growth = 0.1 + random() * 0.1;
        const length = DAY_MS * (2 + random());
        end = evalStart + WEEK_MS; // growth stays: the whole rest of the week is the drift's
        effect = (t) => (t < begin ? 1 : 1 + growth * Math.min(1, (t - begin) / length));
      }
      labels.push({ kind, start: begin, end });
      effects.push(effect);
      cursor = end + DAY_MS * (0.5 + random() * 0.5);
      if (cursor > evalStart + WEEK_MS - DAY_MS) break;
    }
    const evaluation = sample(evalStart, steps, (t) => effects.reduce((f, effect) => f * effect(t), 1)).filter((p) => p.t < evalStart + WEEK_MS);
    out.push({ id: `link-${s}`, history, evaluation, labels, detect: { stepMs: STEP_MS, direction: "both" } });
  }
  return out;
}

/**
 * Subscribers' upload, hourly (as their rollups are): a small evening-peaked level with heavy noise (lognormal,
 * σ 0.35: a household's upload is anything but regular), four weeks of history and a labelled week in which about
 * one subscriber in two has a compromised device: upload 8–20 times its usual level for 2–4 hours (a spike) or for
 * 8–30 hours (a level shift). Judged upwards only, as the job judges upload.
 */
export function syntheticUploadSet({ seed = 23, series = 200, start }: SyntheticOptions): SyntheticSeries[] {
  const random = seededRandom(seed);
  const evalStart = Math.floor(start / WEEK_MS) * WEEK_MS + 4 * DAY_MS;
  const historyStart = evalStart - 4 * WEEK_MS;
  const out: SyntheticSeries[] = [];
  for (let s = 0; s < series; s += 1) {
    const scale = 10 ** (5 + random() * 1.5); // 100 kbps .. 3 Mbps at the evening peak
    const sample = (from: number, hours: number, factor: (t: number) => number) => {
      const points: Point[] = [];
      for (let i = 0; i < hours; i += 1) {
        const t = from + i * HOUR_MS;
        if (random() < 0.02) continue;
        points.push({ t, v: scale * shape(t) * Math.exp(0.35 * gaussian(random)) * factor(t) });
      }
      return points;
    };
    const history = sample(historyStart, 4 * 7 * 24, () => 1);
    const labels: Label[] = [];
    let effect: (t: number) => number = () => 1;
    if (random() < 0.5) {
      const begin = evalStart + Math.floor(random() * 5 * 24) * HOUR_MS;
      const long = random() < 0.5;
      const end = begin + (long ? 8 + Math.floor(random() * 23) : 2 + Math.floor(random() * 3)) * HOUR_MS;
      const factor = 8 + random() * 12;
      labels.push({ kind: long ? "level_shift" : "spike", start: begin, end });
      effect = (t) => (t >= begin && t < end ? factor : 1);
    }
    out.push({
      id: `upload-${s}`,
      history,
      evaluation: sample(evalStart, 7 * 24, effect),
      labels,
      detect: { stepMs: HOUR_MS, direction: "above", absoluteFloor: 50_000, threshold: UPLOAD_THRESHOLD },
    });
  }
  return out;
}

/**
 * `series` subscribers' disconnects per hour, as the detector's `disconnects` series reads them (every hour, 0 when
 * none): most have the router's nightly PPPoE reconnect around 03:00, a stray reconnect or two now and then, and
 * some an unlabelled bad hour of 2–3 (a power cut at home, the modem moved) that must not be found; one in ten has a
 * chronically poor line with 1–4 drops most hours, against which only a far worse stretch is an anomaly. In the labelled
 * week about a third have a CPE flapping for 1–4 hours (4–15 an hour: spike) or a line fault for 8–24 hours (4–8 an
 * hour: level shift).
 */
export function syntheticDisconnectSet({ seed = 29, series = 200, start }: SyntheticOptions): SyntheticSeries[] {
  const random = seededRandom(seed);
  const evalStart = Math.floor(start / WEEK_MS) * WEEK_MS + 4 * DAY_MS;
  const historyStart = evalStart - 4 * WEEK_MS;
  const out: SyntheticSeries[] = [];
  for (let s = 0; s < series; s += 1) {
    const nightly = random() < 0.7;
    const strayRate = 0.005 + random() * 0.02;
    // One in ten has a chronically poor line: 1–4 drops in most hours, every week. Their usual 4 is no anomaly.
    const chronic = random() < 0.1;
    const usual = (t: number) => {
      const hour = (t % DAY_MS) / HOUR_MS;
      let v = nightly && hour === 3 && random() < 0.9 ? 1 : 0;
      if (random() < strayRate) v += 1;
      if (random() < 0.002) v += 2;
      if (chronic) v += 1 + Math.floor(random() * 4);
      return v;
    };
    const sample = (from: number, hours: number, extra: (t: number) => number) =>
      Array.from({ length: hours }, (_, i) => {
        const t = from + i * HOUR_MS;
        return { t, v: usual(t) + extra(t) };
      });
    const history = sample(historyStart, 4 * 7 * 24, () => 0);
    const labels: Label[] = [];
    let extra: (t: number) => number = () => 0;
    if (random() < 0.35) {
      const begin = evalStart + Math.floor(random() * 5 * 24) * HOUR_MS;
      const line = random() < 0.4;
      const end = begin + (line ? 8 + Math.floor(random() * 17) : 1 + Math.floor(random() * 4)) * HOUR_MS;
      labels.push({ kind: line ? "level_shift" : "spike", start: begin, end });
      // On a chronic line only a far worse hour shows: the event adds on top of its usual drops.
      const base = chronic ? 10 : 4;
      extra = (t) => (t >= begin && t < end ? (line ? base + Math.floor(random() * 5) : base + Math.floor(random() * 12)) : 0);
    }
    out.push({
      id: `disconnects-${s}`,
      history,
      evaluation: sample(evalStart, 7 * 24, extra),
      labels,
      detect: { stepMs: HOUR_MS, direction: "above", absoluteFloor: DISCONNECTS_FLOOR, minimumValue: DISCONNECTS_MINIMUM },
    });
  }
  return out;
}
