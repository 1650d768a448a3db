import type { Permission } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string; icon: string; permission: Permission; mobile?: boolean; shortcut?: string };

/** One list drives the sidebar, the phone bottom bar and the command palette. */
export const navItems: NavItem[] = [
  { href: "/dashboard", label: "Dashboard", icon: "gauge", permission: "dashboard:view", mobile: true, shortcut: "g d" },
  { href: "/customers", label: "Customers", icon: "users", permission: "customers:view", mobile: true, shortcut: "g c" },
  { href: "/field", label: "My jobs", icon: "wrench", permission: "fieldwork:use", mobile: true, shortcut: "g j" },
  { href: "/tickets", label: "Tickets", icon: "lifebuoy", permission: "tickets:view", mobile: true, shortcut: "g t" },
  { href: "/leads", label: "Leads", icon: "funnel", permission: "leads:view", mobile: true, shortcut: "g l" },
  { href: "/billing", label: "Billing", icon: "receipt", permission: "billing:view", shortcut: "g b" },
  { href: "/finance", label: "Finance", icon: "chart", permission: "reports:finance", shortcut: "g f" },
  { href: "/reports", label: "Reports", icon: "scroll", permission: "reports:build" },
  { href: "/plans", label: "Service plans", icon: "layers", permission: "plans:view", shortcut: "g p" },
  { href: "/network", label: "Network", icon: "activity", permission: "network:view", shortcut: "g n" },
  { href: "/routers", label: "Routers", icon: "router", permission: "routers:view", shortcut: "g r" },
  { href: "/import", label: "Import customers", icon: "upload", permission: "customers:import" },
  { href: "/staff", label: "Staff", icon: "shield", permission: "staff:view" },
  { href: "/audit", label: "Audit log", icon: "scroll", permission: "audit:view" },
  { href: "/mailbox", label: "Dev mailbox", icon: "mail", permission: "mailbox:view" },
  { href: "/settings", label: "Settings", icon: "settings", permission: "settings:view", shortcut: "g s" },
];
