import { bigint, boolean, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { quotaActions, topUpSources, topUpStatuses } from "@/lib/quotas/values";
export { quotaActions, quotaDirections, topUpSources, topUpStatuses } from "@/lib/quotas/values";

/**
 * A subscription's traffic in one quota cycle (its billing period), added up from the poller's minute points by the
 * `quota-evaluate` job, and the notices and cap reached in that cycle. `downloadBytes` is what the subscriber
 * received (the router's tx toward them), `uploadBytes` what they sent. A new cycle starts a new row at zero.
 */
export const quotaUsage = pgTable(
  "quota_usage",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    cycleStart: date("cycle_start").notNull(),
    cycleEnd: date("cycle_end").notNull(),
    downloadBytes: bigint("download_bytes", { mode: "number" }).notNull().default(0),
    uploadBytes: bigint("upload_bytes", { mode: "number" }).notNull().default(0),
    warnedAt: timestamp("warned_at", { withTimezone: true }),
    cappedAt: timestamp("capped_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.cycleStart] }), index("quota_usage_tenant_cycle_idx").on(t.tenantId, t.cycleEnd)],
);

/** How far each ISP's minute points have been added into `quota_usage`: the next run adds the minutes after it. */
export const quotaWatermarks = pgTable("quota_watermarks", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  countedThrough: timestamp("counted_through", { withTimezone: true }).notNull(),
});

/**
 * A subscription held at its cap now: the reconciler reads these to apply the plan's action on the router (a slower
 * profile, another profile, or the isolation), so enforcement shows in the drift report like any other change.
 */
export const quotaEnforcements = pgTable(
  "quota_enforcements",
  {
    subscriptionId: uuid("subscription_id")
      .primaryKey()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    action: text("action", { enum: quotaActions }).notNull(),
    cycleStart: date("cycle_start").notNull(),
    since: timestamp("since", { withTimezone: true }).notNull(),
  },
  (t) => [index("quota_enforcements_tenant_idx").on(t.tenantId)],
);

/** What an ISP sells on top of a plan's quota: "10 GB for ₱99". */
export const quotaTopUpPacks = pgTable(
  "quota_top_up_packs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    priceCentavos: bigint("price_centavos", { mode: "number" }).notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quota_top_up_packs_tenant_name_idx").on(t.tenantId, t.name)],
);

/**
 * Extra data for one cycle of a subscription: bought in the portal (invoiced at once, or granted when paid online)
 * or given by staff. Only `granted` top-ups raise the cycle's allowance.
 */
export const quotaTopUps = pgTable(
  "quota_top_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    cycleStart: date("cycle_start").notNull(),
    packId: uuid("pack_id").references(() => quotaTopUpPacks.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    priceCentavos: bigint("price_centavos", { mode: "number" }).notNull().default(0),
    source: text("source", { enum: topUpSources }).notNull(),
    status: text("status", { enum: topUpStatuses }).notNull(),
    /** The invoice that charges it (billing's), when it was sold. */
    invoiceId: uuid("invoice_id"),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    grantedAt: timestamp("granted_at", { withTimezone: true }),
  },
  (t) => [index("quota_top_ups_subscription_idx").on(t.subscriptionId, t.cycleStart), index("quota_top_ups_invoice_idx").on(t.invoiceId)],
);

export type QuotaUsage = typeof quotaUsage.$inferSelect;
export type QuotaTopUp = typeof quotaTopUps.$inferSelect;
export type QuotaTopUpPack = typeof quotaTopUpPacks.$inferSelect;
