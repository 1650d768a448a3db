"use client";
import dynamic from "next/dynamic";
import type { LineChartProps } from "./line-chart";

// d3-scale and d3-shape (about 19 kB gzipped) load after the page; a box of the chart's height holds its place
// meanwhile, so nothing below it moves. The numbers are in the legend and the table beside every chart.
const LineChart = dynamic(() => import("./line-chart").then((chart) => chart.LineChart), { ssr: false });

/** The monitoring LineChart, loaded on demand. */
export function LazyLineChart(props: LineChartProps) {
  return (
    <div style={{ height: props.height }}>
      <LineChart {...props} />
    </div>
  );
}
