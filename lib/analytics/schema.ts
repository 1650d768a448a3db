import { bigint, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { routers } from "@/lib/routers/schema";
import { users } from "@/lib/auth/schema";
import { ts, tenantRef } from "@/lib/db/columns";
import { anomalyFeedbacks, anomalyKinds, anomalyMetrics, anomalyObjectKinds, anomalyStatuses } from "./values";

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

/*
 * Anomalies (anomaly/*.ts, the `anomaly-detect` job): each object's series is judged against its hour-of-week
 * baseline; what stands out is kept here, open while it lasts, with the staff's feedback, which tunes the object's
 * sensitivity. An object is an interface (`object_id` = its name), a router (its id) or a subscription (its id),
 * always on a router (`router_id`), as the rollups name them.
 */
export const analyticsAnomalies = pgTable(
  "analytics_anomalies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    objectKind: text("object_kind", { enum: anomalyObjectKinds }).notNull(),
    objectId: text("object_id").notNull(),
    metric: text("metric", { enum: anomalyMetrics }).notNull(),
    kind: text("kind", { enum: anomalyKinds }).notNull(),
    /** Below or above the usual level. */
    direction: text("direction", { enum: ["below", "above"] }).notNull(),
    startedAt: ts("started_at").notNull(),
    /** The last sample found out of band (so far, while open). */
    endedAt: ts("ended_at").notNull(),
    /** The largest robust z-score seen: how many spreads away from the usual level. */
    severity: doublePrecision("severity").notNull(),
    /** Means over its samples in the metric's unit (bits per second, percent, sessions); for one longer than a run's window, over the latest window's. */
    expected: doublePrecision("expected").notNull(),
    actual: doublePrecision("actual").notNull(),
    status: text("status", { enum: anomalyStatuses }).notNull().default("open"),
    feedback: text("feedback", { enum: anomalyFeedbacks }),
    feedbackBy: text("feedback_by").references(() => users.id, { onDelete: "set null" }),
    feedbackAt: ts("feedback_at"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("analytics_anomalies_object_start_idx").on(t.routerId, t.objectKind, t.objectId, t.metric, t.startedAt),
    index("analytics_anomalies_tenant_idx").on(t.tenantId, t.status, t.startedAt),
  ],
);

/** Each object's sensitivity, moved by feedback (1 = the default; higher finds smaller deviations). No row = 1. */
export const analyticsAnomalyTuning = pgTable(
  "analytics_anomaly_tuning",
  {
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    objectKind: text("object_kind", { enum: anomalyObjectKinds }).notNull(),
    objectId: text("object_id").notNull(),
    sensitivity: doublePrecision("sensitivity").notNull().default(1),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.routerId, t.objectKind, t.objectId] }), index("analytics_anomaly_tuning_tenant_idx").on(t.tenantId)],
);

/**
 * Each series' baseline as slot statistics (median, MAD and sample count per hour of the week, 168 each), rebuilt
 * from the rollups when older than a day, so a detection run reads one row per series instead of four weeks of points.
 */
export const analyticsAnomalyBaselines = pgTable(
  "analytics_anomaly_baselines",
  {
    tenantId: tenantRef(),
    routerId: uuid("router_id")
      .notNull()
      .references(() => routers.id, { onDelete: "cascade" }),
    objectKind: text("object_kind", { enum: anomalyObjectKinds }).notNull(),
    objectId: text("object_id").notNull(),
    metric: text("metric", { enum: anomalyMetrics }).notNull(),
    medians: doublePrecision("medians").array().notNull(),
    mads: doublePrecision("mads").array().notNull(),
    counts: integer("counts").array().notNull(),
    /**
     * The finished baseline (`baselineFromSlots`: fallbacks and the spread floor applied), per slot; -1 where nothing
     * is known. The hourly run reads only the slots of its window from these (a few of 168 for 100,000 subscribers)
     * instead of every slot's statistics. Null on a row built before they existed, until its next rebuild.
     */
    expectedMedians: doublePrecision("expected_medians").array(),
    expectedMads: doublePrecision("expected_mads").array(),
    computedAt: ts("computed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.routerId, t.objectKind, t.objectId, t.metric] }),
    index("analytics_anomaly_baselines_tenant_idx").on(t.tenantId, t.computedAt),
  ],
);

export type AnalyticsAnomaly = typeof analyticsAnomalies.$inferSelect;
