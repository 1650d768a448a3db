"use client";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { Keyboard } from "lucide-react";
import type { CustomerFilterOptions, CustomerListRow, CustomerSortKey } from "@/lib/customers/list";
import { EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { CustomerFilters, SEARCH_INPUT_ID } from "@/components/customers/customer-filters";
import { CustomersTable, rowDomId } from "@/components/customers/customers-table";
import { ListPagination } from "@/components/customers/list-pagination";
import { BulkBar } from "@/components/customers/bulk-bar";
import { ColumnChooser, useHiddenColumns } from "@/components/customers/column-chooser";
import { ShortcutsHelp } from "@/components/customers/shortcuts-help";
import { hasFilters, listHref, type ListParams } from "@/components/customers/list-url";

const sortLabels: Record<CustomerSortKey, string> = {
  name: "name",
  account: "account number",
  created: "date created",
  status: "status",
  city: "city",
};

/** Typing in a text field (checkboxes and links are not typing: shortcuts still apply there). */
function isTyping(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes((target as HTMLInputElement).type);
}

const EMPTY = new Set<string>();

/** The interactive customer list: filters, bulk bar, table, pagination and keyboard shortcuts. The URL is the state. */
export function CustomersView({
  params,
  rows,
  total,
  totalCapped,
  page,
  pageSize,
  pageSizes,
  options,
  timeZone,
  permissions,
}: {
  params: ListParams;
  rows: CustomerListRow[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  pageSizes: number[];
  options: CustomerFilterOptions;
  timeZone: string;
  permissions: { bulk: boolean; export: boolean; suspend: boolean };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { hidden, setHidden } = useHiddenColumns();
  const [helpOpen, setHelpOpen] = useState(false);

  // Selection and the highlighted row belong to one result: a new URL starts them afresh.
  const resultKey = useMemo(() => JSON.stringify(params), [params]);
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: resultKey, ids: new Set() });
  const [highlight, setHighlight] = useState<{ key: string; index: number }>({ key: resultKey, index: -1 });
  const rowIds = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const selected = useMemo(
    () => (selection.key === resultKey ? new Set([...selection.ids].filter((id) => rowIds.has(id))) : EMPTY),
    [selection, resultKey, rowIds],
  );
  const highlighted = highlight.key === resultKey ? Math.min(highlight.index, rows.length - 1) : -1;

  // The list the user last asked for. A change builds on it, not on the page being shown: while one navigation is
  // still loading, a second one (a filter chosen, then the debounced search firing) must not undo the first.
  const intended = useRef(params);
  useEffect(() => {
    intended.current = params; // a navigation landed, or back/forward: the URL is the truth again
  }, [params]);
  const navigate = useCallback(
    (changes: ListParams, mode: "push" | "replace" = "push") => {
      const href = listHref(intended.current, changes);
      intended.current = Object.fromEntries(new URLSearchParams(href.split("?")[1] ?? "")) as ListParams;
      startTransition(() => router[mode](href, { scroll: false }));
    },
    [router],
  );

  const toggle = useCallback(
    (id: string) =>
      setSelection((s) => {
        const ids = new Set(s.key === resultKey ? s.ids : []);
        if (ids.has(id)) ids.delete(id);
        else ids.add(id);
        return { key: resultKey, ids };
      }),
    [resultKey],
  );
  const toggleAll = () =>
    setSelection(() => ({ key: resultKey, ids: rows.every((r) => selected.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id)) }));
  const clearSelection = () => setSelection({ key: resultKey, ids: new Set() });

  const moveHighlight = useCallback(
    (index: number) => {
      if (rows.length === 0) return;
      const next = Math.max(0, Math.min(rows.length - 1, index));
      setHighlight({ key: resultKey, index: next });
      const row = document.getElementById(rowDomId(rows[next].id));
      row?.querySelector<HTMLElement>("[data-row-link]")?.focus({ preventScroll: true });
      row?.scrollIntoView({ block: "nearest" });
    },
    [rows, resultKey],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      // A dialog or menu is open (ours, the command palette's): its keys are its own.
      if (document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]')) return;
      const current = highlighted;
      switch (event.key) {
        case "/":
          event.preventDefault();
          document.getElementById(SEARCH_INPUT_ID)?.focus();
          break;
        case "j":
          event.preventDefault();
          moveHighlight(current < 0 ? 0 : current + 1);
          break;
        case "k":
          event.preventDefault();
          moveHighlight(current < 0 ? 0 : current - 1);
          break;
        case "x":
          if (current >= 0 && (permissions.bulk || permissions.export)) {
            event.preventDefault();
            toggle(rows[current].id);
          }
          break;
        case "Enter": {
          // On a focused link or button Enter already does its own thing.
          const target = event.target as HTMLElement | null;
          if (current >= 0 && !target?.closest("a, button")) {
            event.preventDefault();
            router.push(`/customers/${rows[current].id}`);
          }
          break;
        }
        case "?":
          event.preventDefault();
          setHelpOpen(true);
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [highlighted, moveHighlight, permissions.bulk, permissions.export, router, rows, toggle]);

  const sort = (params.sort as CustomerSortKey | undefined) ?? "created";
  const dir = (params.dir as "asc" | "desc" | undefined) ?? (sort === "created" ? "desc" : "asc");
  const count = totalCapped ? `${(total - 1).toLocaleString("en-PH")}+` : total.toLocaleString("en-PH");
  const matchingLabel = hasFilters(params) ? `the ${count} matching customers` : `all ${count} customers`;
  const selectable = permissions.bulk || permissions.export;
  const lastPage = totalCapped ? null : Math.max(1, Math.ceil(total / pageSize));

  return (
    <>
      <CustomerFilters params={params} options={options} navigate={navigate} pending={pending} />
      {rows.length === 0 ? (
        <EmptyState
          title="No customers match"
          action={
            <Button asChild variant="outline">
              <Link href={listHref({ sort: params.sort, dir: params.dir, size: params.size }, {})}>Clear filters</Link>
            </Button>
          }
        >
          {params.q ? `Nothing matches “${params.q}” with these filters. ` : "No customer has all of these filters. "}
          Check the spelling, try fewer words, or clear the filters to see everyone.
        </EmptyState>
      ) : (
        <>
          <div className="mb-2 flex flex-wrap items-center gap-2">
            {selectable ? (
              <BulkBar
                selectedIds={[...selected]}
                params={params}
                matchingLabel={matchingLabel}
                canBulk={permissions.bulk}
                canExport={permissions.export}
                canSuspend={permissions.suspend}
                onDone={clearSelection}
                onClear={clearSelection}
              />
            ) : null}
            <div className="ml-auto flex items-center gap-2">
              <Button variant="ghost" size="sm" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
                <Keyboard aria-hidden="true" />
                Shortcuts
              </Button>
              <ColumnChooser hidden={hidden} onChange={setHidden} />
            </div>
          </div>
          <CustomersTable
            rows={rows}
            hidden={hidden}
            params={params}
            sort={sort}
            dir={dir}
            selected={selected}
            highlighted={highlighted}
            selectable={selectable}
            timeZone={timeZone}
            pending={pending}
            caption={`Customers sorted by ${sortLabels[sort]} (${dir === "asc" ? "ascending" : "descending"}), page ${page}${lastPage ? ` of ${lastPage}` : ""}`}
            onToggle={toggle}
            onToggleAll={toggleAll}
            onHighlight={(i) => setHighlight({ key: resultKey, index: i })}
          />
          <ListPagination
            params={params}
            page={page}
            pageSize={pageSize}
            pageSizes={pageSizes}
            rowCount={rows.length}
            total={total}
            totalCapped={totalCapped}
            onPageSize={(size) => navigate({ size: size === 50 ? "" : String(size) })}
          />
        </>
      )}
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
    </>
  );
}
