import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { executeAction } from "@/lib/core/action";
import { invoiceLines, invoices, promoCodes, promoRedemptions } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "@/lib/billing/run";
import { recordPayment } from "@/lib/billing/payments";
import { deriveBalances, inconsistentInvoices } from "@/lib/billing/ledger";
import { addDays, todayIn } from "@/lib/core/calendar";
import { listPromos } from "@/lib/billing/promos";
import type { PromoFields } from "@/lib/billing/forms";
import { redeemPromoAction, savePromoAction } from "@/lib/billing/actions/admin";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const today = todayIn("Asia/Manila");

async function setup() {
  const fixture = await createTenantFixture(conn.db);
  await conn.db
    .update(tenants)
    .set({ billingAnchor: "billing_day", billingDay: 1, billingMode: "prepaid", paymentTermsDays: 7 })
    .where(eq(tenants.id, fixture.tenant.id));
  const plan = await insertPlan(conn.db, fixture.tenant.id, { name: "Fiber 50", priceCentavos: 149_900 });
  const router = await insertRouter(conn.db, fixture.tenant.id, { port: 1, password: "x" });
  const subscriber = async (username: string, planId = plan.id) =>
    insertSubscriber(conn.db, fixture.tenant.id, { planId, routerId: router.id, username });
  return { ...fixture, tenantId: fixture.tenant.id, plan, router, subscriber, billing: actorOf(fixture.ctx.billing) };
}
type Env = Awaited<ReturnType<typeof setup>>;

const promo = (overrides: Partial<PromoFields> = {}): PromoFields => ({
  code: "FIBER50",
  description: "",
  kind: "percent",
  percent: "50",
  amount: "",
  periods: "1",
  validFrom: "",
  validUntil: "",
  maxRedemptions: "",
  oncePerCustomer: true,
  planIds: [],
  active: true,
  ...overrides,
});

const createPromo = (env: Env, overrides: Partial<PromoFields> = {}) =>
  executeAction(savePromoAction.definition, env.ctx.billing, { promo: promo(overrides) });
const redeem = (env: Env, input: { code: string; customerId: string; subscriptionId?: string; invoiceId?: string }) =>
  executeAction(redeemPromoAction.definition, env.ctx.billing, input);

const invoicesOf = (customerId: string) =>
  conn.db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(asc(invoices.issueDate));
const linesOf = (invoiceId: string) =>
  conn.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.sortOrder));
const balanceOf = async (customerId: string) => (await conn.db.select().from(customers).where(eq(customers.id, customerId)))[0].balanceCentavos;
const promoRow = async (env: Env, code: string) =>
  (
    await conn.db
      .select()
      .from(promoCodes)
      .where(and(eq(promoCodes.tenantId, env.tenantId), eq(promoCodes.code, code)))
  )[0];
const redemptionsOf = async (promoId: string) => conn.db.select().from(promoRedemptions).where(eq(promoRedemptions.promoCodeId, promoId));

async function expectLedgerConsistent(tenantId: string) {
  for (const b of await deriveBalances(conn.db, { tenantId })) expect(b.stored, `customer ${b.customerId}`).toBe(b.derived);
  expect(await inconsistentInvoices(conn.db, { tenantId })).toEqual([]);
}

