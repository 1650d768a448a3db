import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { netsphereCycles, platformStandings, tenantKinds } from "@/lib/tenants/values";
export { netsphereCycles, platformStandings, tenantKinds, type NetsphereCycle, type PlatformStanding, type TenantKind } from "@/lib/tenants/values";

/** NetSphere's own subscription plans (Blueprint §4); they cap what a tenant may create. */
export const saasPlans = pgTable("saas_plans", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  tier: text("tier", { enum: ["shared", "private"] }).notNull(),
  monthlyPriceCentavos: bigint("monthly_price_centavos", { mode: "number" }).notNull(),
  yearlyPriceCentavos: bigint("yearly_price_centavos", { mode: "number" }).notNull(),
  maxCustomers: integer("max_customers").notNull(),
  maxRouters: integer("max_routers").notNull(),
  features: jsonb("features").$type<string[]>().notNull().default([]),
  sortOrder: integer("sort_order").notNull(),
  /** The platform tenant's service plans that bill this plan monthly and yearly (set by lib/tenants/platform-tenant.ts). */
  monthlyServicePlanId: uuid("monthly_service_plan_id"),
  yearlyServicePlanId: uuid("yearly_service_plan_id"),
});

export const onboardingSteps = ["business", "tax", "routers", "plans", "import", "done"] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];

export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** "platform": NetSphere's own tenant, never listed as an ISP and never signed in to; there is at most one. */
    kind: text("kind", { enum: tenantKinds }).notNull().default("isp"),
    /** The ISP's short name in portal addresses (`/portal/<slug>`): lowercase letters, digits and dashes. */
    slug: text("slug").unique("tenants_slug_unique"),
    legalName: text("legal_name").notNull(),
    address: text("address").notNull().default(""),
    tin: text("tin").notNull().default(""),
    contactName: text("contact_name").notNull().default(""),
    contactPhone: text("contact_phone").notNull().default(""),
    email: text("email").notNull(),
    saasPlanId: text("saas_plan_id")
      .notNull()
      .references(() => saasPlans.id),
    status: text("status", { enum: ["active", "suspended"] })
      .notNull()
      .default("active"),
    currency: text("currency").notNull().default("PHP"),
    timezone: text("timezone").notNull().default("Asia/Manila"),
    vatRateBps: integer("vat_rate_bps").notNull().default(1200),
    taxInclusive: boolean("tax_inclusive").notNull().default(true),
    invoicePrefix: text("invoice_prefix").notNull().default("INV"),
    accountPrefix: text("account_prefix").notNull().default("ACC"),
    nextAccountSeq: integer("next_account_seq").notNull().default(1),
    onboardingStep: text("onboarding_step", { enum: onboardingSteps }).notNull().default("business"),
    /** Suspension on the router: move to the isolation profile, add to the address list, or both (ROUTEROS.md §5.2). */
    isolationMode: text("isolation_mode", { enum: ["profile", "address_list", "both"] })
      .notNull()
      .default("both"),
    isolationProfile: text("isolation_profile").notNull().default("netsphere-isolir"),
    isolationAddressList: text("isolation_address_list").notNull().default("netsphere-isolir"),
    isolationRateLimit: text("isolation_rate_limit").notNull().default("256k/256k"),
    /** Billing (issue settings → Billing): when periods start, prepaid or postpaid, terms and dunning. */
    billingAnchor: text("billing_anchor", { enum: ["anniversary", "billing_day"] })
      .notNull()
      .default("anniversary"),
    billingDay: integer("billing_day").notNull().default(1),
    billingMode: text("billing_mode", { enum: ["prepaid", "postpaid"] })
      .notNull()
      .default("prepaid"),
    paymentTermsDays: integer("payment_terms_days").notNull().default(7),
    reminderDaysBefore: integer("reminder_days_before").notNull().default(3),
    reminderDaysAfter: integer("reminder_days_after").notNull().default(2),
    suspendAfterDays: integer("suspend_after_days").notNull().default(5),
    lateFeeMode: text("late_fee_mode", { enum: ["none", "fixed", "percent"] })
      .notNull()
      .default("none"),
    lateFeeFixedCentavos: bigint("late_fee_fixed_centavos", { mode: "number" }).notNull().default(0),
    lateFeeBps: integer("late_fee_bps").notNull().default(0),
    lateFeeCapCentavos: bigint("late_fee_cap_centavos", { mode: "number" }),
    lateFeeGraceDays: integer("late_fee_grace_days").notNull().default(0),
    lateFeeRecurrence: text("late_fee_recurrence", { enum: ["once", "monthly"] })
      .notNull()
      .default("once"),
    receiptPrefix: text("receipt_prefix").notNull().default("OR"),
    creditNotePrefix: text("credit_note_prefix").notNull().default("CN"),
    /** Invoice and receipt branding. */
    brandColor: text("brand_color").notNull().default("#0f766e"),
    logoDataUrl: text("logo_data_url"),
    invoiceFooter: text("invoice_footer").notNull().default(""),
    invoiceNotes: text("invoice_notes").notNull().default(""),
    importMapping: jsonb("import_mapping").$type<Record<string, string>>(),
    /** Capacity planning: the share of a link's capacity or a router's CPU, in percent, the forecast plans to. */
    capacityThresholdPercent: integer("capacity_threshold_percent").notNull().default(80),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tenants_one_platform_idx")
      .on(t.kind)
      .where(sql`${t.kind} = 'platform'`),
    check("tenants_capacity_threshold_range", sql`${t.capacityThresholdPercent} between 50 and 100`),
  ],
);

