"use client";
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { DropdownMenu as M } from "radix-ui";
import { Columns3 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { columns, defaultHiddenColumns, type ColumnId } from "@/components/customers/columns";

const STORAGE_KEY = "netsphere.customers.hiddenColumns";
const CHANGE_EVENT = "netsphere:customer-columns";

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function readStorage(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: defaults
  }
}

/** Hidden columns, remembered in localStorage (the server renders the defaults). */
export function useHiddenColumns() {
  const raw = useSyncExternalStore(subscribe, readStorage, () => null);
  const hidden = useMemo(() => {
    if (!raw) return new Set<ColumnId>(defaultHiddenColumns);
    try {
      const ids = JSON.parse(raw) as unknown;
      const known = new Set<string>(columns.filter((c) => c.hideable).map((c) => c.id));
      return new Set<ColumnId>(
        Array.isArray(ids) ? (ids.filter((id) => typeof id === "string" && known.has(id)) as ColumnId[]) : defaultHiddenColumns,
      );
    } catch {
      return new Set<ColumnId>(defaultHiddenColumns);
    }
  }, [raw]);
  const setHidden = useCallback((next: Set<ColumnId>) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
    } catch {
      // storage disabled: the choice lasts until reload only through the event below
    }
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return { hidden, setHidden };
}

export function ColumnChooser({ hidden, onChange }: { hidden: Set<ColumnId>; onChange: (next: Set<ColumnId>) => void }) {
  return (
    <M.Root>
      <M.Trigger asChild>
        <Button variant="outline" size="sm">
          <Columns3 aria-hidden="true" />
          Columns
        </Button>
      </M.Trigger>
      <M.Portal>
        <M.Content align="end" sideOffset={4} className="z-50 min-w-48 rounded-md border bg-card p-1 text-sm shadow-lg">
          <M.Label className="px-2 py-1.5 text-xs font-medium text-muted-foreground">Show columns</M.Label>
          {columns
            .filter((c) => c.hideable)
            .map((c) => (
              <M.CheckboxItem
                key={c.id}
                checked={!hidden.has(c.id)}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(checked) => {
                  const next = new Set(hidden);
                  if (checked) next.delete(c.id);
                  else next.add(c.id);
                  onChange(next);
                }}
                className="relative flex cursor-pointer select-none items-center gap-2 rounded py-1.5 pl-7 pr-2 outline-none data-[highlighted]:bg-primary data-[highlighted]:text-primary-foreground"
              >
                <M.ItemIndicator className="absolute left-2 text-primary in-data-[highlighted]:text-primary-foreground">✓</M.ItemIndicator>
                {c.label}
              </M.CheckboxItem>
            ))}
          <M.Separator className="my-1 h-px bg-border" />
          <M.Item
            onSelect={() => onChange(new Set(defaultHiddenColumns))}
            className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-primary data-[highlighted]:text-primary-foreground"
          >
            Reset to default
          </M.Item>
        </M.Content>
      </M.Portal>
    </M.Root>
  );
}
