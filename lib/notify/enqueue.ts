/*
 * Queueing a message: call `enqueueNotification` inside the transaction of the change that causes it, then
 * `kickOutbox()` after the commit. It renders the tenant's template (or the built-in one) for each channel the
 * recipient gets (recipients.ts) and inserts outbox rows; with a `dedupeKey` a second call queues nothing
 * (one row per key and channel). `enqueueNotifications` does the same for thousands of subscribers at once.
 */
import "server-only";
import { and, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { users } from "@/lib/auth/schema";
import { tenants } from "@/lib/tenants/schema";
import { insertMany } from "@/lib/db/bulk";
import { notFound } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { portalUrlsOf } from "@/lib/portal/branding";
import type { EmailAttachment } from "@/lib/mail/send";
import type { DbOrTx } from "@/lib/db/types";
import { recipientsFor, type Preferences, type Recipient } from "./recipients";
import { renderMessage, type TemplateData } from "./render";
import { enabledChannels } from "./settings";
import { loadTemplates, templateOf, type EffectiveTemplate } from "./templates";
import {
  customerNotificationPreferences,
  notificationChannels,
  notificationOutbox,
  type NotificationChannel,
  type NotificationEvent,
} from "./schema";

export type NotificationData = Record<string, string | number | null>;

export type EnqueueInput = {
  tenantId: string;
  event: NotificationEvent;
  customerId?: string;
  /** A staff recipient (by email). */
  userId?: string;
  /** An address typed by staff (a scheduled report's recipient): email only, to that address. */
  email?: string;
  data: NotificationData;
  /** Makes the call idempotent: each channel's row is keyed `<dedupeKey>:<channel>`. */
  dedupeKey?: string;
  /** Billing documents to attach to the email. */
  attachments?: EmailAttachment[];
  /** Only these channels (of the subscriber's choice). */
  channels?: NotificationChannel[];
  /** A staff member sends this on purpose to the given `channels`, whatever the subscriber's preferences or opt-out. */
  explicit?: boolean;
};

type SendContext = { common: TemplateData; enabled: Set<NotificationChannel>; templates: Map<string, EffectiveTemplate> };

async function loadContext(db: DbOrTx, tenantId: string, event: NotificationEvent): Promise<SendContext> {
  const [tenant] = await db
    .select({ name: tenants.name, phone: tenants.contactPhone, email: tenants.email })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Tenant");
  // One after another: notices are queued inside the change's transaction, whose connection takes one query at a time.
  const enabled = await enabledChannels(db, { tenantId });
  const templates = await loadTemplates(db, { tenantId, event });
  const { signIn } = await portalUrlsOf(db, { tenantId });
  const contact = [tenant.phone, tenant.email].map((part) => part.trim()).filter(Boolean);
  return {
    common: { tenantName: tenant.name, tenantContact: contact.join(" or "), portalUrl: signIn },
    enabled,
    templates,
  };
}

type CustomerFacts = { id: string; name: string; accountNumber: string; email: string; phone: string; preferences: Preferences | null };

/** Customers with their preferences; `reachableOnly` leaves out those with no address on file at all (bulk runs). */
async function loadCustomers(db: DbOrTx, tenantId: string, ids: string[], reachableOnly = false): Promise<Map<string, CustomerFacts>> {
  if (ids.length === 0) return new Map();
  const p = customerNotificationPreferences;
  const reachable = or(
    sql`btrim(${customers.email}) <> ''`,
    sql`btrim(${customers.phone}) <> ''`,
    sql`coalesce(${p.telegramChatId}, '') <> ''`,
    sql`coalesce(${p.whatsappNumber}, '') <> ''`,
  );
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      accountNumber: customers.accountNumber,
      email: customers.email,
      phone: customers.phone,
      channels: customerNotificationPreferences.channels,
      optOut: customerNotificationPreferences.optOut,
      telegramChatId: customerNotificationPreferences.telegramChatId,
      whatsappNumber: customerNotificationPreferences.whatsappNumber,
    })
    .from(customers)
    .leftJoin(
      customerNotificationPreferences,
      and(eq(customerNotificationPreferences.customerId, customers.id), eq(customerNotificationPreferences.tenantId, tenantId)),
    )
    .where(
      and(
        eq(customers.tenantId, tenantId),
        // Thousands of ids go as one JSON parameter: a parameter each costs more in the driver than the query.
        ids.length > 50
          ? sql`${customers.id} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`
          : inArray(customers.id, ids),
        reachableOnly ? reachable : undefined,
      ),
    );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        accountNumber: r.accountNumber,
        email: r.email,
        phone: r.phone,
        preferences: r.channels
          ? { channels: r.channels, optOut: r.optOut ?? false, telegramChatId: r.telegramChatId, whatsappNumber: r.whatsappNumber }
          : null,
      },
    ]),
  );
}

type OutboxRow = typeof notificationOutbox.$inferInsert;

