import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { listTenantsForOperator, operatorChangePlan, setTenantStatus } from "@/lib/tenants/platform";
import { customers } from "@/lib/customers/schema";
import { sessions } from "@/lib/auth/schema";
import { auditLog } from "@/lib/audit/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const operator = { userId: "operator-1", userName: "Ops" };

describe("platform operator", () => {
  it("lists every tenant with its plan and usage", async () => {
    const a = await createTenantFixture(conn.db, { name: "Alpha ISP", saasPlanId: "starter" });
    await createTenantFixture(conn.db, { name: "Beta ISP", saasPlanId: "basic" });
    await conn.db.insert(customers).values([
      { tenantId: a.tenant.id, accountNumber: "A-1", name: "One" },
      { tenantId: a.tenant.id, accountNumber: "A-2", name: "Two" },
    ]);
    const rows = await listTenantsForOperator(conn.db);
    expect(rows.map((r) => [r.name, r.planName, r.customers, r.maxCustomers, r.routers])).toEqual([
      ["Alpha ISP", "Starter", 2, 300, 0],
      ["Beta ISP", "Basic", 0, 100, 0],
    ]);
  });

  it("changes a plan, refuses one below current usage, and suspends with immediate sign-out", async () => {
    const t = await createTenantFixture(conn.db, { name: "Gamma ISP", saasPlanId: "starter" });
    await conn.db
      .insert(customers)
      .values(Array.from({ length: 150 }, (_, i) => ({ tenantId: t.tenant.id, accountNumber: `G-${i}`, name: `C${i}` })));
    await expect(operatorChangePlan(conn.db, operator, { tenantId: t.tenant.id, saasPlanId: "basic" })).rejects.toMatchObject({ code: "plan_limit" });
    await operatorChangePlan(conn.db, operator, { tenantId: t.tenant.id, saasPlanId: "gold" });
    await conn.db.insert(sessions).values({ id: "s1", token: "tok-1", userId: t.ctx.owner.userId, expiresAt: new Date(Date.now() + 86_400_000) });
    await setTenantStatus(conn.db, operator, { tenantId: t.tenant.id, status: "suspended" });
    const row = (await listTenantsForOperator(conn.db)).find((r) => r.id === t.tenant.id)!;
    expect(row).toMatchObject({ planId: "gold", status: "suspended" });
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, t.ctx.owner.userId))).toEqual([]);
    const actions = (await conn.db.select().from(auditLog).where(eq(auditLog.tenantId, t.tenant.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tenant.plan_changed", "tenant.suspended"]));
  });
});