export type Tenant = typeof tenants.$inferSelect;

/**
 * Domains an ISP attached to its subscriber portal (`portal.theirisp.ph`). A domain routes to the ISP only once
 * verified: a DNS TXT record `_netsphere.<host>` holding `verification_token` was found.
 */
export const tenantDomains = pgTable(
  "tenant_domains",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** Lowercase, no port, no trailing dot. */
    hostname: text("hostname").notNull(),
    verificationToken: text("verification_token").notNull(),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    lastError: text("last_error"),
    /** A verified domain whose TXT record a re-check found gone or changed: since when (null while it holds). */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tenant_domains_hostname_idx").on(t.hostname), index("tenant_domains_tenant_idx").on(t.tenantId)],
);

/**
 * An ISP as a customer of NetSphere: its customer and current subscription in the platform tenant (whose billing
 * engine invoices, reminds and takes payments), its trial and its standing. The standing is refreshed from the
 * platform tenant's invoices (lib/tenants/standing-service.ts) and read with the staff session.
 */
export const platformAccounts = pgTable(
  "platform_accounts",
  {
    /** The ISP. */
    tenantId: uuid("tenant_id")
      .primaryKey()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The ISP's customer row in the platform tenant. */
    customerId: uuid("customer_id").notNull(),
    /** Its current subscription there: the NetSphere plan it pays for (a new one after a monthly ↔ yearly switch). */
    subscriptionId: uuid("subscription_id").notNull(),
    billingCycle: text("billing_cycle", { enum: netsphereCycles }).notNull().default("monthly"),
    /** The first day billed: the trial runs until the day before. */
    trialEndsOn: date("trial_ends_on").notNull(),
    standing: text("standing", { enum: platformStandings }).notNull().default("trial"),
    standingSince: timestamp("standing_since", { withTimezone: true }).notNull().defaultNow(),
    /** The oldest overdue NetSphere invoice while past due or read-only. */
    overdueInvoiceId: uuid("overdue_invoice_id"),
    overdueInvoiceNumber: text("overdue_invoice_number"),
    overdueDueDate: date("overdue_due_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("platform_accounts_customer_idx").on(t.customerId), index("platform_accounts_standing_idx").on(t.standing)],
);

export type PlatformAccount = typeof platformAccounts.$inferSelect;
