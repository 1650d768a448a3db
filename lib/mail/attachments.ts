import { and, eq, inArray } from "drizzle-orm";
import { sentEmailAttachments, sentEmails } from "@/lib/mail/schema";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";

export type MailAttachment = { id: string; emailId: string; filename: string; contentType: string; documentId: string };

const columns = {
  id: sentEmailAttachments.id,
  emailId: sentEmailAttachments.emailId,
  filename: sentEmailAttachments.filename,
  contentType: sentEmailAttachments.contentType,
  documentId: sentEmailAttachments.documentId,
};

/** Attachments of the given emails, only of those that belong to the tenant. */
export async function listAttachmentsOfEmails(
  db: DbOrTx,
  { tenantId, emailIds }: { tenantId: string; emailIds: string[] },
): Promise<MailAttachment[]> {
  if (emailIds.length === 0) return [];
  return db
    .select(columns)
    .from(sentEmailAttachments)
    .innerJoin(sentEmails, eq(sentEmails.id, sentEmailAttachments.emailId))
    .where(and(eq(sentEmails.tenantId, tenantId), inArray(sentEmailAttachments.emailId, emailIds)))
    .orderBy(sentEmailAttachments.filename);
}

/** One attachment, through its email's tenant; another tenant's reads as not found. */
export async function getAttachment(db: DbOrTx, { tenantId, attachmentId }: { tenantId: string; attachmentId: string }): Promise<MailAttachment> {
  if (!isUuid(attachmentId)) throw notFound("Attachment");
  const [attachment] = await db
    .select(columns)
    .from(sentEmailAttachments)
    .innerJoin(sentEmails, eq(sentEmails.id, sentEmailAttachments.emailId))
    .where(and(eq(sentEmails.tenantId, tenantId), eq(sentEmailAttachments.id, attachmentId)));
  if (!attachment) throw notFound("Attachment");
  return attachment;
}
