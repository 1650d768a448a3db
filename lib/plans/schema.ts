import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { billingCycles, planTypes, queueModes } from "@/lib/plans/values";
import { quotaActions, quotaDirections } from "@/lib/quotas/values";
export { billingCycles, planTypes, queueModes } from "@/lib/plans/values";

export const servicePlans = pgTable(
  "service_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: planTypes }).notNull(),
    downloadKbps: integer("download_kbps").notNull(),
    uploadKbps: integer("upload_kbps").notNull(),
    burstDownloadKbps: integer("burst_download_kbps"),
    burstUploadKbps: integer("burst_upload_kbps"),
    burstThresholdDownloadKbps: integer("burst_threshold_download_kbps"),
    burstThresholdUploadKbps: integer("burst_threshold_upload_kbps"),
    burstTimeSeconds: integer("burst_time_seconds"),
    queueMode: text("queue_mode", { enum: queueModes }).notNull().default("profile"),
    /** Name of the router's IP pool for remote addresses (PPP `remote-address`, hotspot `address-pool`). */
    addressPool: text("address_pool"),
    /** Hotspot: how many devices may log in with one account at once. */
    sharedUsers: integer("shared_users").notNull().default(1),
    priceCentavos: bigint("price_centavos", { mode: "number" }).notNull(),
    taxInclusive: boolean("tax_inclusive").notNull().default(true),
    /** A tax class (lib/billing/schema.ts `tax_classes`); null = the tenant's VAT rate. */
    taxClassId: uuid("tax_class_id"),
    billingCycle: text("billing_cycle", { enum: billingCycles }).notNull().default("monthly"),
    /** Fair-use quota per billing cycle in bytes; null = unlimited. lib/quotas counts usage against it and enforces the action. */
    quotaBytes: bigint("quota_bytes", { mode: "number" }),
    quotaDirection: text("quota_direction", { enum: quotaDirections }).notNull().default("total"),
    quotaAction: text("quota_action", { enum: quotaActions }).notNull().default("throttle"),
    /** "throttle": the router rate-limit at the cap ("upload/download", e.g. "2M/2M"). */
    quotaThrottleRate: text("quota_throttle_rate"),
    /** "profile": the router's PPP or hotspot profile (one the ISP made) subscribers move to at the cap. */
    quotaProfile: text("quota_profile"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("service_plans_tenant_name_idx").on(t.tenantId, t.name), index("service_plans_tenant_idx").on(t.tenantId)],
);

export type ServicePlan = typeof servicePlans.$inferSelect;
