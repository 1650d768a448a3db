import Link from "next/link";
import type { MonthlyPercentile } from "@/lib/analytics/percentile";
import { formatRate } from "@/components/monitoring/format";
import { formatShare } from "./format";

/** Each interface's 95th percentile for the month: both directions, the billable one, capacity and coverage. */
export function PercentileTable({ rows }: { rows: MonthlyPercentile[] }) {
  return (
    <div
      role="region"
      aria-label="95th percentile per interface"
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring"
    >
      <table className="w-full text-sm">
        <caption className="sr-only">95th percentile per interface, by router</caption>
        <thead className="border-b text-left text-muted-foreground">
          <tr>
            <th scope="col" className="p-3 font-medium">
              Router
            </th>
            <th scope="col" className="p-3 font-medium">
              Interface
            </th>
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Received (rx)
            </th>
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Sent (tx)
            </th>
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Billable
            </th>
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Of capacity
            </th>
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Samples
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map(({ routerId, routerName, interfaceName, percentile: p, capacityBps }) => (
            <tr key={`${routerId} ${interfaceName}`}>
              <td className="whitespace-nowrap p-3">{routerName}</td>
              <td className="whitespace-nowrap p-3 font-mono">
                <Link
                  href={`/network/analytics?router=${routerId}&interface=${encodeURIComponent(interfaceName)}&range=30d`}
                  className="underline decoration-border underline-offset-2 hover:decoration-primary"
                >
                  {interfaceName}
                </Link>
              </td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatRate(p.rxBps)}</td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatRate(p.txBps)}</td>
              <td className="whitespace-nowrap p-3 text-right font-mono font-semibold tabular-nums">
                {formatRate(p.billableBps)} <span className="font-normal text-muted-foreground">{p.billableDirection === "rx" ? "rx" : "tx"}</span>
              </td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">
                {capacityBps ? `${formatShare(p.billableBps, capacityBps)} of ${formatRate(capacityBps)}` : "—"}
              </td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">
                {p.samples.toLocaleString("en")} / {p.expectedSamples.toLocaleString("en")}
                <span className="block text-xs text-muted-foreground">{formatShare(p.samples, p.expectedSamples)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
