import type { StaffRole } from "@/lib/auth/values";

/** Every permission an action or route can require. Add here first, then grant below. */
export const permissions = [
  "dashboard:view",
  "customers:view",
  "customers:write",
  "customers:bulk",
  "customers:export",
  "customers:import",
  "leads:view",
  "leads:write",
  "subscriptions:write",
  "subscriptions:reveal_password",
  /** Start a pending subscription's service (the installation is done): pending → active. */
  "subscriptions:activate",
  "plans:view",
  "plans:write",
  "routers:view",
  "routers:write",
  /** Read-only diagnostics through the allowlisted proxy: ping, active sessions, interfaces, traffic monitor. */
  "network:diagnose",
  /** Disconnect a live PPPoE/hotspot session so new settings apply. */
  "network:kick",
  /** Reconcile routers (dry run and apply), read drift reports, adopt accounts from a router. */
  "network:reconcile",
  "subscriptions:suspend",
  "hotspot:write",
  "queues:write",
  "settings:view",
  "settings:write",
  "staff:view",
  "staff:write",
  "audit:view",
  "mailbox:view",
  "billing:plan",
  /** Invoices, payments, credit notes and the customer's ledger (read). */
  "billing:view",
  /** Issue manual invoices, void invoices, issue credit notes, redeem promo codes. */
  "billing:write",
  "payments:record",
  "payments:refund",
  /** Start a billing run (with preview) and see runs. */
  "billing:run",
  "billing:waive_late_fee",
  /** Billing settings, tax classes, promo codes, invoice template, payment gateway keys. */
  "billing:settings",
  /** The financial dashboard and tax report, with CSV export. */
  "reports:finance",
  /** See tickets and their SLA state. */
  "tickets:view",
  /** Open tickets, reply, add internal notes and attachments, move them through the workflow. */
  "tickets:write",
  /** Assign tickets to an agent or technician and plan field visits. */
  "tickets:assign",
  /** SLA policies, business hours and holidays. */
  "sla:settings",
  /** The SLA report (met/breached by priority, agent, month). */
  "reports:sla",
  /** The report builder: build, preview, save, export and schedule reports on the datasets the role may read. */
  "reports:build",
  /** The technician's phone view: today's jobs, live status, work logs. */
  "fieldwork:use",
  /** Re-provision an account, reset its PPPoE password, change its MAC binding (each audited). */
  "network:reprovision",
  /** Customer documents (contracts, IDs, installation photos). */
  "documents:view",
  "documents:write",
  "documents:delete",
  /** Manual entries in a customer's communication log (calls, visits, chats). */
  "communications:write",
  /** Channel providers, message templates. */
  "notifications:settings",
  /** The outbox and its dead letters: see, retry, discard. */
  "notifications:outbox",
  /** Invite a subscriber to the portal, send them a password reset. */
  "portal:manage",
  /** The network operations pages: status, incidents, topology and the map. */
  "network:view",
  /** Acknowledge, assign, comment on and resolve incidents; send outage notices and all-clears. */
  "incidents:manage",
  /** Alert rules, who is on call, maintenance windows, manual links and sites on the topology. */
  "alerts:settings",
  /** API keys for the public REST API and outgoing webhook endpoints (owner and admin). */
  "integrations:manage",
  /** The subscriber portal's address: its short name and custom domains, and the brand the staff app shows. */
  "branding:settings",
  /** The at-risk subscribers list (churn risk) and its check-in messages. */
  "customers:retention",
] as const;

export type Permission = (typeof permissions)[number];

const all = new Set<Permission>(permissions);
const without = (...denied: Permission[]) => new Set([...all].filter((p) => !denied.includes(p)));

/** The one table mapping roles to permissions. */
export const rolePermissions: Record<StaffRole, ReadonlySet<Permission>> = {
  owner: all,
  admin: without("billing:plan"),
  billing: new Set<Permission>([
    "dashboard:view",
    "customers:view",
    "customers:write",
    "customers:export",
    "leads:view",
    "subscriptions:write",
    "subscriptions:activate",
    "subscriptions:suspend",
    "plans:view",
    "routers:view",
    "settings:view",
    "billing:view",
    "billing:write",
    "payments:record",
    "payments:refund",
    "billing:run",
    "billing:waive_late_fee",
    "billing:settings",
    "reports:finance",
    "reports:build",
    "tickets:view",
    "tickets:write",
    "documents:view",
    "communications:write",
    "portal:manage",
    "network:view",
    "customers:retention",
  ]),
  support: new Set<Permission>([
    "dashboard:view",
    "customers:view",
    "customers:write",
    "customers:bulk",
    "customers:export",
    "leads:view",
    "leads:write",
    "subscriptions:write",
    "subscriptions:reveal_password",
    "subscriptions:activate",
    "subscriptions:suspend",
    "plans:view",
    "routers:view",
    "network:diagnose",
    "network:kick",
    "network:reconcile",
    "hotspot:write",
    "billing:view",
    "tickets:view",
    "tickets:write",
    "tickets:assign",
    "reports:sla",
    "reports:build",
    "network:reprovision",
    "documents:view",
    "documents:write",
    "communications:write",
    "portal:manage",
    "network:view",
    "incidents:manage",
    "customers:retention",
  ]),
  technician: new Set<Permission>([
    "dashboard:view",
    "customers:view",
    "leads:view",
    "subscriptions:reveal_password",
    "subscriptions:activate",
    "plans:view",
    "routers:view",
    "network:diagnose",
    "network:kick",
    "network:reprovision",
    "tickets:view",
    "tickets:write",
    "fieldwork:use",
    "documents:view",
    "documents:write",
    "communications:write",
    "network:view",
    "incidents:manage",
  ]),
};

export function can(role: StaffRole | null | undefined, permission: Permission): boolean {
  return !!role && rolePermissions[role].has(permission);
}

/** Roles that must enrol two-factor authentication before reaching the dashboard. */
export const rolesRequiring2fa: readonly StaffRole[] = ["owner", "admin"];

export const roleLabels: Record<StaffRole, string> = {
  owner: "Owner",
  admin: "Admin",
  billing: "Billing",
  support: "Support",
  technician: "Technician",
};
