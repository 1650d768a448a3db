/* Topology vocabulary for pages and the client: no Drizzle, no zod here. */

export const linkMedia = ["ethernet", "fibre", "wireless", "leased_line", "other"] as const;
export type LinkMedium = (typeof linkMedia)[number];
export const linkMediumLabels: Record<LinkMedium, string> = {
  ethernet: "Ethernet",
  fibre: "Fibre",
  wireless: "Wireless PtP",
  leased_line: "Leased line",
  other: "Other",
};

/** A link seen in both routers' neighbour tables, or one staff drew by hand. */
export const linkSources = ["discovered", "manual"] as const;
export type LinkSource = (typeof linkSources)[number];
