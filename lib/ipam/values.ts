/* The IP address management vocabulary shared by the service, the forms and the pages: no Drizzle, no zod here. */

/** NetBox's prefix statuses: a container only holds other prefixes; active ones are in use; reserved are held back. */
export const prefixStatuses = ["container", "active", "reserved", "deprecated"] as const;
export type PrefixStatus = (typeof prefixStatuses)[number];
export const prefixStatusLabels: Record<PrefixStatus, string> = {
  container: "Container",
  active: "Active",
  reserved: "Reserved",
  deprecated: "Deprecated",
};

/** An address held by a subscription, or released and kept back for a while before anyone else gets it. */
export const assignmentStatuses = ["assigned", "quarantined"] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const addressSpaceLabels = { public: "Public", private: "Private", cgnat: "CGNAT (100.64.0.0/10)" } as const;

/**
 * Where a router showed an address in use: a PPP session (`/ppp/active`), a hotspot login (`/ip/hotspot/active`),
 * a DHCP lease it handed out (`/ip/dhcp-server/lease`, bound ones), or its ARP table (`/ip/arp`: static-IP customers
 * who never log in). The first two name the subscriber; the last two name a device (its MAC).
 */
export const addressSources = ["ppp", "hotspot", "dhcp", "arp"] as const;
export type AddressSource = (typeof addressSources)[number];
export const addressSourceLabels: Record<AddressSource, string> = {
  ppp: "PPP session",
  hotspot: "hotspot login",
  dhcp: "DHCP lease",
  arp: "ARP entry",
};
