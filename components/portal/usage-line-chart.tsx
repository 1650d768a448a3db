"use client";
import { lazy, Suspense, useRef } from "react";
import type { ChartBand, ChartSeries, ChartTick } from "@/components/monitoring/line-chart";
import { formatMbpsTick } from "@/components/monitoring/format";
import { useElementWidth } from "@/components/monitoring/hooks";

// d3-scale and d3-shape are most of the usage page's script: they load after the page, which reads without them
// (the server draws the first chart; totals and the table are plain HTML). React's lazy, not next/dynamic: it
// costs the page nothing more.
const LineChart = lazy(() => import("@/components/monitoring/line-chart").then((chart) => ({ default: chart.LineChart })));

/** The usage chart drawn to the width of its box, down to a 360 px phone. */
export function UsageLineChart({
  series,
  xDomain,
  xTicks,
  yMax,
  title,
  spans,
  bands,
}: {
  series: ChartSeries[];
  xDomain: [number, number];
  xTicks: ChartTick[];
  yMax: number;
  title: string;
  spans?: { from: number; to: number }[];
  bands?: ChartBand[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const width = useElementWidth(container);
  return (
    <div ref={container} className="w-full">
      <Suspense fallback={<div className="h-[180px]" />}>
        <LineChart
          width={width}
          height={180}
          series={series}
          xDomain={xDomain}
          xTicks={xTicks}
          yMax={yMax}
          yFormat={formatMbpsTick}
          title={title}
          spans={spans}
          bands={bands}
        />
      </Suspense>
    </div>
  );
}
