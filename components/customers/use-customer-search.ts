"use client";
import { useEffect, useState } from "react";
import { quickSearchCustomers } from "@/lib/customers/actions/quick-search";

export type CustomerMatch = { id: string; name: string; accountNumber: string; city: string };

/**
 * Customers matching what was typed (2+ characters), or null before that. Debounced: one lookup after typing
 * pauses, and a stale answer never replaces a newer one.
 */
export function useCustomerSearch(query: string, enabled = true): CustomerMatch[] | null {
  const [matches, setMatches] = useState<CustomerMatch[] | null>(null);
  const term = query.trim();
  useEffect(() => {
    if (!enabled || term.length < 2) return;
    let current = true;
    const timer = setTimeout(async () => {
      const result = await quickSearchCustomers({ search: term });
      if (current) setMatches(result.ok ? result.data : []);
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term, enabled]);
  return enabled && term.length >= 2 ? matches : null;
}