describe("promo codes: create and edit", () => {
  it("creates an upper-cased code and edits it; a taken code, a bad value or an inverted window are field errors", async () => {
    const env = await setup();
    const { id } = await createPromo(env, { code: " fiber50 ", percent: "50", periods: "2", planIds: [env.plan.id] });
    await createPromo(env, { code: "WELCOME", kind: "free_months", percent: "", periods: "1" });
    expect(await promoRow(env, "FIBER50")).toMatchObject({
      kind: "percent",
      percentBps: 5000,
      amountCentavos: null,
      periods: 2,
      planIds: [env.plan.id],
      oncePerCustomer: true,
    });

    const refusals: Array<[Partial<PromoFields>, string, string]> = [
      [{ code: "Fiber50" }, "conflict", "code"],
      [{ code: "NEW1", percent: "0" }, "validation", "percent"],
      [{ code: "NEW2", percent: "101" }, "validation", "percent"],
      [{ code: "NEW3", kind: "fixed", percent: "", amount: "abc" }, "validation", "amount"],
      [{ code: "NEW4", validFrom: "2026-12-31", validUntil: "2026-12-01" }, "validation", "validUntil"],
      [{ code: "NEW5", maxRedemptions: "0" }, "validation", "maxRedemptions"],
      [{ code: "NEW6", maxRedemptions: "ten" }, "validation", "maxRedemptions"],
      [{ code: "NEW7", periods: "two" }, "validation", "periods"],
      [{ code: "x" }, "validation", "code"],
    ];
    for (const [change, code, field] of refusals) {
      await expect(createPromo(env, change), JSON.stringify(change)).rejects.toMatchObject({
        code,
        fieldErrors: { [`${code === "conflict" ? "" : "promo."}${field}`]: [expect.any(String)] },
      });
    }
    expect((await listPromos(conn.db, { tenantId: env.tenantId })).map((p) => p.code)).toEqual(["FIBER50", "WELCOME"]);

    await executeAction(savePromoAction.definition, env.ctx.owner, {
      promoId: id,
      promo: promo({ code: "FIBER200", kind: "fixed", percent: "", amount: "200", maxRedemptions: "100", active: false }),
    });
    expect(await promoRow(env, "FIBER200")).toMatchObject({
      id,
      kind: "fixed",
      percentBps: null,
      amountCentavos: 20_000,
      maxRedemptions: 100,
      active: false,
    });
    await expect(executeAction(savePromoAction.definition, env.ctx.owner, { promoId: id, promo: promo({ code: "WELCOME" }) })).rejects.toMatchObject({
      code: "conflict",
      fieldErrors: { code: ["Already used"] },
    });
  });

  it("is for staff with billing settings access, within their own tenant", async () => {
    const env = await setup();
    const other = await setup();
    for (const role of ["support", "technician"] as const)
      await expect(executeAction(savePromoAction.definition, env.ctx[role], { promo: promo() })).rejects.toMatchObject({ code: "forbidden" });
    const { id } = await createPromo(env);
    await expect(executeAction(savePromoAction.definition, other.ctx.owner, { promoId: id, promo: promo({ code: "MINE" }) })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await promoRow(env, "FIBER50")).toBeDefined();
    expect(await listPromos(conn.db, { tenantId: other.tenantId })).toEqual([]);
  });
});

