import { boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { routers } from "@/lib/routers/schema";
import { linkMedia, linkSources } from "./values";
import { ts, tenantRef } from "@/lib/db/columns";
export * from "./values";

/** A router's own (non-dynamic) interfaces as the last poll saw them: their MACs tell which neighbour is which router. */
export const routerPorts = pgTable(
  "router_ports",
  {
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type").notNull().default(""),
    macAddress: text("mac_address"),
    running: boolean("running").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    linkDowns: integer("link_downs").notNull().default(0),
    seenAt: ts("seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.name] }), index("router_ports_mac_idx").on(t.tenantId, t.macAddress)],
);

/** What `/ip/neighbor` said on the last poll (MNDP, LLDP, CDP); `neighbor_router_id` when it is one of our routers. */
export const routerNeighbors = pgTable(
  "router_neighbors",
  {
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    interface: text("interface").notNull(),
    macAddress: text("mac_address").notNull(),
    identity: text("identity").notNull().default(""),
    address: text("address").notNull().default(""),
    platform: text("platform").notNull().default(""),
    board: text("board").notNull().default(""),
    version: text("version").notNull().default(""),
    discoveredBy: text("discovered_by").notNull().default(""),
    neighborRouterId: uuid("neighbor_router_id").references(() => routers.id, { onDelete: "set null" }),
    neighborInterface: text("neighbor_interface"),
    firstSeenAt: ts("first_seen_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.interface, t.macAddress] }), index("router_neighbors_tenant_idx").on(t.tenantId)],
);

/**
 * A link between two of the ISP's routers: discovered (both ends see each other) or drawn by hand
 * (fibre, wireless PtP, leased line) with its capacity. Stored with the ends in id order, once.
 */
export const networkLinks = pgTable(
  "network_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    aRouterId: uuid("a_router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    aInterface: text("a_interface").notNull().default(""),
    bRouterId: uuid("b_router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    bInterface: text("b_interface").notNull().default(""),
    medium: text("medium", { enum: linkMedia }).notNull().default("ethernet"),
    source: text("source", { enum: linkSources }).notNull(),
    capacityMbps: integer("capacity_mbps"),
    label: text("label").notNull().default(""),
    lastSeenAt: ts("last_seen_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("network_links_ends_idx").on(t.tenantId, t.aRouterId, t.aInterface, t.bRouterId, t.bInterface),
    index("network_links_b_idx").on(t.bRouterId),
  ],
);

/** Where staff pinned a router on the topology drawing (unpinned routers are placed by the force layout). */
export const topologyPositions = pgTable("topology_positions", {
  routerId: uuid("router_id")
    .primaryKey()
    .references(() => routers.id, { onDelete: "cascade" }),
  tenantId: tenantRef(),
  x: doublePrecision("x").notNull(),
  y: doublePrecision("y").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

export type RouterNeighbor = typeof routerNeighbors.$inferSelect;
export type NetworkLink = typeof networkLinks.$inferSelect;
