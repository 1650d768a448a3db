/*
 * Capacity forecast backtest: how far off is the date a link's weekly 95th percentile crosses 80 % of capacity?
 *
 *   npm run bench:capacity        # BENCH_SERIES=2000  BENCH_SEED=19
 *
 * A synthetic set, the same on every run (seeded): per series a starting utilisation (10–60 %), a weekly rise
 * (0.1–2 points, a fifth of the series flat or falling), a yearly swing (0–6 points, random phase), and noise
 * (0–3 points, normal). The forecast sees 13 weeks (what the hourly rollups keep) and 26 weeks of history; the true
 * crossing is where the noiseless signal (trend + season) first reaches 80 % after the last observed week. Printed:
 * for series that truly cross within 52 weeks and are forecast to, the absolute error of the crossing date in days
 * (median, p90) and the share within ±14 days; how many true crossings were missed (forecast "none"), how many
 * non-crossing series got a date (false alarms), and how often the truth fell inside the 80 % interval.
 */
import { performance } from "node:perf_hooks";
import { FORECAST_WEEKS, forecastCrossing } from "@/lib/analytics/capacity/forecast";
import { seededRandom } from "@/lib/core/random";

const SERIES = Number(process.env.BENCH_SERIES ?? 2000);
const SEED = Number(process.env.BENCH_SEED ?? 19);
const THRESHOLD = 0.8;


type Synthetic = { signal: (week: number) => number; noise: number };

function makeSeries(random: () => number): Synthetic {
  const start = 0.1 + random() * 0.5;
  const rising = random() < 0.8;
  const slope = rising ? 0.001 + random() * 0.019 : -0.003 + random() * 0.004;
  const season = random() * 0.06;
  const phase = random() * 2 * Math.PI;
  const noise = random() * 0.03;
  return { signal: (week) => start + slope * week + season * Math.sin((2 * Math.PI * week) / 52 + phase), noise };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The first fractional week after `last` where the signal reaches the threshold (steps of a day), or null. */
function trueCrossing(signal: (week: number) => number, last: number): number | null {
  if (signal(last) >= THRESHOLD) return 0;
  for (let day = 1; day <= FORECAST_WEEKS * 7; day += 1) if (signal(last + day / 7) >= THRESHOLD) return day / 7;
  return null;
}

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);

function backtest(historyWeeks: number) {
  const random = seededRandom(SEED);
  const errors: number[] = [];
  let crossing = 0;
  let missed = 0;
  let falseAlarms = 0;
  let inside = 0;
  let alreadyOver = 0;
  let elapsed = 0;
  for (let i = 0; i < SERIES; i += 1) {
    const series = makeSeries(random);
    const values = Array.from({ length: historyWeeks }, (_, week) => series.signal(week) + series.noise * normal(random));
    const last = historyWeeks - 1;
    // A link whose noisy last week is already over is "now" for both; not a date to score.
    if (values[last] >= THRESHOLD || series.signal(last) >= THRESHOLD) {
      alreadyOver += 1;
      continue;
    }
    const truth = trueCrossing(series.signal, last);
    const started = performance.now();
    const forecast = forecastCrossing(values, { threshold: THRESHOLD });
    elapsed += performance.now() - started;
    const predicted = forecast.crossing;
    if (truth !== null && truth > 0) {
      crossing += 1;
      if (predicted.kind === "ahead") {
        errors.push(Math.abs(predicted.weeks - truth) * 7);
        if (truth >= predicted.earliestWeeks && truth <= (predicted.latestWeeks ?? Infinity)) inside += 1;
      } else if (predicted.kind !== "now") missed += 1;
    } else if (truth === null && predicted.kind === "ahead") falseAlarms += 1;
  }
  errors.sort((a, b) => a - b);
  const scored = errors.length;
  return {
    historyWeeks,
    crossing,
    scored,
    alreadyOver,
    medianDays: quantile(errors, 0.5),
    p90Days: quantile(errors, 0.9),
    within14: scored ? errors.filter((e) => e <= 14).length / scored : NaN,
    intervalCoverage: scored ? inside / scored : NaN,
    missed,
    falseAlarms,
    msPerSeries: elapsed / Math.max(1, SERIES - alreadyOver),
  };
}

console.log(
  `capacity forecast backtest: ${SERIES} synthetic weekly series (seed ${SEED}), threshold ${THRESHOLD * 100} %, horizon ${FORECAST_WEEKS} weeks`,
);
for (const history of [13, 26]) {
  const r = backtest(history);
  console.log(
    [
      `history ${r.historyWeeks} weeks:`,
      `${r.crossing} truly cross within 52 weeks, ${r.scored} forecast to (${r.alreadyOver} already over, skipped);`,
      `crossing-date error median ${r.medianDays.toFixed(1)} days, p90 ${r.p90Days.toFixed(1)} days,`,
      `${(r.within14 * 100).toFixed(1)} % within ±14 days;`,
      `truth inside the 80 % interval ${(r.intervalCoverage * 100).toFixed(1)} %;`,
      `missed ${r.missed}, false alarms ${r.falseAlarms};`,
      `${(r.msPerSeries * 1000).toFixed(0)} µs per forecast`,
    ].join(" "),
  );
}
