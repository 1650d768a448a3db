import type { TrafficPoint } from "@/lib/monitoring/queries";
import { formatRate } from "./format";

/** The numbers behind a traffic chart, newest first (for screen readers and anyone who wants exact figures). */
export function TrafficTable({
  points,
  caption,
  daily,
  timeZone,
  downLabel,
  upLabel,
  captionVisible = false,
}: {
  points: Pick<TrafficPoint, "t" | "rxBps" | "txBps" | "rxMaxBps" | "txMaxBps">[];
  caption: string;
  daily: boolean;
  /** The tenant's zone; the browser's when not given. */
  timeZone?: string;
  downLabel: string;
  upLabel: string;
  captionVisible?: boolean;
}) {
  return (
    <table className="w-full text-sm">
      <caption className={captionVisible ? "p-2 text-left text-muted-foreground" : "sr-only"}>{caption}</caption>
      <thead className="sticky top-0 border-b bg-card text-left text-muted-foreground">
        <tr>
          <th scope="col" className="p-2 font-medium">
            {daily ? "Day" : "Time"}
          </th>
          <th scope="col" className="p-2 text-right font-medium">{`${downLabel} (avg / peak)`}</th>
          <th scope="col" className="p-2 text-right font-medium">{`${upLabel} (avg / peak)`}</th>
        </tr>
      </thead>
      <tbody className="divide-y">
        {[...points].reverse().map((p) => (
          <tr key={p.t}>
            <td className="p-2 font-mono">
              {daily ? new Date(p.t).toLocaleDateString("en-PH", { timeZone }) : new Date(p.t).toLocaleString("en-PH", { timeZone })}
            </td>
            <td className="p-2 text-right font-mono tabular-nums">{`${formatRate(p.txBps)} / ${formatRate(p.txMaxBps)}`}</td>
            <td className="p-2 text-right font-mono tabular-nums">{`${formatRate(p.rxBps)} / ${formatRate(p.rxMaxBps)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
