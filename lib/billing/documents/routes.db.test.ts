import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { createBillingTenant, insertCustomer } from "@/tests/support/billing-documents";
import { pdfText } from "@/tests/support/pdf";
import { requireStaffContext } from "@/lib/auth/session";
import { GET } from "@/app/api/billing/documents/[kind]/[id]/route";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let a: Awaited<ReturnType<typeof createBillingTenant>>;
let b: Awaited<ReturnType<typeof createBillingTenant>>;
let invoiceId: string;
let paymentId: string;
let theirInvoiceId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createBillingTenant(conn.db);
  b = await createBillingTenant(conn.db, "Other ISP");
  const customer = await insertCustomer(conn.db, a.tenant.id);
  const invoice = await insertInvoice(conn.db, {
    tenantId: a.tenant.id,
    customerId: customer.id,
    number: "INV-2026-000123",
    lines: [{ amount: 1499_00 }],
  });
  invoiceId = invoice.id;
  paymentId = (
    await insertPayment(conn.db, {
      tenantId: a.tenant.id,
      customerId: customer.id,
      amount: 1499_00,
      receiptNumber: "OR-2026-000045",
      allocateTo: [{ invoiceId, amount: 1499_00 }],
    })
  ).id;
  const theirCustomer = await insertCustomer(conn.db, b.tenant.id);
  theirInvoiceId = (await insertInvoice(conn.db, { tenantId: b.tenant.id, customerId: theirCustomer.id, lines: [{ amount: 100_00 }] })).id;
});
afterAll(async () => conn?.close());

/** Calls the route as the given staff member, the way the browser does. */
async function get(ctx: StaffContext, kind: string, id: string, query = "") {
  vi.mocked(requireStaffContext).mockResolvedValue({ ...ctx, db: conn.db });
  const response = await GET(new Request(`http://127.0.0.1/api/billing/documents/${kind}/${id}${query}`), { params: Promise.resolve({ kind, id }) });
  return response;
}

describe("GET /api/billing/documents/[kind]/[id]", () => {
  it("gives billing staff the invoice PDF as a download named after its number, never cached", async () => {
    const response = await get(a.ctx.billing, "invoice", invoiceId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="INV-2026-000123.pdf"');
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfText(pdf)).toContain("INV-2026-000123");
  });

  it("shows it inline on ?inline=1, and serves receipts to support staff", async () => {
    expect((await get(a.ctx.billing, "invoice", invoiceId, "?inline=1")).headers.get("content-disposition")).toBe(
      'inline; filename="INV-2026-000123.pdf"',
    );
    const receipt = await get(a.ctx.support, "receipt", paymentId);
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("content-disposition")).toBe('attachment; filename="OR-2026-000045.pdf"');
  });

  it("refuses a technician with a 403 JSON error", async () => {
    const response = await get(a.ctx.technician, "invoice", invoiceId);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("answers 404 JSON for another tenant's invoice, an unknown kind, a malformed id or a bad query", async () => {
    for (const [kind, id, query, status] of [
      ["invoice", theirInvoiceId, "", 404],
      ["statement", invoiceId, "", 404],
      ["invoice", "../../etc", "", 404],
      ["receipt", invoiceId, "", 404],
      ["invoice", invoiceId, "?inline=yes", 422],
    ] as const) {
      const response = await get(a.ctx.owner, kind, id, query);
      expect(response.status, `${kind}/${id}${query}`).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(await response.json()).toMatchObject({ ok: false });
    }
  });
});
