/*
 * Who uses their plan and who does not: a plan's subscribers bucketed by their volume over a period (download +
 * upload, decimal GB), and how many moved less than 5 % of what the plan's download speed would carry over that
 * time at full speed. Pure; plan-usage.ts reads the volumes.
 */
import { LIGHT_USE_SHARE, usageBuckets, type UsageBucketKey } from "./values";

/** The usage bucket of a volume in bytes. */
export function usageBucketOf(totalBytes: number): UsageBucketKey {
  return usageBuckets.find((bucket) => totalBytes < bucket.below)!.key;
}

/** Bytes the plan's download speed carries in `seconds` at full speed. */
export const planCapacityBytes = (downloadKbps: number, seconds: number) => (downloadKbps * 1000 * seconds) / 8;

/** Downloaded less than 5 % of what the plan allows over the period. */
export const isLightUser = (downloadBytes: number, downloadKbps: number, seconds: number) =>
  downloadBytes < LIGHT_USE_SHARE * planCapacityBytes(downloadKbps, seconds);

export type SubscriberUsage = { planId: string; downloadBytes: number; uploadBytes: number };
export type PlanInfo = { id: string; name: string; downloadKbps: number };

export type PlanDistribution = {
  planId: string;
  planName: string;
  downloadKbps: number;
  subscribers: number;
  /** Subscribers per usage bucket, in `usageBuckets` order. */
  buckets: Record<UsageBucketKey, number>;
  /** Subscribers under 5 % of the plan's capacity over the period. */
  light: number;
  totalBytes: number;
};

const emptyBuckets = () => Object.fromEntries(usageBuckets.map((bucket) => [bucket.key, 0])) as Record<UsageBucketKey, number>;

/** One entry per plan that has subscribers, in the order of `plans`; a subscriber of an unknown plan is left out. */
export function distributeByPlan(usage: readonly SubscriberUsage[], plans: readonly PlanInfo[], seconds: number): PlanDistribution[] {
  const byPlan = new Map<string, PlanDistribution>(
    plans.map((plan) => [
      plan.id,
      { planId: plan.id, planName: plan.name, downloadKbps: plan.downloadKbps, subscribers: 0, buckets: emptyBuckets(), light: 0, totalBytes: 0 },
    ]),
  );
  for (const subscriber of usage) {
    const entry = byPlan.get(subscriber.planId);
    if (!entry) continue;
    const total = subscriber.downloadBytes + subscriber.uploadBytes;
    entry.subscribers += 1;
    entry.totalBytes += total;
    entry.buckets[usageBucketOf(total)] += 1;
    if (isLightUser(subscriber.downloadBytes, entry.downloadKbps, seconds)) entry.light += 1;
  }
  return [...byPlan.values()].filter((entry) => entry.subscribers > 0);
}
