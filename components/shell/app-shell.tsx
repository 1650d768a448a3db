"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import dynamic from "next/dynamic";
import { LogOut, Menu, Search, UserRound } from "lucide-react";
import { signOutStaff } from "@/lib/auth/sign-out";
import { cn } from "@/lib/core/cn";
import { Logo } from "@/components/shell/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { NavIcon } from "@/components/shell/icons";
import { useShellShortcuts } from "@/components/shell/shell-shortcuts";
import { Button } from "@/components/ui/button";
import type { NavItem } from "@/components/shell/nav-items";
import { useFocusPageOnNavigation } from "@/components/shell/use-focus-page-on-navigation";

/** A link inside the phone's sections sheet closes the sheet as it navigates. */
const closeEnclosingDialog = (event: React.MouseEvent<HTMLElement>) => event.currentTarget.closest("dialog")?.close();

const loadPalette = () => import("@/components/shell/command-palette");
// Not in the first load: fetched when the browser is idle after the page, or at the first Ctrl+K if sooner.
const CommandPalette = dynamic(loadPalette, { ssr: false });

export function AppShell({
  items,
  user,
  tenantName,
  children,
}: {
  items: NavItem[];
  user: { name: string; role: string };
  tenantName: string;
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const moreRef = useRef<HTMLDialogElement>(null);
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
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 2000));
    idle(() => void loadPalette());
  }, []);
  useFocusPageOnNavigation(pathname);
  const isActive = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const signOut = async () => {
    await signOutStaff();
    // Cached technician pages must not stay readable on a shared phone.
    navigator.serviceWorker?.controller?.postMessage("sign-out");
    router.push("/sign-in");
    router.refresh();
  };
  const navLink = (item: NavItem, onClick?: (event: React.MouseEvent<HTMLElement>) => void) => (
    <Link
      key={item.href}
      href={item.href}
      onClick={onClick}
      aria-current={isActive(item.href) ? "page" : undefined}
      className={cn(
        "flex items-center gap-3 rounded-md px-3 py-2 text-sm hover:bg-muted",
        isActive(item.href) && "bg-muted font-semibold text-foreground",
      )}
    >
      <NavIcon name={item.icon} />
      {item.label}
    </Link>
  );
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <aside className="hidden border-r bg-card lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col">
        <div className="flex h-14 items-center px-4">
          <Link href="/dashboard" className="rounded">
            <Logo />
          </Link>
        </div>
        <nav aria-label="Main" className="flex flex-1 flex-col gap-1 overflow-y-auto px-2">
          {items.map((item) => navLink(item))}
        </nav>
        <div className="border-t p-3 text-xs text-muted-foreground">
          <p className="truncate font-medium text-foreground">{tenantName}</p>
          <Link href="/account" className="block truncate hover:underline">
            {user.name} · {user.role}
          </Link>
        </div>
      </aside>
      <div className="flex min-w-0 flex-col pb-16 lg:pb-0">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur sm:px-4">
          <Link href="/dashboard" className="rounded lg:hidden">
            <Logo compact />
          </Link>
          <p className="truncate text-sm font-medium lg:hidden">{tenantName}</p>
          <div className="ml-auto flex items-center gap-1">
            <Button variant="outline" size="sm" onClick={() => setPaletteOpen(true)} aria-label="Open command palette (Ctrl+K)">
              <Search />
              <span className="hidden sm:inline">Search or jump…</span>
              <kbd className="hidden rounded border px-1 text-[10px] text-muted-foreground sm:inline">Ctrl K</kbd>
            </Button>
            <ThemeToggle />
            <Button asChild variant="ghost" size="icon" title="Your account, sessions and password">
              <Link href="/account" aria-label="Your account">
                <UserRound />
              </Link>
            </Button>
            <Button variant="ghost" size="icon" onClick={signOut} aria-label="Sign out" title="Sign out">
              <LogOut />
            </Button>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 p-3 outline-none sm:p-6">
          {children}
        </main>
      </div>
      <nav aria-label="Main (phone)" className="fixed inset-x-0 bottom-0 z-30 grid grid-cols-4 border-t bg-card lg:hidden">
        {items
          .filter((i) => i.mobile)
          .slice(0, 3)
          .map((item) => (
            <Link
              key={item.href}
              href={item.href}
              aria-current={isActive(item.href) ? "page" : undefined}
              className={cn(
                "flex flex-col items-center gap-0.5 py-2 text-xs focus-visible:-outline-offset-2",
                isActive(item.href) ? "text-primary font-semibold" : "text-muted-foreground",
              )}
            >
              <NavIcon name={item.icon} className="size-5" />
              {item.label}
            </Link>
          ))}
        {/* At the screen's edge an outer focus ring would be cut off: the phone bar draws it inside. */}
        <button
          type="button"
          aria-haspopup="dialog"
          onClick={() => moreRef.current?.showModal()}
          className="flex flex-col items-center gap-0.5 py-2 text-xs text-muted-foreground focus-visible:-outline-offset-2"
        >
          <Menu className="size-5" aria-hidden="true" />
          More
        </button>
        {/* A native modal dialog: the browser traps focus, closes it on Escape and gives focus back to "More". */}
        <dialog
          ref={moreRef}
          aria-labelledby="all-sections-title"
          onClick={(event) => {
            if (event.target === event.currentTarget) event.currentTarget.close();
          }}
          className="inset-x-0 top-auto bottom-0 m-0 max-h-[80vh] w-full max-w-none rounded-t-xl border bg-card p-0 text-foreground backdrop:bg-black/60"
        >
          <div className="p-4">
            <h2 id="all-sections-title" className="mb-2 text-base font-semibold">
              All sections
            </h2>
            <nav aria-label="All sections" className="flex flex-col gap-1">
              {items.map((item) => navLink(item, closeEnclosingDialog))}
            </nav>
          </div>
        </dialog>
      </nav>
      {paletteOpenings > 0 ? <CommandPalette key={paletteOpenings} items={items} open={paletteOpen} onOpenChange={setPaletteOpen} /> : null}
    </div>
  );
}
