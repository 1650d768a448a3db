"use client";
import { useWhenIdle } from "@/components/ui/on-demand";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCallback, useState } from "react";
import dynamic from "next/dynamic";
import { LogOut, Menu, Search, UserRound } from "lucide-react";
import { NavIcon } from "@/components/shell/icons";
import { useShellShortcuts } from "@/components/shell/shell-shortcuts";
import { Button } from "@/components/ui/button";
import type { NavItem } from "@/components/shell/nav-items";
import { phoneLinkClass, phoneSections, sectionLinkClass, ShellFrame, type ShellProps } from "@/components/shell/shell-frame";
import { useFocusPageOnNavigation } from "@/components/shell/use-focus-page-on-navigation";

const loadPalette = () => import("@/components/shell/command-palette");
// Not in the first load: fetched when the browser is idle after the page, or at the first Ctrl+K if sooner.
const CommandPalette = dynamic(loadPalette, { ssr: false });

export function AppShell({ items, user, tenantName, logoDataUrl, children }: ShellProps) {
  const pathname = usePathname();
  const [paletteOpen, setPaletteOpenState] = useState(false);
  // Each opening mounts a fresh palette (an empty query); closing keeps it mounted so focus returns to where it was.
  const [paletteOpenings, setPaletteOpenings] = useState(0);
  const setPaletteOpen = useCallback(
    (open: boolean) => {
      if (open && !paletteOpen) setPaletteOpenings((n) => n + 1);
      setPaletteOpenState(open);
    },
    [paletteOpen],
  );
  useShellShortcuts({ items, open: paletteOpen, onOpenChange: setPaletteOpen });
  useWhenIdle(loadPalette);
  useFocusPageOnNavigation(pathname);
  const isActive = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const navLink = (item: NavItem) => (
    <Link key={item.href} href={item.href} aria-current={isActive(item.href) ? "page" : undefined} className={sectionLinkClass(isActive(item.href))}>
      <NavIcon name={item.icon} />
      {item.label}
    </Link>
  );
  return (
    <>
      <ShellFrame
        tenantName={tenantName}
        logoDataUrl={logoDataUrl}
        user={user}
        sections={items.map(navLink)}
        phoneSectionLinks={phoneSections(items).map((item) => (
          <Link
            key={item.href}
            href={item.href}
            aria-current={isActive(item.href) ? "page" : undefined}
            className={phoneLinkClass(isActive(item.href))}
          >
            <NavIcon name={item.icon} className="size-5" />
            {item.label}
          </Link>
        ))}
        icons={{ account: <UserRound />, signOut: <LogOut />, more: <Menu className="size-5" aria-hidden="true" /> }}
        headerStart={
          <Button variant="outline" size="sm" onClick={() => setPaletteOpen(true)} aria-label="Open command palette (Ctrl+K)">
            <Search />
            <span className="hidden sm:inline">Search or jump…</span>
            <kbd className="hidden rounded border px-1 text-[10px] text-muted-foreground sm:inline">Ctrl K</kbd>
          </Button>
        }
      >
        {children}
      </ShellFrame>
      {paletteOpenings > 0 ? <CommandPalette key={paletteOpenings} items={items} open={paletteOpen} onOpenChange={setPaletteOpen} /> : null}
    </>
  );
}
