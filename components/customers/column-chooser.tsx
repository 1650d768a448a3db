"use client";
import { useWhenIdle } from "@/components/ui/on-demand";
import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
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

const loadMenu = () => import("@/components/customers/column-menu");
type MenuModule = Awaited<ReturnType<typeof loadMenu>>;

/** The "Columns" button as the page first shows it, and the face of the menu's trigger once that has loaded. */
export function ColumnsButton(props: React.ComponentProps<typeof Button>) {
  return (
    <Button variant="outline" size="sm" aria-haspopup="menu" {...props}>
      <Columns3 aria-hidden="true" />
      Columns
    </Button>
  );
}

/**
 * The column chooser. Its menu (Radix's dropdown with its positioning, about 15 kB gzipped) loads when the browser is
 * idle after the page; a click or key on the button before then opens it as soon as it arrives.
 */
export function ColumnChooser({ hidden, onChange }: { hidden: Set<ColumnId>; onChange: (next: Set<ColumnId>) => void }) {
  const [menu, setMenu] = useState<MenuModule | null>(null);
  const [openOnLoad, setOpenOnLoad] = useState(false);
  const [focused, setFocused] = useState(false);
  useWhenIdle(() => loadMenu().then(setMenu));
  if (menu) return <menu.ColumnMenu hidden={hidden} onChange={onChange} defaultOpen={openOnLoad} focusTrigger={focused} />;
  return (
    <ColumnsButton
      aria-expanded={openOnLoad}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onClick={() => {
        setOpenOnLoad(true);
        void loadMenu().then(setMenu);
      }}
    />
  );
}
