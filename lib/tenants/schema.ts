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
  importMapping: jsonb("import_mapping").$type<Record<string, string>>(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
