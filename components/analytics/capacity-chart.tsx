import { scaleLinear } from "d3-scale";
import { area, line } from "d3-shape";
import type { CapacityRow } from "@/lib/analytics/capacity/overview";

const WIDTH = 320;
const HEIGHT = 110;
const margin = { top: 6, right: 6, bottom: 18, left: 34 };
/** Weeks of forecast drawn: a year, or a little past the crossing when it comes sooner. */
const drawnWeeks = (row: CapacityRow) => (row.crossing.kind === "ahead" ? Math.min(52, Math.max(12, Math.ceil(row.crossing.weeks) + 6)) : 26);

/**
 * A small chart drawn on the server (no script): the weekly history as a solid line, the forecast dashed with its
 * 80 % interval as a band, and the threshold as a line. It scales with its box down to a 360 px phone. Its
 * accessible name says what it shows; the row beside it gives the numbers in words.
 */
export function CapacityChart({ row }: { row: CapacityRow }) {
  const history = row.history.map((h, i) => ({ week: i - (row.history.length - 1), share: h.share }));
  const ahead = drawnWeeks(row);
  const forecast = row.forecast.points.slice(0, ahead);
  const top = Math.max(row.threshold * 1.1, ...history.map((h) => h.share), ...forecast.map((p) => Math.min(p.high, row.threshold * 1.5)));
  const x = scaleLinear()
    .domain([Math.min(-1, history[0]?.week ?? -1), ahead])
    .range([margin.left, WIDTH - margin.right]);
  const y = scaleLinear()
    .domain([0, top])
    .range([HEIGHT - margin.bottom, margin.top])
    .clamp(true);
  const last = history.at(-1);
  const forecastLine = last ? [{ week: 0, share: last.share }, ...forecast.map((p) => ({ week: p.week, share: p.mean }))] : [];
  const band = last ? [{ week: 0, low: last.share, high: last.share }, ...forecast.map((p) => ({ week: p.week, low: p.low, high: p.high }))] : [];
  const path = line<{ week: number; share: number }>()
    .x((d) => x(d.week))
    .y((d) => y(d.share));
  const bandPath = area<{ week: number; low: number; high: number }>()
    .x((d) => x(d.week))
    .y0((d) => y(Math.max(0, d.low)))
    .y1((d) => y(d.high));
  const percent = (share: number) => `${Math.round(share * 100)}%`;
  const label = `${row.name}: ${history.length} weeks of history${forecast.length ? ` and a ${forecast.length}-week forecast` : ""} against ${percent(row.threshold)} of capacity`;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full max-w-[420px]" role="img" aria-label={label}>
      {[0, row.threshold].map((tick) => (
        <text key={tick} x={margin.left - 4} y={y(tick)} dy="0.32em" textAnchor="end" fontSize="10" fill="var(--muted-foreground)">
          {percent(tick)}
        </text>
      ))}
      <line x1={x(0)} x2={x(0)} y1={margin.top} y2={HEIGHT - margin.bottom} stroke="var(--border)" />
      <text x={x(0)} y={HEIGHT - 4} textAnchor="middle" fontSize="10" fill="var(--muted-foreground)">
        now
      </text>
      <text x={WIDTH - margin.right} y={HEIGHT - 4} textAnchor="end" fontSize="10" fill="var(--muted-foreground)">
        {`+${ahead} wk`}
      </text>
      {band.length > 1 ? <path d={bandPath(band) ?? undefined} fill="var(--primary)" opacity={0.15} /> : null}
      <line x1={margin.left} x2={WIDTH - margin.right} y1={y(row.threshold)} y2={y(row.threshold)} stroke="var(--danger)" strokeDasharray="2 3" />
      {history.length > 1 ? <path d={path(history) ?? undefined} fill="none" stroke="var(--success)" strokeWidth={2} /> : null}
      {history.length === 1 ? <circle cx={x(history[0].week)} cy={y(history[0].share)} r={2.5} fill="var(--success)" /> : null}
      {forecastLine.length > 1 ? (
        <path d={path(forecastLine) ?? undefined} fill="none" stroke="var(--primary)" strokeWidth={2} strokeDasharray="5 3" />
      ) : null}
    </svg>
  );
}
