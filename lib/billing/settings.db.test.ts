import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { taxClasses } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { tenants } from "@/lib/tenants/schema";
import { billingSettingsOf } from "@/lib/billing/settings";
import type { BillingSettingsValues } from "@/lib/billing/forms";
import { createTaxClassAction, deleteTaxClassAction, saveBillingSettingsAction, setTaxExemptionAction } from "@/lib/billing/actions/admin";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const validSettings: BillingSettingsValues = {
  billingAnchor: "billing_day",
  billingDay: "15",
  billingMode: "postpaid",
  paymentTermsDays: "10",
  reminderDaysBefore: "3",
  reminderDaysAfter: "2",
  suspendAfterDays: "7",
  lateFeeMode: "percent",
  lateFeeFixed: "",
  lateFeePercent: "2.5",
  lateFeeCap: "300",
  lateFeeGraceDays: "3",
  lateFeeRecurrence: "monthly",
  invoicePrefix: " sin ",
  receiptPrefix: "OR",
  creditNotePrefix: "CN",
};

async function tenantRow(tenantId: string) {
  const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.id, tenantId));
  return tenant;
}

describe("billing settings", () => {
  it("saves periods, terms, dunning, a capped percentage late fee and upper-cased prefixes", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    await executeAction(saveBillingSettingsAction.definition, ctx.billing, validSettings);
    const saved = await tenantRow(tenant.id);
    expect(saved).toMatchObject({
      billingAnchor: "billing_day",
      billingDay: 15,
      billingMode: "postpaid",
      paymentTermsDays: 10,
      suspendAfterDays: 7,
      lateFeeMode: "percent",
      lateFeeBps: 250,
      lateFeeCapCentavos: 30_000,
      lateFeeGraceDays: 3,
      lateFeeRecurrence: "monthly",
      invoicePrefix: "SIN",
    });
    // What the form shows next time is what was saved.
    expect(billingSettingsOf(saved)).toMatchObject({ billingDay: 15, lateFeePercent: "2.5", lateFeeCap: "300.00", invoicePrefix: "SIN" });
  });

  it.each([
    ["a billing day some months lack", { billingDay: "29" }, "billingDay"],
    ["a billing day that is not a number", { billingDay: "first" }, "billingDay"],
    ["a late fee above 25 percent", { lateFeePercent: "30" }, "lateFeePercent"],
    ["a fixed late fee without an amount", { lateFeeMode: "fixed", lateFeeFixed: "" }, "lateFeeFixed"],
    ["a zero cap (which would cancel every fee)", { lateFeeCap: "0" }, "lateFeeCap"],
    ["a receipt prefix equal to the invoice prefix", { invoicePrefix: "OR" }, "receiptPrefix"],
    ["a credit note prefix equal to the receipt prefix", { creditNotePrefix: "or" }, "creditNotePrefix"],
    ["negative payment terms", { paymentTermsDays: "-1" }, "paymentTermsDays"],
    ["fractional suspension days", { suspendAfterDays: "2.5" }, "suspendAfterDays"],
    ["a prefix with digits", { receiptPrefix: "OR1" }, "receiptPrefix"],
  ])("refuses %s with a field error and changes nothing", async (_case, change, field) => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const before = await tenantRow(tenant.id);
    const attempt = executeAction(saveBillingSettingsAction.definition, ctx.owner, { ...validSettings, ...change });
    await expect(attempt).rejects.toMatchObject({ code: "validation", fieldErrors: { [field]: [expect.any(String)] } });
    expect(billingSettingsOf(await tenantRow(tenant.id))).toEqual(billingSettingsOf(before));
  });

  it("lets owner, admin and billing staff change them; support and technicians are refused", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    for (const role of ["support", "technician"] as const) {
      await expect(executeAction(saveBillingSettingsAction.definition, ctx[role], validSettings)).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        executeAction(createTaxClassAction.definition, ctx[role], { name: "Zero-rated", ratePercent: "0", exempt: false }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    expect((await tenantRow(tenant.id)).billingDay).toBe(1);
    for (const [role, day] of [
      ["owner", 10],
      ["admin", 20],
      ["billing", 28],
    ] as const) {
      await executeAction(saveBillingSettingsAction.definition, ctx[role], { ...validSettings, billingDay: String(day) });
      expect((await tenantRow(tenant.id)).billingDay).toBe(day);
    }
  });
});

