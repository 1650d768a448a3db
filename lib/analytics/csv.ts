/* The analytics exports as CSV (lib/core/csv): raw bytes and bits per second, so a spreadsheet can do the sums. */
import { toCsv } from "@/lib/core/csv";
import type { PlanDistribution } from "./distribution";
import type { MonthlyPercentiles } from "./percentile";
import type { TopTalkersPage } from "./top-talkers";
import { usageBuckets } from "./values";

const share = (part: number, whole: number) => (whole > 0 ? Number(((part / whole) * 100).toFixed(2)) : null);
const rate = (bps: number) => Number(bps.toFixed(3));

export function topTalkersCsv(page: TopTalkersPage): string {
  return toCsv(
    [
      "Rank",
      "Account number",
      "Customer",
      "Username",
      "Plan",
      "Router",
      "Site",
      "Download (bytes)",
      "Upload (bytes)",
      "Total (bytes)",
      "Share of total (%)",
    ],
    page.rows.map((row) => [
      row.rank,
      row.accountNumber,
      row.customerName,
      row.username,
      row.planName,
      row.routerName,
      row.siteName,
      row.downloadBytes,
      row.uploadBytes,
      row.totalBytes,
      share(row.totalBytes, page.totals.totalBytes),
    ]),
  );
}

export function percentileCsv({ month, rows }: MonthlyPercentiles): string {
  return toCsv(
    [
      "Month",
      "Router",
      "Interface",
      "Samples",
      "Expected samples",
      "Received 95th (bps)",
      "Sent 95th (bps)",
      "Billable 95th (bps)",
      "Billable direction",
      "Capacity (bps)",
      "Billable of capacity (%)",
    ],
    rows.map(({ routerName, interfaceName, percentile: p, capacityBps }) => [
      month,
      routerName,
      interfaceName,
      p.samples,
      p.expectedSamples,
      rate(p.rxBps),
      rate(p.txBps),
      rate(p.billableBps),
      p.billableDirection === "rx" ? "received" : "sent",
      capacityBps,
      capacityBps ? share(p.billableBps, capacityBps) : null,
    ]),
  );
}

export function planUsageCsv(month: string, plans: PlanDistribution[]): string {
  return toCsv(
    [
      "Month",
      "Plan",
      "Download speed (kbps)",
      "Active subscribers",
      ...usageBuckets.map((bucket) => bucket.label),
      "Under 5 % of the plan's speed",
      "Total (bytes)",
      "Average per subscriber (bytes)",
    ],
    plans.map((plan) => [
      month,
      plan.planName,
      plan.downloadKbps,
      plan.subscribers,
      ...usageBuckets.map((bucket) => plan.buckets[bucket.key]),
      plan.light,
      plan.totalBytes,
      Math.round(plan.totalBytes / plan.subscribers),
    ]),
  );
}
