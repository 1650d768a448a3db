import type { StaffRole } from "@/lib/auth/schema";

/** One line per role, shown where a role is chosen. */
export const roleDescriptions: Record<StaffRole, string> = {
  owner: "Everything, including the NetSphere plan and other owners. Must use two-factor authentication.",
  admin: "Everything except the NetSphere plan; manages staff. Must use two-factor authentication.",
  billing: "Customers and subscriptions; reads leads, plans, routers and settings.",
  support: "Customers, leads and subscriptions; can reveal PPPoE passwords.",
  technician: "Reads customers, plans and routers; can reveal PPPoE passwords for installs.",
};
