"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { portalSignOutAction } from "@/lib/portal/actions/sign-in";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { isCurrentSection } from "./nav-items";

/*
 * The portal shell's own browser code: which section is current and signing out (focus after a navigation is
 * components/shell's FocusPageOnNavigation).
 * The shell itself renders on the server and hands these their classes and icons, so a phone downloads neither
 * the icon set nor tailwind-merge for them.
 */

/** A section link that carries aria-current="page" (and `currentClassName`) while its section is open. */
export function PortalNavLink({
  href,
  className,
  currentClassName,
  otherClassName,
  children,
}: {
  href: string;
  className: string;
  currentClassName: string;
  otherClassName: string;
  children: React.ReactNode;
}) {
  const current = isCurrentSection(usePathname(), href);
  return (
    <Link href={href} aria-current={current ? "page" : undefined} className={`${className} ${current ? currentClassName : otherClassName}`}>
      {children}
    </Link>
  );
}

export function SignOutButton({ className, icon }: { className: string; icon: React.ReactNode }) {
  const router = useRouter();
  const [signingOut, startSignOut] = useTransition();
  const signOut = () =>
    startSignOut(async () => {
      await portalSignOutAction({});
      router.push("/portal/sign-in");
      router.refresh();
    });
  return (
    <FocusKeepingButton type="button" className={className} onClick={signOut} disabled={signingOut}>
      {icon}
      <span>{signingOut ? "Signing out…" : "Sign out"}</span>
    </FocusKeepingButton>
  );
}