describe("promo codes: redeeming", () => {
  it("refuses an expired, not-yet-valid, turned-off or unknown code with the reason on the code field, writing nothing", async () => {
    const env = await setup();
    const { customer, subscription } = await env.subscriber("ana");
    const yesterday = addDays(today, -1);
    await createPromo(env, { code: "OLD", validUntil: yesterday });
    await createPromo(env, { code: "SOON", validFrom: addDays(today, 1) });
    await createPromo(env, { code: "OFF", active: false });
    const cases: Array<[string, string]> = [
      ["old", `OLD expired on ${yesterday}.`],
      ["SOON", `SOON is valid from ${addDays(today, 1)}.`],
      ["OFF", "OFF is turned off."],
      ["NOPE", "There is no promo code NOPE."],
    ];
    for (const [code, reason] of cases) {
      await expect(redeem(env, { code, customerId: customer.id, subscriptionId: subscription.id })).rejects.toMatchObject({
        code: "validation",
        message: reason,
        fieldErrors: { code: [reason] },
      });
    }
    expect(await conn.db.select().from(promoRedemptions).where(eq(promoRedemptions.tenantId, env.tenantId))).toEqual([]);
    expect((await promoRow(env, "OLD")).redemptions).toBe(0);
  });

  it("holds the redemption cap under two concurrent redemptions: exactly one succeeds", async () => {
    const env = await setup();
    const a = await env.subscriber("ben");
    const b = await env.subscriber("cora");
    await createPromo(env, { code: "LAST1", maxRedemptions: "1" });
    const results = await Promise.allSettled([
      redeem(env, { code: "LAST1", customerId: a.customer.id, subscriptionId: a.subscription.id }),
      redeem(env, { code: "LAST1", customerId: b.customer.id, subscriptionId: b.subscription.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "validation", message: "LAST1 has been used the most times allowed (1)." });
    const row = await promoRow(env, "LAST1");
    expect(row.redemptions).toBe(1);
    expect(await redemptionsOf(row.id)).toHaveLength(1);
  });

  it("applies a once-per-customer code once per customer, and only to the plans it names", async () => {
    const env = await setup();
    const other = await insertPlan(conn.db, env.tenantId, { name: "Fiber 100", priceCentavos: 249_900 });
    const dan = await env.subscriber("dan");
    const eva = await env.subscriber("eva", other.id);
    await createPromo(env, { code: "ONCE" });
    await createPromo(env, { code: "MANY", oncePerCustomer: false });
    await createPromo(env, { code: "FIBER100ONLY", planIds: [other.id] });

    await redeem(env, { code: "ONCE", customerId: dan.customer.id, subscriptionId: dan.subscription.id });
    await expect(redeem(env, { code: "once", customerId: dan.customer.id, subscriptionId: dan.subscription.id })).rejects.toMatchObject({
      fieldErrors: { code: ["This customer has already used ONCE."] },
    });
    await redeem(env, { code: "MANY", customerId: dan.customer.id, subscriptionId: dan.subscription.id });
    await redeem(env, { code: "MANY", customerId: dan.customer.id, subscriptionId: dan.subscription.id });

    await expect(redeem(env, { code: "FIBER100ONLY", customerId: dan.customer.id, subscriptionId: dan.subscription.id })).rejects.toMatchObject({
      fieldErrors: { code: ["FIBER100ONLY does not apply to this plan."] },
    });
    await redeem(env, { code: "FIBER100ONLY", customerId: eva.customer.id, subscriptionId: eva.subscription.id });
    // A subscription of another customer is not this customer's to discount.
    await expect(redeem(env, { code: "MANY", customerId: dan.customer.id, subscriptionId: eva.subscription.id })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await promoRow(env, "MANY")).redemptions).toBe(2);
  });

  it("needs billing write access and exactly one of a subscription or an invoice", async () => {
    const env = await setup();
    const { customer, subscription } = await env.subscriber("fe");
    await createPromo(env);
    for (const role of ["support", "technician"] as const)
      await expect(
        executeAction(redeemPromoAction.definition, env.ctx[role], { code: "FIBER50", customerId: customer.id, subscriptionId: subscription.id }),
      ).rejects.toMatchObject({
        code: "forbidden",
      });
    await expect(redeem(env, { code: "FIBER50", customerId: customer.id })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { code: [expect.any(String)] },
    });
    await expect(redeem(env, { code: "", customerId: customer.id, subscriptionId: subscription.id })).rejects.toMatchObject({
      fieldErrors: { code: ["Enter the code"] },
    });
    expect((await promoRow(env, "FIBER50")).redemptions).toBe(0);
  });

  it("on an open invoice adds a discount line that lowers the total and the balance alike; the rest of its periods discount the next bills", async () => {
    const env = await setup();
    const { customer, subscription } = await env.subscriber("gina");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [november] = await invoicesOf(customer.id);
    expect(november.totalCentavos).toBe(149_900);
    const balanceBefore = await balanceOf(customer.id);
    await createPromo(env, { code: "HALF2", percent: "20", periods: "2" });

    const result = await redeem(env, { code: "half2", customerId: customer.id, invoiceId: november.id });
    expect(result).toMatchObject({ code: "HALF2", discountCentavos: 29_980 });
    const [after] = await invoicesOf(customer.id);
    expect(after).toMatchObject({ totalCentavos: 119_920, status: "open" });
    expect((await linesOf(november.id)).map((l) => [l.kind, l.description, l.totalCentavos])).toEqual([
      ["service", expect.stringContaining("Fiber 50"), 149_900],
      ["discount", "Promo HALF2", -29_980],
    ]);
    expect(balanceBefore - (await balanceOf(customer.id))).toBe(november.totalCentavos - after.totalCentavos);

    await runBilling(conn.db, env.billing, { billUpTo: "2027-01-01", now: onDay("2027-01-01"), trigger: "manual" });
    const [, december, january] = await invoicesOf(customer.id);
    expect([december.periodStart, december.totalCentavos]).toEqual(["2026-12-01", 119_920]);
    expect([january.periodStart, january.totalCentavos]).toEqual(["2027-01-01", 149_900]);
    const [redemption] = await redemptionsOf((await promoRow(env, "HALF2")).id);
    expect(redemption).toMatchObject({ invoiceId: november.id, subscriptionId: subscription.id, periodsRemaining: 0 });
    await expectLedgerConsistent(env.tenantId);
  });

  it("refuses an invoice that is paid or part-paid, or belongs to another customer", async () => {
    const env = await setup();
    const { customer } = await env.subscriber("hugo");
    const other = await env.subscriber("ines");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [invoice] = await invoicesOf(customer.id);
    await createPromo(env, { oncePerCustomer: false });
    await expect(redeem(env, { code: "FIBER50", customerId: other.customer.id, invoiceId: invoice.id })).rejects.toMatchObject({ code: "not_found" });
    await recordPayment(conn.db, env.billing, { customerId: customer.id, amountCentavos: 10_000, method: "cash" });
    await expect(redeem(env, { code: "FIBER50", customerId: customer.id, invoiceId: invoice.id })).rejects.toMatchObject({
      fieldErrors: { code: [`${invoice.number} is not an unpaid open invoice.`] },
    });
    expect((await linesOf(invoice.id)).map((l) => l.kind)).toEqual(["service"]);
    await expectLedgerConsistent(env.tenantId);
  });

  it("on a subscription: the next billing runs add a Promo line for `periods` invoices, then stop", async () => {
    const env = await setup();
    const { customer, subscription } = await env.subscriber("jun");
    await createPromo(env, { code: "SAVE200", kind: "fixed", percent: "", amount: "200", periods: "2" });
    const result = await redeem(env, { code: "SAVE200", customerId: customer.id, subscriptionId: subscription.id });
    expect(result.discountCentavos).toBe(0);
    expect(await invoicesOf(customer.id)).toEqual([]);

    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    await runBilling(conn.db, env.billing, { billUpTo: "2027-01-01", now: onDay("2027-01-01"), trigger: "manual" });
    const bills = await invoicesOf(customer.id);
    expect(bills.map((b) => [b.periodStart, b.totalCentavos])).toEqual([
      ["2026-11-01", 129_900],
      ["2026-12-01", 129_900],
      ["2027-01-01", 149_900],
    ]);
    for (const bill of bills.slice(0, 2)) {
      const discount = (await linesOf(bill.id)).filter((l) => l.kind === "discount");
      expect(discount.map((l) => [l.description, l.amountCentavos])).toEqual([["Promo SAVE200", -20_000]]);
    }
    expect((await linesOf(bills[2].id)).map((l) => l.kind)).toEqual(["service"]);
    const [redemption] = await redemptionsOf((await promoRow(env, "SAVE200")).id);
    expect(redemption.periodsRemaining).toBe(0);
    expect(await balanceOf(customer.id)).toBe(129_900 * 2 + 149_900);
    await expectLedgerConsistent(env.tenantId);
  });
});
