/**
 * Notification enum values, labels and provider presets without Drizzle or zod, for client components; schema.ts
 * builds its columns from them and re-exports them, as rules.ts re-exports the presets and labels.
 */
export const notificationChannels = ["email", "sms", "telegram", "whatsapp"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** Events a tenant can send a message for; each has an editable template per channel. */
export const notificationEvents = [
  "invoice_issued",
  "payment_received",
  "due_reminder",
  "overdue",
  "suspension",
  "reactivation",
  "ticket_created",
  "ticket_updated",
  "ticket_resolved",
  "technician_on_the_way",
  "sla_warning",
  "sla_breach",
  "portal_password_reset",
  "portal_magic_link",
  "portal_invite",
  "incident_opened",
  "incident_resolved",
  "incident_escalated",
  "outage_notice",
  "outage_all_clear",
  "quota_warning",
  "quota_reached",
  "webhook_endpoint_disabled",
  "portal_domain_failing",
  "portal_domain_lapsed",
  "retention_outreach",
  "capacity_report",
  "report_delivery",
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const outboxStatuses = ["pending", "sending", "sent", "failed", "dead", "skipped"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const communicationKinds = ["call", "visit", "chat", "sms", "email", "social", "other"] as const;
export type CommunicationKind = (typeof communicationKinds)[number];

export const communicationKindLabels: Record<CommunicationKind, string> = {
  call: "Phone call",
  visit: "Visit",
  chat: "Chat",
  sms: "SMS",
  email: "Email",
  social: "Social media",
  other: "Other",
};

export const smsProviders = ["semaphore", "generic"] as const;
export type SmsProvider = (typeof smsProviders)[number];

/** Provider presets: the Semaphore API (api.semaphore.co) and any provider that takes a JSON POST. */
export const smsPresets: Record<SmsProvider, { label: string; baseUrl: string; hint: string }> = {
  semaphore: {
    label: "Semaphore (Philippines)",
    baseUrl: "https://api.semaphore.co/api/v4",
    hint: "POSTs apikey, number, message and sendername to <base URL>/messages. Sender names need Semaphore's approval.",
  },
  generic: {
    label: "Other HTTP provider",
    baseUrl: "",
    hint: 'POSTs {"to","from","text"} as JSON to <base URL>/messages with "Authorization: Bearer <API key>".',
  },
};
export const TELEGRAM_BASE_URL = "https://api.telegram.org";
export const WHATSAPP_BASE_URL = "https://graph.facebook.com";
export const WHATSAPP_API_VERSION = "v21.0";
