import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { auditLog } from "@/lib/audit/schema";
import { listAuditEntries, type AuditFilter } from "@/lib/audit/queries";
import { parseAuditFilter } from "@/lib/audit/rules";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

describe("the audit log's date filter", () => {
  it("takes days in the ISP's own time zone, not Manila's for everyone", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    // 03:00 UTC on Nov 10: 11:00 on Nov 10 in Manila, 22:00 on Nov 9 in New York.
    await conn.db.insert(auditLog).values({
      tenantId: tenant.id,
      actorLabel: "Ana",
      action: "customer.updated",
      entityType: "customer",
      createdAt: new Date("2026-11-10T03:00:00Z"),
    });
    const day = async (date: string, timeZone: string) =>
      (await listAuditEntries(conn.db, { tenantId: tenant.id, filter: { from: date, to: date }, timeZone })).rows.map((r) => r.action);
    expect(await day("2026-11-10", "Asia/Manila")).toEqual(["customer.updated"]);
    expect(await day("2026-11-09", "Asia/Manila")).toEqual([]);
    expect(await day("2026-11-09", "America/New_York")).toEqual(["customer.updated"]);
    expect(await day("2026-11-10", "America/New_York")).toEqual([]);
  });
});

describe("dates that are not days", () => {
  it("are refused by the query with the field named, never a crash", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const list = (filter: AuditFilter) => listAuditEntries(conn.db, { tenantId: tenant.id, filter, timeZone: "Asia/Manila" });
    for (const day of ["0000-00-00", "9999-12-31", "2026-02-30"]) {
      await expect(list({ from: day })).rejects.toMatchObject({ code: "validation", fieldErrors: { from: [expect.any(String)] } });
      await expect(list({ to: day })).rejects.toMatchObject({ code: "validation", fieldErrors: { to: [expect.any(String)] } });
    }
    await expect(list({ before: 1e300 })).rejects.toMatchObject({ code: "validation", fieldErrors: { before: [expect.any(String)] } });
  });

  it("are left out of the page's filter with a message saying so, and the other filters still apply", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    await conn.db.insert(auditLog).values({ tenantId: tenant.id, actorLabel: "Ana", action: "plan.created", entityType: "plan" });
    const { filter, dateErrors } = parseAuditFilter({ from: "0000-00-00", to: "9999-12-31", action: "plan\u0000", before: "1e300" });
    expect(filter).toEqual({ action: "plan" });
    expect(dateErrors).toEqual({ from: "“0000-00-00” is not a date, so it is not applied.", to: "“9999-12-31” is not a date, so it is not applied." });
    const { rows } = await listAuditEntries(conn.db, { tenantId: tenant.id, filter, timeZone: "Asia/Manila" });
    expect(rows.map((r) => r.action)).toEqual(["plan.created"]);
  });
});
