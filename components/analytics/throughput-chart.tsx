import { max, sum } from "d3-array";
import type { BandPoint } from "@/lib/analytics/anomaly/band";
import type { ThroughputSeries } from "@/lib/analytics/throughput";
import { formatDateTime } from "@/lib/core/dates";
import { ChartLegend, type ChartBand, type ChartSeries } from "@/components/monitoring/line-chart";
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
  anomalies = [],
  expected,
}: {
  series: ThroughputSeries;
  title: string;
  timeZone: string;
  /** What down and up mean here: "Download"/"Upload" for subscribers, "Sent (tx)"/"Received (rx)" for an interface. */
  labels: { down: string; up: string };
  /** An interface's anomalies in the range: shaded on the chart and listed with expected against actual. */
  anomalies?: { from: number; to: number; text: string }[];
  /** An interface's usual level per direction (its hour-of-week baseline): a faint band with a dotted line. */
  expected?: { down: BandPoint[]; up: BandPoint[] };
}) {
  const { points, bucket } = series;
  const from = series.from.getTime();
  const to = series.to.getTime();
  const lines: ChartSeries[] = [
    { key: "down", label: labels.down, color: "var(--primary)", points: points.map((p) => ({ x: Date.parse(p.t), y: p.downBps })) },
    { key: "up", label: labels.up, color: "var(--success)", dashed: true, points: points.map((p) => ({ x: Date.parse(p.t), y: p.upBps })) },
  ];
  const hasExpected = !!expected && (expected.down.length > 0 || expected.up.length > 0);
  const bands: ChartBand[] = [];
  if (expected && hasExpected) {
    lines.push(
      {
        key: "down-usual",
        label: `${labels.down}: usual range`,
        color: "var(--primary)",
        faint: true,
        points: expected.down.map((p) => ({ x: p.t, y: p.expected })),
      },
      {
        key: "up-usual",
        label: `${labels.up}: usual range`,
        color: "var(--success)",
        faint: true,
        points: expected.up.map((p) => ({ x: p.t, y: p.expected })),
      },
    );
    bands.push(
      { key: "down-usual", color: "var(--primary)", points: expected.down.map((p) => ({ x: p.t, low: p.low, high: p.high })) },
      { key: "up-usual", color: "var(--success)", points: expected.up.map((p) => ({ x: p.t, low: p.low, high: p.high })) },
    );
  }
  const usualAt = (list: BandPoint[] | undefined) => new Map((list ?? []).map((p) => [p.t, p]));
  const usual = { down: usualAt(expected?.down), up: usualAt(expected?.up) };
  const usualText = (p: BandPoint | undefined) => (p ? `${formatRate(p.expected)} (${formatRate(p.low)}–${formatRate(p.high)})` : "—");
  const when = (ms: number) =>
    bucket === "day"
      ? new Date(ms).toLocaleDateString("en-PH", { month: "short", day: "numeric", timeZone })
      : new Date(ms).toLocaleString("en-PH", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone });
  const ticks = [0, 1, 2, 3].map((i) => from + (i * (to - from)) / 3).map((value) => ({ value, label: when(value) }));
  const yMax = Math.max(max(points, (p) => Math.max(p.downBps, p.upBps)) ?? 0, max(bands, (b) => max(b.points, (p) => p.high)) ?? 0, 1e6) * 1.1;
  const totals = { down: sum(points, (p) => p.downBytes), up: sum(points, (p) => p.upBytes) };
  return (
    <div className="space-y-3">
      <ChartLegend series={lines} />
      <UsageLineChart
        series={lines}
        xDomain={[from, to]}
        xTicks={ticks}
        yMax={yMax}
        title={`${title}: average Mbps per ${bucket}`}
        spans={anomalies}
        bands={bands}
      />
      {hasExpected ? (
        <p className="text-sm text-muted-foreground">
          Faint bands with dotted lines: the usual level each way at that hour of the week (the median of the four weeks before this range, one robust
          spread either side), the level anomaly detection judges the interface against.
        </p>
      ) : null}
      {anomalies.length > 0 ? (
        <div className="text-sm">
          <p className="font-medium">Anomalies in this range (shaded)</p>
          <ul className="list-disc pl-5 text-muted-foreground">
            {anomalies.map((a) => (
              <li key={`${a.from}-${a.to}`}>{a.text}</li>
            ))}
          </ul>
        </div>
      ) : null}
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
                  {hasExpected ? (
                    <>
                      <th scope="col" className="p-2 text-right font-medium">{`${labels.down} (usual)`}</th>
                      <th scope="col" className="p-2 text-right font-medium">{`${labels.up} (usual)`}</th>
                    </>
                  ) : null}
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
                    {hasExpected ? (
                      <>
                        <td className="whitespace-nowrap p-2 text-right font-mono tabular-nums">{usualText(usual.down.get(Date.parse(p.t)))}</td>
                        <td className="whitespace-nowrap p-2 text-right font-mono tabular-nums">{usualText(usual.up.get(Date.parse(p.t)))}</td>
                      </>
                    ) : null}
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
