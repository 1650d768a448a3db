/*
 * Billing tables. Money is integer centavos (`bigint`), tax rates are basis points (1200 = 12%), dates of
 * service are calendar dates in the tenant's time zone. The ledger is invoices (+), payments (−), refunds
 * (+) and credit notes (−); `customers.balance_centavos` and `invoices.amount_paid_centavos` are caches of
 * it, maintained in the same transaction as every change and re-derivable from scratch (see ledger.ts).
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { paymentMethods } from "@/lib/billing/values";
import { ts, tenantRef } from "@/lib/db/columns";
export { paymentMethods, type PaymentMethod } from "@/lib/billing/values";

const money = (name: string) => bigint(name, { mode: "number" });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const invoiceStatuses = ["open", "paid", "void"] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export const invoiceKinds = ["recurring", "adjustment", "manual"] as const;
export const lineKinds = ["service", "proration_credit", "proration_charge", "discount", "late_fee", "other"] as const;
export type LineKind = (typeof lineKinds)[number];
export const gateways = ["manual", "stripe", "paypal", "paymongo", "xendit"] as const;
export type Gateway = (typeof gateways)[number];
export const documentKinds = ["invoice", "receipt", "credit_note"] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** Gap-free numbers per tenant, kind and year: the row is locked and bumped in the document's own transaction. */
export const documentSequences = pgTable(
  "document_sequences",
  {
    tenantId: tenantRef(),
    kind: text("kind", { enum: documentKinds }).notNull(),
    year: integer("year").notNull(),
    nextValue: integer("next_value").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.year] })],
);

/** VAT classes a plan can name (standard 12%, zero-rated, exempt); a plan without one uses the tenant's VAT rate. */
export const taxClasses = pgTable(
  "tax_classes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    name: text("name").notNull(),
    rateBps: integer("rate_bps").notNull(),
    /** Exempt sales are reported apart from zero-rated VATable sales on the invoice and the tax report. */
    exempt: boolean("exempt").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("tax_classes_tenant_name_idx").on(t.tenantId, t.name)],
);

