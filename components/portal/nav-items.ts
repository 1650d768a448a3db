/** The portal's sections: all in the top bar on wider screens, the `phone` ones in the bottom bar. */
export type PortalNavItem = { href: string; label: string; icon: "home" | "bills" | "usage" | "speed" | "support" | "profile"; phone: boolean };

export const portalNavItems: PortalNavItem[] = [
  { href: "/portal", label: "Home", icon: "home", phone: true },
  { href: "/portal/bills", label: "Bills", icon: "bills", phone: true },
  { href: "/portal/usage", label: "Usage", icon: "usage", phone: true },
  { href: "/portal/speed-test", label: "Speed test", icon: "speed", phone: false },
  { href: "/portal/tickets", label: "Support", icon: "support", phone: true },
  { href: "/portal/profile", label: "Profile", icon: "profile", phone: true },
];

export const isCurrentSection = (pathname: string, href: string) =>
  href === "/portal" ? pathname === "/portal" : pathname === href || pathname.startsWith(`${href}/`);