describe("tax classes", () => {
  it("adds classes, refuses a duplicate name in any case and a rate above 50%; an exempt class has no rate", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    await executeAction(createTaxClassAction.definition, ctx.billing, { name: "Zero-rated", ratePercent: "0", exempt: false });
    await executeAction(createTaxClassAction.definition, ctx.billing, { name: "Senior citizen", ratePercent: "12", exempt: true });
    await expect(
      executeAction(createTaxClassAction.definition, ctx.billing, { name: " zero-RATED ", ratePercent: "0", exempt: false }),
    ).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { name: ["Already used"] },
    });
    await expect(
      executeAction(createTaxClassAction.definition, ctx.billing, { name: "Luxury", ratePercent: "51", exempt: false }),
    ).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { ratePercent: [expect.any(String)] },
    });
    const rows = await conn.db.select().from(taxClasses).where(eq(taxClasses.tenantId, tenant.id));
    expect(rows.map((r) => [r.name, r.rateBps, r.exempt]).sort()).toEqual([
      ["Senior citizen", 0, true],
      ["Zero-rated", 0, false],
    ]);
  });

  it("refuses to delete a class a plan uses, naming the plan; deletes it once the plan moves; another tenant's reads as not found", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const { id: taxClassId } = await executeAction(createTaxClassAction.definition, ctx.owner, { name: "VAT 12%", ratePercent: "12", exempt: false });
    const plan = await insertPlan(conn.db, tenant.id, { name: "Fiber 50", taxClassId });

    await expect(executeAction(deleteTaxClassAction.definition, ctx.owner, { taxClassId })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("The plan Fiber 50 uses this tax class"),
    });
    await expect(executeAction(deleteTaxClassAction.definition, other.ctx.owner, { taxClassId })).rejects.toMatchObject({ code: "not_found" });
    expect(await conn.db.select().from(taxClasses).where(eq(taxClasses.id, taxClassId))).toHaveLength(1);

    await conn.db.update(servicePlans).set({ taxClassId: null }).where(eq(servicePlans.id, plan.id));
    await executeAction(deleteTaxClassAction.definition, ctx.owner, { taxClassId });
    expect(await conn.db.select().from(taxClasses).where(eq(taxClasses.id, taxClassId))).toEqual([]);
  });
});

describe("tax exemption", () => {
  it("marks a customer VAT-exempt only with a reason, and clears the reason when VAT applies again", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const plan = await insertPlan(conn.db, tenant.id);
    const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "x" });
    const { customer } = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "lola" });
    const customerRow = async () => (await conn.db.select().from(customers).where(eq(customers.id, customer.id)))[0];

    await expect(
      executeAction(setTaxExemptionAction.definition, ctx.billing, { customerId: customer.id, taxExempt: true, reason: "" }),
    ).rejects.toMatchObject({
      fieldErrors: { reason: [expect.any(String)] },
    });
    await expect(
      executeAction(setTaxExemptionAction.definition, ctx.support, { customerId: customer.id, taxExempt: true, reason: "PEZA" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      executeAction(setTaxExemptionAction.definition, other.ctx.billing, { customerId: customer.id, taxExempt: true, reason: "PEZA-registered" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await customerRow()).toMatchObject({ taxExempt: false });

    await executeAction(setTaxExemptionAction.definition, ctx.billing, {
      customerId: customer.id,
      taxExempt: true,
      reason: "PEZA-registered, cert. 2026-0042",
    });
    expect(await customerRow()).toMatchObject({ taxExempt: true, taxExemptReason: "PEZA-registered, cert. 2026-0042" });
    await executeAction(setTaxExemptionAction.definition, ctx.billing, {
      customerId: customer.id,
      taxExempt: false,
      reason: "PEZA-registered, cert. 2026-0042",
    });
    expect(await customerRow()).toMatchObject({ taxExempt: false, taxExemptReason: "" });
  });
});
