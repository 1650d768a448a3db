import { sql } from "drizzle-orm";
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { customers } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { subscriptionStatuses } from "@/lib/subscriptions/values";
export { subscriptionStatuses, type SubscriptionStatus } from "@/lib/subscriptions/values";

export const provisionStates = ["pending", "synced", "conflict", "error", "not_applicable"] as const;
export type ProvisionState = (typeof provisionStates)[number];

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    planId: uuid("plan_id")
      .notNull()
      .references(() => servicePlans.id),
    routerId: uuid("router_id").references(() => routers.id, { onDelete: "set null" }),
    username: text("username").notNull(),
    /** AES-256-GCM envelope; the PPPoE/hotspot password is shown only on explicit reveal. */
    passwordEncrypted: text("password_encrypted").notNull(),
    staticIp: text("static_ip"),
    macAddress: text("mac_address"),
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    suspendedReason: text("suspended_reason"),
    /** Why it is suspended: billing's dunning reactivates `nonpayment` suspensions by itself once paid, never manual ones. */
    suspensionSource: text("suspension_source", { enum: ["manual", "nonpayment"] }),
    /** Prepaid bills a period at its start, postpaid at its end; null = the tenant's default. */
    billingMode: text("billing_mode", { enum: ["prepaid", "postpaid"] }),
    /** Last day already invoiced (inclusive); null = never billed. The billing run starts the next period after it. */
    billedThrough: date("billed_through"),
    /** Last day of service for a terminated subscription (its last period is prorated). */
    endDate: date("end_date"),
    /** Where the router stands against this row: set by the reconciler, shown on the customer's page. */
    provisionState: text("provision_state", { enum: provisionStates }).notNull().default("pending"),
    provisionError: text("provision_error"),
    provisionedAt: timestamp("provisioned_at", { withTimezone: true }),
    startDate: date("start_date").notNull(),
    status: text("status", { enum: subscriptionStatuses }).notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("subscriptions_tenant_username_idx").on(t.tenantId, t.username),
    index("subscriptions_customer_idx").on(t.customerId),
    // With the customer: the customer list's plan and router filters read the matching customers from the index alone
    index("subscriptions_tenant_plan_idx").on(t.tenantId, t.planId, t.customerId),
    index("subscriptions_tenant_router_idx").on(t.tenantId, t.routerId, t.customerId),
  ],
);

export type Subscription = typeof subscriptions.$inferSelect;

/**
 * Days without service: a suspension from `fromDate` (its first day without service) until `untilDate` (the first
 * day with service again; null while it lasts). Written only by the lifecycle (lib/subscriptions/lifecycle.ts);
 * billing reads them to leave suspended days out of what it invoices, whatever the billing mode.
 */
export const subscriptionPauses = pgTable(
  "subscription_pauses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    fromDate: date("from_date").notNull(),
    untilDate: date("until_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("subscription_pauses_subscription_idx").on(t.subscriptionId, t.fromDate),
    // At most one open pause per subscription: a second suspend of a suspended subscription is refused upstream.
    uniqueIndex("subscription_pauses_open_idx")
      .on(t.subscriptionId)
      .where(sql`${t.untilDate} is null`),
  ],
);

export type SubscriptionPause = typeof subscriptionPauses.$inferSelect;
