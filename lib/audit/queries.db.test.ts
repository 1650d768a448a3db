import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { auditLog } from "@/lib/audit/schema";
import { listAuditEntries } from "@/lib/audit/queries";
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
