/*
 * A static address from a pool with a monthly fee is billed as an add-on: a line after the plan's on each period's
 * invoice, prorated and taxed as the plan is, for as long as the subscription holds the address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { invoiceLines, invoices } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "@/lib/billing/run";
import { deriveBalances } from "@/lib/billing/ledger";
import { setStaticIp } from "@/lib/subscriptions/service";
import { endSubscription } from "@/lib/subscriptions/lifecycle";
import { createPrefix } from "@/lib/ipam/service";
import { createPool } from "@/lib/ipam/pools";
import { billableAddresses } from "@/lib/ipam/addons";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

const FEE = 50_000;

/** A prepaid ISP billing on the 1st, a ₱1,499 plan (VAT-inclusive, and a VAT-exclusive one), a ₱500 public pool and a free CGNAT pool. */
async function setup() {
  const fixture = await createTenantFixture(conn.db);
  const tenantId = fixture.tenant.id;
  await conn.db
    .update(tenants)
    .set({ billingAnchor: "billing_day", billingDay: 1, billingMode: "prepaid", paymentTermsDays: 7 })
    .where(eq(tenants.id, tenantId));
  const plan = await insertPlan(conn.db, tenantId, { name: "Business 100", priceCentavos: 149_900 });
  const quarterly = await insertPlan(conn.db, tenantId, {
    name: "Business Quarterly",
    priceCentavos: 400_000,
    billingCycle: "quarterly",
    taxInclusive: false,
  });
  const router = await insertRouter(conn.db, tenantId, { port: 1, password: "x" });
  const owner = actorOf(fixture.ctx.owner);
  const publicBlock = await createPrefix(conn.db, owner, { prefix: "203.0.113.0/24", status: "active", siteId: null, vlan: "", description: "" });
  const cgnatBlock = await createPrefix(conn.db, owner, { prefix: "100.64.0.0/24", status: "active", siteId: null, vlan: "", description: "" });
  const paid = await createPool(conn.db, owner, {
    prefixId: publicBlock.id,
    name: "static-public",
    range: "203.0.113.5-203.0.113.50",
    quarantineDays: 30,
    description: "",
    monthlyFee: FEE,
  });
  const free = await createPool(conn.db, owner, {
    prefixId: cgnatBlock.id,
    name: "static-cgnat",
    range: "100.64.0.10-100.64.0.99",
    quarantineDays: 30,
    description: "",
  });
  const subscriber = async (username: string, startDate: string, planId = plan.id) => {
    const { customer, subscription } = await insertSubscriber(conn.db, tenantId, { planId, routerId: router.id, username });
    await conn.db.update(subscriptions).set({ startDate }).where(eq(subscriptions.id, subscription.id));
    return { customerId: customer.id, subscriptionId: subscription.id };
  };
  return { tenantId, owner, billing: actorOf(fixture.ctx.billing), paid, free, quarterly, subscriber };
}

/** Each invoice of the customer (by period) with its lines in order. */
async function invoicesOf(customerId: string) {
  const rows = await conn.db.select().from(invoices).where(eq(invoices.customerId, customerId)).orderBy(asc(invoices.periodStart));
  return Promise.all(
    rows.map(async (invoice) => ({
      invoice,
      lines: await conn.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.sortOrder)),
    })),
  );
}

