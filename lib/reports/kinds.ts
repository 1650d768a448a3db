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

export const movementKinds = ["new", "expansion", "contraction", "churn"] as const;
export type MovementKind = (typeof movementKinds)[number];
export const movementLabels: Record<MovementKind, string> = { new: "New", expansion: "Expansion", contraction: "Contraction", churn: "Churn" };

export { paymentMethodLabels } from "@/lib/billing/forms";
