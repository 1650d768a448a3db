/*
 * Notification forms as the browser and the actions parse them: channel provider settings, templates,
 * customer preferences, manual communication entries and the outbox filters. Shared by both sides; the browser
 * loads them on demand and takes presets and labels from values.ts.
 */
import { z } from "zod";
import { apiBaseUrlProblem } from "@/lib/core/urls";
import { malformedPlaceholders, unknownVariables } from "./render";
import { normalizePhone } from "./recipients";
import { communicationKinds, notificationChannels, notificationEvents, outboxStatuses, smsProviders, type NotificationChannel } from "./values";

export {
  communicationKindLabels,
  smsPresets,
  smsProviders,
  TELEGRAM_BASE_URL,
  WHATSAPP_API_VERSION,
  WHATSAPP_BASE_URL,
  type SmsProvider,
} from "./values";

/** What a settings form shows for a channel: never a secret, only whether one is saved. */
export type ChannelView = {
  channel: NotificationChannel;
  enabled: boolean;
  /** A row exists (email works without one). */
  configured: boolean;
  secretSaved: boolean;
  config: Record<string, string>;
};

const baseUrlField = z
  .string()
  .trim()
  .max(300, "At most 300 characters")
  .superRefine((value, ctx) => {
    const problem = value === "" ? null : apiBaseUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A secret typed into the form; blank keeps the saved one. */
const secretField = z.string().trim().max(500, "At most 500 characters");

export const emailChannelSchema = z.object({ channel: z.literal("email"), enabled: z.boolean() });

export const smsChannelSchema = z.object({
  channel: z.literal("sms"),
  enabled: z.boolean(),
  provider: z.enum(smsProviders, "Choose a provider"),
  baseUrl: baseUrlField,
  senderName: z
    .string()
    .trim()
    .max(11, "At most 11 characters")
    .refine((v) => v === "" || /^[A-Za-z0-9 ]+$/.test(v), "Letters, digits and spaces only"),
  apiKey: secretField,
});

export const telegramChannelSchema = z.object({
  channel: z.literal("telegram"),
  enabled: z.boolean(),
  baseUrl: baseUrlField,
  botToken: secretField.refine((v) => v === "" || /^\d{3,15}:[A-Za-z0-9_-]{20,}$/.test(v), "A bot token looks like 123456789:AAE… (from @BotFather)"),
});

export const whatsappChannelSchema = z.object({
  channel: z.literal("whatsapp"),
  enabled: z.boolean(),
  baseUrl: baseUrlField,
  apiVersion: z
    .string()
    .trim()
    .refine((v) => v === "" || /^v\d{1,3}\.\d{1,2}$/.test(v), "A Graph API version like v21.0"),
  phoneNumberId: z
    .string()
    .trim()
    .refine((v) => v === "" || /^\d{5,25}$/.test(v), "The phone number id is digits (WhatsApp Manager → API setup)"),
  accessToken: secretField,
});

export const channelSettingsSchema = z.discriminatedUnion("channel", [
  emailChannelSchema,
  smsChannelSchema,
  telegramChannelSchema,
  whatsappChannelSchema,
]);
export type ChannelSettingsInput = z.output<typeof channelSettingsSchema>;
export type SmsChannelInput = z.input<typeof smsChannelSchema>;
export type TelegramChannelInput = z.input<typeof telegramChannelSchema>;
export type WhatsappChannelInput = z.input<typeof whatsappChannelSchema>;

export const testMessageSchema = z.object({
  channel: z.enum(notificationChannels),
  to: z.string().trim().min(1, "Enter where to send the test").max(200, "At most 200 characters"),
});

export const templateSchema = z
  .object({
    event: z.enum(notificationEvents, "Choose an event"),
    channel: z.enum(notificationChannels, "Choose a channel"),
    enabled: z.boolean(),
    subject: z.string().trim().max(200, "At most 200 characters"),
    body: z.string().trim().min(1, "Write the message").max(4000, "At most 4,000 characters"),
  })
  .superRefine((value, ctx) => {
    for (const field of ["subject", "body"] as const) {
      const malformed = malformedPlaceholders(value[field]);
      if (malformed.length > 0)
        ctx.addIssue({ code: "custom", path: [field], message: `Write variables as {{name}}; check ${malformed.join(", ")}` });
      const unknown = unknownVariables(value.event, [value[field]]);
      if (unknown.length > 0)
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `Unknown ${unknown.length === 1 ? "variable" : "variables"}: ${unknown.map((name) => `{{${name}}}`).join(", ")}`,
        });
    }
    if (value.channel === "email" && value.subject === "") ctx.addIssue({ code: "custom", path: ["subject"], message: "An email needs a subject" });
  });
export type TemplateInput = z.input<typeof templateSchema>;

export const templateKeySchema = z.object({ event: z.enum(notificationEvents), channel: z.enum(notificationChannels) });

const phoneField = z
  .string()
  .trim()
  .max(30, "At most 30 characters")
  .refine((v) => v === "" || normalizePhone(v) !== null, "A mobile number like 0917 123 4567 or +63 917 123 4567");

export const preferencesSchema = z.object({
  customerId: z.uuid(),
  channels: z.array(z.enum(notificationChannels)).max(notificationChannels.length),
  optOut: z.boolean(),
  telegramChatId: z
    .string()
    .trim()
    .max(40, "At most 40 characters")
    .refine((v) => v === "" || /^-?\d{3,20}$/.test(v), "A numeric chat id like 123456789 (the subscriber messages your bot first)"),
  whatsappNumber: phoneField,
});
export type PreferencesInput = z.input<typeof preferencesSchema>;

export const communicationEntrySchema = z.object({
  customerId: z.uuid(),
  kind: z.enum(communicationKinds, "Choose how you were in touch"),
  direction: z.enum(["inbound", "outbound"], "Choose who reached out"),
  summary: z.string().trim().min(3, "Say briefly what was said or done").max(2000, "At most 2,000 characters"),
  /** `datetime-local` in the ISP's time zone; empty = now. */
  occurredAt: z.string().refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v), "Pick a date and time"),
});
export type CommunicationEntryInput = z.input<typeof communicationEntrySchema>;

export const outboxIdSchema = z.object({ id: z.uuid("Unknown message") });

export const outboxFilterSchema = z.object({
  status: z.enum(outboxStatuses).optional().catch(undefined),
  channel: z.enum(notificationChannels).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type OutboxFilter = z.output<typeof outboxFilterSchema>;

export const outboxStatusLabels: Record<(typeof outboxStatuses)[number], string> = {
  pending: "Waiting",
  sending: "Sending",
  sent: "Sent",
  failed: "Will retry",
  dead: "Failed",
  skipped: "Not sent",
};
