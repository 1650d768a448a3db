/*
 * When does a weekly series cross a threshold? Holt's linear trend (additive level and trend, no seasonality) fitted
 * to the series, with the prediction interval of the matching state-space model, ETS(A,A,N) (Hyndman et al.,
 * "Forecasting with Exponential Smoothing", table 6.1): the h-step variance is
 *   σ² · [1 + (h − 1) · (α² + α·β·h + β²·h·(2h − 1) / 6)]
 * with β the trend smoothing written as a share of α (β = α·β* in Holt's notation). α and β* are chosen from a small
 * grid by the one-step squared error, so the same series always gives the same forecast. Pure: no clock, no
 * database; weeks are counted from the last observed week.
 */

/** Weeks looked ahead: twelve months. */
export const FORECAST_WEEKS = 52;
/** Weeks of history needed before a trend means anything. */
export const MIN_WEEKS = 4;
/** The prediction interval's z for 80 % (two-sided): the band planners read, not the 95 % that spans a year. */
export const INTERVAL_Z = 1.2816;

const GRID = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const TREND_GRID = [0.01, 0.05, 0.1, 0.2, 0.3];

export type ForecastPoint = { week: number; mean: number; low: number; high: number };

export type Crossing =
  /** Already at or above the threshold in the last observed week. */
  | { kind: "now" }
  /** Weeks after the last observed week (fractional), with the interval's earliest and latest (null: not within the horizon). */
  | { kind: "ahead"; weeks: number; earliestWeeks: number; latestWeeks: number | null }
  /** Neither the forecast nor its upper bound reaches it within the horizon. */
  | { kind: "none" }
  /** The forecast does not, but the interval's upper bound does. */
  | { kind: "possible"; earliestWeeks: number }
  | { kind: "too_short" };

export type Forecast = {
  alpha: number;
  beta: number;
  level: number;
  /** Change per week at the end of the series. */
  trend: number;
  /** Standard deviation of the one-step errors. */
  sigma: number;
  points: ForecastPoint[];
  crossing: Crossing;
};

type Fit = { alpha: number; beta: number; level: number; trend: number; sse: number; n: number };

function fitHolt(values: readonly number[], alpha: number, beta: number): Fit {
  let level = values[0];
  let trend = values.length > 1 ? values[1] - values[0] : 0;
  let sse = 0;
  for (let t = 1; t < values.length; t += 1) {
    const predicted = level + trend;
    const error = values[t] - predicted;
    sse += error * error;
    const nextLevel = predicted + alpha * error;
    trend = trend + alpha * beta * error;
    level = nextLevel;
  }
  return { alpha, beta, level, trend, sse, n: values.length - 1 };
}

/** The h-step prediction variance factor of ETS(A,A,N). */
export function varianceFactor(h: number, alpha: number, beta: number): number {
  const b = alpha * beta;
  return 1 + (h - 1) * (alpha * alpha + alpha * b * h + (b * b * h * (2 * h - 1)) / 6);
}

/** The first fractional week in (0, horizon] where `at(week)` reaches `threshold`, linear between whole weeks. */
function firstReach(points: readonly ForecastPoint[], pick: (p: ForecastPoint) => number, threshold: number, start: number): number | null {
  let previousWeek = 0;
  let previous = start;
  for (const point of points) {
    const value = pick(point);
    if (value >= threshold) {
      const share = value === previous ? 1 : Math.min(1, Math.max(0, (threshold - previous) / (value - previous)));
      return previousWeek + share * (point.week - previousWeek);
    }
    previousWeek = point.week;
    previous = value;
  }
  return null;
}

/**
 * Holt's forecast of `values` (oldest first, one per week) for `horizon` weeks, and when it crosses `threshold`.
 * Non-finite values are refused; a series shorter than MIN_WEEKS says so instead of guessing.
 */
export function forecastCrossing(
  values: readonly number[],
  { threshold, horizon = FORECAST_WEEKS, z = INTERVAL_Z }: { threshold: number; horizon?: number; z?: number },
): Forecast {
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError("a forecast needs finite values");
  const last = values.at(-1) ?? 0;
  if (values.length < MIN_WEEKS) {
    return { alpha: 0, beta: 0, level: last, trend: 0, sigma: 0, points: [], crossing: { kind: "too_short" } };
  }
  let best: Fit | null = null;
  for (const alpha of GRID) {
    for (const beta of TREND_GRID) {
      const fit = fitHolt(values, alpha, beta);
      if (!best || fit.sse < best.sse - 1e-12) best = fit;
    }
  }
  const fit = best!;
  // Two parameters and the two starting states are estimated from the errors.
  const sigma = Math.sqrt(fit.sse / Math.max(1, fit.n - 2));
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h += 1) {
    const mean = fit.level + h * fit.trend;
    const spread = z * sigma * Math.sqrt(varianceFactor(h, fit.alpha, fit.beta));
    points.push({ week: h, mean, low: mean - spread, high: mean + spread });
  }
  const base = { alpha: fit.alpha, beta: fit.beta, level: fit.level, trend: fit.trend, sigma, points };
  if (last >= threshold) return { ...base, crossing: { kind: "now" } };
  const weeks = firstReach(points, (p) => p.mean, threshold, last);
  const earliestWeeks = firstReach(points, (p) => p.high, threshold, last);
  if (weeks !== null) {
    const latestWeeks = firstReach(points, (p) => p.low, threshold, last);
    return { ...base, crossing: { kind: "ahead", weeks, earliestWeeks: Math.min(earliestWeeks ?? weeks, weeks), latestWeeks } };
  }
  if (earliestWeeks !== null) return { ...base, crossing: { kind: "possible", earliestWeeks } };
  return { ...base, crossing: { kind: "none" } };
}

/** Weeks from now to the crossing, for sorting: now first, then ahead by date, possible by earliest, then the rest. */
export function urgencyOf(crossing: Crossing): number {
  switch (crossing.kind) {
    case "now":
      return 0;
    case "ahead":
      return crossing.weeks;
    case "possible":
      return 1000 + crossing.earliestWeeks;
    case "none":
      return 2000;
    case "too_short":
      return 3000;
  }
}
