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
import { tenants } from "@/lib/tenants/schema";
import { LOGO_CID, renderEmailHtml } from "@/lib/notify/email-html";
import type { DbOrTx } from "@/lib/db/types";
import type { NotificationChannel } from "@/lib/notify/schema";
import { ChannelError } from "./http";
import { sendSms, sendTelegram, sendWhatsapp, type ProviderSettings } from "./providers";

export { ChannelError } from "./http";

export type ChannelSettings = ProviderSettings & { channel: NotificationChannel; enabled: boolean };
export type ChannelMessage = { tenantId: string; to: string; subject: string; body: string; attachments?: EmailAttachment[] };

/** An SMTP 5xx reply ("550 no such user", "535 invalid login") is final; connection trouble (ECONNREFUSED…) and 4xx may pass later. */
export function permanentSmtpFailure(error: string): boolean {
  if (/\bE[A-Z]{4,}\b/.test(error)) return false;
  return /(?:^|\s)5\d\d(?:[\s.-]|$)/.test(error);
}

/** The ISP's name, colour, logo and contact for the email's HTML layout. */
async function brandedHtml(db: DbOrTx, message: ChannelMessage) {
  const [tenant] = await db
    .select({ name: tenants.name, brandColor: tenants.brandColor, logo: tenants.logoDataUrl, phone: tenants.contactPhone, email: tenants.email })
    .from(tenants)
    .where(eq(tenants.id, message.tenantId));
  if (!tenant) return {};
  const contact = [tenant.phone, tenant.email]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(" · ");
  const branding = { name: tenant.name, brandColor: tenant.brandColor, hasLogo: !!tenant.logo, contact };
  return {
    html: renderEmailHtml({ subject: message.subject, text: message.body, branding }),
    inlineImages: tenant.logo ? [{ cid: LOGO_CID, dataUrl: tenant.logo }] : [],
  };
}

async function sendByEmail(db: DbOrTx, message: ChannelMessage): Promise<{ providerMessageId: string }> {
  const sent = await sendEmail(db, {
    tenantId: message.tenantId,
    to: message.to,
    subject: message.subject,
    text: message.body,
    ...(await brandedHtml(db, message)),
    attachments: message.attachments ?? [],
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
      return sendByEmail(db, message);
    case "sms":
      return sendSms(settings, text);
    case "telegram":
      return sendTelegram(settings, text);
    case "whatsapp":
      return sendWhatsapp(settings, text);
  }
}
