/** The finance reports' classes and their labels: pure, shared by queries, pages and client components. */

export const agingBuckets = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type AgingBucket = (typeof agingBuckets)[number];
export const agingBucketLabels: Record<AgingBucket, string> = {
  current: "Current (not yet due)",
  "1-30": "1–30 days past due",
  "31-60": "31–60 days past due",
  "61-90": "61–90 days past due",
  "90+": "More than 90 days past due",
};

/** Days past due (today − due date) → bucket; `agingBucketSql` in finance.ts draws the same lines. */
export function agingBucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return "current";
  if (daysPastDue <= 30) return "1-30";
  if (daysPastDue <= 60) return "31-60";
  if (daysPastDue <= 90) return "61-90";
  return "90+";
}

export const movementKinds = ["new", "reactivation", "expansion", "contraction", "churn"] as const;
export type MovementKind = (typeof movementKinds)[number];
export const movementLabels: Record<MovementKind, string> = {
  new: "New",
  reactivation: "Reactivation",
  expansion: "Expansion",
  contraction: "Contraction",
  churn: "Churn",
};
/** What each class means, for the dashboard and the drill-downs (the rule is in mrr-movement.ts). */
export const movementMeanings: Record<MovementKind, string> = {
  new: "customers with MRR for the first time",
  reactivation: "customers back with MRR after a month or more without (a suspension lifted, a return)",
  expansion: "customers whose MRR grew (an upgrade, another subscription, a promo discount ending)",
  contraction: "customers whose MRR shrank but did not end (a downgrade, one of several subscriptions ended)",
  churn: "customers whose MRR fell to nothing (terminated, suspended, or a free month)",
};

export { paymentMethodLabels } from "@/lib/billing/forms";
