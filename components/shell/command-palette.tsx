"use client";
import { useCallback, useState } from "react";
import { useCustomerSearch } from "@/components/customers/use-customer-search";
import { useRouter } from "next/navigation";
import { Command } from "cmdk";
import { Dialog as D } from "radix-ui";
import { NavIcon } from "@/components/shell/icons";
import type { NavItem } from "@/components/shell/nav-items";
import { useReturnFocus } from "@/components/ui/return-focus";

// The highlighted row must stand out from the card by at least 3:1 (WCAG 1.4.11); primary on card does in both
// themes, and its text takes the primary foreground (lib/core/theme-contrast.test.ts checks the tokens in both themes).
const itemClass =
  "flex cursor-pointer items-center gap-3 rounded px-2 py-2 text-sm text-foreground data-[selected=true]:bg-primary data-[selected=true]:text-primary-foreground";
const quietInItem = "text-muted-foreground in-data-[selected=true]:text-primary-foreground";

/**
 * cmdk fills the input's `aria-activedescendant` only after the first arrow key, so a screen reader hears
 * nothing about the row already highlighted; this keeps the attribute on the highlighted row from the start.
 */
function useActiveDescendant() {
  return useCallback((content: HTMLElement | null) => {
    if (!content) return;
    const sync = () => {
      const input = content.querySelector("[cmdk-input]");
      const selected = content.querySelector<HTMLElement>('[cmdk-item][aria-selected="true"]');
      if (!input) return;
      if (selected?.id) input.setAttribute("aria-activedescendant", selected.id);
      else input.removeAttribute("aria-activedescendant");
    };
    const observer = new MutationObserver(sync);
    observer.observe(content, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-selected"] });
    sync();
    return () => observer.disconnect();
  }, []);
}

/**
 * The palette itself (cmdk and its dialog), loaded by the shell the first time it opens (or when the browser is idle),
 * so pages do not carry it in their first load. The shortcuts that open it live in the shell (shell-shortcuts.ts).
 */
export default function CommandPalette({ items, open, onOpenChange }: { items: NavItem[]; open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const canSearchCustomers = items.some((i) => i.href === "/customers");
  const shownMatches = useCustomerSearch(query, canSearchCustomers) ?? [];

  const returnFocus = useReturnFocus();
  const activeDescendantRef = useActiveDescendant();
  // Each opening starts empty: a query left from last time would make the next one read "Nothing matches".
  const setOpen = (next: boolean) => {
    if (!next) setQuery("");
    onOpenChange(next);
  };
  const go = (href: string) => {
    setOpen(false);
    router.push(href);
  };
  const can = (href: string) => items.some((i) => href.startsWith(i.href));
  const actions = [
    { href: "/customers/new", label: "New customer" },
    { href: "/leads?new=1", label: "New lead" },
    { href: "/plans/new", label: "New service plan" },
    { href: "/import", label: "Import customers from CSV" },
  ].filter((a) => can(a.href.split("?")[0].replace(/\/new$/, "")));

  return (
    <D.Root open={open} onOpenChange={setOpen}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-black/60" />
        <D.Content
          className="fixed left-1/2 top-[15vh] z-50 w-[calc(100vw-2rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-lg border bg-card shadow-2xl"
          aria-describedby={undefined}
          ref={activeDescendantRef}
          onOpenAutoFocus={returnFocus.onOpenAutoFocus}
          onCloseAutoFocus={returnFocus.onCloseAutoFocus}
        >
          <D.Title className="sr-only">Command palette</D.Title>
          <Command label="Command palette" className="flex flex-col">
            <Command.Input
              value={query}
              onValueChange={setQuery}
              placeholder="Type a command, page or customer…"
              aria-label="Command or customer"
              className="h-12 border-b bg-transparent px-4 text-sm outline-none focus:outline-2 focus:outline-solid focus:-outline-offset-2 focus:outline-ring"
            />
            <Command.List className="max-h-80 overflow-y-auto p-2">
              <Command.Empty className="p-4 text-sm text-muted-foreground">Nothing matches.</Command.Empty>
              {shownMatches.length > 0 ? (
                <Command.Group
                  heading="Customers"
                  className="text-xs text-muted-foreground [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1"
                >
                  {shownMatches.map((c) => (
                    <Command.Item
                      key={c.id}
                      value={`customer ${c.name} ${c.accountNumber} ${query}`}
                      onSelect={() => go(`/customers/${c.id}`)}
                      className={itemClass}
                    >
                      <span>{c.name}</span>
                      <span className={`ml-auto font-mono text-xs ${quietInItem}`}>{c.accountNumber}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              <Command.Group heading="Go to" className="text-xs text-muted-foreground [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1">
                {items.map((item) => (
                  <Command.Item key={item.href} value={item.label} onSelect={() => go(item.href)} className={itemClass}>
                    <NavIcon name={item.icon} />
                    <span>{item.label}</span>
                    {item.shortcut ? <kbd className={`ml-auto text-xs ${quietInItem}`}>{item.shortcut}</kbd> : null}
                  </Command.Item>
                ))}
              </Command.Group>
              {actions.length > 0 ? (
                <Command.Group
                  heading="Actions"
                  className="text-xs text-muted-foreground [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1"
                >
                  {actions.map((a) => (
                    <Command.Item key={a.href} value={a.label} onSelect={() => go(a.href)} className={itemClass}>
                      {a.label}
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
            </Command.List>
          </Command>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
