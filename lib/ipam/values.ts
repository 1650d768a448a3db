/* The IP address management vocabulary shared by the service, the forms and the pages: no Drizzle, no zod here. */

/** NetBox's prefix statuses: a container only holds other prefixes; active ones are in use; reserved are held back. */
export const prefixStatuses = ["container", "active", "reserved", "deprecated"] as const;
export type PrefixStatus = (typeof prefixStatuses)[number];
export const prefixStatusLabels: Record<PrefixStatus, string> = { container: "Container", active: "Active", reserved: "Reserved", deprecated: "Deprecated" };

/** An address held by a subscription, or released and kept back for a while before anyone else gets it. */
export const assignmentStatuses = ["assigned", "quarantined"] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const addressSpaceLabels = { public: "Public", private: "Private", cgnat: "CGNAT (100.64.0.0/10)" } as const;
