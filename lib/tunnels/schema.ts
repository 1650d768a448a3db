/*
 * The WireGuard hub routers behind NAT dial into, and one peer per router. The hub is a Linux host beside the worker
 * (docs/DEPLOY.md, D. The WireGuard hub); these rows are its configuration (`npm run tunnels:config`) and the
 * routers' paste-in scripts. Private keys are encrypted at rest (lib/core/crypto) and never reach the browser: the
 * router's own is generated here only so its script is complete, and shown once asked for (audited).
 */
import { sql } from "drizzle-orm";
import { boolean, bigint, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { routers } from "@/lib/routers/schema";
import { tenantRef, ts } from "@/lib/db/columns";

/** One hub per ISP: where routers reach it and the prefix their tunnel addresses come from. */
export const tunnelHubs = pgTable(
  "tunnel_hubs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** The hub's public host name or address, as routers dial it (typed by the ISP). */
    endpointHost: text("endpoint_host").notNull(),
    endpointPort: integer("endpoint_port").notNull().default(51820),
    /** The tunnel prefix in canonical form (10.99.0.0/24); the hub holds its first usable address. */
    prefix: text("prefix").notNull(),
    publicKey: text("public_key").notNull(),
    /** The hub's private key, encrypted (lib/core/crypto). */
    privateKeyEncrypted: text("private_key_encrypted").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tunnel_hubs_tenant_idx").on(t.tenantId)],
);

/** A router's end of the tunnel: its keys and address in the hub's prefix. */
export const tunnelPeers = pgTable(
  "tunnel_peers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    hubId: uuid("hub_id")
      .notNull()
      .references(() => tunnelHubs.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    publicKey: text("public_key").notNull(),
    /** The router's private key, generated here for its script, encrypted (lib/core/crypto). */
    privateKeyEncrypted: text("private_key_encrypted").notNull(),
    /** The router's tunnel address (no length: the hub's prefix gives it). */
    address: text("address").notNull(),
    /** What the hub routes to this peer besides its address (CIDR list), for networks behind the router later. */
    allowedIps: text("allowed_ips")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The app reaches the router at its tunnel address instead of its host. */
    connectThroughTunnel: boolean("connect_through_tunnel").notNull().default(false),
    /** Read from the hub (`wg show dump`) by a later job. */
    lastHandshakeAt: ts("last_handshake_at"),
    rxBytes: bigint("rx_bytes", { mode: "number" }),
    txBytes: bigint("tx_bytes", { mode: "number" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tunnel_peers_router_idx").on(t.routerId),
    // Why unique: two routers given the same tunnel address would both be unreachable.
    uniqueIndex("tunnel_peers_hub_address_idx").on(t.hubId, t.address),
    index("tunnel_peers_tenant_idx").on(t.tenantId),
  ],
);
