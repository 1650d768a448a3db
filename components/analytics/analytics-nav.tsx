import { SectionTabs, type SectionTab } from "@/components/shell/section-tabs";

const analyticsTabs: SectionTab[] = [
  { href: "/network/analytics", label: "Throughput", exact: true },
  { href: "/network/analytics/top-talkers", label: "Top talkers" },
  { href: "/network/analytics/percentile", label: "95th percentile" },
  { href: "/network/analytics/heatmaps", label: "Heatmaps" },
  { href: "/network/analytics/plans", label: "Plan usage" },
  { href: "/network/analytics/capacity", label: "Capacity" },
  { href: "/network/analytics/anomalies", label: "Anomalies" },
];

/** The analytics pages, under the network tabs. */
export function AnalyticsNav() {
  return (
    <div className="mb-5">
      <SectionTabs label="Analytics sections" tabs={analyticsTabs} />
    </div>
  );
}