export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** `INV-2026-000123`: prefix from settings, gap-free per tenant and year. */
    number: text("number").notNull(),
    kind: text("kind", { enum: invoiceKinds }).notNull().default("recurring"),
    status: text("status", { enum: invoiceStatuses }).notNull().default("open"),
    currency: text("currency").notNull(),
    issueDate: date("issue_date").notNull(),
    dueDate: date("due_date").notNull(),
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    /** Net of VAT: VATable (incl. zero-rated) and exempt sales, the VAT, and the total owed. */
    vatableCentavos: money("vatable_centavos").notNull().default(0),
    /** Sales taxed at 0 % (not exempt), shown apart from VATable sales as BIR invoices require. */
    zeroRatedCentavos: money("zero_rated_centavos").notNull().default(0),
    exemptCentavos: money("exempt_centavos").notNull().default(0),
    taxCentavos: money("tax_centavos").notNull().default(0),
    totalCentavos: money("total_centavos").notNull(),
    /** Payments and credit notes allocated to it; `paid` when it reaches the total. */
    amountPaidCentavos: money("amount_paid_centavos").notNull().default(0),
    notes: text("notes").notNull().default(""),
    billingRunId: uuid("billing_run_id"),
    voidedAt: ts("voided_at"),
    voidReason: text("void_reason"),
    paidAt: ts("paid_at"),
    emailedAt: ts("emailed_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invoices_tenant_number_idx").on(t.tenantId, t.number),
    index("invoices_customer_idx").on(t.customerId, t.issueDate),
    index("invoices_tenant_status_due_idx").on(t.tenantId, t.status, t.dueDate),
    index("invoices_tenant_issue_idx").on(t.tenantId, t.issueDate),
  ],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    subscriptionId: uuid("subscription_id").references(() => subscriptions.id, { onDelete: "set null" }),
    planId: uuid("plan_id").references(() => servicePlans.id, { onDelete: "set null" }),
    kind: text("kind", { enum: lineKinds }).notNull(),
    description: text("description").notNull(),
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    /** What the line costs as priced (VAT-inclusive or not, as `taxInclusive` says); negative for credits and discounts. */
    amountCentavos: money("amount_centavos").notNull(),
    taxInclusive: boolean("tax_inclusive").notNull(),
    taxRateBps: integer("tax_rate_bps").notNull(),
    taxExempt: boolean("tax_exempt").notNull().default(false),
    netCentavos: money("net_centavos").notNull(),
    taxCentavos: money("tax_centavos").notNull(),
    totalCentavos: money("total_centavos").notNull(),
    promoRedemptionId: uuid("promo_redemption_id"),
    /** Late-fee lines only: the n-th fee on this invoice, and who waived it. */
    lateFeeSeq: integer("late_fee_seq"),
    waivedAt: ts("waived_at"),
    waivedBy: text("waived_by").references(() => users.id, { onDelete: "set null" }),
    waiveReason: text("waive_reason"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [
    index("invoice_lines_invoice_idx").on(t.invoiceId),
    /** A subscription is billed once per period: a rerun or a second concurrent run finds this and skips. */
    uniqueIndex("invoice_lines_subscription_period_idx")
      .on(t.subscriptionId, t.periodStart)
      .where(sql`kind = 'service'`),
    uniqueIndex("invoice_lines_late_fee_idx")
      .on(t.invoiceId, t.lateFeeSeq)
      .where(sql`kind = 'late_fee'`),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** Official receipt number `OR-2026-000045`, gap-free like invoices. */
    receiptNumber: text("receipt_number").notNull(),
    method: text("method", { enum: paymentMethods }).notNull(),
    gateway: text("gateway", { enum: gateways }).notNull().default("manual"),
    /** GCash/Maya/bank reference, Stripe payment intent, PayPal capture id, PayMongo payment id, Xendit payment id. */
    reference: text("reference").notNull().default(""),
    amountCentavos: money("amount_centavos").notNull(),
    currency: text("currency").notNull(),
    /** Part of this payment applied to invoices; the rest is the customer's credit. */
    allocatedCentavos: money("allocated_centavos").notNull().default(0),
    refundedCentavos: money("refunded_centavos").notNull().default(0),
    /** What the gateway kept of an online payment, as it reported it (0 when it did not, and for money taken by hand). */
    feeCentavos: money("fee_centavos").notNull().default(0),
    receivedAt: ts("received_at").notNull(),
    notes: text("notes").notNull().default(""),
    /** One payment per form submission or gateway event, however often it is retried. */
    idempotencyKey: text("idempotency_key"),
    /**
     * The gateway's own payment this records (Stripe Checkout Session id, PayPal order id): one payment per checkout,
     * however many different events report it and however they race.
     */
    gatewayPaymentId: text("gateway_payment_id"),
    recordedBy: text("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_tenant_receipt_idx").on(t.tenantId, t.receiptNumber),
    uniqueIndex("payments_tenant_idempotency_idx").on(t.tenantId, t.idempotencyKey),
    uniqueIndex("payments_tenant_gateway_payment_idx").on(t.tenantId, t.gateway, t.gatewayPaymentId),
    index("payments_customer_idx").on(t.customerId, t.receivedAt),
    index("payments_tenant_received_idx").on(t.tenantId, t.receivedAt),
  ],
);

export const creditNoteKinds = ["credit", "refund"] as const;
/**
 * `credit` lowers what the customer owes (allocated to invoices like a payment); `refund` records money
 * paid back out of a payment, so it raises the balance by what the payment had covered.
 */
export const creditNotes = pgTable(
  "credit_notes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    kind: text("kind", { enum: creditNoteKinds }).notNull(),
    invoiceId: uuid("invoice_id").references(() => invoices.id, { onDelete: "set null" }),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    amountCentavos: money("amount_centavos").notNull(),
    /**
     * Kind `credit`: the sales it takes back, split like an invoice (VATable, zero-rated, exempt, VAT; they add up
     * to the amount), fixed when issued; the VAT report lowers output VAT by it in the month of issue.
     * A refund pays money back and takes back no sales: all three are zero.
     */
    vatableCentavos: money("vatable_centavos").notNull().default(0),
    zeroRatedCentavos: money("zero_rated_centavos").notNull().default(0),
    exemptCentavos: money("exempt_centavos").notNull().default(0),
    taxCentavos: money("tax_centavos").notNull().default(0),
    allocatedCentavos: money("allocated_centavos").notNull().default(0),
    reason: text("reason").notNull(),
    /** Gateway refund id for Stripe/PayPal refunds. */
    gatewayReference: text("gateway_reference"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("credit_notes_tenant_number_idx").on(t.tenantId, t.number), index("credit_notes_customer_idx").on(t.customerId)],
);

