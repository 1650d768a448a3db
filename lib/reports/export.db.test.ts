import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import Papa from "papaparse";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { auditLog } from "@/lib/audit/schema";
import { can } from "@/lib/auth/permissions";
import { staffRoles } from "@/lib/auth/schema";
import { requireStaffContext } from "@/lib/auth/session";
import { creditNotes, payments } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { GET } from "@/app/api/finance/export/route";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let other: Awaited<ReturnType<typeof createTenantFixture>>;

/** Calls the route handler as the given staff member, the way the browser does. */
async function get(ctx: StaffContext, query: string) {
  vi.mocked(requireStaffContext).mockResolvedValue({ ...ctx, db: conn.db });
  return GET(new Request(`http://127.0.0.1/api/finance/export?${query}`), { params: Promise.resolve({}) });
}

const parseCsv = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;

async function insertCustomer(tenantId: string, name: string) {
  const [customer] = await conn.db
    .insert(customers)
    .values({ tenantId, name, accountNumber: `ACC-${randomUUID().slice(0, 6)}` })
    .returning();
  return customer;
}

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db);
  other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const tenantId = fixture.tenant.id;
  const quoted = await insertCustomer(tenantId, 'Dela Cruz, "Jun"');
  const formula = await insertCustomer(tenantId, "=HYPERLINK(1)");
  await insertInvoice(conn.db, {
    tenantId,
    customerId: quoted.id,
    number: "INV-2026-000001",
    issueDate: "2026-10-05",
    dueDate: "2026-10-12",
    lines: [{ amount: 112_000 }],
  });
  await insertInvoice(conn.db, {
    tenantId,
    customerId: formula.id,
    number: "INV-2026-000002",
    issueDate: "2026-10-20",
    dueDate: "2026-10-27",
    lines: [{ amount: 50_000, exempt: true }],
  });
  await insertInvoice(conn.db, {
    tenantId,
    customerId: formula.id,
    number: "INV-2026-000003",
    issueDate: "2026-10-21",
    dueDate: "2026-10-28",
    lines: [{ amount: 1 }],
    status: "void",
  });
  const payment = await insertPayment(conn.db, {
    tenantId,
    customerId: quoted.id,
    amount: 20_000,
    method: "bank_transfer",
    receivedAt: new Date("2026-10-31T16:00:00Z"),
  });
  await conn.db.insert(creditNotes).values({
    tenantId,
    customerId: quoted.id,
    kind: "refund",
    number: "CN-2026-000001",
    paymentId: payment.id,
    amountCentavos: 7_050,
    reason: "Double payment",
    createdAt: new Date("2026-11-02T02:00:00Z"),
  });
  const stranger = await insertCustomer(other.tenant.id, "Other Tenant Customer");
  await insertInvoice(conn.db, {
    tenantId: other.tenant.id,
    customerId: stranger.id,
    issueDate: "2026-10-06",
    dueDate: "2026-10-13",
    lines: [{ amount: 999_999 }],
  });
});
afterAll(async () => conn?.close());

describe("GET /api/finance/export", () => {
  it("downloads the invoices behind a month's revenue as CSV, with a header and pesos", async () => {
    const response = await get(fixture.ctx.billing, "metric=revenue&month=2026-10");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="finance-revenue-2026-10.csv"');
    expect(response.headers.get("x-row-count")).toBe("2");
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(["Account", "Customer", "Invoice", "Issued", "Due", "Status", "Net of VAT (PHP)", "VAT (PHP)", "Total (PHP)"]);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      ['Dela Cruz, "Jun"', "INV-2026-000001", "2026-10-05", "2026-10-12", "open", "1000.00", "120.00", "1120.00"],
      // A name that a spreadsheet would run as a formula is escaped.
      ["'=HYPERLINK(1)", "INV-2026-000002", "2026-10-20", "2026-10-27", "open", "500.00", "0.00", "500.00"],
    ]);
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, fixture.tenant.id), eq(auditLog.action, "reports.finance_exported")));
    expect(audit).toMatchObject({ actorUserId: fixture.ctx.billing.userId, after: { metric: "revenue", month: "2026-10", rows: 2 } });
  });

  it("exports collections with refunds as negative amounts, by the tenant's month", async () => {
    const rows = parseCsv(await (await get(fixture.ctx.owner, "metric=collections&month=2026-11")).text());
    expect(rows.slice(1).map((r) => r.slice(2))).toEqual([
      ["Payment", expect.stringMatching(/^OR-TEST-/), "2026-11-01", "Bank transfer", "TEST", "200.00"],
      ["Refund", "CN-2026-000001", "2026-11-02", "", "", "-70.50"],
    ]);
  });

  it("streams every row of a large month exactly once", async () => {
    const customer = await insertCustomer(fixture.tenant.id, "Bulk Payer");
    await conn.db.insert(payments).values(
      Array.from({ length: 2_345 }, (_, i) => ({
        tenantId: fixture.tenant.id,
        customerId: customer.id,
        receiptNumber: `OR-BULK-${String(i).padStart(5, "0")}`,
        method: "gcash" as const,
        amountCentavos: 100,
        currency: "PHP",
        receivedAt: new Date(Date.UTC(2026, 5, 1 + (i % 28), 2)),
      })),
    );
    const response = await get(fixture.ctx.admin, "metric=methods&month=2026-06&method=gcash");
    expect(response.headers.get("x-row-count")).toBe("2345");
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows).toHaveLength(2_345);
    expect(new Set(rows.map((r) => r[2])).size).toBe(2_345);
  });

  it("follows the permission table: a technician or support gets 403, finance roles get the file", async () => {
    for (const role of staffRoles) {
      const response = await get(fixture.ctx[role], "metric=overdue");
      if (can(role, "reports:finance")) expect(response.status, role).toBe(200);
      else
        expect({ status: response.status, body: await response.json() }, role).toMatchObject({ status: 403, body: { ok: false, code: "forbidden" } });
    }
    expect(can("technician", "reports:finance")).toBe(false);
  });

  it("answers bad parameters with 422 and field errors, never a 500", async () => {
    const cases: Array<[string, string]> = [
      ["metric=everything", "metric"],
      ["", "metric"],
      ["metric=revenue&month=2026-13", "month"],
      ["metric=mrr_movement&month=2026-11", "kind"],
      ["metric=mrr_movement&kind=sideways", "kind"],
      ["metric=tax&from=2026-11-30&to=2026-11-01", "to"],
      ["metric=tax&from=2026-02-30", "from"],
      ["metric=tax&from=2020-01-01&to=2026-01-01", "to"],
      ["metric=mrr&plan=not-a-uuid", "plan"],
      ["metric=outstanding&bucket=120%2B", "bucket"],
      ["metric=methods&method=bitcoin", "method"],
    ];
    for (const [query, field] of cases) {
      const response = await get(fixture.ctx.owner, query);
      const body = await response.json();
      expect({ query, status: response.status, code: body.code }).toEqual({ query, status: 422, code: "validation" });
      expect(Object.keys(body.fieldErrors), query).toContain(field);
    }
  });

  it("never includes another tenant's rows", async () => {
    const mine = parseCsv(await (await get(fixture.ctx.owner, "metric=tax&from=2026-10-01&to=2026-10-31")).text());
    expect(mine.flat().join(" ")).not.toContain("Other Tenant Customer");
    expect(mine).toHaveLength(3);
    const theirs = parseCsv(await (await get(other.ctx.owner, "metric=tax&from=2026-10-01&to=2026-10-31")).text());
    expect(theirs.slice(1).map((r) => r[1])).toEqual(["Other Tenant Customer"]);
  });
});
