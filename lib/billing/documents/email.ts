/*
 * Emailing an invoice or official receipt to the customer with its PDF attached. The PDF is the stored
 * document (rendered now if need be); the email goes out (or into the dev mailbox) first and only a
 * delivered or stored email marks the invoice emailed and is audited.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { sendEmail } from "@/lib/mail/send";
import type { Db } from "@/lib/db/types";
import { loadInvoiceDocument } from "./load-invoice";
import { loadReceiptDocument } from "./load-receipt";
import { getOrRenderDocument } from "./store";
import { invoiceEmail, receiptEmail } from "./email-text";

const noEmail = () => new AppError("validation", "This customer has no email address.");
const notDelivered = () =>
  new AppError("internal", "The mail server did not accept the email, so it was not sent. Check the mailbox page and try again.");

export async function emailInvoice(db: Db, actor: TenantActor, { invoiceId }: { invoiceId: string }) {
  const data = await loadInvoiceDocument(db, { tenantId: actor.tenantId, invoiceId });
  const to = data.customer.email.trim();
  if (!to) throw noEmail();
  const document = await getOrRenderDocument(db, { tenantId: actor.tenantId, kind: "invoice", refId: invoiceId });
  const sent = await sendEmail(db, {
    tenantId: actor.tenantId,
    to,
    ...invoiceEmail(data),
    attachments: [{ filename: document.filename, contentType: "application/pdf", documentId: document.id }],
  });
  if (sent.status === "failed") throw notDelivered();
  const emailedAt = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(invoices)
      .set({ emailedAt })
      .where(and(eq(invoices.tenantId, actor.tenantId), eq(invoices.id, invoiceId)));
    await recordAudit(tx, actor, {
      action: "invoice.emailed",
      entityType: "invoice",
      entityId: invoiceId,
      customerId: data.customer.id,
      after: { number: data.invoice.number, to, emailId: sent.id },
    });
  });
  return { to, emailId: sent.id, emailedAt };
}

export async function emailReceipt(db: Db, actor: TenantActor, { paymentId }: { paymentId: string }) {
  const data = await loadReceiptDocument(db, { tenantId: actor.tenantId, paymentId });
  const to = data.customer.email.trim();
  if (!to) throw noEmail();
  const document = await getOrRenderDocument(db, { tenantId: actor.tenantId, kind: "receipt", refId: paymentId });
  const sent = await sendEmail(db, {
    tenantId: actor.tenantId,
    to,
    ...receiptEmail(data),
    attachments: [{ filename: document.filename, contentType: "application/pdf", documentId: document.id }],
  });
  if (sent.status === "failed") throw notDelivered();
  await recordAudit(db, actor, {
    action: "receipt.emailed",
    entityType: "payment",
    entityId: paymentId,
    customerId: data.customer.id,
    after: { number: data.payment.receiptNumber, to, emailId: sent.id },
  });
  return { to, emailId: sent.id };
}
