import Link from "next/link";
import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import { formatMoney } from "@/lib/core/money";
import { cn } from "@/lib/core/cn";
import type { DetailPage, DetailValue } from "@/lib/reports/details";
import type { DetailColumn } from "@/lib/reports/detail-sources";
import { buttonVariants } from "@/components/ui/button";
import { detailHref, exportHref, type DetailQuery } from "./links";

const alignRight = (c: DetailColumn) => c.type === "money" || c.type === "number";

function Cell({ column, value, customerId, currency }: { column: DetailColumn; value: DetailValue; customerId: string; currency: string }) {
  if (value === null || value === "") return <span className="text-muted-foreground">—</span>;
  switch (column.type) {
    case "customer":
      return (
        <Link href={`/customers/${customerId}`} className="font-medium underline decoration-border underline-offset-2 hover:decoration-primary">
          {value}
        </Link>
      );
    case "money":
      return <>{formatMoney(Number(value), currency)}</>;
    case "number":
      return <>{Number(value).toLocaleString("en-PH")}</>;
    case "mono":
    case "date":
      return <span className="font-mono text-xs">{value}</span>;
    default:
      return <>{value}</>;
  }
}

/** The rows behind a figure: a total, the CSV link, the table and its pages. */
export function DetailTable({ detail, query }: { detail: DetailPage; query: DetailQuery }) {
  const lastPage = Math.max(1, Math.ceil(detail.total / detail.pageSize));
  const pageLink = (page: number) => detailHref({ ...query, page: page > 1 ? String(page) : undefined });
  const from = detail.total ? (detail.page - 1) * detail.pageSize + 1 : 0;
  const to = (detail.page - 1) * detail.pageSize + detail.rows.length;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border bg-card px-3 py-2 text-sm">
        <p>
          <span className="tabular-nums">{detail.total.toLocaleString("en-PH")}</span> {detail.total === 1 ? "record" : "records"} · {detail.sumLabel}
          : <span className="font-semibold tabular-nums">{formatMoney(detail.sumCentavos, detail.currency)}</span>
        </p>
        {detail.total > 0 ? (
          <a
            href={exportHref({ ...query, page: undefined, size: undefined })}
            download
            className={buttonVariants({ variant: "outline", size: "sm" })}
          >
            <Download aria-hidden="true" />
            Download CSV
          </a>
        ) : null}
      </div>
      {detail.total === 0 ? (
        <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">No records make up this figure.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-md border bg-card">
          <table className="w-full text-sm">
            <caption className="sr-only">
              {detail.title}, records {from} to {to} of {detail.total}
            </caption>
            <thead className="border-b text-left text-xs text-muted-foreground">
              <tr>
                {detail.columns.map((c) => (
                  <th key={c.key} scope="col" className={cn("whitespace-nowrap px-2.5 py-2 font-medium", alignRight(c) && "text-right")}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y">
              {detail.rows.map((row) => (
                <tr key={row.id} className="align-top">
                  {detail.columns.map((c) => (
                    <td
                      key={c.key}
                      className={cn(
                        "px-2.5 py-2",
                        alignRight(c) && "whitespace-nowrap text-right tabular-nums",
                        c.type === "date" && "whitespace-nowrap",
                        c.type === "customer" && "min-w-40",
                      )}
                    >
                      <Cell column={c} value={row.values[c.key]} customerId={row.customerId} currency={detail.currency} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.total > detail.pageSize ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <p className="tabular-nums text-muted-foreground">
            Showing {from.toLocaleString("en-PH")}–{to.toLocaleString("en-PH")} of {detail.total.toLocaleString("en-PH")}
          </p>
          <div className="flex items-center gap-1">
            {detail.page > 1 ? (
              <Link href={pageLink(detail.page - 1)} className={buttonVariants({ variant: "outline", size: "sm" })}>
                <ChevronLeft aria-hidden="true" />
                Previous
              </Link>
            ) : null}
            <span className="px-2 tabular-nums">
              Page {detail.page} of {lastPage}
            </span>
            {detail.page < lastPage ? (
              <Link href={pageLink(detail.page + 1)} className={buttonVariants({ variant: "outline", size: "sm" })}>
                Next
                <ChevronRight aria-hidden="true" />
              </Link>
            ) : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}
