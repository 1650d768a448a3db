import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
});

export const onboardingSteps = ["business", "tax", "routers", "plans", "import", "done"] as const;
export type OnboardingStep = (typeof onboardingSteps)[number];

export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
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
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
