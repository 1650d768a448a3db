/*
 * Outgoing webhooks (Standard Webhooks): the endpoints an ISP subscribed to our events, each message to each
 * endpoint (written in the same transaction as the change it reports), and every attempt to deliver it.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { ts, tenantRef } from "@/lib/db/columns";
import { deliveryStatuses } from "@/lib/webhooks/values";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Event types delivered to this endpoint; empty means every event. */
    events: text("events").array().notNull().default(sql`'{}'::text[]`),
    /** The signing secret (`whsec_…`), encrypted. */
    secretEncrypted: text("secret_encrypted").notNull(),
    /** After a rotation the old secret also signs until `previous_secret_expires_at`. */
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: ts("previous_secret_expires_at"),
    enabled: boolean("enabled").notNull().default(true),
    /** Why NetSphere switched it off (a day of failed deliveries), shown to the ISP. */
    disabledReason: text("disabled_reason"),
    disabledAt: ts("disabled_at"),
    /** The first failed attempt since its last success (null while the last attempt succeeded): a day of this disables it. */
    failingSince: ts("failing_since"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_tenant_idx").on(t.tenantId)],
);

/** One message to one endpoint. Its id is the `webhook-id` header (`msg_<id>`), the same on every attempt. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    /** The JSON body sent: `{ type, timestamp, data }`. */
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: deliveryStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastAttemptAt: ts("last_attempt_at"),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    /** Set while a sender holds the delivery (claimed, request in flight); after it passes, another sender may take it. */
    lockedUntil: ts("locked_until"),
    createdAt: ts("created_at").notNull().defaultNow(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);

/** Every attempt: what we sent and what came back (the body cut to 2 KB), for the delivery log. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: ts("attempted_at").notNull().defaultNow(),
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>().notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    durationMs: integer("duration_ms").notNull().default(0),
    error: text("error"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt)],
);
