import Link from "next/link";
import { Logo } from "@/components/shell/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { SectionsSheet, StaffSignOutButton } from "@/components/shell/shell-controls";
import type { NavItem } from "@/components/shell/nav-items";
import { buttonVariants } from "@/components/ui/classes";

/** What a layout gives its shell: the sections the role may open, who is signed in, and the ISP (its name and logo). */
export type ShellProps = { items: NavItem[]; user: { name: string; role: string }; tenantName: string; logoDataUrl?: string | null; children: React.ReactNode };

/** The ISP's logo when it has one (from its invoice template), else ours. */
function ShellLogo({ tenantName, logoDataUrl, compact = false }: { tenantName: string; logoDataUrl?: string | null; compact?: boolean }) {
  if (!logoDataUrl) return <Logo compact={compact} />;
  return (
    // A data URL the ISP uploaded: next/image cannot optimise it. On white, so a dark logo shows in the dark theme.
    // eslint-disable-next-line @next/next/no-img-element
    <img src={logoDataUrl} alt={tenantName} className={`${compact ? "h-7 max-w-20" : "h-9 max-w-40"} rounded bg-white object-contain p-0.5`} />
  );
}

/** A section in the sidebar and in the phone's "More" sheet. */
export const sectionLinkClass = (current: boolean) =>
  `flex items-center gap-3 rounded-md px-3 py-2 text-sm hover:bg-muted${current ? " bg-muted font-semibold text-foreground" : ""}`;

/** A section in the phone's bottom bar (the ring drawn inside: at the screen's edge an outer one would be cut off). */
export const phoneLinkClass = (current: boolean) =>
  `flex flex-col items-center gap-0.5 py-2 text-xs focus-visible:-outline-offset-2 ${current ? "font-semibold text-primary" : "text-muted-foreground"}`;

/** The phone's bottom bar holds the first three sections marked for it; "More" holds them all. */
export const phoneSections = (items: NavItem[]) => items.filter((item) => item.mobile).slice(0, 3);

/**
 * The frame both staff shells draw (the staff pages' and the technician's): the sidebar with the ISP and the signed-in
 * person, the header with theme, account and sign-out, the page, and the phone's bottom bar with its "More" sheet.
 * No hooks: the technician's shell renders it on the server, the staff shell inside its client component.
 */
export function ShellFrame({
  tenantName,
  logoDataUrl,
  user,
  sections,
  phoneSectionLinks,
  icons,
  headerStart,
  children,
}: {
  tenantName: string;
  logoDataUrl?: string | null;
  user: { name: string; role: string };
  /** The section links of the sidebar and the "More" sheet. */
  sections: React.ReactNode;
  /** The section links of the phone's bottom bar. */
  phoneSectionLinks: React.ReactNode;
  icons: { account: React.ReactNode; signOut: React.ReactNode; more: React.ReactNode };
  /** Header controls before theme, account and sign-out (the staff pages' command palette button). */
  headerStart?: React.ReactNode;
  children: React.ReactNode;
}) {
  const iconButton = buttonVariants({ variant: "ghost", size: "icon" });
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_1fr]">
      <aside className="hidden border-r bg-card lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col">
        <div className="flex h-14 items-center px-4">
          <Link href="/dashboard" className="rounded">
            <ShellLogo tenantName={tenantName} logoDataUrl={logoDataUrl} />
          </Link>
        </div>
        <nav aria-label="Main" className="flex flex-1 flex-col gap-1 overflow-y-auto px-2">
          {sections}
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
            <ShellLogo tenantName={tenantName} logoDataUrl={logoDataUrl} compact />
          </Link>
          <p className="truncate text-sm font-medium lg:hidden">{tenantName}</p>
          <div className="ml-auto flex items-center gap-1">
            {headerStart}
            <ThemeToggle />
            <Link href="/account" aria-label="Your account" title="Your account, sessions and password" className={iconButton}>
              {icons.account}
            </Link>
            <StaffSignOutButton className={iconButton} icon={icons.signOut} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="flex-1 p-3 outline-none sm:p-6">
          {children}
        </main>
      </div>
      <nav aria-label="Main (phone)" className="fixed inset-x-0 bottom-0 z-30 grid grid-cols-4 border-t bg-card lg:hidden">
        {phoneSectionLinks}
        <SectionsSheet icon={icons.more}>{sections}</SectionsSheet>
      </nav>
    </div>
  );
}
