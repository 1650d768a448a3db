/*
 * Precision, recall and detection delay of the detector on the labelled set (pure; the bench prints them, a test
 * holds the goal on a slice). An event counts as found when a detection overlaps it; a detection is right when it
 * overlaps an anomalous event. A drift is growth, not an anomaly: anything found on one is a false alarm, except a
 * level shift, which is what a drift becomes once it has moved far enough (tolerated, counted apart).
 */
import { seasonalBaseline } from "./baseline";
import { detectAnomalies, type DetectedAnomaly, type DetectOptions } from "./detector";
import type { Label, LabelKind, SyntheticSeries } from "./synthetic";

export type KindScore = { events: number; found: number; recall: number; delays: number[]; medianDelay: number | null; maxDelay: number | null };
export type Score = {
  detections: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  perKind: Record<LabelKind, KindScore & { falseAlarms: number }>;
  driftLevelShifts: number;
};

const overlaps = (d: DetectedAnomaly, l: Label, stepMs: number) => d.start < l.end && d.end + stepMs > l.start;

export function detectOnSet(set: SyntheticSeries[], options: Partial<DetectOptions> = {}) {
  return set.map((series) => ({ series, found: detectAnomalies(series.evaluation, seasonalBaseline(series.history), { ...series.detect, ...options }) }));
}

export function scoreDetections(results: { series: SyntheticSeries; found: DetectedAnomaly[] }[]): Score {
  const perKind = {} as Score["perKind"];
  for (const kind of ["drop", "spike", "level_shift", "drift"] as const) perKind[kind] = { events: 0, found: 0, recall: 1, delays: [], medianDelay: null, maxDelay: null, falseAlarms: 0 };
  let detections = 0;
  let truePositives = 0;
  let falsePositives = 0;
  let driftLevelShifts = 0;
  for (const { series, found } of results) {
    for (const label of series.labels) {
      const score = perKind[label.kind];
      score.events += 1;
      const hits = found.filter((d) => overlaps(d, label, series.detect.stepMs));
      if (label.kind === "drift") continue;
      if (hits.length > 0) {
        score.found += 1;
        // Delay in samples received after the event began (a missed poll is no sample to judge).
        const detectedAt = Math.min(...hits.map((d) => d.detectedAt));
        score.delays.push(series.evaluation.filter((p) => p.t >= label.start && p.t < detectedAt).length);
      }
    }
    for (const d of found) {
      detections += 1;
      const anomalous = series.labels.filter((l) => l.kind !== "drift" && overlaps(d, l, series.detect.stepMs));
      if (anomalous.length > 0) {
        truePositives += 1;
        continue;
      }
      const drift = series.labels.find((l) => l.kind === "drift" && overlaps(d, l, series.detect.stepMs));
      if (drift && d.kind === "level_shift") {
        driftLevelShifts += 1;
        detections -= 1;
        continue;
      }
      falsePositives += 1;
      if (drift) perKind.drift.falseAlarms += 1;
    }
  }
  let events = 0;
  let foundEvents = 0;
  for (const [kind, score] of Object.entries(perKind)) {
    if (kind === "drift") {
      score.recall = Number.NaN;
      continue;
    }
    events += score.events;
    foundEvents += score.found;
    score.recall = score.events ? score.found / score.events : 1;
    const sorted = [...score.delays].sort((a, b) => a - b);
    score.medianDelay = sorted.length ? sorted[sorted.length >> 1] : null;
    score.maxDelay = sorted.length ? sorted[sorted.length - 1] : null;
  }
  return {
    detections,
    truePositives,
    falsePositives,
    precision: detections ? truePositives / detections : 1,
    recall: events ? foundEvents / events : 1,
    perKind,
    driftLevelShifts,
  };
}
