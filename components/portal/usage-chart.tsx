import { max, sum } from "d3-array";
import type { TrafficPoint } from "@/lib/monitoring/queries";
import { formatBytes } from "@/lib/network/format";
import { ChartLegend, type ChartSeries } from "@/components/monitoring/line-chart";
import { TrafficTable } from "@/components/monitoring/traffic-table";
import { UsageLineChart } from "./usage-line-chart";

/**
 * A subscriber's download and upload over the last 24 hours (per hour) or 30 days (per day), drawn with the
 * monitoring line chart, with totals and the numbers as a table. For a subscriber the router's tx is their
 * download and rx their upload. Rendered on the server; only the chart itself is drawn again in the browser.
 */
export function UsageChart({
  label,
  points,
  from,
  to,
  daily,
  timeZone,
}: {
  label: string;
  points: TrafficPoint[];
  from: number;
  to: number;
  daily: boolean;
  timeZone: string;
}) {
  const bucket = daily ? "day" : "hour";
  const series: ChartSeries[] = [
    { key: "down", label: "Download", color: "var(--primary)", points: points.map((p) => ({ x: Date.parse(p.t), y: p.txBps })) },
    { key: "up", label: "Upload", color: "var(--success)", dashed: true, points: points.map((p) => ({ x: Date.parse(p.t), y: p.rxBps })) },
  ];
  const when = (ms: number) =>
    daily
      ? new Date(ms).toLocaleDateString("en-PH", { month: "short", day: "numeric", timeZone })
      : new Date(ms).toLocaleTimeString("en-PH", { hour: "2-digit", minute: "2-digit", timeZone });
  const ticks = [0, 1, 2, 3].map((i) => from + (i * (to - from)) / 3).map((value) => ({ value, label: when(value) }));
  const yMax = Math.max(max(points, (p) => Math.max(p.rxBps, p.txBps)) ?? 0, 1e6) * 1.1;
  const totals = { down: sum(points, (p) => p.txBytes), up: sum(points, (p) => p.rxBytes) };
  return (
    <div className="space-y-3">
      <ChartLegend series={series} />
      <UsageLineChart series={series} xDomain={[from, to]} xTicks={ticks} yMax={yMax} title={`${label}: average Mbps per ${bucket}`} />
      <p className="text-sm text-muted-foreground">
        {points.length === 0
          ? "No traffic recorded in this period yet."
          : `Average Mbps per ${bucket}. In total: ${formatBytes(totals.down)} downloaded, ${formatBytes(totals.up)} uploaded.`}
      </p>
      {points.length > 0 ? (
        <details className="rounded-md border">
          <summary className="cursor-pointer p-2 text-sm text-primary">Show as table</summary>
          <div className="max-h-72 overflow-auto">
            <TrafficTable
              points={points}
              caption={`${label}, per ${bucket}, newest first`}
              daily={daily}
              timeZone={timeZone}
              downLabel="Download"
              upLabel="Upload"
            />
          </div>
        </details>
      ) : null}
    </div>
  );
}
