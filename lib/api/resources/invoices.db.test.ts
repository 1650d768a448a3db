import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addDays, todayIn } from "@/lib/core/calendar";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { pdfText } from "@/tests/support/pdf";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const listRoute = await import("@/app/api/v1/invoices/route");
const oneRoute = await import("@/app/api/v1/invoices/[id]/route");
const pdfRoute = await import("@/app/api/v1/invoices/[id]/pdf/route");

type Invoice = Awaited<ReturnType<typeof insertInvoice>>;
let key: string;
let juan: Awaited<ReturnType<typeof insertSubscriber>>;
let maria: Awaited<ReturnType<typeof insertSubscriber>>;
const invoices: Invoice[] = [];
let theirInvoiceId: string;
const today = todayIn("Asia/Manila");
const day = (offset: number) => addDays(today, offset);

beforeAll(async () => {
  conn = await createTestDatabase();
  const isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const plan = await insertPlan(conn.db, isp.tenant.id);
  const router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "x" });
  juan = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username: "juan" });
  maria = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username: "maria" });
  const tenantId = isp.tenant.id;
  // Juan: three monthly invoices, the oldest paid, the next overdue, the last not due yet; Maria: one, void.
  for (const [n, issue] of [[1, -70], [2, -40], [3, -5]] as const)
    invoices.push(
      await insertInvoice(conn.db, {
        tenantId,
        customerId: juan.customer.id,
        number: `INV-T-00${n}`,
        issueDate: day(issue),
        dueDate: day(issue + 7),
        lines: [{ amount: 149_900, subscriptionId: juan.subscription.id, planId: plan.id, description: "Fiber 50 Mbps" }],
      }),
    );
  invoices.push(await insertInvoice(conn.db, { tenantId, customerId: maria.customer.id, number: "INV-T-004", issueDate: day(-3), dueDate: day(4), status: "void", lines: [{ amount: 50_000 }] }));
  await insertPayment(conn.db, { tenantId, customerId: juan.customer.id, amount: 149_900, allocateTo: [{ invoiceId: invoices[0].id, amount: 149_900 }] });
  const theirPlan = await insertPlan(conn.db, other.tenant.id);
  const theirs = await insertSubscriber(conn.db, other.tenant.id, { planId: theirPlan.id, routerId: (await insertRouter(conn.db, other.tenant.id, { port: 1, password: "x" })).id, username: "theirs" });
  theirInvoiceId = (await insertInvoice(conn.db, { tenantId: other.tenant.id, customerId: theirs.customer.id, number: "INV-T-001", lines: [{ amount: 1000 }] })).id;
  key = (await apiKeyFor(conn.db, tenantId, ["invoices:read"])).key;
});
afterAll(async () => {
  await conn?.close();
});

const numbers = (body: { data: { number: string }[] }) => body.data.map((i) => i.number);

describe("invoices through the API", () => {
  it("pages newest first by cursor without repeats, money in centavos with the currency", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await callApi(listRoute.GET, { path: `/invoices?limit=3${cursor ? `&cursor=${cursor}` : ""}`, key });
      expect(page.status).toBe(200);
      seen.push(...numbers(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["INV-T-004", "INV-T-003", "INV-T-002", "INV-T-001"]);
    const byNumber = await callApi(listRoute.GET, { path: "/invoices?sort=number&limit=2", key });
    expect(numbers(byNumber.body)).toEqual(["INV-T-001", "INV-T-002"]);
    const next = await callApi(listRoute.GET, { path: `/invoices?sort=number&limit=2&cursor=${byNumber.body.nextCursor}`, key });
    expect(numbers(next.body)).toEqual(["INV-T-003", "INV-T-004"]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("says which are paid, overdue and still owed", async () => {
    const all = (await callApi(listRoute.GET, { path: "/invoices?sort=number", key })).body.data;
    expect(all[0]).toMatchObject({ number: "INV-T-001", status: "paid", overdue: false, amountPaidCentavos: 149_900, amountDueCentavos: 0, totalCentavos: 149_900, currency: "PHP" });
    expect(all[1]).toMatchObject({ number: "INV-T-002", status: "open", overdue: true, amountDueCentavos: 149_900, issueDate: day(-40), dueDate: day(-33) });
    expect(all[2]).toMatchObject({ number: "INV-T-003", status: "open", overdue: false, amountDueCentavos: 149_900 });
    expect(all[3]).toMatchObject({ number: "INV-T-004", status: "void", overdue: false, amountDueCentavos: 0 });
  });

  it("filters by customer, status and issue dates; bad filters are a 422", async () => {
    expect(numbers((await callApi(listRoute.GET, { path: `/invoices?customerId=${maria.customer.id}`, key })).body)).toEqual(["INV-T-004"]);
    expect(numbers((await callApi(listRoute.GET, { path: "/invoices?status=open&sort=number", key })).body)).toEqual(["INV-T-002", "INV-T-003"]);
    expect(numbers((await callApi(listRoute.GET, { path: `/invoices?issuedFrom=${day(-40)}&issuedTo=${day(-5)}&sort=number`, key })).body)).toEqual(["INV-T-002", "INV-T-003"]);
    const bad = await callApi(listRoute.GET, { path: "/invoices?status=late&issuedFrom=yesterday&sort=total", key });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["issuedFrom", "sort", "status"]);
  });

  it("reads one with its lines and what paid it; another ISP's invoice is a 404", async () => {
    const one = await callApi(oneRoute.GET, { path: `/invoices/${invoices[0].id}`, params: { id: invoices[0].id }, key });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ number: "INV-T-001", customerId: juan.customer.id, status: "paid" });
    expect(one.body.lines).toEqual([
      expect.objectContaining({ kind: "service", description: "Fiber 50 Mbps", subscriptionId: juan.subscription.id, amountCentavos: 149_900, taxRateBps: 1200, totalCentavos: 149_900, netCentavos: 133_839, taxCentavos: 16_061 }),
    ]);
    expect(one.body.appliedPayments).toEqual([{ paymentId: expect.any(String), creditNoteId: null, amountCentavos: 149_900 }]);
    expect((await callApi(oneRoute.GET, { path: `/invoices/${theirInvoiceId}`, params: { id: theirInvoiceId }, key })).status).toBe(404);
  });

  it("downloads the invoice's PDF; another ISP's is a 404", async () => {
    const pdf = await callApi(pdfRoute.GET, { path: `/invoices/${invoices[1].id}/pdf`, params: { id: invoices[1].id }, key });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment; filename=".*INV-T-002.*\.pdf"$/);
    expect(pdf.body.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdfText(pdf.body)).toContain("INV-T-002");
    const theirs = await callApi(pdfRoute.GET, { path: `/invoices/${theirInvoiceId}/pdf`, params: { id: theirInvoiceId }, key });
    expect(theirs.status).toBe(404);
    expect(theirs.headers.get("content-type")).toBe("application/problem+json");
  });
});
