"use client";
import { useEffect, useId, useRef, useState } from "react";
import { max, sum } from "d3-array";
import { formatBytes } from "@/lib/network/format";
import { Button } from "@/components/ui/button";
import type { ChartSeries } from "./line-chart";
import { ChartLegend } from "./chart-legend";
import { LazyLineChart } from "./lazy-line-chart";
import { directionLabels, formatMbpsTick, sourceQuery, type TrafficSource } from "./format";
import { TrafficTable } from "./traffic-table";
import { useElementWidth } from "./hooks";

type Point = { t: string; rxBytes: number; txBytes: number; rxBps: number; txBps: number; rxMaxBps: number; txMaxBps: number };

const ranges = [
  { key: "1h", label: "1 hour", resolution: "1m", spanMs: 3_600_000, bucket: "minute" },
  { key: "24h", label: "24 hours", resolution: "1h", spanMs: 86_400_000, bucket: "hour" },
  { key: "30d", label: "30 days", resolution: "1d", spanMs: 30 * 86_400_000, bucket: "day" },
] as const;
type RangeKey = (typeof ranges)[number]["key"];

type Loaded = { key: string; at: number } & ({ points: Point[]; error?: undefined } | { error: string; points?: undefined });

export type TrafficHistoryChartProps = {
  routerId: string;
  source: TrafficSource;
  label: string;
  defaultRange?: RangeKey;
  /** The tenant's time zone for axis labels and the table. */
  timeZone?: string;
  height?: number;
};

/** Average rate per minute, hour or day over the last hour, 24 hours or 30 days, from the stored traffic points. */
export function TrafficHistoryChart({ routerId, source, label, defaultRange = "24h", timeZone, height = 180 }: TrafficHistoryChartProps) {
  const [rangeKey, setRangeKey] = useState<RangeKey>(defaultRange);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [showTable, setShowTable] = useState(false);
  const container = useRef<HTMLDivElement>(null);
  const width = useElementWidth(container);
  const tableId = useId();
  const range = ranges.find((r) => r.key === rangeKey)!;
  const names = directionLabels(source);
  const url = `/api/routers/${routerId}/traffic/history?${sourceQuery(source)}&resolution=${range.resolution}`;

  useEffect(() => {
    const controller = new AbortController();
    fetch(url, { signal: controller.signal, cache: "no-store" })
      .then(async (response) => {
        const body = (await response.json()) as { ok: boolean; points?: Point[]; message?: string };
        const at = Date.now();
        setLoaded(
          body.ok && body.points ? { key: url, at, points: body.points } : { key: url, at, error: body.message ?? "Could not load the history." },
        );
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ key: url, at: Date.now(), error: error instanceof Error ? error.message : "Could not load the history." });
      });
    return () => controller.abort();
  }, [url]);

  const current = loaded?.key === url ? loaded : null;
  const points = current?.points ?? [];
  // The axis ends when the data was loaded, so it doesn't drift while the page stays open.
  const end = current?.at ?? 0;
  const start = end - range.spanMs;
  const series: ChartSeries[] = [
    { key: "tx", label: names.tx, color: "var(--primary)", points: points.map((p) => ({ x: Date.parse(p.t), y: p.txBps })) },
    { key: "rx", label: names.rx, color: "var(--success)", dashed: true, points: points.map((p) => ({ x: Date.parse(p.t), y: p.rxBps })) },
  ];
  const yMax = Math.max(max(points, (p) => Math.max(p.rxBps, p.txBps)) ?? 0, 1e6) * 1.1;
  const tickFormat = (ms: number) =>
    range.key === "30d"
      ? new Date(ms).toLocaleDateString("en-PH", { month: "short", day: "numeric", timeZone })
      : new Date(ms).toLocaleTimeString("en-PH", { hour: "2-digit", minute: "2-digit", timeZone });
  const ticks = [0, 1, 2, 3].map((i) => start + (i * range.spanMs) / 3).map((value) => ({ value, label: tickFormat(value) }));
  const totals = { rx: sum(points, (p) => p.rxBytes), tx: sum(points, (p) => p.txBytes) };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="Time range" className="inline-flex rounded-md border p-0.5">
          {ranges.map((r) => (
            <Button
              key={r.key}
              size="sm"
              variant={r.key === rangeKey ? "default" : "ghost"}
              aria-pressed={r.key === rangeKey}
              onClick={() => setRangeKey(r.key)}
            >
              {r.label}
            </Button>
          ))}
        </div>
        <ChartLegend series={series} />
      </div>
      <div ref={container} className="w-full" aria-busy={!current}>
        {current?.error ? (
          <p role="alert" className="rounded-md border border-danger/50 p-3 text-sm text-danger">
            {current.error}
          </p>
        ) : current ? (
          <LazyLineChart
            width={width}
            height={height}
            series={series}
            xDomain={[start, end]}
            xTicks={ticks}
            yMax={yMax}
            yFormat={formatMbpsTick}
            title={`Traffic of ${label} over the last ${range.label}: average Mbps per ${range.bucket}`}
          />
        ) : (
          <div style={{ height }} />
        )}
        <p className="mt-1 text-xs text-muted-foreground">
          {!current
            ? "Loading…"
            : points.length === 0
              ? "No traffic recorded in this range yet."
              : `Average Mbps per ${range.bucket}. In this range: ${formatBytes(totals.tx)} ${names.tx.toLowerCase()}, ${formatBytes(totals.rx)} ${names.rx.toLowerCase()}.`}
        </p>
      </div>
      <Button
        variant="link"
        size="sm"
        aria-expanded={showTable}
        aria-controls={tableId}
        onClick={() => setShowTable((s) => !s)}
        disabled={points.length === 0}
      >
        {showTable ? "Hide table" : "Show as table"}
      </Button>
      {showTable ? (
        <div id={tableId} className="max-h-72 overflow-auto rounded-md border">
          <TrafficTable
            points={points}
            caption={`${label}, per ${range.bucket}, newest first`}
            daily={range.bucket === "day"}
            timeZone={timeZone}
            downLabel={names.tx}
            upLabel={names.rx}
            captionVisible
          />
        </div>
      ) : null}
    </div>
  );
}
