/** Notification enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
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
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const outboxStatuses = ["pending", "sending", "sent", "failed", "dead", "skipped"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const communicationKinds = ["call", "visit", "chat", "sms", "email", "social", "other"] as const;
export type CommunicationKind = (typeof communicationKinds)[number];
