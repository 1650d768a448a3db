import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter, insertSubscriber } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { actorOf } from "@/lib/audit/record";
import { createPlanAction } from "@/lib/plans/actions/save-plan";
import { createTaxClassAction } from "@/lib/billing/actions/admin";
import { runBilling } from "@/lib/billing/run";
import { invoices } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const plan = (taxClassId: string) => ({
  name: `Barangay Hall ${taxClassId.slice(0, 4)}`,
  type: "pppoe" as const,
  downloadMbps: "50",
  uploadMbps: "50",
  burstDownloadMbps: "",
  burstUploadMbps: "",
  burstThresholdDownloadMbps: "",
  burstThresholdUploadMbps: "",
  burstTimeSeconds: "",
  price: "1000.00",
  taxInclusive: true,
  taxClassId,
  billingCycle: "monthly" as const,
  active: true,
});

describe("a plan's tax class", () => {
  it("must be the ISP's own, and the billing run invoices it as exempt sales", async () => {
    const a = await createTenantFixture(conn.db);
    const b = await createTenantFixture(conn.db);
    const exempt = await executeAction(createTaxClassAction.definition, a.ctx.owner, {
      name: "VAT-exempt (government)",
      ratePercent: "0",
      exempt: true,
    });
    const theirs = await executeAction(createTaxClassAction.definition, b.ctx.owner, { name: "Zero-rated", ratePercent: "0", exempt: false });

    await expect(executeAction(createPlanAction.definition, a.ctx.owner, plan(theirs.id))).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { taxClassId: ["Unknown tax class"] },
    });
    const created = await executeAction(createPlanAction.definition, a.ctx.owner, plan(exempt.id));

    const router = await insertRouter(conn.db, a.tenant.id, { port: 1, password: "x" });
    const { subscription } = await insertSubscriber(conn.db, a.tenant.id, { planId: created.id, routerId: router.id, username: "brgy-hall" });
    await conn.db.update(subscriptions).set({ startDate: "2026-11-01", billedThrough: null }).where(eq(subscriptions.id, subscription.id));
    await runBilling(conn.db, actorOf(a.ctx.billing), { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [invoice] = await conn.db.select().from(invoices).where(eq(invoices.tenantId, a.tenant.id));
    expect(invoice).toMatchObject({ exemptCentavos: 100_000, vatableCentavos: 0, taxCentavos: 0, totalCentavos: 100_000 });
  });
});
