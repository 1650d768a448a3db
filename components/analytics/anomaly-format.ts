import type { AnomalyMetric } from "@/lib/analytics/values";
import { formatRate } from "@/components/monitoring/format";

/** A metric's value in its unit: a rate for traffic and upload, percent for CPU, a count for sessions and disconnects. */
export function formatMetric(metric: AnomalyMetric, value: number): string {
  if (metric === "cpu") return `${Math.round(value)} %`;
  if (metric === "sessions") return Math.round(value).toLocaleString("en");
  if (metric === "disconnects") return `${value.toLocaleString("en", { maximumFractionDigits: 1 })} per hour`;
  return formatRate(Math.max(0, value));
}
