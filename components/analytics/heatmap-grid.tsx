import type { Heatmap, HeatmapCell } from "@/lib/analytics/heatmap";
import { weekdayLabels } from "@/lib/analytics/heatmap";
import { formatRate } from "@/components/monitoring/format";

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** A cell's figure in words: a share of capacity when one is known, else a rate. */
function cellText(cell: HeatmapCell): string {
  if (cell.avgBps === null) return "—";
  return cell.percent !== null ? `${cell.percent.toFixed(cell.percent < 10 ? 1 : 0)} %` : formatRate(cell.avgBps);
}

/**
 * Weekday × hour as shaded squares (darker = busier; a link's shade is its share of capacity, full at 100 %), drawn
 * as plain HTML so it needs no script and fits a 360 px screen, with the busiest hour in words and every number in
 * a table behind "Show as table" (hours as rows, weekdays as columns).
 */
export function HeatmapGrid({ heatmap, title }: { heatmap: Heatmap; title: string }) {
  const scale = heatmap.capacityBps ? 100 : heatmap.maxAvgBps;
  const level = (cell: HeatmapCell) => (cell.avgBps === null || !scale ? 0 : Math.min(1, (cell.percent ?? cell.avgBps) / scale));
  const busiest = heatmap.cells
    .flat()
    .reduce<HeatmapCell | null>((top, cell) => (cell.avgBps !== null && (!top || cell.avgBps > top.avgBps!) ? cell : top), null);
  const summary = busiest
    ? `Busiest on average: ${weekdayLabels[busiest.weekday]} ${hourLabel(busiest.hour)}, ${cellText(busiest)}${heatmap.capacityBps ? ` of ${formatRate(heatmap.capacityBps)}` : ""}.`
    : "No hourly traffic in these four weeks.";
  return (
    <div className="space-y-3">
      <figure role="img" aria-label={`${title}. ${summary}`} className="m-0">
        <div className="grid gap-px text-[10px] text-muted-foreground" style={{ gridTemplateColumns: "2.25rem repeat(24, minmax(0, 1fr))" }}>
          <span />
          {Array.from({ length: 24 }, (_, hour) => (
            <span key={hour} className="text-center">
              {hour % 6 === 0 ? hour : ""}
            </span>
          ))}
          {heatmap.cells.map((row, weekday) => (
            <div key={weekday} className="contents">
              <span className="pr-1 text-right leading-5">{weekdayLabels[weekday]}</span>
              {row.map((cell) => (
                <span
                  key={cell.hour}
                  className="h-5 rounded-[2px] border border-border/60"
                  style={
                    cell.avgBps === null
                      ? { background: "repeating-linear-gradient(45deg, transparent 0 2px, var(--border) 2px 3px)" }
                      : { background: `color-mix(in oklab, var(--primary) ${Math.round(8 + 92 * level(cell))}%, var(--card))` }
                  }
                />
              ))}
            </div>
          ))}
        </div>
      </figure>
      <p className="text-sm text-muted-foreground">
        {summary} Darker is busier{heatmap.capacityBps ? ", full colour at the link's capacity" : ", relative to the busiest hour"}; hatched hours
        have no data.
      </p>
      <details className="rounded-md border">
        <summary className="cursor-pointer p-2 text-sm text-primary">Show as table</summary>
        <div
          role="region"
          aria-label={`${title}, as a table`}
          tabIndex={0}
          className="max-h-96 overflow-auto focus-visible:outline-2 focus-visible:outline-ring"
        >
          <table className="w-full text-sm">
            <caption className="sr-only">{`${title}: average per hour of day (rows) and weekday (columns)${heatmap.capacityBps ? ", as a share of capacity" : ""}`}</caption>
            <thead className="sticky top-0 border-b bg-card text-left text-muted-foreground">
              <tr>
                <th scope="col" className="p-2 font-medium">
                  Hour
                </th>
                {weekdayLabels.map((day) => (
                  <th key={day} scope="col" className="p-2 text-right font-medium">
                    {day}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y">
              {Array.from({ length: 24 }, (_, hour) => (
                <tr key={hour}>
                  <th scope="row" className="whitespace-nowrap p-2 text-left font-mono font-normal">
                    {hourLabel(hour)}
                  </th>
                  {heatmap.cells.map((row, weekday) => (
                    <td key={weekday} className="whitespace-nowrap p-2 text-right font-mono tabular-nums">
                      {cellText(row[hour])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
