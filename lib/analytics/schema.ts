import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";

/**
 * Each subscriber's traffic over the periods the top-talkers page offers ("today", "7d", "30d", a month "2026-12"),
 * summed from the rollups every few minutes by the `analytics-refresh` job, so the page ranks 100,000 rows instead of
 * adding up millions. One row per subscriber and router (a subscriber who moved routers has two, as the rollups do).
 */
export const subscriberPeriodUsage = pgTable(
  "subscriber_period_usage",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    /** The subscription id, as the rollups name it. */
    subject: text("subject").notNull(),
    routerId: uuid("router_id").notNull(),
    downloadBytes: bigint("download_bytes", { mode: "number" }).notNull(),
    uploadBytes: bigint("upload_bytes", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.period, t.subject, t.routerId] })],
);

/** When each ISP's period sums were made and the span they cover: the page uses them only while they are recent. */
export const subscriberPeriodMarks = pgTable(
  "subscriber_period_marks",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    rangeFrom: timestamp("range_from", { withTimezone: true }).notNull(),
    rangeTo: timestamp("range_to", { withTimezone: true }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.period] }), index("subscriber_period_marks_computed_idx").on(t.computedAt)],
);
