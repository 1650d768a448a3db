import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { payLinkFor, readPayToken, shortPayLinkFor, shortPayTokenFor } from "@/lib/billing/pay-links";
import { loadInvoiceDocument } from "@/lib/billing/documents/load-invoice";
import { invoiceDocumentNoticeData } from "@/lib/billing/documents/email-text";
import { createTestDatabase } from "@/tests/support/db";
import { insertPayment } from "@/tests/support/billing";
import { tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db }));

const { GET: openShortLink } = await import("@/app/p/[code]/route");

beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const visit = (code: string) => openShortLink(new Request(`http://localhost:3000/p/${code}`), { params: Promise.resolve({ code }) });

describe("short pay links over HTTP", () => {
  it("redirects a texted short link to the invoice's pay page, uncached and without a referrer", async () => {
    const { tenant, invoice } = await tenantWithInvoice(conn.db);
    const ids = { tenantId: tenant.id, invoiceId: invoice.id };
    const shortUrl = shortPayLinkFor(ids);
    expect(shortUrl.length).toBeLessThanOrEqual(60);

    const response = await visit(shortUrl.split("/p/")[1]);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(payLinkFor(ids));
    expect(readPayToken(response.headers.get("location")!.split("/pay/")[1])).toEqual(ids);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("answers one and the same 404 for a code signed for another ISP, an unknown invoice and a malformed code", async () => {
    const mine = await tenantWithInvoice(conn.db);
    const other = await tenantWithInvoice(conn.db);
    const codes = [
      shortPayTokenFor({ tenantId: other.tenant.id, invoiceId: mine.invoice.id }),
      shortPayTokenFor({ tenantId: mine.tenant.id, invoiceId: randomUUID() }),
      shortPayTokenFor({ tenantId: mine.tenant.id, invoiceId: mine.invoice.id }).slice(0, -1),
      "not-a-code",
    ];
    for (const code of codes) {
      const response = await visit(code);
      expect(response.status, code).toBe(404);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toBe("Not found");
    }
  });
});

describe("the invoice document's pay link", () => {
  it("carries the pay page, its short link and QR code while something is owed, and nothing once paid", async () => {
    const { tenant, customer, invoice } = await tenantWithInvoice(conn.db);
    const ids = { tenantId: tenant.id, invoiceId: invoice.id };

    const open = await loadInvoiceDocument(conn.db, ids);
    expect(open.payLink).toMatchObject({ url: payLinkFor(ids), shortUrl: shortPayLinkFor(ids) });
    const qr = open.payLink!.qr;
    expect(qr.length).toBeGreaterThanOrEqual(21);
    expect(qr.every((row) => row.length === qr.length)).toBe(true);
    expect(invoiceDocumentNoticeData(tenant.id, open)).toMatchObject({ payUrl: payLinkFor(ids), payShortUrl: shortPayLinkFor(ids) });

    await insertPayment(conn.db, {
      tenantId: tenant.id,
      customerId: customer.id,
      amount: invoice.totalCentavos,
      allocateTo: [{ invoiceId: invoice.id, amount: invoice.totalCentavos }],
    });
    const paid = await loadInvoiceDocument(conn.db, ids);
    expect(paid.invoice.status).toBe("paid");
    expect(paid.payLink).toBeNull();
    expect(invoiceDocumentNoticeData(tenant.id, paid)).toMatchObject({ payUrl: "", payShortUrl: "" });
  });
});
