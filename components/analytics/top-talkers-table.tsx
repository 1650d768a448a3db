import Link from "next/link";
import type { TopTalkersPage } from "@/lib/analytics/top-talkers";
import { talkerSortLabels, type TalkerSort } from "@/lib/analytics/values";
import { formatShare, formatVolume } from "./format";

const sortColumns: TalkerSort[] = ["download", "upload", "total"];

/**
 * A page of top talkers. The volume headers are links that sort by them (keeping the filters); the table scrolls
 * sideways inside its own box on a phone, and that box takes keyboard focus.
 */
export function TopTalkersTable({ page, sort, sortHref }: { page: TopTalkersPage; sort: TalkerSort; sortHref: (sort: TalkerSort) => string }) {
  return (
    <div
      role="region"
      aria-label="Top talkers"
      tabIndex={0}
      className="relative overflow-x-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring"
    >
      <table className="w-full text-sm">
        <caption className="sr-only">{`Subscribers by ${talkerSortLabels[sort].toLowerCase()} volume, biggest first`}</caption>
        <thead className="border-b text-left text-muted-foreground">
          <tr>
            <th scope="col" className="p-3 text-right font-medium">
              #
            </th>
            <th scope="col" className="p-3 font-medium">
              Subscriber
            </th>
            <th scope="col" className="p-3 font-medium">
              Plan
            </th>
            <th scope="col" className="p-3 font-medium">
              Router · site
            </th>
            {sortColumns.map((column) => (
              <th
                key={column}
                scope="col"
                className="whitespace-nowrap p-3 text-right font-medium"
                aria-sort={column === sort ? "descending" : undefined}
              >
                {column === sort ? (
                  <span className="text-foreground">{talkerSortLabels[column]} ↓</span>
                ) : (
                  <Link href={sortHref(column)} className="underline decoration-border underline-offset-2 hover:decoration-primary">
                    {talkerSortLabels[column]}
                    <span className="sr-only"> (sort by this)</span>
                  </Link>
                )}
              </th>
            ))}
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Share
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {page.rows.map((row) => (
            <tr key={row.subscriptionId} className="align-top">
              <td className="p-3 text-right font-mono tabular-nums">{row.rank}</td>
              <td className="min-w-44 p-3">
                {row.customerId ? (
                  <Link
                    href={`/customers/${row.customerId}`}
                    className="font-medium underline decoration-border underline-offset-2 hover:decoration-primary"
                  >
                    {row.customerName}
                  </Link>
                ) : (
                  <span className="text-muted-foreground">Removed subscription</span>
                )}
                <span className="block font-mono text-xs text-muted-foreground">
                  {row.accountNumber ?? ""} {row.username ? `· ${row.username}` : ""}
                </span>
                <Link
                  href={`/network/analytics?subscription=${row.subscriptionId}&range=30d`}
                  className="text-xs text-primary underline-offset-4 hover:underline"
                >
                  Throughput<span className="sr-only"> of {row.customerName ?? "this subscriber"}</span>
                </Link>
              </td>
              <td className="whitespace-nowrap p-3">{row.planName ?? "—"}</td>
              <td className="whitespace-nowrap p-3">
                {row.routerName ?? "—"}
                {row.siteName ? <span className="block text-xs text-muted-foreground">{row.siteName}</span> : null}
              </td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatVolume(row.downloadBytes)}</td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatVolume(row.uploadBytes)}</td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatVolume(row.totalBytes)}</td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">{formatShare(row.totalBytes, page.totals.totalBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
