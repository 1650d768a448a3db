import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "@/lib/auth/schema";
import { customers } from "@/lib/customers/schema";
import { communicationKinds, notificationChannels, notificationEvents, outboxStatuses } from "@/lib/notify/values";
import { ts, tenantRef } from "@/lib/db/columns";
export {
  communicationKinds,
  notificationChannels,
  notificationEvents,
  outboxStatuses,
  type CommunicationKind,
  type NotificationChannel,
  type NotificationEvent,
  type OutboxStatus,
} from "@/lib/notify/values";

/** A tenant's provider settings per channel; secrets (API keys, bot tokens) encrypted. */
export const channelSettings = pgTable(
  "notification_channel_settings",
  {
    tenantId: tenantRef(),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    enabled: boolean("enabled").notNull().default(false),
    /** Non-secret settings: provider preset, base URL, sender name, phone number id. */
    config: jsonb("config").$type<Record<string, string>>().notNull().default({}),
    secretEncrypted: text("secret_encrypted"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channel] })],
);

/** A tenant's wording for an event on a channel; without a row the built-in default applies. */
export const notificationTemplates = pgTable(
  "notification_templates",
  {
    tenantId: tenantRef(),
    event: text("event", { enum: notificationEvents }).notNull(),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    enabled: boolean("enabled").notNull().default(true),
    subject: text("subject").notNull().default(""),
    body: text("body").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.event, t.channel] })],
);

/** Every outgoing message, written in the transaction of the change that caused it and sent by a job. */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    /** Staff recipient (SLA alerts to agents). */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    event: text("event", { enum: notificationEvents }).notNull(),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull().default(""),
    body: text("body").notNull(),
    /** Billing documents to attach (email only): [{ filename, contentType, documentId }]. */
    attachments: jsonb("attachments").$type<{ filename: string; contentType: string; documentId: string }[]>().notNull().default([]),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(6),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    /** A sender holds the row until then; a crashed sender's rows become due again. */
    lockedUntil: ts("locked_until"),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    /** Makes enqueueing idempotent, e.g. `invoice_issued:<invoice id>:email`. */
    dedupeKey: text("dedupe_key"),
    sentAt: ts("sent_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_outbox_dedupe_idx").on(t.tenantId, t.dedupeKey),
    index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_outbox_tenant_idx").on(t.tenantId, t.createdAt),
    index("notification_outbox_customer_idx").on(t.tenantId, t.customerId, t.createdAt),
  ],
);

export type OutboxMessage = typeof notificationOutbox.$inferSelect;

/** Per-customer channel choices and addresses; no row = email and SMS on, the rest off. */
export const customerNotificationPreferences = pgTable("customer_notification_preferences", {
  customerId: uuid("customer_id")
    .primaryKey()
    .references(() => customers.id, { onDelete: "cascade" }),
  tenantId: tenantRef(),
  channels: text("channels", { enum: notificationChannels })
    .array()
    .notNull()
    .default(sql`'{email,sms}'::text[]`),
  /** Opted out of everything but legally required notices (suspension). */
  optOut: boolean("opt_out").notNull().default(false),
  telegramChatId: text("telegram_chat_id"),
  whatsappNumber: text("whatsapp_number"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Manual entries in a customer's communication log (calls, visits, chats); sent messages come from the outbox. */
export const communicationEntries = pgTable(
  "communication_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: tenantRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: communicationKinds }).notNull(),
    direction: text("direction", { enum: ["inbound", "outbound"] }).notNull(),
    summary: text("summary").notNull(),
    occurredAt: ts("occurred_at").notNull(),
    staffUserId: text("staff_user_id").references(() => users.id, { onDelete: "set null" }),
    staffName: text("staff_name").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("communication_entries_customer_idx").on(t.tenantId, t.customerId, t.occurredAt)],
);
