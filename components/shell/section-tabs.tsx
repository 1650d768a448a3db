"use client";
import { useEffect, useRef } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

/**
 * A tab: `exact` matches only its own path (an area's index); otherwise its sub-pages count too,
 * as do paths under any of `alsoUnder` (the invoices tab for `/billing/invoices/…`).
 */
export type SectionTab = { href: string; label: string; exact?: boolean; alsoUnder?: string[] };

const isUnder = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);

export function isCurrentTab(pathname: string, tab: SectionTab): boolean {
  if (tab.exact ? pathname === tab.href : isUnder(pathname, tab.href)) return true;
  return (tab.alsoUnder ?? []).some((base) => isUnder(pathname, base));
}

/**
 * An area's sections as links under its header; scrolls sideways on a phone, the current one carries aria-current="page".
 * The classes are joined by hand (they never conflict): the portal's bills use these tabs and stay free of tailwind-merge.
 */
export function SectionTabs({ label, tabs }: { label: string; tabs: SectionTab[] }) {
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);
  // On a phone the current tab may sit past the right edge: scroll the strip (not the page) to show it.
  useEffect(() => {
    const nav = navRef.current;
    const link = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !link) return;
    if (link.offsetLeft < nav.scrollLeft || link.offsetLeft + link.offsetWidth > nav.scrollLeft + nav.clientWidth)
      nav.scrollLeft = link.offsetLeft - 16;
  }, [pathname]);
  return (
    <nav ref={navRef} aria-label={label} className="relative -mx-1 overflow-x-auto print:hidden">
      <ul className="flex min-w-max gap-1 border-b px-1">
        {tabs.map((tab) => {
          const current = isCurrentTab(pathname, tab);
          return (
            <li key={tab.href}>
              {/* The strip scrolls sideways and so clips anything outside it: the focus ring is drawn inside. */}
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`-mb-px inline-flex h-10 items-center whitespace-nowrap border-b-2 px-3 text-sm font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring ${
                  current ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
