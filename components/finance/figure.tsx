import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/lib/core/cn";

/** A number that links to the rows behind it; a zero has no rows, so it is plain text. */
export function Figure({ href, children, empty = false, className }: { href: string; children: ReactNode; empty?: boolean; className?: string }) {
  if (empty) return <span className={cn("tabular-nums text-muted-foreground", className)}>{children}</span>;
  return (
    <Link href={href} className={cn("tabular-nums underline decoration-border underline-offset-2 hover:decoration-primary", className)}>
      {children}
    </Link>
  );
}

/** A headline number on the dashboard: the whole card is the link to its rows. */
export function StatCard({ label, value, hint, href }: { label: string; value: string; hint?: string; href: string }) {
  return (
    <Link href={href} className="flex min-w-0 flex-col rounded-lg border bg-card p-4 hover:border-primary">
      <span className="text-sm text-muted-foreground">{label}</span>
      <span className="mt-1 break-words text-xl font-semibold tabular-nums sm:text-2xl">{value}</span>
      {hint ? <span className="mt-0.5 text-xs text-muted-foreground">{hint}</span> : null}
    </Link>
  );
}

export const cellClass = {
  head: "px-2.5 py-2 font-medium",
  headNum: "whitespace-nowrap px-2.5 py-2 text-right font-medium",
  cell: "px-2.5 py-2",
  num: "whitespace-nowrap px-2.5 py-2 text-right tabular-nums",
};

/** A compact table that scrolls sideways inside its card instead of widening the page. */
/** A table's header row: plain labels, or `[label, "num"]` for right-aligned number columns. */
export function HeadRow({ columns }: { columns: Array<string | [string, "num"]> }) {
  return (
    <tr>
      {columns.map((column) => {
        const [label, numeric] = typeof column === "string" ? [column, false] : [column[0], true];
        return (
          <th key={label} scope="col" className={numeric ? cellClass.headNum : cellClass.head}>
            {label}
          </th>
        );
      })}
    </tr>
  );
}

export function CompactTable({ caption, head, children, foot }: { caption: string; head: ReactNode; children: ReactNode; foot?: ReactNode }) {
  return (
    <div className="relative overflow-x-auto rounded-md border">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b text-left text-xs text-muted-foreground">{head}</thead>
        <tbody className="divide-y">{children}</tbody>
        {foot ? <tfoot className="border-t font-medium">{foot}</tfoot> : null}
      </table>
    </div>
  );
}
