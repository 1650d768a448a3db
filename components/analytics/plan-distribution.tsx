import type { PlanDistribution } from "@/lib/analytics/distribution";
import { usageBuckets } from "@/lib/analytics/values";
import { formatShare, formatVolume } from "./format";

/** The buckets' colours, light to heavy use: shades of the theme's primary, so both themes keep their contrast. */
const shade = (index: number) => `color-mix(in oklab, var(--primary) ${20 + index * 20}%, var(--card))`;

/**
 * Per plan, a bar split by usage bucket (who uses the plan, who does not) and the same counts in the table below
 * it, which is the figure itself: the bars only draw it.
 */
export function PlanDistributionChart({ plans }: { plans: PlanDistribution[] }) {
  return (
    <div className="space-y-4">
      <ul aria-hidden="true" className="space-y-3">
        {plans.map((plan) => (
          <li key={plan.planId}>
            <span className="mb-1 block text-sm font-medium">{plan.planName}</span>
            <span className="flex h-5 overflow-hidden rounded border">
              {usageBuckets.map((bucket, index) =>
                plan.buckets[bucket.key] > 0 ? (
                  <span key={bucket.key} style={{ width: `${(plan.buckets[bucket.key] / plan.subscribers) * 100}%`, background: shade(index) }} />
                ) : null,
              )}
            </span>
          </li>
        ))}
      </ul>
      <ul aria-hidden="true" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
        {usageBuckets.map((bucket, index) => (
          <li key={bucket.key} className="flex items-center gap-1.5">
            <span className="inline-block size-3 rounded-sm border" style={{ background: shade(index) }} />
            {bucket.label}
          </li>
        ))}
      </ul>
      <div
        role="region"
        aria-label="Subscribers per plan and usage"
        tabIndex={0}
        className="relative overflow-x-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring"
      >
        <table className="w-full text-sm">
          <caption className="sr-only">
            Active subscribers of each plan by their volume this month, and how many used under 5 % of the plan&apos;s speed
          </caption>
          <thead className="border-b text-left text-muted-foreground">
            <tr>
              <th scope="col" className="p-3 font-medium">
                Plan
              </th>
              <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
                Subscribers
              </th>
              {usageBuckets.map((bucket) => (
                <th key={bucket.key} scope="col" className="whitespace-nowrap p-3 text-right font-medium">
                  {bucket.label}
                </th>
              ))}
              <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
                Under 5 % of the plan
              </th>
              <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
                Average
              </th>
            </tr>
          </thead>
          <tbody className="divide-y">
            {plans.map((plan) => (
              <tr key={plan.planId}>
                <th scope="row" className="whitespace-nowrap p-3 text-left font-medium">
                  {plan.planName}
                  <span className="block text-xs font-normal text-muted-foreground">{`${(plan.downloadKbps / 1000).toLocaleString("en")} Mbps down`}</span>
                </th>
                <td className="p-3 text-right font-mono tabular-nums">{plan.subscribers.toLocaleString("en")}</td>
                {usageBuckets.map((bucket) => (
                  <td key={bucket.key} className="whitespace-nowrap p-3 text-right font-mono tabular-nums">
                    {plan.buckets[bucket.key].toLocaleString("en")}
                    <span className="block text-xs text-muted-foreground">{formatShare(plan.buckets[bucket.key], plan.subscribers)}</span>
                  </td>
                ))}
                <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">
                  {plan.light.toLocaleString("en")}
                  <span className="block text-xs text-muted-foreground">{formatShare(plan.light, plan.subscribers)}</span>
                </td>
                <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatVolume(plan.totalBytes / plan.subscribers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
