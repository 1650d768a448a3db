"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { Activity, CircleUserRound, Gauge, House, LifeBuoy, LogOut, ReceiptText, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/core/cn";
import { portalSignOutAction } from "@/lib/portal/actions/sign-in";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { Button } from "@/components/ui/button";
import { BrandBand, type Branding } from "./brand-band";
import { isCurrentSection, portalNavItems, type PortalNavItem } from "./nav-items";
import { useFocusPageOnNavigation } from "@/components/shell/use-focus-page-on-navigation";

const icons: Record<PortalNavItem["icon"], LucideIcon> = {
  home: House,
  bills: ReceiptText,
  usage: Activity,
  speed: Gauge,
  support: LifeBuoy,
  profile: CircleUserRound,
};

/** The signed-in portal: the ISP's brand band, a top bar with every section, and a bottom bar on phones. */
export function PortalShell({
  branding,
  customer,
  children,
}: {
  branding: Branding;
  customer: { name: string; accountNumber: string };
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  useFocusPageOnNavigation(pathname);
  const router = useRouter();
  const [signingOut, startSignOut] = useTransition();
  const signOut = () =>
    startSignOut(async () => {
      await portalSignOutAction({});
      router.push("/portal/sign-in");
      router.refresh();
    });
  return (
    <div className="flex min-h-dvh flex-col pb-16 md:pb-0">
      <header>
        <BrandBand branding={branding} />
        <div className="border-b bg-card">
          <div className="mx-auto flex h-12 max-w-5xl items-center gap-2 px-2 sm:px-4">
            <nav aria-label="Portal" className="hidden min-w-0 flex-1 md:block">
              <ul className="flex gap-1">
                {portalNavItems.map((item) => {
                  const current = isCurrentSection(pathname, item.href);
                  return (
                    <li key={item.href}>
                      <Link
                        href={item.href}
                        aria-current={current ? "page" : undefined}
                        className={cn(
                          "inline-flex h-12 items-center border-b-2 px-3 text-sm font-medium",
                          current ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
                        )}
                      >
                        {item.label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <p className="min-w-0 flex-1 truncate px-2 text-sm md:hidden">
              <span className="font-medium">{customer.name}</span> <span className="font-mono text-muted-foreground">{customer.accountNumber}</span>
            </p>
            <ThemeToggle />
            <Button variant="ghost" size="sm" onClick={signOut} disabled={signingOut}>
              <LogOut aria-hidden="true" />
              <span>{signingOut ? "Signing out…" : "Sign out"}</span>
            </Button>
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
            const current = isCurrentSection(pathname, item.href);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn("flex flex-col items-center gap-0.5 py-2 text-xs", current ? "font-semibold text-primary" : "text-muted-foreground")}
              >
                <Icon className="size-5" aria-hidden="true" />
                {item.label}
              </Link>
            );
          })}
      </nav>
    </div>
  );
}
