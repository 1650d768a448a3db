import { max, sum } from "d3-array";
import type { ThroughputSeries } from "@/lib/analytics/throughput";
import { formatDateTime } from "@/lib/core/dates";
import { ChartLegend, type ChartSeries } from "@/components/monitoring/line-chart";
import { formatRate } from "@/components/monitoring/format";
import { UsageLineChart } from "@/components/portal/usage-line-chart";
import { formatVolume } from "./format";

/**
 * Throughput over time as lines (the monitoring chart, drawn in the browser to the box's width), the totals in
 * words, and the same numbers as a table behind "Show as table" (a `<details>`, so it opens without JavaScript).
 */
export function ThroughputChart({
  series,
  title,
  timeZone,
  labels,
}: {
  series: ThroughputSeries;
  title: string;
  timeZone: string;
  /** What down and up mean here: "Download"/"Upload" for subscribers, "Sent (tx)"/"Received (rx)" for an interface. */
  labels: { down: string; up: string };
}) {
  const { points, bucket } = series;
  const from = series.from.getTime();
  const to = series.to.getTime();
  const lines: ChartSeries[] = [
    { key: "down", label: labels.down, color: "var(--primary)", points: points.map((p) => ({ x: Date.parse(p.t), y: p.downBps })) },
    { key: "up", label: labels.up, color: "var(--success)", dashed: true, points: points.map((p) => ({ x: Date.parse(p.t), y: p.upBps })) },
  ];
  const when = (ms: number) =>
    bucket === "day"
      ? new Date(ms).toLocaleDateString("en-PH", { month: "short", day: "numeric", timeZone })
      : new Date(ms).toLocaleString("en-PH", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone });
  const ticks = [0, 1, 2, 3].map((i) => from + (i * (to - from)) / 3).map((value) => ({ value, label: when(value) }));
  const yMax = Math.max(max(points, (p) => Math.max(p.downBps, p.upBps)) ?? 0, 1e6) * 1.1;
  const totals = { down: sum(points, (p) => p.downBytes), up: sum(points, (p) => p.upBytes) };
  return (
    <div className="space-y-3">
      <ChartLegend series={lines} />
      <UsageLineChart series={lines} xDomain={[from, to]} xTicks={ticks} yMax={yMax} title={`${title}: average Mbps per ${bucket}`} />
      <p className="text-sm text-muted-foreground">
        {points.length === 0
          ? "No traffic recorded in this range."
          : `Average Mbps per ${bucket}. In total: ${formatVolume(totals.down)} ${labels.down.toLowerCase()}, ${formatVolume(totals.up)} ${labels.up.toLowerCase()}.`}
      </p>
      {points.length > 0 ? (
        <details className="rounded-md border">
          <summary className="cursor-pointer p-2 text-sm text-primary">Show as table</summary>
          <div
            role="region"
            aria-label={`${title}, per ${bucket}`}
            tabIndex={0}
            className="max-h-80 overflow-auto focus-visible:outline-2 focus-visible:outline-ring"
          >
            <table className="w-full text-sm">
              <caption className="sr-only">{`${title}, per ${bucket}, newest first`}</caption>
              <thead className="sticky top-0 border-b bg-card text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="p-2 font-medium">
                    {bucket === "day" ? "Day (UTC)" : "Hour"}
                  </th>
                  <th scope="col" className="p-2 text-right font-medium">{`${labels.down} (average)`}</th>
                  <th scope="col" className="p-2 text-right font-medium">{`${labels.up} (average)`}</th>
                  <th scope="col" className="p-2 text-right font-medium">{`${labels.down} (volume)`}</th>
                  <th scope="col" className="p-2 text-right font-medium">{`${labels.up} (volume)`}</th>
                </tr>
              </thead>
              <tbody className="divide-y">
                {[...points].reverse().map((p) => (
                  <tr key={p.t}>
                    <td className="whitespace-nowrap p-2 font-mono">
                      {bucket === "day" ? p.t.slice(0, 10) : formatDateTime(new Date(p.t), timeZone)}
                    </td>
                    <td className="whitespace-nowrap p-2 text-right font-mono tabular-nums">{formatRate(p.downBps)}</td>
                    <td className="whitespace-nowrap p-2 text-right font-mono tabular-nums">{formatRate(p.upBps)}</td>
                    <td className="whitespace-nowrap p-2 text-right font-mono tabular-nums">{formatVolume(p.downBytes)}</td>
                    <td className="whitespace-nowrap p-2 text-right font-mono tabular-nums">{formatVolume(p.upBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </div>
  );
}
