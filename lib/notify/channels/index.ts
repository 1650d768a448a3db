/*
 * Every channel behind one call: `sendVia(channel, settings, message, { db })` returns the provider's message
 * id or throws a ChannelError that says whether trying again could help. Email goes through `sendEmail`
 * (the dev mailbox, or SMTP when SMTP_URL is set) with billing documents as attachments, and an HTML version in
 * the ISP's colours with its logo for mail apps.
 */
import "server-only";
import { eq } from "drizzle-orm";
import { sendEmail, type EmailAttachment } from "@/lib/mail/send";
import { sentEmails } from "@/lib/mail/schema";
import { LOGO_CID, renderEmailHtml } from "@/lib/notify/email-html";
import type { DbOrTx } from "@/lib/db/types";
import type { NotificationChannel } from "@/lib/notify/schema";
import { ChannelError } from "./http";
import { sendSms, sendTelegram, sendWhatsapp, type ProviderSettings } from "./providers";

export { ChannelError } from "./http";

export type ChannelSettings = ProviderSettings & { channel: NotificationChannel; enabled: boolean; branding?: MailBranding };
export type ChannelMessage = { tenantId: string; to: string; subject: string; body: string; attachments?: EmailAttachment[] };

/** An SMTP 5xx reply ("550 no such user", "535 invalid login") is final; connection trouble (ECONNREFUSED…) and 4xx may pass later. */
export function permanentSmtpFailure(error: string): boolean {
  if (/\bE[A-Z]{4,}\b/.test(error)) return false;
  return /(?:^|\s)5\d\d(?:[\s.-]|$)/.test(error);
}

/** The ISP's look for the HTML version of its emails, loaded with the channel settings (once per sender run). */
export type MailBranding = { name: string; brandColor: string | null; logoDataUrl: string | null; contact: string };

function brandedHtml(message: ChannelMessage, branding: MailBranding | undefined) {
  if (!branding) return {};
  const { logoDataUrl, ...rest } = branding;
  return {
    html: renderEmailHtml({ subject: message.subject, text: message.body, branding: { ...rest, hasLogo: !!logoDataUrl } }),
    inlineImages: logoDataUrl ? [{ cid: LOGO_CID, dataUrl: logoDataUrl }] : [],
  };
}

async function sendByEmail(db: DbOrTx, message: ChannelMessage, branding: MailBranding | undefined): Promise<{ providerMessageId: string }> {
  const sent = await sendEmail(db, {
    tenantId: message.tenantId,
    to: message.to,
    subject: message.subject,
    text: message.body,
    ...brandedHtml(message, branding),
    attachments: message.attachments ?? [],
    fromName: branding?.name,
  });
  if (sent.status !== "failed") return { providerMessageId: sent.id };
  // sendEmail records the failure rather than throwing; its stored error says what the mail server said.
  const [row] = await db.select({ error: sentEmails.error }).from(sentEmails).where(eq(sentEmails.id, sent.id));
  const error = (row?.error ?? "the mail server did not accept the email").replace(/^Error:\s*/, "");
  throw new ChannelError(`The mail server refused: ${error}`, { retryable: !permanentSmtpFailure(error) });
}

export async function sendVia(
  channel: NotificationChannel,
  settings: ChannelSettings,
  message: ChannelMessage,
  { db }: { db: DbOrTx },
): Promise<{ providerMessageId: string }> {
  const text = { to: message.to, body: message.body };
  switch (channel) {
    case "email":
      return sendByEmail(db, message, settings.branding);
    case "sms":
      return sendSms(settings, text);
    case "telegram":
      return sendTelegram(settings, text);
    case "whatsapp":
      return sendWhatsapp(settings, text);
  }
}
