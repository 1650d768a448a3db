import { Activity, CircleUserRound, Gauge, House, LifeBuoy, LogOut, ReceiptText, type LucideIcon } from "lucide-react";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { buttonVariants } from "@/components/ui/classes";
import { BrandBand, type Branding } from "./brand-band";
import { portalNavItems, type PortalNavItem } from "./nav-items";
import { FocusPageOnNavigation } from "@/components/shell/use-focus-page-on-navigation";
import { PortalNavLink, SignOutButton } from "./shell-controls";

const icons: Record<PortalNavItem["icon"], LucideIcon> = {
  home: House,
  bills: ReceiptText,
  usage: Activity,
  speed: Gauge,
  support: LifeBuoy,
  profile: CircleUserRound,
};

/**
 * The signed-in portal: the ISP's brand band, a top bar with every section, and a bottom bar on phones. Rendered on
 * the server; the links' current state, focus after a navigation and signing out are small client parts.
 */
export function PortalShell({
  branding,
  customer,
  children,
}: {
  branding: Branding;
  customer: { name: string; accountNumber: string };
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col pb-16 md:pb-0">
      <FocusPageOnNavigation />
      <header>
        <BrandBand branding={branding} />
        <div className="border-b bg-card">
          <div className="mx-auto flex h-12 max-w-5xl items-center gap-2 px-2 sm:px-4">
            <nav aria-label="Portal" className="hidden min-w-0 flex-1 md:block">
              <ul className="flex gap-1">
                {portalNavItems.map((item) => (
                  <li key={item.href}>
                    <PortalNavLink
                      href={item.href}
                      className="inline-flex h-12 items-center border-b-2 px-3 text-sm font-medium"
                      currentClassName="border-primary text-foreground"
                      otherClassName="border-transparent text-muted-foreground hover:text-foreground"
                    >
                      {item.label}
                    </PortalNavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <p className="min-w-0 flex-1 truncate px-2 text-sm md:hidden">
              <span className="font-medium">{customer.name}</span> <span className="font-mono text-muted-foreground">{customer.accountNumber}</span>
            </p>
            <ThemeToggle />
            <SignOutButton className={buttonVariants({ variant: "ghost", size: "sm" })} icon={<LogOut aria-hidden="true" />} />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 p-3 outline-none sm:p-6">
        {children}
      </main>
      <nav aria-label="Portal (phone)" className="fixed inset-x-0 bottom-0 z-30 grid grid-cols-5 border-t bg-card md:hidden">
        {portalNavItems
          .filter((item) => item.phone)
          .map((item) => {
            const Icon = icons[item.icon];
            return (
              <PortalNavLink
                key={item.href}
                href={item.href}
                className="flex flex-col items-center gap-0.5 py-2 text-xs"
                currentClassName="font-semibold text-primary"
                otherClassName="text-muted-foreground"
              >
                <Icon className="size-5" aria-hidden="true" />
                {item.label}
              </PortalNavLink>
            );
          })}
      </nav>
    </div>
  );
}
