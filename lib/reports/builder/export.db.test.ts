import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import Papa from "papaparse";
import ExcelJS from "exceljs";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { insertInvoice } from "@/tests/support/billing";
import { requireStaffContext } from "@/lib/auth/session";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";
import { addDays, todayIn } from "@/lib/core/calendar";
import { GET as exportReport } from "@/app/api/reports/export/route";
import { saveReport, reportUserOf } from "./service";
import { reportSpecSchema } from "./spec";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let ctx: Record<"owner" | "billing" | "technician", StaffContext>;
let other: StaffContext;
let reportId: string;
const ROWS = 2_600;

beforeAll(async () => {
  conn = await createTestDatabase();
  const mine = await createTenantFixture(conn.db);
  ctx = { owner: mine.ctx.owner, billing: mine.ctx.billing, technician: mine.ctx.technician };
  other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
  const customer = await insertCustomer(conn.db, mine.tenant.id, { name: "=HYPERLINK(\"http://x\")", accountNumber: "ACC-F" });
  const today = todayIn("Asia/Manila");
  // Enough rows for three batches of the export.
  await conn.db.execute(
    `insert into customers (tenant_id, account_number, name, city) select '${mine.tenant.id}', 'BULK-' || lpad(g::text, 5, '0'), 'Bulk ' || g, 'Lipa City' from generate_series(1, ${ROWS}) g`,
  );
  await insertInvoice(conn.db, { tenantId: mine.tenant.id, customerId: customer.id, issueDate: today, dueDate: addDays(today, 7), lines: [{ amount: 149_950 }] });
  await insertCustomer(conn.db, (await createTenantFixture(conn.db, { name: "Third ISP" })).tenant.id, { name: "Never Shown", city: "Lipa City" });
  reportId = (
    await saveReport(ctx.billing.db, reportUserOf(ctx.billing), {
      name: "Invoices by customer",
      spec: reportSpecSchema.parse({ dataset: "invoices", columns: ["number", "customerName", "total"], aggregates: [{ fn: "sum", field: "total" }] }),
      visibility: "private",
      sharedRoles: [],
    })
  ).id;
});

afterAll(async () => conn?.close());

const get = async (as: StaffContext, query: Record<string, string>) => {
  vi.mocked(requireStaffContext).mockResolvedValue(as);
  return exportReport(new Request(`http://localhost/api/reports/export?${new URLSearchParams(query)}`), { params: Promise.resolve({}) });
};
const spec = (value: object) => JSON.stringify(value);

describe("report export", () => {
  it("CSV: header, every row of this ISP in order with none repeated, the count in a header, formula-like names quoted", async () => {
    const response = await get(ctx.owner, { spec: spec({ dataset: "customers", columns: ["accountNumber", "name", "city"], filters: [{ field: "city", op: "equals", value: "Lipa City" }] }), format: "csv" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("x-row-count")).toBe(String(ROWS + 1));
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("Account number,Name,City\r\nACC-F,")).toBe(true);
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, "").trim()).data.slice(1);
    expect(rows.length).toBe(ROWS + 1);
    expect(new Set(rows.map((r) => r[0])).size).toBe(ROWS + 1);
    expect(rows.map((r) => r[1])).not.toContain("Never Shown");
    expect(rows.find((r) => r[0] === "ACC-F")?.[1]).toBe("'=HYPERLINK(\"http://x\")");
  });

  it("XLSX: written as a stream, opened back with exceljs: header, money in pesos, the totals line", async () => {
    const response = await get(ctx.billing, { reportId, format: "xlsx" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/filename="invoices-by-customer-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Invoices by customer");
    expect(sheet.getRow(1).values).toEqual([undefined, "Invoice", "Customer", "Total"]);
    expect(sheet.getRow(2).getCell(2).value).toBe("=HYPERLINK(\"http://x\")");
    expect(sheet.getRow(2).getCell(3).value).toBe(1499.5);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe("#,##0.00");
    expect(sheet.getRow(4).values).toEqual([undefined, "Sum of total", 1499.5]);
    expect(sheet.rowCount).toBe(4);
  });

  it("refuses a role without the dataset, another ISP's saved report, and unknown fields, as JSON errors", async () => {
    const refused = await get(ctx.technician, { spec: spec({ dataset: "customers" }) });
    expect(refused.status).toBe(403);
    const foreign = await get(other, { reportId });
    expect(foreign.status).toBe(404);
    const unknown = await get(ctx.owner, { spec: spec({ dataset: "customers", columns: ["name; drop table customers"] }) });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).fieldErrors).toEqual({ "columns.0": ["Unknown field"] });
    const noPermission = await get(ctx.owner, { spec: spec({ dataset: "payments", columns: ["amount"] }) }).then((r) => r.status);
    expect(noPermission).toBe(200);
  });
});
