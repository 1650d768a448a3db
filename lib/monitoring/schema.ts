import { bigint, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { routers } from "@/lib/routers/schema";

export const trafficSubjects = ["interface", "subscription"] as const;
export const trafficResolutions = ["1m", "5m", "1h", "1d"] as const;
export type TrafficResolution = (typeof trafficResolutions)[number];

/**
 * Byte counts per interface or subscriber, bucketed at 1 minute, rolled up to 1 hour and 1 day (interfaces also to
 * 5 minutes, the samples of a 95th percentile). `subject` is the interface name or the subscription id; the max
 * columns keep the peak rate inside a bucket. `resolution` is plain text (no CHECK), so a new value needs no migration.
 */
export const trafficPoints = pgTable(
  "traffic_points",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    subjectType: text("subject_type", { enum: trafficSubjects }).notNull(),
    subject: text("subject").notNull(),
    resolution: text("resolution", { enum: trafficResolutions }).notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    rxBytes: bigint("rx_bytes", { mode: "number" }).notNull().default(0),
    txBytes: bigint("tx_bytes", { mode: "number" }).notNull().default(0),
    rxMaxBps: bigint("rx_max_bps", { mode: "number" }).notNull().default(0),
    txMaxBps: bigint("tx_max_bps", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.routerId, t.subjectType, t.subject, t.resolution, t.bucket] }),
    index("traffic_points_tenant_bucket_idx").on(t.tenantId, t.resolution, t.bucket),
  ],
);

/** The last counter reading per subject, so the next poll can turn counters into deltas (and notice resets). */
export const trafficCounters = pgTable(
  "traffic_counters",
  {
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    subjectType: text("subject_type", { enum: trafficSubjects }).notNull(),
    subject: text("subject").notNull(),
    /** Counters are 64-bit on the router; kept as decimal strings to stay exact above 2^53. */
    rxCounter: text("rx_counter").notNull(),
    txCounter: text("tx_counter").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.subjectType, t.subject] })],
);

/** Router health at each poll: CPU, memory, uptime, temperature and voltage, PPPoE sessions. */
export const routerHealth = pgTable(
  "router_health",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull(),
    cpuLoad: integer("cpu_load").notNull(),
    freeMemory: bigint("free_memory", { mode: "number" }).notNull(),
    totalMemory: bigint("total_memory", { mode: "number" }).notNull(),
    uptimeSeconds: integer("uptime_seconds").notNull(),
    /** Board temperature (°C) and supply voltage, where the board reports them (not on CHR). */
    temperature: doublePrecision("temperature"),
    voltage: doublePrecision("voltage"),
    /** PPPoE sessions up at this poll: a sudden drop is a mass disconnect. */
    pppoeSessions: integer("pppoe_sessions"),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.at] })],
);

/**
 * Each interface's 5-minute samples of one month (in its ISP's time zone), kept as what a 95th percentile needs: how
 * many samples there were and the largest few hundred (rx and tx, largest first). The 95th percentile drops the top
 * 5 % and never needs more than a month's 5 % + 1 of them (447 for 31 days), so a month's figure reads these rows
 * instead of sorting 8,640 samples per interface; merged by the rollup as samples become final (percentile-months.ts).
 */
export const interfacePercentileMonths = pgTable(
  "interface_percentile_months",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    /** "2026-12": the ISP's local month. */
    month: text("month").notNull(),
    samples: integer("samples").notNull(),
    rxTop: bigint("rx_top", { mode: "number" }).array().notNull(),
    txTop: bigint("tx_top", { mode: "number" }).array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.subject, t.month] }), index("interface_percentile_months_tenant_idx").on(t.tenantId, t.month)],
);

/** How far the 5-minute samples have been merged into `interface_percentile_months` (one row; jobs only). */
export const percentileMergeMarks = pgTable("percentile_merge_marks", {
  id: integer("id").primaryKey().default(1),
  mergedThrough: timestamp("merged_through", { withTimezone: true }).notNull(),
});