describe("static IP add-on on the invoice", () => {
  it("bills ₱500 a month after the plan's line, prorated with it in a partial first period, with the plan's VAT", async () => {
    const env = await setup();
    const maria = await env.subscriber("maria", "2026-10-20");
    expect((await setStaticIp(conn.db, env.owner, { subscriptionId: maria.subscriptionId, staticIp: null, poolId: env.paid.id })).staticIp).toBe(
      "203.0.113.5",
    );

    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [october, november] = await invoicesOf(maria.customerId);
    expect(october.lines.map((l) => l.kind)).toEqual(["service", "other"]);
    expect(october.lines[1].description).toBe("Static public IP 203.0.113.5 · Oct 20, 2026 – Oct 31, 2026, 12 of 31 days");
    // 12 of October's 31 days: ₱500 × 12 / 31 = ₱193.55, beside the plan's ₱580.26.
    expect(october.lines.map((l) => l.amountCentavos)).toEqual([58_026, 19_355]);
    expect(october.invoice.totalCentavos).toBe(58_026 + 19_355);

    const [service, addon] = november.lines;
    expect(addon).toMatchObject({
      kind: "other",
      subscriptionId: maria.subscriptionId,
      periodStart: "2026-11-01",
      periodEnd: "2026-11-30",
      amountCentavos: FEE,
      // VAT-inclusive like the plan: ₱500.00 holds ₱53.57 of VAT.
      taxInclusive: true,
      taxRateBps: 1200,
      netCentavos: 44_643,
      taxCentavos: 5_357,
      totalCentavos: FEE,
    });
    expect(addon.description).toBe("Static public IP 203.0.113.5 · Nov 1, 2026 – Nov 30, 2026");
    expect([service.taxInclusive, service.taxRateBps, service.taxExempt]).toEqual([addon.taxInclusive, addon.taxRateBps, addon.taxExempt]);
    expect(november.invoice).toMatchObject({ totalCentavos: 149_900 + FEE, taxCentavos: 16_061 + 5_357 });
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenantId })) expect(b.stored).toBe(b.derived);
  });

  it("stops once the address is released: given up, or the subscription ended", async () => {
    const env = await setup();
    const jose = await env.subscriber("jose", "2026-11-01");
    const lito = await env.subscriber("lito", "2026-11-01");
    await setStaticIp(conn.db, env.owner, { subscriptionId: jose.subscriptionId, staticIp: null, poolId: env.paid.id });
    await setStaticIp(conn.db, env.owner, { subscriptionId: lito.subscriptionId, staticIp: "203.0.113.40", poolId: null });
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    for (const who of [jose, lito]) expect((await invoicesOf(who.customerId))[0].lines.map((l) => l.kind)).toEqual(["service", "other"]);

    await setStaticIp(conn.db, env.owner, { subscriptionId: jose.subscriptionId, staticIp: null, poolId: null });
    await conn.db.transaction((tx) =>
      endSubscription(tx, env.owner, {
        subscriptionId: lito.subscriptionId,
        endDate: "2026-12-15",
        billedThrough: "2026-11-30",
        reason: "Moved away",
        creditNote: null,
      }),
    );
    expect(await billableAddresses(conn.db, { tenantId: env.tenantId, subscriptionIds: [jose.subscriptionId, lito.subscriptionId] })).toEqual(
      new Map(),
    );

    await runBilling(conn.db, env.billing, { billUpTo: "2026-12-01", now: onDay("2026-12-01"), trigger: "manual" });
    const [, december] = await invoicesOf(jose.customerId);
    expect(december.invoice.periodStart).toBe("2026-12-01");
    expect(december.lines.map((l) => [l.kind, l.amountCentavos])).toEqual([["service", 149_900]]);
    const [, lastDays] = await invoicesOf(lito.customerId);
    expect(lastDays.lines.map((l) => l.kind)).toEqual(["service"]);
  });

  it("adds nothing for an address from a pool without a fee", async () => {
    const env = await setup();
    const ana = await env.subscriber("ana", "2026-11-01");
    expect((await setStaticIp(conn.db, env.owner, { subscriptionId: ana.subscriptionId, staticIp: null, poolId: env.free.id })).staticIp).toBe(
      "100.64.0.10",
    );
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [november] = await invoicesOf(ana.customerId);
    expect(november.lines.map((l) => l.kind)).toEqual(["service"]);
    expect(november.invoice.totalCentavos).toBe(149_900);
  });

  it("bills each month of a longer cycle, with VAT added when the plan's price excludes it", async () => {
    const env = await setup();
    const ben = await env.subscriber("ben", "2026-11-01", env.quarterly.id);
    await setStaticIp(conn.db, env.owner, { subscriptionId: ben.subscriptionId, staticIp: "203.0.113.7", poolId: null });
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [quarter] = await invoicesOf(ben.customerId);
    expect(quarter.invoice.periodEnd).toBe("2027-01-31");
    expect(quarter.lines[1]).toMatchObject({
      kind: "other",
      amountCentavos: 3 * FEE,
      taxInclusive: false,
      netCentavos: 3 * FEE,
      taxCentavos: 18_000,
      totalCentavos: 168_000,
    });
    // A rerun bills nothing twice.
    expect((await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" })).invoicesCreated).toBe(0);
    expect(
      await conn.db
        .select()
        .from(invoiceLines)
        .where(and(eq(invoiceLines.subscriptionId, ben.subscriptionId), eq(invoiceLines.kind, "other"))),
    ).toHaveLength(1);
  });
});
