/** Robust statistics on plain numbers (pure): the median and the median absolute deviation. */

/** The median of `values` (NaN when empty). Sorts a copy. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median absolute deviation around `centre` (the median when not given). */
export function mad(values: ArrayLike<number>, centre = median(values)): number {
  const deviations = new Float64Array(values.length);
  for (let i = 0; i < values.length; i += 1) deviations[i] = Math.abs(values[i] - centre);
  return median(deviations);
}

/** MAD × 1.4826 estimates the standard deviation of normal data. */
export const MAD_TO_SIGMA = 1.4826;
