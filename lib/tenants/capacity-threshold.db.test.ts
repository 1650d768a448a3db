import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { executeAction } from "@/lib/core/action";
import { saveCapacityThreshold } from "@/lib/tenants/actions/settings";
import { capacityThresholdSchema } from "@/lib/tenants/rules";
import { capacityThresholdOf } from "@/lib/tenants/queries";
import { updateCapacityThreshold } from "@/lib/tenants/service";
import { tenants } from "@/lib/tenants/schema";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("capacity threshold", () => {
  it.each([
    ["80", 80],
    [50, 50],
    [100, 100],
  ])("takes %j as %d %%", (input, percent) => {
    expect(capacityThresholdSchema.parse({ percent: input })).toEqual({ percent });
  });

  it.each([
    [49, "Use at least 50 %"],
    [101, "Use at most 100 %"],
    [75.5, "Use a whole percentage"],
    ["", "Use at least 50 %"],
    ["eighty", "Enter a percentage"],
  ])("refuses %j: %s", (input, message) => {
    const result = capacityThresholdSchema.safeParse({ percent: input });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe(message);
  });

  it("is 80 % for a new ISP; a change is audited with the value it replaced and touches no other ISP", async () => {
    const ours = await createTenantFixture(conn.db);
    const theirs = await createTenantFixture(conn.db, { name: "Their ISP" });
    expect(await capacityThresholdOf(ours.ctx.owner.db, { tenantId: ours.tenant.id })).toBe(0.8);
    await updateCapacityThreshold(ours.ctx.owner.db, actorOf(ours.ctx.owner), { percent: 65 });
    expect(await capacityThresholdOf(ours.ctx.owner.db, { tenantId: ours.tenant.id })).toBe(0.65);
    expect(await capacityThresholdOf(theirs.ctx.owner.db, { tenantId: theirs.tenant.id })).toBe(0.8);
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, ours.tenant.id), eq(auditLog.action, "settings.capacity_threshold_updated")));
    expect(entry).toMatchObject({ before: { capacityThresholdPercent: 80 }, after: { capacityThresholdPercent: 65 } });
  });

  it("is changed by owners and admins only, and never outside 50–100 % even by a direct write", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    await expect(executeAction(saveCapacityThreshold.definition, ctx.billing, { percent: "70" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(executeAction(saveCapacityThreshold.definition, ctx.admin, { percent: "120" })).rejects.toMatchObject({ code: "validation" });
    await executeAction(saveCapacityThreshold.definition, ctx.admin, { percent: "70" });
    expect(await capacityThresholdOf(conn.db, { tenantId: tenant.id })).toBe(0.7);
    await expect(conn.db.update(tenants).set({ capacityThresholdPercent: 30 }).where(eq(tenants.id, tenant.id))).rejects.toThrow();
  });
});
