/*
 * Online payment tables: each ISP's gateway settings, the checkouts and QR codes its customers open, the gateway
 * events we accepted, and refunds sent to a gateway. The money itself (payments, credit notes) stays in billing's
 * ledger; these tables say which gateway it came through and how far each step got.
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { tenants } from "@/lib/tenants/schema";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { creditNotes, invoices, payments } from "@/lib/billing/schema";
import { ts, tenantRef } from "@/lib/db/columns";
import { onlineMethods, providers } from "@/lib/payments/values";

const money = (name: string) => bigint(name, { mode: "number" });

/** Per-tenant gateway credentials, secrets encrypted (AES-256-GCM) and never sent to the browser. */
export const paymentGateways = pgTable(
  "payment_gateways",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    provider: text("provider", { enum: providers }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    mode: text("mode", { enum: ["test", "live"] })
      .notNull()
      .default("test"),
    /** Stripe publishable key / PayPal client id / PayMongo public key (Xendit: unused). */
    publicId: text("public_id").notNull().default(""),
    secretEncrypted: text("secret_encrypted").notNull(),
    /** Stripe webhook signing secret / PayPal webhook id / PayMongo webhook secret / Xendit callback verification token. */
    webhookSecretEncrypted: text("webhook_secret_encrypted"),
    /** API base URL override (tests point it at a loopback fake). */
    apiBaseUrl: text("api_base_url"),
    /** The ways to pay the ISP offers through this gateway; each method is offered by one enabled gateway at most. */
    methods: text("methods", { enum: onlineMethods }).array().notNull().default(sql`'{}'::text[]`),
    /** The webhook endpoint NetSphere registered on the gateway (PayMongo), so registering again replaces it. */
    webhookEndpointId: text("webhook_endpoint_id"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("payment_gateways_tenant_provider_idx").on(t.tenantId, t.provider)],
);

/**
 * An online payment a customer started (Stripe Checkout Session, PayPal order, PayMongo checkout or QR Ph intent,
 * Xendit invoice or QR code) and how it ended. `invoice_id` is null for a payment towards the account balance.
 */
export const paymentRequests = pgTable(
  "payment_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    invoiceId: uuid("invoice_id").references(() => invoices.id, { onDelete: "set null" }),
    provider: text("provider", { enum: providers }).notNull(),
    /** The way to pay the customer chose (null on requests opened before methods were recorded). */
    method: text("method", { enum: onlineMethods }),
    externalId: text("external_id").notNull(),
    amountCentavos: money("amount_centavos").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["pending", "completed", "expired", "failed"] })
      .notNull()
      .default("pending"),
    /** A QR Ph code to show on screen (an image data URL), until `expires_at`. */
    qrImage: text("qr_image"),
    expiresAt: ts("expires_at"),
    /** Why the gateway said the payment failed, in its words. */
    failureReason: text("failure_reason"),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    completedAt: ts("completed_at"),
  },
  (t) => [
    uniqueIndex("payment_requests_external_idx").on(t.provider, t.externalId),
    index("payment_requests_customer_idx").on(t.customerId),
    index("payment_requests_pending_idx")
      .on(t.expiresAt)
      .where(sql`status = 'pending'`),
  ],
);

/** Every webhook event accepted; the unique id makes a replay a no-op. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    provider: text("provider", { enum: providers }).notNull(),
    eventId: text("event_id").notNull(),
    tenantId: uuid("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    outcome: text("outcome").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("webhook_events_provider_event_idx").on(t.provider, t.eventId)],
);

export const refundStatuses = ["pending", "succeeded", "failed"] as const;

/**
 * A refund sent to the gateway that took the payment. The ledger's refund (a credit note) is written only when the
 * gateway confirms it; while pending its amount is held so two refunds cannot together exceed the payment.
 */
export const gatewayRefunds = pgTable(
  "gateway_refunds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: providers }).notNull(),
    /** The gateway's refund id, once it answered. */
    externalId: text("external_id"),
    amountCentavos: money("amount_centavos").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: refundStatuses }).notNull().default("pending"),
    failureReason: text("failure_reason"),
    creditNoteId: uuid("credit_note_id").references(() => creditNotes.id, { onDelete: "set null" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    settledAt: ts("settled_at"),
  },
  (t) => [
    uniqueIndex("gateway_refunds_external_idx").on(t.provider, t.externalId),
    index("gateway_refunds_payment_idx").on(t.paymentId),
    index("gateway_refunds_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);
