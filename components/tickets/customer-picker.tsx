"use client";
import { useEffect, useId, useState } from "react";
import { Command } from "cmdk";
import { quickSearchCustomers } from "@/lib/customers/actions/quick-search";
import { Button } from "@/components/ui/button";

export type PickedCustomer = { id: string; name: string; accountNumber: string };

/**
 * Finds a customer by name, account number, phone or address (the customers list's own search) and picks
 * one with the arrow keys and Enter, or a click.
 */
export function CustomerPicker({
  value,
  onChange,
  error,
}: {
  value: PickedCustomer | null;
  onChange: (customer: PickedCustomer | null) => void;
  error?: string;
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<PickedCustomer[]>([]);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    const term = query.trim();
    if (term.length < 2) return;
    let current = true;
    const timer = setTimeout(async () => {
      setSearching(true);
      const result = await quickSearchCustomers({ search: term });
      if (!current) return;
      setMatches(result.ok ? result.data : []);
      setSearching(false);
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);
  const shown = query.trim().length >= 2 ? matches : [];

  return (
    <div className="flex flex-col gap-1.5">
      <span id={`${id}-label`} className="text-sm font-medium leading-none">
        Customer
      </span>
      {value ? (
        <div className="flex min-h-9 flex-wrap items-center gap-2 rounded-md border px-3 py-1.5 text-sm" aria-labelledby={`${id}-label`} role="group">
          <span className="font-medium">{value.name}</span>
          <span className="font-mono text-xs text-muted-foreground">{value.accountNumber}</span>
          <Button type="button" variant="link" className="ml-auto" onClick={() => onChange(null)}>
            Change customer
          </Button>
        </div>
      ) : (
        <Command shouldFilter={false} label="Find a customer" className="rounded-md border bg-card">
          <Command.Input
            value={query}
            onValueChange={setQuery}
            placeholder="Name, account number or phone"
            aria-labelledby={`${id}-label`}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
            className="h-9 w-full rounded-md bg-transparent px-3 text-sm outline-none focus-visible:outline-2 focus-visible:outline-ring"
          />
          {query.trim().length >= 2 ? (
            <Command.List className="max-h-60 overflow-y-auto border-t p-1">
              <Command.Empty className="p-2 text-sm text-muted-foreground">{searching ? "Searching…" : "No customer matches."}</Command.Empty>
              {shown.map((c) => (
                <Command.Item
                  key={c.id}
                  value={c.id}
                  onSelect={() => {
                    onChange(c);
                    setQuery("");
                  }}
                  className="flex cursor-pointer items-center gap-3 rounded px-2 py-2 text-sm data-[selected=true]:bg-muted"
                >
                  <span>{c.name}</span>
                  <span className="ml-auto font-mono text-xs text-muted-foreground">{c.accountNumber}</span>
                </Command.Item>
              ))}
            </Command.List>
          ) : null}
        </Command>
      )}
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        Leave empty for a ticket about the network rather than one customer.
      </p>
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-danger" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
