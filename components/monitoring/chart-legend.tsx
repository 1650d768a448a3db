import type { ChartSeries } from "./line-chart";

/** The legend under a chart: the same colour and dash as each line, and its current value if given. */
export function ChartLegend({
  series,
  values,
}: {
  series: Pick<ChartSeries, "key" | "label" | "color" | "dashed" | "faint">[];
  values?: Record<string, string>;
}) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-2">
          {s.faint ? (
            // An expected level: its faint band with the dotted line through it, as on the chart.
            <svg width={24} height={12} aria-hidden="true">
              <rect width={24} height={12} fill={s.color} opacity={0.12} />
              <line x1={0} x2={24} y1={6} y2={6} stroke={s.color} strokeWidth={2} strokeOpacity={0.7} strokeDasharray="2 3" />
            </svg>
          ) : (
            <svg width={24} height={8} aria-hidden="true">
              <line x1={0} x2={24} y1={4} y2={4} stroke={s.color} strokeWidth={3} strokeDasharray={s.dashed ? "6 4" : undefined} />
            </svg>
          )}
          <span>{s.label}</span>
          {values?.[s.key] !== undefined ? <span className="font-mono tabular-nums">{values[s.key]}</span> : null}
        </li>
      ))}
    </ul>
  );
}
