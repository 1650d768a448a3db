import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { FocusPageOnNavigation } from "@/components/shell/use-focus-page-on-navigation";
import type { NavItem } from "@/components/shell/nav-items";
import { buttonVariants } from "@/components/ui/classes";
import { FieldIcon, SectionIcon } from "./icons";
import { SectionsSheet, StaffSignOutButton } from "./shell-controls";

/** Every page under this shell is a /field page, so "My jobs" is always the current section. */
const isCurrent = (item: NavItem) => item.href === "/field";

const sectionLink = (item: NavItem) => (
  <Link
    key={item.href}
    href={item.href}
    aria-current={isCurrent(item) ? "page" : undefined}
    className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm hover:bg-muted ${isCurrent(item) ? "bg-muted font-semibold text-foreground" : ""}`}
  >
    <SectionIcon name={item.icon} />
    {item.label}
  </Link>
);

/**
 * The staff shell of the technician's pages, as the staff pages draw it (sidebar, header, the phone's bottom bar and
 * its "More" sheet) but rendered on the server: a phone on mobile data downloads only the sign-out button, the sheet's
 * open button and the focus move after a navigation. The command palette and the g-shortcuts stay on the staff pages.
 */
export function FieldShell({
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
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <FocusPageOnNavigation />
      <aside className="hidden border-r bg-card lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col">
        <div className="flex h-14 items-center px-4">
          <Link href="/dashboard" className="rounded">
            <Logo />
          </Link>
        </div>
        <nav aria-label="Main" className="flex flex-1 flex-col gap-1 overflow-y-auto px-2">
          {items.map(sectionLink)}
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
            <ThemeToggle />
            <Link
              href="/account"
              aria-label="Your account"
              title="Your account, sessions and password"
              className={buttonVariants({ variant: "ghost", size: "icon" })}
            >
              <FieldIcon name="user-round" />
            </Link>
            <StaffSignOutButton className={buttonVariants({ variant: "ghost", size: "icon" })} icon={<FieldIcon name="log-out" />} />
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
              aria-current={isCurrent(item) ? "page" : undefined}
              className={`flex flex-col items-center gap-0.5 py-2 text-xs focus-visible:-outline-offset-2 ${isCurrent(item) ? "font-semibold text-primary" : "text-muted-foreground"}`}
            >
              <SectionIcon name={item.icon} className="size-5" />
              {item.label}
            </Link>
          ))}
        <SectionsSheet icon={<FieldIcon name="menu" className="size-5" />}>{items.map(sectionLink)}</SectionsSheet>
      </nav>
    </div>
  );
}
