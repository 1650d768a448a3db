import { useId, type Ref } from "react";
import { scaleLinear } from "d3-scale";
import { area, line, curveMonotoneX } from "d3-shape";

export type ChartSeries = {
  key: string;
  label: string;
  /** A CSS colour, normally a theme variable (`var(--primary)`), so both themes keep their contrast. */
  color: string;
  /** Drawn dashed, so the lines differ by more than colour. */
  dashed?: boolean;
  /** A thin dotted line behind the others: an expected level rather than a measurement. */
  faint?: boolean;
  points: { x: number; y: number }[];
};

/** A range drawn as a faint filled band behind the lines (the usual range of a series). */
export type ChartBand = { key: string; color: string; points: { x: number; low: number; high: number }[] };

export type ChartTick = { value: number; label: string };

export type LineChartProps = {
  width: number;
  height: number;
  series: ChartSeries[];
  xDomain: [number, number];
  xTicks: ChartTick[];
  /** Top of the y axis before rounding to nice ticks. */
  yMax: number;
  yTickCount?: number;
  yFormat: (value: number) => string;
  /** The chart's accessible name; the numbers themselves are offered as a table next to it. */
  title: string;
  /** The group holding the lines, for a caller that animates it. */
  plotRef?: Ref<SVGGElement>;
  /** Time spans shaded behind the lines (anomalies), listed in words next to the chart by its caller. */
  spans?: { from: number; to: number }[];
  /** Bands behind the lines (an expected range), described in words by the caller. */
  bands?: ChartBand[];
};

const margin = { top: 8, right: 12, bottom: 24, left: 52 };

/**
 * Lines on a linear x axis (seconds, or epoch milliseconds) and a y axis from zero, drawn with d3-scale
 * and d3-shape and rendered by React. No transitions here; the caller decides about motion.
 */
export function LineChart({
  width,
  height,
  series,
  xDomain,
  xTicks,
  yMax,
  yTickCount = 4,
  yFormat,
  title,
  plotRef,
  spans = [],
  bands = [],
}: LineChartProps) {
  const clipId = `chart-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const innerWidth = Math.max(width - margin.left - margin.right, 10);
  const innerHeight = Math.max(height - margin.top - margin.bottom, 10);
  const x = scaleLinear().domain(xDomain).range([0, innerWidth]);
  const y = scaleLinear()
    .domain([0, Math.max(yMax, 1e-9)])
    .range([innerHeight, 0])
    .nice(yTickCount);
  // Labels need about 84 px each: on a phone only the outer ones are kept.
  const shownTicks = xTicks.length <= Math.floor(innerWidth / 84) + 1 ? xTicks : [xTicks[0], xTicks[xTicks.length - 1]].filter(Boolean);
  const path = line<{ x: number; y: number }>()
    .x((point) => x(point.x))
    .y((point) => y(point.y))
    .curve(curveMonotoneX);
  const bandPath = area<{ x: number; low: number; high: number }>()
    .x((point) => x(point.x))
    .y0((point) => y(point.low))
    .y1((point) => y(point.high))
    .curve(curveMonotoneX);
  return (
    <svg width={width} height={height} role="img" aria-label={title} className="block max-w-full overflow-visible">
      <title>{title}</title>
      <defs>
        <clipPath id={clipId}>
          <rect width={innerWidth} height={innerHeight + 2} y={-1} />
        </clipPath>
      </defs>
      <g transform={`translate(${margin.left},${margin.top})`}>
        {y.ticks(yTickCount).map((tick) => (
          <g key={tick} transform={`translate(0,${y(tick)})`}>
            <line x2={innerWidth} stroke="var(--border)" strokeWidth={1} />
            <text x={-6} dy="0.32em" textAnchor="end" fontSize={11} fill="var(--muted-foreground)">
              {yFormat(tick)}
            </text>
          </g>
        ))}
        {shownTicks.map((tick, index) => (
          <text
            key={tick.value}
            x={x(tick.value)}
            y={innerHeight + 16}
            // The outer labels stay inside the chart on a 360 px screen.
            textAnchor={index === 0 ? "start" : index === shownTicks.length - 1 ? "end" : "middle"}
            fontSize={11}
            fill="var(--muted-foreground)"
          >
            {tick.label}
          </text>
        ))}
        <g clipPath={`url(#${clipId})`}>
          {spans.map((span) => (
            <rect
              key={`${span.from}-${span.to}`}
              x={x(span.from)}
              width={Math.max(x(span.to) - x(span.from), 2)}
              height={innerHeight}
              fill="var(--danger)"
              opacity={0.15}
            />
          ))}
          {bands.map((band) => (
            <path key={band.key} d={bandPath(band.points) ?? undefined} fill={band.color} opacity={0.12} stroke="none" />
          ))}
          <g ref={plotRef}>
            {series.map((s) => (
              <path
                key={s.key}
                d={path(s.points) ?? undefined}
                fill="none"
                stroke={s.color}
                strokeWidth={s.faint ? 1.5 : 2}
                strokeOpacity={s.faint ? 0.7 : undefined}
                strokeDasharray={s.faint ? "2 3" : s.dashed ? "6 4" : undefined}
                strokeLinejoin="round"
                strokeLinecap="round"
              />
            ))}
          </g>
        </g>
      </g>
    </svg>
  );
}

// Server components (the portal's usage chart) take the legend from here with the chart.
export { ChartLegend } from "./chart-legend";
