import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { users } from "@/lib/auth/schema";
import { customerStatuses, leadStages } from "@/lib/customers/values";
import { ts } from "@/lib/db/columns";
export { customerStatuses, leadStages, type CustomerStatus, type LeadStage } from "@/lib/customers/values";

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    accountNumber: text("account_number").notNull(),
    name: text("name").notNull(),
    phone: text("phone").notNull().default(""),
    altPhone: text("alt_phone").notNull().default(""),
    email: text("email").notNull().default(""),
    serviceAddress: text("service_address").notNull().default(""),
    barangay: text("barangay").notNull().default(""),
    city: text("city").notNull().default(""),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    tags: text("tags")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    notes: text("notes").notNull().default(""),
    status: text("status", { enum: customerStatuses }).notNull().default("active"),
    /** VAT-exempt customers (e.g. senior citizens' own accounts, PEZA locators) with the reason shown on invoices. */
    taxExempt: boolean("tax_exempt").notNull().default(false),
    taxExemptReason: text("tax_exempt_reason").notNull().default(""),
    /** BIR Taxpayer Identification Number (`123-456-789-000`), printed on the customer's invoices; optional. */
    tin: text("tin").notNull().default(""),
    /** What the customer owes (negative = credit); a cache of the billing ledger, see lib/billing/ledger.ts. */
    balanceCentavos: bigint("balance_centavos", { mode: "number" }).notNull().default(0),
    /** Lower-cased name, account, phones, email, address and subscription usernames; trigram-indexed. */
    searchText: text("search_text").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("customers_tenant_account_idx").on(t.tenantId, t.accountNumber),
    // Every sort ends with the id: with it in the index a deep page's ids are read from the index alone
    index("customers_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("customers_tenant_name_idx").on(t.tenantId, t.name, t.id),
    // status and city sorts break ties by name then id; these serve deep pages of those sorts
    index("customers_tenant_status_idx").on(t.tenantId, t.status, t.name, t.id),
    index("customers_tenant_city_idx").on(t.tenantId, t.city, t.name, t.id),
    index("customers_tenant_email_idx").on(t.tenantId, t.email),
    // Tenant first (btree_gin): a search reads only its ISP's entries; with every ISP in one trigram index a
    // common name matched ten times its ISP's rows, each fetched from the table and thrown away.
    index("customers_tenant_search_trgm_idx").using("gin", t.tenantId, sql`${t.searchText} gin_trgm_ops`),
    index("customers_tags_idx").using("gin", t.tags),
  ],
);

export type Customer = typeof customers.$inferSelect;

export const leads = pgTable(
  "leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    serviceAddress: text("service_address").notNull().default(""),
    barangay: text("barangay").notNull().default(""),
    city: text("city").notNull().default(""),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    source: text("source").notNull().default(""),
    stage: text("stage", { enum: leadStages }).notNull().default("new"),
    notes: text("notes").notNull().default(""),
    lostReason: text("lost_reason"),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    assignedTo: text("assigned_to").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("leads_tenant_stage_idx").on(t.tenantId, t.stage)],
);

export type Lead = typeof leads.$inferSelect;
