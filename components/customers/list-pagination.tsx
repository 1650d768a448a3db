"use client";
import Link from "next/link";
import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { Label, NativeSelect } from "@/components/ui/input";
import { cn } from "@/lib/core/cn";
import { listHref, type ListParams } from "@/components/customers/list-url";

const n = (x: number) => x.toLocaleString("en-PH");

/** "1–50 of 1,234", first/previous/next/last links and the page size. */
export function ListPagination({
  params,
  page,
  pageSize,
  pageSizes,
  rowCount,
  total,
  totalCapped,
  onPageSize,
}: {
  params: ListParams;
  page: number;
  pageSize: number;
  pageSizes: number[];
  rowCount: number;
  total: number;
  totalCapped: boolean;
  onPageSize: (size: number) => void;
}) {
  const from = rowCount ? (page - 1) * pageSize + 1 : 0;
  const to = (page - 1) * pageSize + rowCount;
  const lastPage = totalCapped ? null : Math.max(1, Math.ceil(total / pageSize));
  const hasNext = lastPage ? page < lastPage : rowCount === pageSize;
  const link = (label: string, target: number, enabled: boolean, Icon: typeof ChevronLeft, className?: string) =>
    enabled ? (
      <Link
        href={listHref(params, { page: String(target) })}
        scroll={false}
        className={cn(buttonVariants({ variant: "outline", size: "sm" }), className)}
        aria-label={label}
        title={label}
      >
        <Icon aria-hidden="true" />
      </Link>
    ) : (
      <span className={cn(buttonVariants({ variant: "outline", size: "sm" }), "pointer-events-none opacity-50", className)} aria-hidden="true">
        <Icon />
      </span>
    );
  return (
    <nav aria-label="Pagination" className="mt-3 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="tabular-nums text-muted-foreground">
        {rowCount ? (
          <>
            Showing{" "}
            <span className="text-foreground">
              {n(from)}–{n(to)}
            </span>{" "}
            of <span className="text-foreground">{totalCapped ? `${n(total - 1)}+` : n(total)}</span>
          </>
        ) : (
          "No customers on this page"
        )}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex items-center gap-2">
          <Label htmlFor="customer-page-size" className="font-normal text-muted-foreground">
            Rows per page
          </Label>
          <NativeSelect id="customer-page-size" className="h-8 w-20" value={String(pageSize)} onChange={(e) => onPageSize(Number(e.target.value))}>
            {pageSizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-center gap-1">
          {link("First page", 1, page > 1, ChevronsLeft, "hidden sm:inline-flex")}
          {link("Previous page", page - 1, page > 1, ChevronLeft)}
          <span className="px-2 tabular-nums">
            Page {n(page)}
            {lastPage ? ` of ${n(lastPage)}` : ""}
          </span>
          {link("Next page", page + 1, hasNext, ChevronRight)}
          {lastPage ? link("Last page", lastPage, page < lastPage, ChevronsRight, "hidden sm:inline-flex") : null}
        </div>
      </div>
    </nav>
  );
}
