import nodemailer from "nodemailer";
import { sentEmails } from "@/lib/mail/schema";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import type { DbOrTx } from "@/lib/db/types";

export type OutgoingEmail = { tenantId: string | null; to: string; subject: string; text: string };

/**
 * Sends an email through SMTP when SMTP_URL is set; otherwise stores it in the dev mailbox
 * (an admin-only page) and logs the subject, so invites and resets work with no mail server.
 */
export async function sendEmail(db: DbOrTx, email: OutgoingEmail): Promise<void> {
  const smtpUrl = env().SMTP_URL;
  if (!smtpUrl) {
    await db.insert(sentEmails).values({ ...email, transport: "dev", status: "stored" });
    logger.info({ to: email.to, subject: email.subject }, "email stored in dev mailbox");
    return;
  }
  try {
    await nodemailer.createTransport(smtpUrl).sendMail({ from: env().MAIL_FROM, to: email.to, subject: email.subject, text: email.text });
    // Delivered mail is not kept: reset and invite links must not be readable by other staff.
    await db.insert(sentEmails).values({ ...email, text: "(delivered by SMTP; the message body is not stored)", transport: "smtp", status: "sent" });
  } catch (error) {
    logger.error({ err: error, to: email.to, subject: email.subject }, "email failed");
    await db
      .insert(sentEmails)
      .values({ ...email, text: "(not delivered; the message body is not stored)", transport: "smtp", status: "failed", error: String(error) });
  }
}