/** Which payment or credit note paid which invoice, oldest invoice first. */
export const allocations = pgTable(
  "allocations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "cascade" }),
    creditNoteId: uuid("credit_note_id").references(() => creditNotes.id, { onDelete: "cascade" }),
    amountCentavos: money("amount_centavos").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("allocations_invoice_idx").on(t.invoiceId),
    index("allocations_payment_idx").on(t.paymentId),
    index("allocations_credit_idx").on(t.creditNoteId),
  ],
);

export const promoKinds = ["percent", "fixed", "free_months"] as const;
export type PromoKind = (typeof promoKinds)[number];

export const promoCodes = pgTable(
  "promo_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    /** Upper-case, unique per tenant. */
    code: text("code").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: promoKinds }).notNull(),
    percentBps: integer("percent_bps"),
    amountCentavos: money("amount_centavos"),
    /** Billing periods the discount applies to (free_months: the number of free months). */
    periods: integer("periods").notNull().default(1),
    validFrom: date("valid_from"),
    validUntil: date("valid_until"),
    maxRedemptions: integer("max_redemptions"),
    redemptions: integer("redemptions").notNull().default(0),
    oncePerCustomer: boolean("once_per_customer").notNull().default(true),
    /** Empty = every plan. */
    planIds: uuid("plan_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("promo_codes_tenant_code_idx").on(t.tenantId, t.code)],
);

export const promoRedemptions = pgTable(
  "promo_redemptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    promoCodeId: uuid("promo_code_id")
      .notNull()
      .references(() => promoCodes.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** Redeemed on a subscription: discounts its next `periodsRemaining` invoices. */
    subscriptionId: uuid("subscription_id").references(() => subscriptions.id, { onDelete: "cascade" }),
    /** Redeemed on one open invoice. */
    invoiceId: uuid("invoice_id").references(() => invoices.id, { onDelete: "set null" }),
    periodsRemaining: integer("periods_remaining").notNull().default(0),
    redeemedBy: text("redeemed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("promo_redemptions_promo_idx").on(t.promoCodeId, t.customerId), index("promo_redemptions_subscription_idx").on(t.subscriptionId)],
);

export const billingRunStatuses = ["running", "succeeded", "failed"] as const;
export const billingRuns = pgTable(
  "billing_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    billUpTo: date("bill_up_to").notNull(),
    trigger: text("trigger", { enum: ["schedule", "manual"] }).notNull(),
    status: text("status", { enum: billingRunStatuses }).notNull().default("running"),
    subscriptionsTotal: integer("subscriptions_total").notNull().default(0),
    subscriptionsProcessed: integer("subscriptions_processed").notNull().default(0),
    invoicesCreated: integer("invoices_created").notNull().default(0),
    amountCentavos: money("amount_centavos").notNull().default(0),
    error: text("error"),
    startedBy: text("started_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("billing_runs_tenant_started_idx").on(t.tenantId, t.startedAt)],
);

export const dunningKinds = ["reminder_before", "reminder_due", "reminder_after", "late_fee", "suspended", "reactivated", "overdue"] as const;
/** What dunning did for an invoice; `key` makes each step happen once however often the job runs. */
export const dunningEvents = pgTable(
  "dunning_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: dunningKinds }).notNull(),
    key: text("key").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("dunning_events_key_idx").on(t.tenantId, t.key), index("dunning_events_invoice_idx").on(t.invoiceId)],
);

/** Rendered PDFs (invoices, receipts, credit notes), stored once and served through an authorized route. */
export const billingDocuments = pgTable(
  "billing_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    kind: text("kind", { enum: documentKinds }).notNull(),
    /** The invoice, payment or credit note it renders. */
    refId: uuid("ref_id").notNull(),
    filename: text("filename").notNull(),
    pdf: bytea("pdf").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("billing_documents_ref_idx").on(t.tenantId, t.kind, t.refId)],
);
