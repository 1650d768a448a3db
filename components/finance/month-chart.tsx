"use client";
import { useId, useRef, useState, type ReactNode } from "react";
import { max } from "d3-array";
import { Button } from "@/components/ui/button";
import type { ChartSeries } from "@/components/monitoring/line-chart";
import { ChartLegend } from "@/components/monitoring/chart-legend";
import { LazyLineChart } from "@/components/monitoring/lazy-line-chart";
import { useElementWidth } from "@/components/monitoring/hooks";

export type MonthSeries = Omit<ChartSeries, "points"> & { values: number[] };

/**
 * Money per month as lines (the monitoring LineChart, x = month index). The same numbers are offered as a
 * table (`table`, rendered by the page with its drill-down links) behind "Show as table". Nothing moves, so
 * reduced motion needs nothing extra.
 */
export function MonthChart({
  months,
  series,
  title,
  currency,
  table,
  height = 200,
}: {
  /** Axis labels, oldest first ("Dec 2025"). */
  months: string[];
  series: MonthSeries[];
  title: string;
  currency: string;
  /** The same numbers as a table, shown on request; omit when the page shows a table anyway. */
  table?: ReactNode;
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  // 0 until measured: the server cannot know the width, and a guess would overflow a phone screen.
  const width = useElementWidth(container, 0);
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const chartSeries: ChartSeries[] = series.map(({ values, ...s }) => ({ ...s, points: values.map((y, x) => ({ x, y: y / 100 })) }));
  const yMax = Math.max(max(series.flatMap((s) => s.values)) ?? 0, 100) / 100;
  const compact = new Intl.NumberFormat("en-PH", {
    style: "currency",
    currency,
    notation: "compact",
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  });
  const last = months.length - 1;
  // Every third month and the last, so the labels fit a phone.
  const ticks = months.map((label, value) => ({ value, label })).filter((t) => t.value % 3 === last % 3);
  return (
    <div className="space-y-3">
      <ChartLegend series={chartSeries} />
      <div ref={container} className="w-full" style={{ minHeight: height }}>
        {width > 0 ? (
          <LazyLineChart
            width={width}
            height={height}
            series={chartSeries}
            xDomain={[0, Math.max(last, 1)]}
            xTicks={ticks}
            yMax={yMax * 1.1}
            yFormat={(v) => compact.format(v)}
            title={title}
          />
        ) : null}
      </div>
      {table ? (
        <>
          <Button variant="link" size="sm" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}>
            {showTable ? "Hide table" : "Show as table"}
          </Button>
          <div id={tableId} hidden={!showTable}>
            {table}
          </div>
        </>
      ) : null}
    </div>
  );
}
