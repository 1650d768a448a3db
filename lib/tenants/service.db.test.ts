import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { allocateAccountNumbers, advanceOnboarding, getTenant } from "@/lib/tenants/service";
import { assertWithinPlan, getTenantUsage } from "@/lib/tenants/limits";
import { saasPlans } from "@/lib/tenants/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("tenants", () => {
  it("seeds every NetSphere plan of the blueprint with peso prices and caps", async () => {
    const plans = await conn.db.select().from(saasPlans);
    expect(plans).toHaveLength(12);
    const basic = plans.find((p) => p.id === "basic")!;
    expect(basic).toMatchObject({ monthlyPriceCentavos: 30000, yearlyPriceCentavos: 500000, maxRouters: 1, maxCustomers: 100 });
    const top = plans.find((p) => p.id === "executive-pro")!;
    expect(top).toMatchObject({ monthlyPriceCentavos: 1500000, maxCustomers: 15500, maxRouters: 45 });
  });

  it("hands out consecutive account numbers that never repeat", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const first = await allocateAccountNumbers(conn.db, { tenantId: tenant.id, n: 2 });
    const second = await allocateAccountNumbers(conn.db, { tenantId: tenant.id, n: 1 });
    expect([...first, ...second]).toEqual(["ACC-000001", "ACC-000002", "ACC-000003"]);
  });

  it("resumes onboarding where it was left and never moves backwards", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    await conn.db.update((await import("@/lib/tenants/schema")).tenants).set({ onboardingStep: "business" });
    expect(await advanceOnboarding(conn.db, { tenantId: tenant.id, completed: "business" })).toBe("tax");
    expect(await advanceOnboarding(conn.db, { tenantId: tenant.id, completed: "tax" })).toBe("routers");
    expect(await advanceOnboarding(conn.db, { tenantId: tenant.id, completed: "business" })).toBe("routers");
    expect((await getTenant(conn.db, { tenantId: tenant.id })).onboardingStep).toBe("routers");
  });

  it("refuses to exceed the plan's router cap with an upgrade link", async () => {
    const { tenant } = await createTenantFixture(conn.db, { saasPlanId: "basic" });
    const usage = await getTenantUsage(conn.db, { tenantId: tenant.id });
    expect(usage).toMatchObject({ maxRouters: 1, routers: 0 });
    await expect(assertWithinPlan(conn.db, { tenantId: tenant.id, addRouters: 2 })).rejects.toMatchObject({
      code: "plan_limit",
      details: { upgradeUrl: "/settings/plan" },
    });
    await expect(assertWithinPlan(conn.db, { tenantId: tenant.id, addRouters: 1 })).resolves.toBeUndefined();
  });
});
