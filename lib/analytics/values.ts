/** Analytics' plain constants and labels (no Drizzle, no zod), for pages, forms and client components alike. */

export const talkerSorts = ["total", "download", "upload"] as const;
export type TalkerSort = (typeof talkerSorts)[number];
export const talkerSortLabels: Record<TalkerSort, string> = { total: "Total", download: "Download", upload: "Upload" };

/** Top talkers per page. */
export const TALKERS_PAGE_SIZE = 50;

/** Usage buckets of the plan distribution, in decimal gigabytes (as plans and data caps are sold). */
export const GB = 1e9;
export const usageBuckets = [
  { key: "under10", label: "Under 10 GB", below: 10 * GB },
  { key: "10to50", label: "10–50 GB", below: 50 * GB },
  { key: "50to100", label: "50–100 GB", below: 100 * GB },
  { key: "100to250", label: "100–250 GB", below: 250 * GB },
  { key: "over250", label: "250 GB or more", below: Infinity },
] as const;
export type UsageBucketKey = (typeof usageBuckets)[number]["key"];

/** A subscriber who moved less than this share of what the plan's download speed allows over the period "does not use" it. */
export const LIGHT_USE_SHARE = 0.05;

/** What an anomaly looks like against its seasonal baseline (anomaly/detector.ts). */
export const anomalyKinds = ["drop", "spike", "level_shift"] as const;
export type AnomalyKind = (typeof anomalyKinds)[number];
export const anomalyKindLabels: Record<AnomalyKind, string> = { drop: "Drop", spike: "Spike", level_shift: "Level shift" };

/** The objects anomalies are found on, and what is measured on each. */
export const anomalyObjectKinds = ["interface", "router", "subscription"] as const;
export type AnomalyObjectKind = (typeof anomalyObjectKinds)[number];
export const anomalyObjectKindLabels: Record<AnomalyObjectKind, string> = { interface: "Interface", router: "Router", subscription: "Subscriber" };

export const anomalyMetrics = ["traffic", "cpu", "sessions", "download", "upload", "disconnects"] as const;
export type AnomalyMetric = (typeof anomalyMetrics)[number];
export const anomalyMetricLabels: Record<AnomalyMetric, string> = {
  traffic: "Traffic",
  cpu: "CPU load",
  sessions: "PPPoE sessions",
  download: "Download",
  upload: "Upload",
  disconnects: "Disconnects",
};

export const anomalyStatuses = ["open", "closed"] as const;
export type AnomalyStatus = (typeof anomalyStatuses)[number];
export const anomalyFeedbacks = ["expected", "real_issue"] as const;
export type AnomalyFeedback = (typeof anomalyFeedbacks)[number];
export const anomalyFeedbackLabels: Record<AnomalyFeedback, string> = { expected: "Expected", real_issue: "Real issue" };
