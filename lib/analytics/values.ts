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
