"use client";
import { useEffect } from "react";
import { usePathname } from "next/navigation";
import { focusMain } from "@/components/ui/return-focus";

/**
 * The path at the last check, kept outside the shells: going from a staff page to /field (or back) mounts the other
 * shell afresh, and that is a navigation too. Null until the first page has rendered.
 */
let shownPathname: string | null = null;

/**
 * After a client navigation (a link, `g c`, a palette jump) focus would stay on `<body>` or on the sidebar link,
 * and a keyboard user would tab through the whole navigation again: move it to the new page's heading. Focus that
 * is still inside the page (section tabs, a pager) stays where it is. Next.js announces the new title.
 */
export function useFocusPageOnNavigation(pathname: string) {
  useEffect(() => {
    const previous = shownPathname;
    shownPathname = pathname;
    if (previous === null || previous === pathname) return;
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
