"use client";
import { useEffect, useId, useState } from "react";
import Link from "next/link";
import { Search, SlidersHorizontal, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/core/cn";
import { Input, Label, NativeSelect } from "@/components/ui/input";
import { customerStatusLabels, customerStatuses } from "@/lib/customers/values";
import type { CustomerFilterOptions } from "@/lib/customers/list";
import { hasFilters, listHref, type ListParams } from "@/components/customers/list-url";

export const SEARCH_INPUT_ID = "customer-search";
const DEBOUNCE_MS = 300;

type Navigate = (changes: ListParams, mode?: "push" | "replace") => void;

/** Search (debounced into the URL) and the filter dropdowns. */
export function CustomerFilters({
  params,
  options,
  navigate,
  pending,
}: {
  params: ListParams;
  options: CustomerFilterOptions;
  navigate: Navigate;
  pending: boolean;
}) {
  const urlQ = params.q ?? "";
  const [text, setText] = useState(urlQ);
  const [seenQ, setSeenQ] = useState(urlQ);
  const [sentQ, setSentQ] = useState<string | null>(null);
  // The URL changed under us (back button, "clear filters"): show its search, unless it is the one we sent.
  if (urlQ !== seenQ) {
    setSeenQ(urlQ);
    if (urlQ !== sentQ) setText(urlQ);
  }

  useEffect(() => {
    const q = text.trim();
    if (q === urlQ) return;
    const timer = setTimeout(() => {
      setSentQ(q);
      navigate({ q }, "replace");
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, urlQ, navigate]);

  const hintId = useId();
  const filtersId = useId();
  // On a phone the dropdowns fold away behind one button; from 640 px they always show.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeCount = (["status", "plan", "router", "city", "barangay", "tag"] as const).filter((k) => !!params[k]).length;
  const select = (key: keyof ListParams, label: string, values: { value: string; label: string }[], all: string) => (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={`customer-filter-${key}`}>{label}</Label>
      <NativeSelect id={`customer-filter-${key}`} value={params[key] ?? ""} onChange={(e) => navigate({ [key]: e.target.value })}>
        <option value="">{all}</option>
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.label}
          </option>
        ))}
        {/* A value from the URL that is no longer offered stays selectable so the control shows the truth. */}
        {params[key] && !values.some((v) => v.value === params[key]) ? <option value={params[key]}>{params[key]}</option> : null}
      </NativeSelect>
    </div>
  );

  return (
    <div className="mb-3 flex flex-col gap-3">
      <form
        method="get"
        role="search"
        className="flex flex-col gap-1.5"
        onSubmit={(e) => {
          e.preventDefault();
          setSentQ(text.trim());
          navigate({ q: text.trim() }, "replace");
        }}
      >
        <Label htmlFor={SEARCH_INPUT_ID}>Search customers</Label>
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
          <Input
            id={SEARCH_INPUT_ID}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Esc leaves the box (keeping the search); a search input would otherwise clear itself.
              if (e.key === "Escape") {
                e.preventDefault();
                e.currentTarget.blur();
              }
            }}
            placeholder="Name, account no., phone, email, username or address"
            aria-describedby={hintId}
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            className="pl-8 pr-16"
          />
          <span className="pointer-events-none absolute right-2 top-1/2 flex -translate-y-1/2 items-center gap-1 text-xs text-muted-foreground">
            {pending ? <span role="status">Loading…</span> : <kbd className="rounded border px-1.5 font-mono">/</kbd>}
          </span>
        </div>
        <p id={hintId} className="sr-only">
          Results update as you type. Every word must match.
        </p>
      </form>
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="self-start sm:hidden"
        aria-expanded={filtersOpen}
        aria-controls={filtersId}
        onClick={() => setFiltersOpen((o) => !o)}
      >
        <SlidersHorizontal aria-hidden="true" />
        {filtersOpen ? "Hide filters" : "Filters"}
        {activeCount ? ` (${activeCount})` : ""}
      </Button>
      <div id={filtersId} className={cn("grid grid-cols-2 gap-3 sm:grid sm:grid-cols-3 lg:grid-cols-6", !filtersOpen && "hidden")}>
        {select(
          "status",
          "Status",
          customerStatuses.map((s) => ({ value: s, label: customerStatusLabels[s] })),
          "All statuses",
        )}
        {select(
          "plan",
          "Plan",
          options.plans.map((p) => ({ value: p.id, label: p.name })),
          "All plans",
        )}
        {select(
          "router",
          "Router",
          options.routers.map((r) => ({ value: r.id, label: r.name })),
          "All routers",
        )}
        {select(
          "city",
          "City",
          options.cities.map((c) => ({ value: c, label: c })),
          "All cities",
        )}
        {params.city ? (
          select(
            "barangay",
            "Barangay",
            options.barangays.map((b) => ({ value: b, label: b })),
            "All barangays",
          )
        ) : (
          <div className="flex min-w-0 flex-col gap-1.5">
            <Label htmlFor="customer-filter-barangay">Barangay</Label>
            <NativeSelect id="customer-filter-barangay" disabled value="" aria-describedby={`${hintId}-barangay`}>
              <option value="">Choose a city first</option>
            </NativeSelect>
            <span id={`${hintId}-barangay`} className="sr-only">
              Choose a city to filter by barangay.
            </span>
          </div>
        )}
        {select(
          "tag",
          "Tag",
          options.tags.map((t) => ({ value: t, label: t })),
          "All tags",
        )}
      </div>
      {hasFilters(params) ? (
        <div>
          <Link
            href={listHref({ sort: params.sort, dir: params.dir, size: params.size }, {})}
            className="inline-flex items-center gap-1 rounded text-sm text-primary underline-offset-4 hover:underline"
          >
            <X className="size-4" aria-hidden="true" />
            Clear filters
          </Link>
        </div>
      ) : null}
    </div>
  );
}
