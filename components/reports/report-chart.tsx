"use client";
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import type { ChartType } from "@/lib/reports/builder/values";

export type ChartPoint = { label: string; value: number };

const W = 640;
const H = 240;
const M = { top: 12, right: 12, bottom: 48, left: 64 };

/** The grouped report drawn as bars or a line (first group against the first total); the table stays the record. */
export function ReportChart({ type, points, title, format }: { type: Exclude<ChartType, "none">; points: ChartPoint[]; title: string; format: (v: number) => string }) {
  if (points.length === 0) return null;
  const shown = points.slice(0, 40);
  const yMax = Math.max(...shown.map((p) => p.value), 0) || 1;
  const y = scaleLinear().domain([0, yMax * 1.1]).range([H - M.bottom, M.top]).nice();
  const ticks = y.ticks(4);
  const every = Math.ceil(shown.length / 8);
  const band = scaleBand().domain(shown.map((_, i) => String(i))).range([M.left, W - M.right]).padding(0.2);
  const point = scalePoint().domain(shown.map((_, i) => String(i))).range([M.left + 8, W - M.right - 8]);
  const x = (i: number) => (type === "bar" ? (band(String(i)) ?? 0) + band.bandwidth() / 2 : (point(String(i)) ?? 0));
  const path = line<ChartPoint>().x((_, i) => x(i)).y((p) => y(p.value))(shown) ?? "";
  return (
    <figure className="rounded-lg border bg-card p-3">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}${points.length > shown.length ? ` (first ${shown.length} groups)` : ""}`} className="h-auto w-full">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity={0.15} />
            <text x={M.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" fontSize={11} fill="currentColor">
              {format(t)}
            </text>
          </g>
        ))}
        {type === "bar"
          ? shown.map((p, i) => <rect key={i} x={band(String(i))} y={y(p.value)} width={band.bandwidth()} height={Math.max(0, y(0) - y(p.value))} fill="var(--primary)" />)
          : <path d={path} fill="none" stroke="var(--primary)" strokeWidth={2} />}
        {shown.map((p, i) =>
          i % every === 0 ? (
            <text key={i} x={x(i)} y={H - M.bottom + 16} textAnchor="middle" fontSize={11} fill="currentColor">
              {p.label.length > 12 ? `${p.label.slice(0, 11)}…` : p.label}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="mt-1 text-xs text-muted-foreground">{title}</figcaption>
    </figure>
  );
}
