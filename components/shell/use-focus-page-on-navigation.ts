"use client";
import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";
import { focusMain } from "@/components/ui/return-focus";

/**
 * After a client navigation (a link, `g c`, a palette jump) focus would stay on `<body>` or on the sidebar link,
 * and a keyboard user would tab through the whole navigation again: move it to the new page's heading. Focus that
 * is still inside the page (section tabs, a pager) stays where it is. Next.js announces the new title.
 */
export function useFocusPageOnNavigation(pathname: string) {
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const active = document.activeElement;
    const main = document.getElementById("main");
    if (active && active !== main && active.isConnected && main?.contains(active)) return;
    focusMain();
  }, [pathname]);
}

/** The hook as a component, for shells rendered on the server (the portal's, the technician's). */
export function FocusPageOnNavigation() {
  useFocusPageOnNavigation(usePathname());
  return null;
}
