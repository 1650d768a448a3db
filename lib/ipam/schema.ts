import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { routers, sites } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { ts, tenantRef } from "@/lib/db/columns";
import { addressSources, assignmentStatuses, prefixStatuses } from "./values";
export * from "./values";

/**
 * A block of addresses the ISP holds or uses (IPv4 or IPv6), in canonical form ("100.64.0.0/10"). Prefixes nest:
 * the tree is read from containment, so moving one never needs a parent to be rewritten.
 */
export const ipPrefixes = pgTable(
  "ip_prefixes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    prefix: text("prefix").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: prefixStatuses }).notNull().default("active"),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "set null" }),
    vlan: text("vlan").notNull().default(""),
    description: text("description").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("ip_prefixes_tenant_prefix_idx").on(t.tenantId, t.prefix)],
);

/**
 * A pool inside a prefix that addresses are handed out from: named as the routers' `/ip/pool` (and the plans'
 * address pool) is, with one range ("100.64.0.10-100.64.3.254"). Released addresses wait `quarantine_days` before
 * anyone else gets them, so a subscriber's old address does not reach a stranger the next day.
 */
export const ipPools = pgTable(
  "ip_pools",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    prefixId: uuid("prefix_id")
      .notNull()
      .references(() => ipPrefixes.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    range: text("range").notNull(),
    quarantineDays: integer("quarantine_days").notNull().default(30),
    description: text("description").notNull().default(""),
    /** The router whose `/ip/pool` carries this pool (the reconciler keeps it there); null = our records only. */
    routerId: uuid("router_id").references(() => routers.id, { onDelete: "set null" }),
    /** A static address from this pool is billed as an add-on: this much per month on the subscription's invoice. */
    monthlyFeeCentavos: bigint("monthly_fee_centavos", { mode: "number" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  // One name per prefix: routers often reuse a pool name ("pppoe-pool") with each router's own range.
  (t) => [uniqueIndex("ip_pools_prefix_name_idx").on(t.prefixId, t.name), index("ip_pools_tenant_idx").on(t.tenantId)],
);

/**
 * An address and who holds it: unique per ISP whatever its state, so two subscribers can never be given one
 * address, even while it is quarantined. `pool_id` is set when a pool's range holds it.
 */
export const ipAssignments = pgTable(
  "ip_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    address: text("address").notNull(),
    version: integer("version").notNull(),
    poolId: uuid("pool_id").references(() => ipPools.id, { onDelete: "set null" }),
    subscriptionId: uuid("subscription_id").references(() => subscriptions.id, { onDelete: "set null" }),
    status: text("status", { enum: assignmentStatuses }).notNull().default("assigned"),
    assignedAt: ts("assigned_at").notNull(),
    releasedAt: ts("released_at"),
    /** Quarantined: free for anyone from this instant. */
    quarantineUntil: ts("quarantine_until"),
  },
  (t) => [
    uniqueIndex("ip_assignments_tenant_address_idx").on(t.tenantId, t.address),
    index("ip_assignments_subscription_idx").on(t.subscriptionId),
    index("ip_assignments_pool_idx").on(t.poolId),
  ],
);

/**
 * Who used which address when, as the routers said (`/ppp/active` on every poll): a row opens when a session with
 * an address is first seen and closes when it is gone. Written only when something changes, read to answer "who
 * had 100.64.3.17 at 21:40 yesterday?" and to check what routers hand out against the assignments.
 */
export const addressSessions = pgTable(
  "address_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    /** What the router showed: a session or login (named subscriber), or a DHCP lease or ARP entry (a device). */
    source: text("source", { enum: addressSources }).notNull().default("ppp"),
    /** The subscriber: the session's or login's name, or the one whose recorded MAC the device has ("" if none). */
    username: text("username").notNull(),
    address: text("address").notNull(),
    /** The device: PPPoE caller id or the hotspot, lease or ARP entry's MAC address. */
    callerId: text("caller_id").notNull().default(""),
    /** The first poll that saw it, and the first that no longer did: each is at most one poll interval late. */
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
  },
  (t) => [
    index("address_sessions_tenant_address_idx").on(t.tenantId, t.address, t.startedAt),
    index("address_sessions_open_idx")
      .on(t.routerId)
      .where(sql`ended_at is null`),
    // Disconnects per hour (anomaly detection): an ISP's recent closes, and one subscriber's weeks of them.
    index("address_sessions_tenant_ended_idx")
      .on(t.tenantId, t.endedAt)
      .where(sql`ended_at is not null and source in ('ppp', 'hotspot')`),
    index("address_sessions_subscriber_ended_idx")
      .on(t.routerId, t.username, t.endedAt)
      .where(sql`ended_at is not null and source in ('ppp', 'hotspot')`),
  ],
);

export type IpPrefix = typeof ipPrefixes.$inferSelect;
export type IpPool = typeof ipPools.$inferSelect;
export type IpAssignment = typeof ipAssignments.$inferSelect;
