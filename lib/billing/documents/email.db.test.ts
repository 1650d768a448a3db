import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { createBillingTenant, insertCustomer } from "@/tests/support/billing-documents";
import { pdfText } from "@/tests/support/pdf";
import { executeAction } from "@/lib/core/action";
import { requireStaffContext } from "@/lib/auth/session";
import { auditLog } from "@/lib/audit/schema";
import { billingDocuments, invoices } from "@/lib/billing/schema";
import { sentEmailAttachments, sentEmails } from "@/lib/mail/schema";
import { emailInvoiceAction, emailReceiptAction } from "@/lib/billing/actions/documents";
import { GET as getAttachment } from "@/app/api/mailbox/attachments/[id]/route";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let a: Awaited<ReturnType<typeof createBillingTenant>>;
let b: Awaited<ReturnType<typeof createBillingTenant>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createBillingTenant(conn.db, "Batangas Fiber Net");
  b = await createBillingTenant(conn.db, "Other ISP");
});
afterAll(async () => conn?.close());

const totals = async () => ({
  emails: (await conn.db.select({ n: count() }).from(sentEmails))[0].n,
  attachments: (await conn.db.select({ n: count() }).from(sentEmailAttachments))[0].n,
  documents: (await conn.db.select({ n: count() }).from(billingDocuments))[0].n,
  audits: (await conn.db.select({ n: count() }).from(auditLog))[0].n,
});

async function download(ctx: StaffContext, id: string) {
  vi.mocked(requireStaffContext).mockResolvedValue({ ...ctx, db: conn.db });
  return getAttachment(new Request(`http://127.0.0.1/api/mailbox/attachments/${id}`), { params: Promise.resolve({ id }) });
}

describe("emailing an invoice", () => {
  it("stores the email with the invoice PDF attached in the dev mailbox, marks the invoice emailed and audits it", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id, { email: "juan@example.com" });
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000123",
      dueDate: "2026-11-08",
      lines: [{ amount: 1499_00 }],
    });
    const result = await executeAction(emailInvoiceAction.definition, a.ctx.billing, { invoiceId: invoice.id });
    expect(result.to).toBe("juan@example.com");

    expect(result.status).toBe("sent");
    const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.id, result.emailId!));
    expect(mail).toMatchObject({
      tenantId: a.tenant.id,
      to: "juan@example.com",
      subject: "Invoice INV-2026-000123 from Batangas Fiber Net",
      transport: "dev",
      status: "stored",
    });
    expect(mail.text).toContain("Amount due: ₱1,499.00");
    expect(mail.text).toContain("Due date: Nov 8, 2026");
    expect(mail.text).toContain("How to pay:");

    const [attachment] = await conn.db.select().from(sentEmailAttachments).where(eq(sentEmailAttachments.emailId, mail.id));
    expect(attachment).toMatchObject({ filename: "INV-2026-000123.pdf", contentType: "application/pdf" });
    const [document] = await conn.db.select().from(billingDocuments).where(eq(billingDocuments.id, attachment.documentId));
    expect(document).toMatchObject({ tenantId: a.tenant.id, kind: "invoice", refId: invoice.id });

    const [after] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after.emailedAt).toBeInstanceOf(Date);
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenant.id), eq(auditLog.action, "invoice.emailed")));
    expect(audit).toMatchObject({ entityId: invoice.id, customerId: customer.id, actorUserId: a.ctx.billing.userId });

    // The dev mailbox offers the attachment to the tenant's admins, and to no one else.
    const response = await download(a.ctx.owner, attachment.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="INV-2026-000123.pdf"');
    expect(pdfText(Buffer.from(await response.arrayBuffer()))).toContain("INV-2026-000123");
    expect((await download(b.ctx.owner, attachment.id)).status).toBe(404);
    expect((await download(a.ctx.billing, attachment.id)).status).toBe(403);
  });

  it("refuses a customer without an email address and writes nothing", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id, { email: "" });
    const invoice = await insertInvoice(conn.db, { tenantId: a.tenant.id, customerId: customer.id, lines: [{ amount: 1499_00 }] });
    const before = await totals();
    await expect(executeAction(emailInvoiceAction.definition, a.ctx.billing, { invoiceId: invoice.id })).rejects.toMatchObject({
      code: "validation",
      message: "This customer has no email address.",
    });
    expect(await totals()).toEqual(before);
    const [after] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(after.emailedAt).toBeNull();
  });

  it("cannot email another tenant's invoice, and needs billing:write", async () => {
    const customer = await insertCustomer(conn.db, b.tenant.id);
    const theirs = await insertInvoice(conn.db, { tenantId: b.tenant.id, customerId: customer.id, lines: [{ amount: 100_00 }] });
    const before = await totals();
    await expect(executeAction(emailInvoiceAction.definition, a.ctx.billing, { invoiceId: theirs.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(emailInvoiceAction.definition, b.ctx.support, { invoiceId: theirs.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(await totals()).toEqual(before);
  });
});

describe("emailing an official receipt", () => {
  it("sends the receipt PDF with what was paid and audits it on the customer", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id, { email: "maria@example.com", name: "Maria Santos" });
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000124",
      lines: [{ amount: 1499_00 }],
    });
    const payment = await insertPayment(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      amount: 1499_00,
      receiptNumber: "OR-2026-000045",
      allocateTo: [{ invoiceId: invoice.id, amount: 1499_00 }],
    });
    const result = await executeAction(emailReceiptAction.definition, a.ctx.billing, { paymentId: payment.id });
    expect(result.status).toBe("sent");
    const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.id, result.emailId!));
    expect(mail.subject).toBe("Official receipt OR-2026-000045 from Batangas Fiber Net");
    expect(mail.text).toContain("Amount received: ₱1,499.00");
    expect(mail.text).toContain("Applied to: INV-2026-000124 (₱1,499.00)");
    const attachments = await conn.db.select().from(sentEmailAttachments).where(eq(sentEmailAttachments.emailId, mail.id));
    expect(attachments.map((x) => x.filename)).toEqual(["OR-2026-000045.pdf"]);
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenant.id), eq(auditLog.action, "receipt.emailed")));
    expect(audit).toMatchObject({ entityType: "payment", entityId: payment.id, customerId: customer.id });
  });
});
