"use client";
import { useEffect, useRef } from "react";
import { DropdownMenu as M } from "radix-ui";
import { columns, defaultHiddenColumns, type ColumnId } from "@/components/customers/columns";
import { ColumnsButton } from "@/components/customers/column-chooser";

/** The column chooser's menu: which columns show, and back to the default set. */
export function ColumnMenu({
  hidden,
  onChange,
  defaultOpen,
  focusTrigger,
}: {
  hidden: Set<ColumnId>;
  onChange: (next: Set<ColumnId>) => void;
  /** Opened at once: the button was pressed before the menu had loaded. */
  defaultOpen: boolean;
  /** The button it replaces had focus. */
  focusTrigger: boolean;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusTrigger && !defaultOpen) trigger.current?.focus();
    // Only as it replaces the first button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <M.Root defaultOpen={defaultOpen}>
      <M.Trigger asChild>
        <ColumnsButton ref={trigger} />
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
