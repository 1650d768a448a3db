import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { createBillingTenant, insertCustomer } from "@/tests/support/billing-documents";
import { pdfText } from "@/tests/support/pdf";
import { allocations, billingDocuments, creditNotes, invoiceLines, invoices } from "@/lib/billing/schema";
import { loadInvoiceDocument } from "./load-invoice";
import { loadCreditNoteDocument, loadReceiptDocument } from "./load-receipt";
import { forgetDocument, getOrRenderDocument } from "./store";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let a: Awaited<ReturnType<typeof createBillingTenant>>;
let b: Awaited<ReturnType<typeof createBillingTenant>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createBillingTenant(conn.db, "Batangas Fiber Net");
  b = await createBillingTenant(conn.db, "Other ISP");
});
afterAll(async () => conn?.close());

const storedCount = async (tenantId: string) =>
  (await conn.db.select({ n: count() }).from(billingDocuments).where(eq(billingDocuments.tenantId, tenantId)))[0].n;

describe("invoice document", () => {
  it("has the letterhead, the customer, lines in their order with waived fees marked, totals and payments", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000123",
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      lines: [
        { amount: 1499_00 },
        { amount: 100_00, kind: "late_fee", description: "Late payment fee" },
        { amount: 500_00, exempt: true, description: "Installation" },
      ],
    });
    await conn.db
      .update(invoiceLines)
      .set({ sortOrder: -1 })
      .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.description, "Installation")));
    await conn.db
      .update(invoiceLines)
      .set({ waivedAt: new Date(), waiveReason: "First time" })
      .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, "late_fee")));
    await insertPayment(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      amount: 1000_00,
      receiptNumber: "OR-2026-000045",
      allocateTo: [{ invoiceId: invoice.id, amount: 1000_00 }],
    });

    const doc = await loadInvoiceDocument(conn.db, { tenantId: a.tenant.id, invoiceId: invoice.id });
    expect(doc.branding).toMatchObject({
      name: "Batangas Fiber Net",
      legalName: "Batangas Fiber Net Corp.",
      tin: "123-456-789-000",
      vatRateBps: 1200,
    });
    expect(doc.customer).toMatchObject({ name: "Juan Dela Cruz", accountNumber: customer.accountNumber, city: "Lipa City", taxExempt: false });
    expect(doc.lines.map((l) => [l.description, l.amountCentavos, l.waived])).toEqual([
      ["Installation", 500_00, false],
      ["Fiber 50 Mbps", 1499_00, false],
      ["Late payment fee", 100_00, true],
    ]);
    expect(doc.vatRateBps).toBe(1200);
    expect(doc.totals).toEqual({
      vatableCentavos: invoice.vatableCentavos,
      zeroRatedCentavos: 0,
      exemptCentavos: 500_00,
      taxCentavos: invoice.taxCentavos,
      totalCentavos: 2099_00,
      amountPaidCentavos: 1000_00,
      balanceDueCentavos: 1099_00,
    });
    expect(doc.payments).toEqual([
      { kind: "payment", id: expect.any(String), number: "OR-2026-000045", date: expect.any(Date), method: "gcash", amountCentavos: 1000_00 },
    ]);
  });

  it("owes nothing once void", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, { tenantId: a.tenant.id, customerId: customer.id, status: "void", lines: [{ amount: 999_00 }] });
    const doc = await loadInvoiceDocument(conn.db, { tenantId: a.tenant.id, invoiceId: invoice.id });
    expect(doc.invoice.status).toBe("void");
    expect(doc.totals).toMatchObject({ totalCentavos: 999_00, balanceDueCentavos: 0 });
  });

  it("reads another tenant's invoice, or a malformed id, as not found", async () => {
    const customer = await insertCustomer(conn.db, b.tenant.id);
    const theirs = await insertInvoice(conn.db, { tenantId: b.tenant.id, customerId: customer.id, lines: [{ amount: 100_00 }] });
    await expect(loadInvoiceDocument(conn.db, { tenantId: a.tenant.id, invoiceId: theirs.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(loadInvoiceDocument(conn.db, { tenantId: a.tenant.id, invoiceId: "not-a-uuid" })).rejects.toMatchObject({ code: "not_found" });
    await expect(getOrRenderDocument(conn.db, { tenantId: a.tenant.id, kind: "invoice", refId: theirs.id })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await storedCount(a.tenant.id)).toBe(0);
  });
});

describe("receipt and credit note documents", () => {
  it("a receipt lists the invoices it paid and the credit left", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000200",
      lines: [{ amount: 1499_00 }],
    });
    const payment = await insertPayment(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      amount: 2000_00,
      receiptNumber: "OR-2026-000046",
      allocateTo: [{ invoiceId: invoice.id, amount: 1499_00 }],
    });
    const doc = await loadReceiptDocument(conn.db, { tenantId: a.tenant.id, paymentId: payment.id });
    expect(doc.payment).toMatchObject({ receiptNumber: "OR-2026-000046", amountCentavos: 2000_00, method: "gcash", reference: "TEST" });
    expect(doc.appliedTo).toEqual([{ invoiceId: invoice.id, number: "INV-2026-000200", issueDate: "2026-11-01", amountCentavos: 1499_00 }]);
    expect(doc.creditLeftCentavos).toBe(501_00);
    await expect(loadReceiptDocument(conn.db, { tenantId: b.tenant.id, paymentId: payment.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a credit note names the invoice it credits and what is left to apply", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000300",
      lines: [{ amount: 1499_00 }],
    });
    const [note] = await conn.db
      .insert(creditNotes)
      .values({
        tenantId: a.tenant.id,
        customerId: customer.id,
        number: "CN-2026-000001",
        kind: "credit",
        invoiceId: invoice.id,
        amountCentavos: 300_00,
        allocatedCentavos: 200_00,
        reason: "Outage",
      })
      .returning();
    await conn.db.insert(allocations).values({ tenantId: a.tenant.id, invoiceId: invoice.id, creditNoteId: note.id, amountCentavos: 200_00 });
    const doc = await loadCreditNoteDocument(conn.db, { tenantId: a.tenant.id, creditNoteId: note.id });
    expect(doc.creditNote).toMatchObject({ number: "CN-2026-000001", invoiceNumber: "INV-2026-000300", reason: "Outage" });
    expect(doc.appliedTo.map((x) => [x.number, x.amountCentavos])).toEqual([["INV-2026-000300", 200_00]]);
    expect(doc.unappliedCentavos).toBe(100_00);
    const invoiceDoc = await loadInvoiceDocument(conn.db, { tenantId: a.tenant.id, invoiceId: invoice.id });
    expect(invoiceDoc.payments).toMatchObject([{ kind: "credit_note", number: "CN-2026-000001", method: "credit_note", amountCentavos: 200_00 }]);
    const stored = await getOrRenderDocument(conn.db, { tenantId: a.tenant.id, kind: "credit_note", refId: note.id });
    expect(stored.filename).toBe("CN-2026-000001.pdf");
    expect(pdfText(stored.pdf)).toContain("Outage");
  });
});

