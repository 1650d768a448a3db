import { boolean, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { routerTransports } from "@/lib/routers/values";
export { routerTransports, type RouterTransport } from "@/lib/routers/values";

export const sites = pgTable(
  "sites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    address: text("address").notNull().default(""),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sites_tenant_name_idx").on(t.tenantId, t.name)],
);

export const routers = pgTable(
  "routers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    siteId: uuid("site_id").references(() => sites.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    host: text("host").notNull(),
    apiPort: integer("api_port").notNull().default(8728),
    useTls: boolean("use_tls").notNull().default(false),
    /** "api" = binary API (8728 / TLS 8729); "rest" = RouterOS v7 /rest over HTTPS with basic auth. */
    transport: text("transport", { enum: routerTransports }).notNull().default("api"),
    restPort: integer("rest_port").notNull().default(443),
    /** SHA-256 fingerprint of the router's certificate, pinned on first successful TLS connection (trust on first use). */
    tlsFingerprint: text("tls_fingerprint"),
    encoding: text("encoding", { enum: ["windows-1252", "utf-8"] })
      .notNull()
      .default("windows-1252"),
    username: text("username").notNull(),
    /** AES-256-GCM envelope from lib/core/crypto; never sent to the browser. */
    passwordEncrypted: text("password_encrypted").notNull(),
    status: text("status", { enum: ["unknown", "online", "offline", "degraded"] })
      .notNull()
      .default("unknown"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    /** The last poll that finished, reachable or not: what the health check's "oldest overdue poll" reads. */
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    lastError: text("last_error"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    /** Reconciler bookkeeping: consecutive failed runs drive the retry backoff. */
    reconcileFailures: integer("reconcile_failures").notNull().default(0),
    nextReconcileAt: timestamp("next_reconcile_at", { withTimezone: true }),
    lastReconciledAt: timestamp("last_reconciled_at", { withTimezone: true }),
    /** Where the device answers, normalised ("host:port" of its transport): one router record per device in the installation. */
    deviceKey: text("device_key"),
    /** The device's own identity once contacted: "serial:<routerboard serial>", or "software-id:<license id>" on CHR/x86. */
    deviceId: text("device_id"),
    /**
     * While NetSphere reaches the router through the ISP's WireGuard hub, its tunnel address: every connection goes
     * there instead of `host`. Set only by lib/tunnels (through `setRouterTunnelAddress`).
     */
    tunnelAddress: text("tunnel_address"),
    /** A router of the seeded demo, answered by the built-in simulator; never contacted when DEMO_ROUTERS=false. */
    demo: boolean("demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("routers_tenant_name_idx").on(t.tenantId, t.name),
    index("routers_tenant_idx").on(t.tenantId),
    // Across tenants on purpose: two records for one device reconcile each other's entries away.
    uniqueIndex("routers_device_key_idx").on(t.deviceKey),
    uniqueIndex("routers_device_id_idx").on(t.deviceId),
  ],
);

export type Router = typeof routers.$inferSelect;
