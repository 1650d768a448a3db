import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { payTokenFor } from "@/lib/billing/pay-links";
import { loadPayPage } from "@/lib/payments/pay-page";
import { createTestDatabase } from "@/tests/support/db";
import { insertPayment } from "@/tests/support/billing";
import { enablePaypal, enableStripe, tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("public pay page", () => {
  it("shows the tenant, invoice number and amount due, with a button per enabled gateway", async () => {
    const { tenant, ctx, customer, invoice } = await tenantWithInvoice(conn.db);
    const token = payTokenFor({ tenantId: tenant.id, invoiceId: invoice.id });
    expect(await loadPayPage(conn.db, token)).toMatchObject({
      tenantName: "Test ISP",
      invoiceNumber: invoice.number,
      outstandingCentavos: 149_900,
      state: "payable",
      methods: [],
    });

    await enableStripe(conn.db, ctx.owner);
    await enablePaypal(conn.db, ctx.owner, { apiBaseUrl: "http://127.0.0.1:9" });
    await insertPayment(conn.db, {
      tenantId: tenant.id,
      customerId: customer.id,
      amount: 40_000,
      allocateTo: [{ invoiceId: invoice.id, amount: 40_000 }],
    });
    expect(await loadPayPage(conn.db, token)).toMatchObject({ outstandingCentavos: 109_900, methods: ["card", "paypal"] });
  });

  it("a paid invoice says so and offers no buttons", async () => {
    const { tenant, ctx, customer, invoice } = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, ctx.owner);
    await insertPayment(conn.db, {
      tenantId: tenant.id,
      customerId: customer.id,
      amount: 149_900,
      allocateTo: [{ invoiceId: invoice.id, amount: 149_900 }],
    });
    expect(await loadPayPage(conn.db, payTokenFor({ tenantId: tenant.id, invoiceId: invoice.id }))).toMatchObject({ state: "paid", methods: [] });
    await conn.db.update(invoices).set({ status: "void" }).where(eq(invoices.id, invoice.id));
    expect((await loadPayPage(conn.db, payTokenFor({ tenantId: tenant.id, invoiceId: invoice.id })))?.state).toBe("void");
  });

  it("a tampered token, or a valid token for an invoice of another tenant, is not found (404)", async () => {
    const a = await tenantWithInvoice(conn.db);
    const b = await tenantWithInvoice(conn.db);
    const token = payTokenFor({ tenantId: a.tenant.id, invoiceId: a.invoice.id });
    const tampered = token.slice(0, 40) + (token[40] === "A" ? "B" : "A") + token.slice(41);
    expect(await loadPayPage(conn.db, tampered)).toBeNull();
    expect(await loadPayPage(conn.db, payTokenFor({ tenantId: a.tenant.id, invoiceId: b.invoice.id }))).toBeNull();
  });
});
