"use client";
import { useId, useState } from "react";
import { useCustomerSearch } from "@/components/customers/use-customer-search";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type PickedCustomer = { id: string; name: string; accountNumber: string };

/**
 * Finds a customer with the customers list's own search (name, account number, phone, address) and picks one:
 * type, Tab to a result, Enter. The number of matches is announced to screen readers.
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
  const shown = useCustomerSearch(query);
  const pick = (c: PickedCustomer) => {
    onChange(c);
    setQuery("");
  };
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");

  return (
    <div className="flex flex-col gap-1.5">
      {value ? (
        <>
          <span className="text-sm font-medium leading-none">Customer</span>
          <div className="flex min-h-9 flex-wrap items-center gap-2 rounded-md border px-3 py-1.5 text-sm">
            <span className="font-medium">{value.name}</span>
            <span className="font-mono text-xs text-muted-foreground">{value.accountNumber}</span>
            <Button type="button" variant="link" className="ml-auto" onClick={() => onChange(null)}>
              Change customer
            </Button>
          </div>
        </>
      ) : (
        <>
          <label htmlFor={`${id}-search`} className="text-sm font-medium leading-none">
            Customer
          </label>
          <Input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Enter searches, it does not send the ticket form; with one match it picks it.
              if (e.key !== "Enter") return;
              e.preventDefault();
              if (shown?.length === 1) pick(shown[0]);
            }}
            placeholder="Name, account number or phone"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
          <p className="sr-only" aria-live="polite">
            {shown ? `${shown.length} customer${shown.length === 1 ? "" : "s"} found` : ""}
          </p>
          {shown && shown.length > 0 ? (
            <ul className="flex max-h-60 flex-col overflow-y-auto rounded-md border p-1" aria-label="Matching customers">
              {shown.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="flex w-full items-center gap-3 rounded px-2 py-2 text-left text-sm hover:bg-muted focus-visible:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
                    onClick={() => pick(c)}
                  >
                    <span>{c.name}</span>
                    <span className="ml-auto font-mono text-xs text-muted-foreground">{c.accountNumber}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : shown ? (
            <p className="text-sm text-muted-foreground">No customer matches.</p>
          ) : null}
        </>
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
