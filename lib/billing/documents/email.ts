/*
 * Emailing an invoice or official receipt to the customer with its PDF attached. The PDF is the stored
 * document (rendered now if need be); the email is queued in the notification outbox with the ISP's template
 * and sent at once, so staff see the answer: sent (the invoice is marked emailed), queued for a retry
 * (the mail server could not be reached), or refused (an error; the dead letter stays in the outbox).
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { enqueueNotification, type NotificationData } from "@/lib/notify/enqueue";
import { sendDueNotifications } from "@/lib/notify/outbox";
import { notificationOutbox, type NotificationEvent } from "@/lib/notify/schema";
import type { Db } from "@/lib/db/types";
import { loadInvoiceDocument } from "./load-invoice";
import { loadReceiptDocument } from "./load-receipt";
import { getOrRenderDocument, type StoredDocument } from "./store";
import { invoiceDocumentNoticeData, receiptNoticeData } from "./email-text";
import { clock } from "@/lib/core/clock";

export type EmailedDocument = {
  to: string;
  /** The outbox message. */
  outboxId: string;
  /** "queued": the mail server could not be reached; the outbox retries it. */
  status: "sent" | "queued";
  /** The dev mailbox / sent-mail record once sent. */
  emailId: string | null;
};

const noEmail = () => new AppError("validation", "This customer has no email address.");

/** Queues the document's email to the customer (whatever their channel preferences: staff asked for it) and sends it now. */
async function queueAndSend(
  db: Db,
  actor: TenantActor,
  { event, customerId, data, document }: { event: NotificationEvent; customerId: string; data: NotificationData; document: StoredDocument },
): Promise<EmailedDocument> {
  const { ids } = await enqueueNotification(db, {
    tenantId: actor.tenantId,
    event,
    customerId,
    data,
    attachments: [{ filename: document.filename, contentType: "application/pdf", documentId: document.id }],
    channels: ["email"],
    explicit: true,
  });
  if (ids.length === 0) {
    throw new AppError("validation", "Email, or this message's email template, is switched off under Settings → Notifications, so nothing was sent.");
  }
  await sendDueNotifications(db, { ids });
  const [message] = await db
    .select({
      status: notificationOutbox.status,
      recipient: notificationOutbox.recipient,
      providerMessageId: notificationOutbox.providerMessageId,
      lastError: notificationOutbox.lastError,
    })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.tenantId, actor.tenantId), eq(notificationOutbox.id, ids[0])));
  if (message.status === "dead") {
    throw new AppError(
      "internal",
      `The email was not sent: ${message.lastError ?? "the mail server refused it"}. It is kept under Settings → Notifications → Outbox.`,
    );
  }
  const sent = message.status === "sent";
  return { to: message.recipient, outboxId: ids[0], status: sent ? "sent" : "queued", emailId: sent ? message.providerMessageId : null };
}

export async function emailInvoice(db: Db, actor: TenantActor, { invoiceId }: { invoiceId: string }) {
  const data = await loadInvoiceDocument(db, { tenantId: actor.tenantId, invoiceId });
  if (!data.customer.email.trim()) throw noEmail();
  const document = await getOrRenderDocument(db, { tenantId: actor.tenantId, kind: "invoice", refId: invoiceId });
  const result = await queueAndSend(db, actor, {
    event: "invoice_issued",
    customerId: data.customer.id,
    data: invoiceDocumentNoticeData(actor.tenantId, data),
    document,
  });
  const emailedAt = result.status === "sent" ? clock.now() : null;
  await db.transaction(async (tx) => {
    if (emailedAt)
      await tx
        .update(invoices)
        .set({ emailedAt })
        .where(and(eq(invoices.tenantId, actor.tenantId), eq(invoices.id, invoiceId)));
    await recordAudit(tx, actor, {
      action: "invoice.emailed",
      entityType: "invoice",
      entityId: invoiceId,
      customerId: data.customer.id,
      after: { number: data.invoice.number, to: result.to, status: result.status, outboxId: result.outboxId },
    });
  });
  return { ...result, emailedAt };
}

export async function emailReceipt(db: Db, actor: TenantActor, { paymentId }: { paymentId: string }) {
  const data = await loadReceiptDocument(db, { tenantId: actor.tenantId, paymentId });
  if (!data.customer.email.trim()) throw noEmail();
  const document = await getOrRenderDocument(db, { tenantId: actor.tenantId, kind: "receipt", refId: paymentId });
  const result = await queueAndSend(db, actor, { event: "payment_received", customerId: data.customer.id, data: receiptNoticeData(data), document });
  await recordAudit(db, actor, {
    action: "receipt.emailed",
    entityType: "payment",
    entityId: paymentId,
    customerId: data.customer.id,
    after: { number: data.payment.receiptNumber, to: result.to, status: result.status, outboxId: result.outboxId },
  });
  return result;
}
