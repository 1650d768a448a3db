"use client";
import Link from "next/link";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "@/lib/core/cn";
import type { CustomerListRow, CustomerSortKey } from "@/lib/customers/list";
import { StatusBadge } from "@/components/customers/status-badge";
import { columns, type ColumnDef, type ColumnId } from "@/components/customers/columns";
import { listHref, type ListParams } from "@/components/customers/list-url";

export const rowDomId = (id: string) => `customer-row-${id}`;

const defaultDir = (key: CustomerSortKey) => (key === "created" ? "desc" : "asc");

function SortHeader({
  column,
  params,
  sort,
  dir,
}: {
  column: ColumnDef & { sort: CustomerSortKey };
  params: ListParams;
  sort: CustomerSortKey;
  dir: "asc" | "desc";
}) {
  const active = sort === column.sort;
  const nextDir = active ? (dir === "asc" ? "desc" : "asc") : defaultDir(column.sort);
  const Icon = active ? (dir === "asc" ? ArrowUp : ArrowDown) : ArrowUpDown;
  return (
    <Link
      href={listHref(params, { sort: column.sort, dir: nextDir })}
      scroll={false}
      className="inline-flex items-center gap-1 rounded hover:text-foreground"
    >
      {column.label}
      <Icon className={cn("size-3.5", active ? "text-foreground" : "text-muted-foreground")} aria-hidden="true" />
      <span className="sr-only">, sort {nextDir === "asc" ? "ascending" : "descending"}</span>
    </Link>
  );
}

/** The data-dense customer table: sticky header, sortable columns, row selection and a highlighted row. */
export function CustomersTable({
  rows,
  hidden,
  params,
  sort,
  dir,
  selected,
  highlighted,
  selectable,
  timeZone,
  pending,
  caption,
  onToggle,
  onToggleAll,
  onHighlight,
}: {
  rows: CustomerListRow[];
  hidden: Set<ColumnId>;
  params: ListParams;
  sort: CustomerSortKey;
  dir: "asc" | "desc";
  selected: Set<string>;
  highlighted: number;
  selectable: boolean;
  timeZone: string;
  pending: boolean;
  caption: string;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onHighlight: (index: number) => void;
}) {
  const visible = columns.filter((c) => !hidden.has(c.id));
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = !allSelected && rows.some((r) => selected.has(r.id));
  const date = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });

  const cell = (id: ColumnId, r: CustomerListRow) => {
    switch (id) {
      case "status":
        return <StatusBadge status={r.status} />;
      case "account":
        return <span className="font-mono text-xs">{r.accountNumber}</span>;
      case "name":
        return (
          <Link
            href={`/customers/${r.id}`}
            data-row-link
            className="font-medium text-foreground underline decoration-border underline-offset-2 hover:decoration-primary"
          >
            {r.name}
          </Link>
        );
      case "phone":
        return r.phone || <span className="text-muted-foreground">—</span>;
      case "email":
        return r.email || <span className="text-muted-foreground">—</span>;
      case "area":
        return r.city || r.barangay ? (
          <>
            {r.city}
            {r.barangay ? (
              <span className="text-muted-foreground">
                {r.city ? " · " : ""}
                {r.barangay}
              </span>
            ) : null}
          </>
        ) : (
          <span className="text-muted-foreground">—</span>
        );
      case "plan":
        return r.plans.length ? r.plans.join(", ") : <span className="text-muted-foreground">No service</span>;
      case "username":
        return r.usernames.length ? (
          <span className="font-mono text-xs">{r.usernames.join(", ")}</span>
        ) : (
          <span className="text-muted-foreground">—</span>
        );
      case "tags":
        return r.tags.length ? (
          <span className="flex flex-wrap gap-1">
            {r.tags.map((t) => (
              <span key={t} className="rounded border bg-muted px-1.5 py-px text-xs text-foreground">
                {t}
              </span>
            ))}
          </span>
        ) : null;
      case "created":
        return <time dateTime={r.createdAt.toISOString()}>{date.format(r.createdAt)}</time>;
    }
  };

  return (
    <div
      className={cn(
        "relative max-h-[calc(100dvh-13rem)] min-h-40 overflow-auto rounded-md border bg-card transition-opacity",
        pending && "opacity-60",
      )}
      aria-busy={pending}
    >
      <table className="w-full border-separate border-spacing-0 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-10 bg-card text-left text-xs font-medium text-muted-foreground">
          <tr>
            {selectable ? (
              <th scope="col" className="w-10 border-b px-2.5 py-1.5">
                <input
                  type="checkbox"
                  className="size-4 align-middle accent-[var(--primary)]"
                  aria-label="Select all customers on this page"
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected;
                  }}
                  onChange={onToggleAll}
                  disabled={rows.length === 0}
                />
              </th>
            ) : null}
            {visible.map((c) => (
              <th
                key={c.id}
                scope="col"
                className="whitespace-nowrap border-b px-2 py-1.5"
                aria-sort={c.sort && c.sort === sort ? (dir === "asc" ? "ascending" : "descending") : undefined}
              >
                {c.sort ? <SortHeader column={{ ...c, sort: c.sort }} params={params} sort={sort} dir={dir} /> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const isSelected = selected.has(r.id);
            const isHighlighted = i === highlighted;
            return (
              <tr
                key={r.id}
                id={rowDomId(r.id)}
                data-highlighted={isHighlighted || undefined}
                onClick={() => onHighlight(i)}
                className={cn(
                  "scroll-mt-10 scroll-mb-2 align-top hover:bg-muted/40",
                  isSelected && "bg-muted/70 hover:bg-muted/70",
                  isHighlighted && "bg-muted shadow-[inset_3px_0_0_var(--primary)] hover:bg-muted",
                )}
              >
                {selectable ? (
                  <td className="border-b px-2.5 py-1.5">
                    <input
                      type="checkbox"
                      className="size-4 align-middle accent-[var(--primary)]"
                      aria-label={`Select ${r.name} (${r.accountNumber})`}
                      checked={isSelected}
                      onChange={() => onToggle(r.id)}
                    />
                  </td>
                ) : null}
                {visible.map((c) => (
                  <td
                    key={c.id}
                    className={cn(
                      "border-b px-2 py-1.5",
                      c.id === "name" ? "min-w-36" : "whitespace-nowrap",
                      c.id === "tags" && "min-w-24 whitespace-normal",
                      c.id === "plan" && "max-w-44 truncate",
                      // Long emails, areas and usernames wrap, so every column (Created last) fits a 1366 px screen.
                      (c.id === "email" || c.id === "username") && "min-w-28 max-w-48 whitespace-normal [overflow-wrap:anywhere]",
                      c.id === "area" && "min-w-24 whitespace-normal",
                    )}
                  >
                    {cell(c.id, r)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