describe("stored documents", () => {
  it("renders once, serves the stored copy after that, and renders again once forgotten", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000400",
      lines: [{ amount: 1499_00 }],
    });
    const ref = { tenantId: a.tenant.id, kind: "invoice" as const, refId: invoice.id };
    const first = await getOrRenderDocument(conn.db, ref);
    expect(first.filename).toBe("INV-2026-000400.pdf");
    expect(first.pdf.subarray(0, 4).toString()).toBe("%PDF");
    const second = await getOrRenderDocument(conn.db, ref);
    expect(second.id).toBe(first.id);
    expect(second.pdf.equals(first.pdf)).toBe(true);

    // What a void does: change the invoice and forget its PDF in the same transaction.
    await conn.db.transaction(async (tx) => {
      await tx
        .update(invoices)
        .set({ status: "void", voidReason: "Billed twice" })
        .where(and(eq(invoices.tenantId, a.tenant.id), eq(invoices.id, invoice.id)));
      await forgetDocument(tx, ref);
    });
    const afterVoid = await getOrRenderDocument(conn.db, ref);
    expect(afterVoid.id).not.toBe(first.id);
    expect(pdfText(afterVoid.pdf)).toContain("Reason: Billed twice.");
    const rows = await conn.db.select({ id: billingDocuments.id }).from(billingDocuments).where(eq(billingDocuments.refId, invoice.id));
    expect(rows).toEqual([{ id: afterVoid.id }]);
  });

  it("renders again when a payment is applied after the copy was stored", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      number: "INV-2026-000500",
      lines: [{ amount: 1499_00 }],
    });
    const ref = { tenantId: a.tenant.id, kind: "invoice" as const, refId: invoice.id };
    const before = await getOrRenderDocument(conn.db, ref);
    expect(pdfText(before.pdf)).toMatch(/Balance due\n₱1,499.00/);
    await insertPayment(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      amount: 1499_00,
      allocateTo: [{ invoiceId: invoice.id, amount: 1499_00 }],
    });
    const after = await getOrRenderDocument(conn.db, ref);
    expect(after.id).not.toBe(before.id);
    expect(pdfText(after.pdf)).toMatch(/Balance due\n₱0.00/);
  });

  it("two requests at once store one copy", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const invoice = await insertInvoice(conn.db, { tenantId: a.tenant.id, customerId: customer.id, lines: [{ amount: 1499_00 }] });
    const ref = { tenantId: a.tenant.id, kind: "invoice" as const, refId: invoice.id };
    const [x, y] = await Promise.all([getOrRenderDocument(conn.db, ref), getOrRenderDocument(conn.db, ref)]);
    expect(x.id).toBe(y.id);
  });
});
