"use client";
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ChartSeries } from "./line-chart";
import { ChartLegend } from "./chart-legend";
import { LazyLineChart } from "./lazy-line-chart";
import { useElementWidth } from "./hooks";

export type HealthPoint = { t: string; cpuLoad: number; memoryUsedPercent: number; uptimeSeconds: number };

export type RouterHealthChartProps = {
  points: HealthPoint[];
  /** The span shown, epoch milliseconds (chosen by the page, so server and browser agree). */
  from: number;
  to: number;
  label: string;
  /** The tenant's time zone: the server renders the axis too, so both sides must format alike. */
  timeZone: string;
  height?: number;
};

/** CPU load and memory in use (%) over time, from the poller's health samples; a table offers the same numbers. */
export function RouterHealthChart({ points, from, to, label, timeZone, height = 160 }: RouterHealthChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const width = useElementWidth(container);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const series: ChartSeries[] = [
    { key: "cpu", label: "CPU load", color: "var(--primary)", points: points.map((p) => ({ x: Date.parse(p.t), y: p.cpuLoad })) },
    {
      key: "memory",
      label: "Memory in use",
      color: "var(--success)",
      dashed: true,
      points: points.map((p) => ({ x: Date.parse(p.t), y: p.memoryUsedPercent })),
    },
  ];
  const time = (ms: number) => new Date(ms).toLocaleTimeString("en-PH", { hour: "2-digit", minute: "2-digit", timeZone });
  const ticks = [0, 1, 2, 3].map((i) => from + (i * (to - from)) / 3).map((value) => ({ value, label: time(value) }));
  if (points.length === 0)
    return <p className="text-sm text-muted-foreground">No health samples yet: the first poll records CPU, memory and uptime.</p>;
  return (
    <div className="space-y-3">
      <ChartLegend series={series} />
      <div ref={container} className="w-full">
        <LazyLineChart
          width={width}
          height={height}
          series={series}
          xDomain={[from, to]}
          xTicks={ticks}
          yMax={100}
          yTickCount={4}
          yFormat={(v) => `${v}%`}
          title={`CPU load and memory in use of ${label}, in percent`}
        />
      </div>
      <Button variant="link" size="sm" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
        {showTable ? "Hide table" : "Show as table"}
      </Button>
      {showTable ? (
        <div id={tableId} className="max-h-72 overflow-auto rounded-md border">
          <table className="w-full text-sm">
            <caption className="p-2 text-left text-muted-foreground">Health of {label}, newest first</caption>
            <thead className="sticky top-0 border-b bg-card text-left text-muted-foreground">
              <tr>
                <th scope="col" className="p-2 font-medium">
                  Time
                </th>
                <th scope="col" className="p-2 text-right font-medium">
                  CPU load
                </th>
                <th scope="col" className="p-2 text-right font-medium">
                  Memory in use
                </th>
              </tr>
            </thead>
            <tbody className="divide-y">
              {[...points].reverse().map((p) => (
                <tr key={p.t}>
                  <td className="p-2 font-mono">{new Date(p.t).toLocaleString("en-PH", { timeZone })}</td>
                  <td className="p-2 text-right font-mono tabular-nums">{p.cpuLoad}%</td>
                  <td className="p-2 text-right font-mono tabular-nums">{p.memoryUsedPercent}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
