import nodemailer from "nodemailer";
import { and, eq, inArray } from "drizzle-orm";
import { sentEmailAttachments, sentEmails } from "@/lib/mail/schema";
import { billingDocuments } from "@/lib/billing/schema";
import { readStoredFile } from "@/lib/storage/service";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { senderFor } from "./sender";
import type { DbOrTx } from "@/lib/db/types";

/** A file sent with an email, by reference to a stored billing document (`billing_documents.id`) of the email's tenant. */
export type EmailAttachment = { filename: string; contentType: string; documentId: string };
/** An image shown inside the HTML body (`<img src="cid:…">`), sent as an inline part; `dataUrl` is a data: URL. */
export type InlineImage = { cid: string; dataUrl: string };
export type OutgoingEmail = {
  tenantId: string | null;
  to: string;
  subject: string;
  /** The message of record: what the dev mailbox shows and what plain-text mail apps display. */
  text: string;
  /** The same message laid out for mail apps that show HTML (sent by SMTP only). */
  html?: string;
  inlineImages?: InlineImage[];
  attachments?: EmailAttachment[];
  /** Sent for an ISP: its name as the sender's (lib/mail/sender.ts), at MAIL_FROM's address. */
  fromName?: string | null;
};
export type SentEmail = { id: string; status: "stored" | "sent" | "failed" };

/**
 * Sends an email through SMTP when SMTP_URL is set; otherwise stores it in the dev mailbox
 * (an admin-only page), so invites and resets work with no mail server. Each stored email is logged at debug
 * level only: the notification job's summary counts them, and a first start that sends a hundred reminders must
 * not bury the sign-in details under a hundred log lines.
 * A delivery failure is recorded, not thrown: the result says what happened.
 */
export async function sendEmail(db: DbOrTx, email: OutgoingEmail): Promise<SentEmail> {
  const { attachments = [], html, inlineImages = [], fromName, ...message } = email;
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl) {
    const stored = await recordEmail(db, { ...message, transport: "dev", status: "stored" }, attachments);
    logger.debug({ to: email.to, subject: email.subject, attachments: attachments.length }, "email stored in dev mailbox");
    return stored;
  }
  try {
    const files = await readAttachments(db, email.tenantId, attachments);
    await nodemailer.createTransport(smtpUrl).sendMail({
      from: senderFor(env().MAIL_FROM, fromName),
      to: email.to,
      subject: email.subject,
      text: email.text,
      html,
      attachments: [...files, ...inlineImages.map((image) => ({ cid: image.cid, path: image.dataUrl, filename: image.cid }))],
    });
    // Delivered mail is not kept: reset and invite links must not be readable by other staff.
    return await recordEmail(
      db,
      { ...message, text: "(delivered by SMTP; the message body is not stored)", transport: "smtp", status: "sent" },
      attachments,
    );
  } catch (error) {
    logger.error({ err: error, to: email.to, subject: email.subject }, "email failed");
    return recordEmail(
      db,
      { ...message, text: "(not delivered; the message body is not stored)", transport: "smtp", status: "failed", error: String(error) },
      attachments,
    );
  }
}

type EmailRow = typeof sentEmails.$inferInsert & { status: SentEmail["status"] };

async function recordEmail(db: DbOrTx, row: EmailRow, attachments: EmailAttachment[]): Promise<SentEmail> {
  if (attachments.length === 0) {
    const [email] = await db.insert(sentEmails).values(row).returning({ id: sentEmails.id });
    return { id: email.id, status: row.status };
  }
  // The email and the list of its files are stored together or not at all.
  return db.transaction(async (tx) => {
    const [email] = await tx.insert(sentEmails).values(row).returning({ id: sentEmails.id });
    await tx
      .insert(sentEmailAttachments)
      .values(attachments.map((a) => ({ emailId: email.id, filename: a.filename, contentType: a.contentType, documentId: a.documentId })));
    return { id: email.id, status: row.status };
  });
}

/** The attachments' bytes, read only from the email's own tenant's documents. */
async function readAttachments(db: DbOrTx, tenantId: string | null, attachments: EmailAttachment[]) {
  if (attachments.length === 0) return [];
  if (!tenantId) throw new Error("attachments need the email's tenant");
  const ids = attachments.map((a) => a.documentId);
  const documents = await db
    .select({ id: billingDocuments.id, pdf: billingDocuments.pdf })
    .from(billingDocuments)
    .where(and(eq(billingDocuments.tenantId, tenantId), inArray(billingDocuments.id, ids)));
  const out = [];
  for (const a of attachments) {
    const document = documents.find((d) => d.id === a.documentId);
    // Not a billing document: a file the storage room keeps for the tenant (a scheduled report's export).
    const stored = document ? null : await readStoredFile(db, { tenantId, fileId: a.documentId });
    if (!document && !stored) throw new Error(`attachment ${a.filename} is not a stored document of this tenant`);
    out.push({ filename: a.filename, contentType: a.contentType, content: document ? document.pdf : Buffer.from(stored!.bytes) });
  }
  return out;
}