/** One outbox row per recipient whose channel's template is switched on. */
function rowsFor(
  context: SendContext,
  base: Pick<OutboxRow, "tenantId" | "customerId" | "userId" | "event">,
  recipients: Recipient[],
  data: TemplateData,
  { dedupeKey, attachments }: { dedupeKey?: string; attachments?: EmailAttachment[] },
): OutboxRow[] {
  const rows: OutboxRow[] = [];
  // Due now by our clock, not the database's: the sender compares `next_attempt_at` with the same clock.
  const due = clock.now();
  for (const { channel, recipient } of recipients) {
    const template = templateOf(context.templates, base.event, channel);
    if (!template.enabled) continue;
    const message = renderMessage(template, data);
    if (!message.body) continue;
    rows.push({
      ...base,
      channel,
      recipient,
      subject: message.subject,
      body: message.body,
      attachments: channel === "email" ? (attachments ?? []) : [],
      dedupeKey: dedupeKey ? `${dedupeKey}:${channel}` : null,
      nextAttemptAt: due,
      createdAt: due,
      updatedAt: due,
    });
  }
  return rows;
}

export async function enqueueNotification(db: DbOrTx, input: EnqueueInput): Promise<{ ids: string[] }> {
  const context = await loadContext(db, input.tenantId, input.event);
  let recipients: Recipient[] = [];
  let personal: TemplateData = {};
  if (input.email) {
    const address = input.email.trim();
    recipients = context.enabled.has("email") && address.includes("@") ? [{ channel: "email", recipient: address }] : [];
  } else if (input.userId) {
    const [user] = await db
      .select({ email: users.email, alertChannels: users.alertChannels, alertPhone: users.alertPhone, alertTelegramChatId: users.alertTelegramChatId })
      .from(users)
      .where(and(eq(users.tenantId, input.tenantId), eq(users.id, input.userId)));
    recipients = recipientsFor({ event: input.event, enabled: context.enabled, requested: input.channels, user: user ?? null });
  } else if (input.customerId) {
    const customer = (await loadCustomers(db, input.tenantId, [input.customerId])).get(input.customerId);
    if (customer) {
      personal = { customerName: customer.name, accountNumber: customer.accountNumber };
      recipients = recipientsFor({
        event: input.event,
        enabled: context.enabled,
        requested: input.channels,
        explicit: input.explicit,
        customer,
      });
    }
  }
  const rows = rowsFor(
    context,
    { tenantId: input.tenantId, customerId: input.customerId ?? null, userId: input.userId ?? null, event: input.event },
    recipients,
    { ...context.common, ...personal, ...input.data },
    input,
  );
  const inserted =
    rows.length === 0
      ? []
      : await db
          .insert(notificationOutbox)
          .values(rows)
          .onConflictDoNothing({ target: [notificationOutbox.tenantId, notificationOutbox.dedupeKey] })
          .returning({ id: notificationOutbox.id });
  if (!input.dedupeKey) return { ids: inserted.map((r) => r.id) };
  // What an earlier call queued under this key counts too.
  const keys = notificationChannels.map((channel) => `${input.dedupeKey}:${channel}`);
  const existing = await db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(
      and(eq(notificationOutbox.tenantId, input.tenantId), isNotNull(notificationOutbox.dedupeKey), inArray(notificationOutbox.dedupeKey, keys)),
    );
  return { ids: existing.map((r) => r.id) };
}

/**
 * Queues one event for many subscribers in one statement (the billing run's invoices): each item's
 * customer, preferences and template are read in bulk. Dedupe keys must be new (e.g. a new invoice's id):
 * a key already in the outbox fails the insert, and with it the caller's transaction.
 */
export async function enqueueNotifications(
  db: DbOrTx,
  {
    tenantId,
    event,
    items,
  }: {
    tenantId: string;
    event: NotificationEvent;
    /** `data` may be a function: it is called only for customers who get the message. */
    items: { customerId: string; data: NotificationData | (() => NotificationData); dedupeKey?: string }[];
  },
): Promise<{ count: number }> {
  if (items.length === 0) return { count: 0 };
  const context = await loadContext(db, tenantId, event);
  if (context.enabled.size === 0) return { count: 0 };
  const found = await loadCustomers(db, tenantId, [...new Set(items.map((item) => item.customerId))], true);
  const rows: OutboxRow[] = [];
  for (const item of items) {
    const customer = found.get(item.customerId);
    if (!customer) continue;
    const recipients = recipientsFor({ event, enabled: context.enabled, customer });
    if (recipients.length === 0) continue;
    const itemData = typeof item.data === "function" ? item.data() : item.data;
    const data = { ...context.common, customerName: customer.name, accountNumber: customer.accountNumber, ...itemData };
    rows.push(...rowsFor(context, { tenantId, customerId: customer.id, userId: null, event }, recipients, data, { dedupeKey: item.dedupeKey }));
  }
  await insertMany(db, notificationOutbox, rows);
  return { count: rows.length };
}
