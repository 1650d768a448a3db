/*
 * The HTTP channels. Base URLs are per tenant (defaults below) so tests point them at loopback fakes.
 *   SMS, Semaphore preset: POST <base>/messages, form apikey, number, message, sendername
 *     (api.semaphore.co/api/v4; the reply is a list with one { message_id } per recipient).
 *   SMS, generic provider: POST <base>/messages, JSON { to, from, text }, "Authorization: Bearer <key>";
 *     the reply's id, message_id or messageId (top level or under data / messages[0]).
 *   Telegram Bot API: POST <base>/bot<token>/sendMessage, JSON { chat_id, text } → { ok, result: { message_id } }.
 *   WhatsApp Cloud API: POST <base>/<version>/<phone-number-id>/messages, Bearer token, a text message
 *     → { messages: [{ id }] }. Meta delivers free text only within 24 hours of the subscriber's last
 *     message; outside that window it refuses (a permanent failure with Meta's reason).
 */
import "server-only";
import { smsPresets, TELEGRAM_BASE_URL, WHATSAPP_API_VERSION, WHATSAPP_BASE_URL, type SmsProvider } from "@/lib/notify/rules";
import { ChannelError, messageIdOf, postToProvider, trimBase } from "./http";

export type ProviderSettings = { config: Record<string, string>; secret: string | null };
export type TextMessage = { to: string; body: string };
type Sent = { providerMessageId: string };

function required(value: string | null | undefined, message: string): string {
  if (!value || !value.trim()) throw new ChannelError(message, { retryable: false });
  return value.trim();
}

const firstOf = (value: unknown) => (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;

export async function sendSms(settings: ProviderSettings, message: TextMessage): Promise<Sent> {
  const provider: SmsProvider = settings.config.provider === "generic" ? "generic" : "semaphore";
  const base = trimBase(
    required(settings.config.baseUrl || smsPresets[provider].baseUrl, "SMS has no provider URL; set it under Settings → Notifications."),
  );
  const apiKey = required(settings.secret, "SMS has no API key; set it under Settings → Notifications.");
  const senderName = settings.config.senderName?.trim() ?? "";
  const what = "The SMS provider";
  if (provider === "semaphore") {
    const reply = await postToProvider(
      `${base}/messages`,
      { form: { apikey: apiKey, number: message.to, message: message.body, ...(senderName ? { sendername: senderName } : {}) } },
      { what },
    );
    return { providerMessageId: messageIdOf(reply, (r) => firstOf(r)?.message_id, what) };
  }
  const reply = await postToProvider(
    `${base}/messages`,
    { json: { to: message.to, from: senderName, text: message.body } },
    { what, headers: { authorization: `Bearer ${apiKey}` } },
  );
  const idIn = (r: Record<string, unknown> | undefined) => r?.id ?? r?.message_id ?? r?.messageId;
  return {
    providerMessageId: messageIdOf(reply, (r) => idIn(firstOf(r)) ?? idIn(firstOf(r.data)) ?? idIn(firstOf(r.messages)), what),
  };
}

export async function sendTelegram(settings: ProviderSettings, message: TextMessage): Promise<Sent> {
  const base = trimBase(settings.config.baseUrl || TELEGRAM_BASE_URL);
  const token = required(settings.secret, "Telegram has no bot token; set it under Settings → Notifications.");
  const what = "Telegram";
  const reply = await postToProvider(`${base}/bot${token}/sendMessage`, { json: { chat_id: message.to, text: message.body } }, { what });
  if (reply && typeof reply === "object" && (reply as { ok?: unknown }).ok === false) {
    throw new ChannelError(`Telegram refused the message: ${(reply as { description?: string }).description ?? "no reason given"}`, {
      retryable: false,
    });
  }
  return { providerMessageId: messageIdOf(reply, (r) => firstOf(r.result)?.message_id, what) };
}

export async function sendWhatsapp(settings: ProviderSettings, message: TextMessage): Promise<Sent> {
  const base = trimBase(settings.config.baseUrl || WHATSAPP_BASE_URL);
  const version = settings.config.apiVersion?.trim() || WHATSAPP_API_VERSION;
  const phoneNumberId = required(settings.config.phoneNumberId, "WhatsApp has no phone number id; set it under Settings → Notifications.");
  const token = required(settings.secret, "WhatsApp has no access token; set it under Settings → Notifications.");
  const what = "WhatsApp";
  const reply = await postToProvider(
    `${base}/${encodeURIComponent(version)}/${encodeURIComponent(phoneNumberId)}/messages`,
    {
      json: {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: message.to,
        type: "text",
        text: { preview_url: false, body: message.body },
      },
    },
    { what, headers: { authorization: `Bearer ${token}` } },
  );
  return { providerMessageId: messageIdOf(reply, (r) => firstOf(r.messages)?.id, what) };
}
