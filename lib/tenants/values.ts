/** Tenant settings' option lists without Drizzle or zod, for client components; rules.ts builds its schemas from them and re-exports them. */
export const currencies = ["PHP", "USD", "IDR", "MYR", "THB", "VND", "SGD"] as const;

/** A tenant is an ISP, or the one platform tenant: NetSphere itself, whose customers are the ISPs (lib/tenants/platform-tenant.ts). */
export const tenantKinds = ["isp", "platform"] as const;
export type TenantKind = (typeof tenantKinds)[number];

/** How often an ISP pays for its NetSphere plan (each NetSphere plan has a monthly and a yearly price). */
export const netsphereCycles = ["monthly", "yearly"] as const;
export type NetsphereCycle = (typeof netsphereCycles)[number];
export const netsphereCycleLabels: Record<NetsphereCycle, string> = { monthly: "Monthly", yearly: "Yearly" };

/**
 * Where an ISP stands with NetSphere's own billing: on trial, paid up, an invoice past due, read-only (an invoice
 * overdue too long: staff can sign in, look and pay, not change anything), or suspended by the operator.
 */
export const platformStandings = ["trial", "active", "past_due", "read_only", "suspended"] as const;
export type PlatformStanding = (typeof platformStandings)[number];
export const platformStandingLabels: Record<PlatformStanding, string> = {
  trial: "Trial",
  active: "Active",
  past_due: "Past due",
  read_only: "Read-only",
  suspended: "Suspended",
};
