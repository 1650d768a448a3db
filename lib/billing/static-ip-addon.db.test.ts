/*
 * A static address from a pool with a monthly fee is billed as an add-on: a line after the plan's on each period's
 * invoice, prorated and taxed as the plan is, for the days of the period the subscription held the address (the
 * ISP's calendar days: from the day it was given, up to the day before it was given back). Every instant here is
 * set with the clock, so the outcome is the same whatever day the tests run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { manualClock, withClock } from "@/lib/core/clock";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { creditNotes, invoiceLines, invoices } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "@/lib/billing/run";
import { deriveBalances } from "@/lib/billing/ledger";
import { changePlan } from "@/lib/billing/plan-change";
import { terminateSubscription } from "@/lib/billing/termination";
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

/** Runs `fn` with the clock at `instant` (an address given or given back then, a termination that day). */
const at = <T>(instant: string, fn: () => Promise<T>) => withClock(manualClock(instant), fn);
/** 10:00 in Manila on `date`. */
const on = <T>(date: string, fn: () => Promise<T>) => at(`${date}T10:00:00+08:00`, fn);

/**
 * An ISP billing on the 1st (prepaid unless told), a ₱1,499 and a ₱1,999 plan (VAT-inclusive, and a VAT-exclusive
 * quarterly one), a ₱500 public pool and a free CGNAT pool.
 */
async function setup(billingMode: "prepaid" | "postpaid" = "prepaid") {
  const fixture = await createTenantFixture(conn.db);
  const tenantId = fixture.tenant.id;
  await conn.db
    .update(tenants)
    .set({ billingAnchor: "billing_day", billingDay: 1, billingMode, paymentTermsDays: 7, timezone: "Asia/Manila" })
    .where(eq(tenants.id, tenantId));
  const plan = await insertPlan(conn.db, tenantId, { name: "Business 100", priceCentavos: 149_900 });
  const bigger = await insertPlan(conn.db, tenantId, { name: "Business 200", priceCentavos: 199_900 });
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
  /** The subscription is given the pool's next free address (or `address`) at the clock's instant. */
  const giveAddress = (subscriptionId: string, address: string | null = null) =>
    setStaticIp(conn.db, owner, { subscriptionId, staticIp: address, poolId: address ? null : paid.id });
  const takeAddress = (subscriptionId: string) => setStaticIp(conn.db, owner, { subscriptionId, staticIp: null, poolId: null });
  const bill = (day: string) => runBilling(conn.db, actorOf(fixture.ctx.billing), { billUpTo: day, now: onDay(day), trigger: "manual" });
  return { tenantId, owner, billing: actorOf(fixture.ctx.billing), paid, free, quarterly, bigger, subscriber, giveAddress, takeAddress, bill };
}

/** The add-on lines of the subscription, oldest first: description and amount. */
async function addonLines(subscriptionId: string) {
  return conn.db
    .select({
      description: invoiceLines.description,
      amount: invoiceLines.amountCentavos,
      start: invoiceLines.periodStart,
      end: invoiceLines.periodEnd,
    })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.subscriptionId, subscriptionId), eq(invoiceLines.kind, "other")))
    .orderBy(asc(invoiceLines.periodStart));
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
    expect((await on("2026-10-20", () => env.giveAddress(maria.subscriptionId))).staticIp).toBe("203.0.113.5");

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
    await on("2026-11-01", () => env.giveAddress(jose.subscriptionId));
    await on("2026-11-01", () => env.giveAddress(lito.subscriptionId, "203.0.113.40"));
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    for (const who of [jose, lito]) expect((await invoicesOf(who.customerId))[0].lines.map((l) => l.kind)).toEqual(["service", "other"]);

    await on("2026-11-25", () => env.takeAddress(jose.subscriptionId));
    await on("2026-11-25", () =>
      conn.db.transaction((tx) =>
        endSubscription(tx, env.owner, {
          subscriptionId: lito.subscriptionId,
          endDate: "2026-12-15",
          billedThrough: "2026-11-30",
          reason: "Moved away",
          creditNote: null,
        }),
      ),
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
    expect(
      (await on("2026-11-01", () => setStaticIp(conn.db, env.owner, { subscriptionId: ana.subscriptionId, staticIp: null, poolId: env.free.id })))
        .staticIp,
    ).toBe("100.64.0.10");
    await runBilling(conn.db, env.billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    const [november] = await invoicesOf(ana.customerId);
    expect(november.lines.map((l) => l.kind)).toEqual(["service"]);
    expect(november.invoice.totalCentavos).toBe(149_900);
  });

  it("bills each month of a longer cycle, with VAT added when the plan's price excludes it", async () => {
    const env = await setup();
    const ben = await env.subscriber("ben", "2026-11-01", env.quarterly.id);
    await on("2026-11-01", () => env.giveAddress(ben.subscriptionId, "203.0.113.7"));
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

describe("static IP add-on: the days the address was held", () => {
  it("postpaid: an address given on the 20th pays 11 of November's 30 days, counted in the ISP's time zone", async () => {
    const env = await setup("postpaid");
    const rosa = await env.subscriber("rosa", "2026-11-01");
    // 01:30 on Nov 20 in Manila is still Nov 19 in UTC: the ISP's day counts.
    await at("2026-11-19T17:30:00Z", () => env.giveAddress(rosa.subscriptionId));

    await env.bill("2026-12-01");
    const [november] = await invoicesOf(rosa.customerId);
    expect(november.lines.map((l) => [l.kind, l.description, l.amountCentavos])).toEqual([
      ["service", `Business 100 · rosa · Nov 1, 2026 – Nov 30, 2026`, 149_900],
      // ₱500 × 11 / 30 = ₱183.33
      ["other", "Static public IP 203.0.113.5 · Nov 20, 2026 – Nov 30, 2026, 11 of 30 days", 18_333],
    ]);
    expect(november.lines[1]).toMatchObject({ periodStart: "2026-11-20", periodEnd: "2026-11-30" });
    expect(november.invoice.totalCentavos).toBe(149_900 + 18_333);

    // A rerun charges nothing more; December, held throughout, pays the whole fee once.
    expect((await env.bill("2026-12-01")).invoicesCreated).toBe(0);
    await env.bill("2027-01-01");
    expect((await addonLines(rosa.subscriptionId)).map((l) => l.amount)).toEqual([18_333, FEE]);
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenantId })) expect(b.stored).toBe(b.derived);
  });

  it("postpaid: an address given back mid-period pays the days it was held; a new address the days after, each day once", async () => {
    const env = await setup("postpaid");
    const dante = await env.subscriber("dante", "2026-10-01");
    const elsa = await env.subscriber("elsa", "2026-10-01");
    const fely = await env.subscriber("fely", "2026-10-01");
    await on("2026-10-01", async () => {
      await env.giveAddress(dante.subscriptionId, "203.0.113.10");
      await env.giveAddress(elsa.subscriptionId, "203.0.113.20");
      await env.giveAddress(fely.subscriptionId, "203.0.113.30");
    });
    await env.bill("2026-11-01");

    // Dante gives it back at 01:30 on Nov 20 (Manila): Nov 1–19 are his. Elsa changes address that day, Fely leaves.
    await at("2026-11-19T17:30:00Z", () => env.takeAddress(dante.subscriptionId));
    await on("2026-11-20", () => env.giveAddress(elsa.subscriptionId, "203.0.113.21"));
    await on("2026-11-20", () =>
      terminateSubscription(conn.db, env.billing, { subscriptionId: fely.subscriptionId, reason: "Moved away", today: "2026-11-20" }),
    );
    // The run's one read of the batch: what each holds now, and what was given back since the days it bills.
    const since = await billableAddresses(conn.db, {
      tenantId: env.tenantId,
      subscriptionIds: [dante.subscriptionId, elsa.subscriptionId, fely.subscriptionId],
      releasedSince: new Date("2026-10-31T16:00:00Z"),
    });
    expect(since.get(dante.subscriptionId)).toEqual([
      expect.objectContaining({ address: "203.0.113.10", releasedAt: new Date("2026-11-19T17:30:00Z") }),
    ]);
    expect(since.get(elsa.subscriptionId)?.map((a) => [a.address, a.releasedAt === null])).toEqual([
      ["203.0.113.20", false],
      ["203.0.113.21", true],
    ]);
    expect(
      await billableAddresses(conn.db, {
        tenantId: env.tenantId,
        subscriptionIds: [dante.subscriptionId],
        releasedSince: new Date("2026-11-20T00:00:00Z"),
      }),
    ).toEqual(new Map());

    await env.bill("2026-12-01");
    const november = async (subscriptionId: string) =>
      (await addonLines(subscriptionId)).filter((l) => l.start! >= "2026-11-01").map((l) => [l.description, l.amount]);
    // ₱500 × 19 / 30 = ₱316.67
    expect(await november(dante.subscriptionId)).toEqual([["Static public IP 203.0.113.10 · Nov 1, 2026 – Nov 19, 2026, 19 of 30 days", 31_667]]);
    expect(await november(elsa.subscriptionId)).toEqual([
      ["Static public IP 203.0.113.20 · Nov 1, 2026 – Nov 19, 2026, 19 of 30 days", 31_667],
      ["Static public IP 203.0.113.21 · Nov 20, 2026 – Nov 30, 2026, 11 of 30 days", 18_333],
    ]);
    // The address goes with the subscription's last day, which the plan bills too: Nov 1–20.
    expect(await november(fely.subscriptionId)).toEqual([["Static public IP 203.0.113.30 · Nov 1, 2026 – Nov 20, 2026, 20 of 30 days", 33_333]]);

    expect((await env.bill("2026-12-01")).invoicesCreated).toBe(0);
    await env.bill("2027-01-01");
    expect((await addonLines(dante.subscriptionId)).map((l) => l.amount)).toEqual([FEE, 31_667]);
    expect((await addonLines(elsa.subscriptionId)).map((l) => l.amount)).toEqual([FEE, 31_667, 18_333, FEE]);
    expect((await addonLines(fely.subscriptionId)).map((l) => l.amount)).toEqual([FEE, 33_333]);
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenantId })) expect(b.stored).toBe(b.derived);
  });

  it("prepaid: charged ahead for the whole period from the day it was given; given back, never charged ahead", async () => {
    const env = await setup("prepaid");
    // Gina starts on Nov 10 and gets her address on the 15th, before a late first run.
    const gina = await env.subscriber("gina", "2026-11-10");
    await on("2026-11-15", () => env.giveAddress(gina.subscriptionId));
    // Hugo's November is invoiced before he gets his address; Ivan gives his back on Nov 25.
    const hugo = await env.subscriber("hugo", "2026-11-01");
    const ivan = await env.subscriber("ivan", "2026-11-01");
    await on("2026-11-01", () => env.giveAddress(ivan.subscriptionId));
    await env.bill("2026-11-01");
    await on("2026-11-20", () => env.giveAddress(hugo.subscriptionId));
    await on("2026-11-25", () => env.takeAddress(ivan.subscriptionId));

    await on("2026-11-20", () => env.bill("2026-11-20"));
    const [ginaNovember] = await invoicesOf(gina.customerId);
    expect(ginaNovember.lines.map((l) => [l.kind, l.description, l.amountCentavos])).toEqual([
      ["service", "Business 100 · gina · Nov 10, 2026 – Nov 30, 2026, 21 of 30 days", 104_930],
      // ₱500 × 16 / 30 = ₱266.67, from the 15th
      ["other", "Static public IP 203.0.113.5 · Nov 15, 2026 – Nov 30, 2026, 16 of 30 days", 26_667],
    ]);

    await env.bill("2026-12-01");
    // Held on the day December is invoiced: the whole month, once; November was invoiced before Hugo had it.
    expect((await addonLines(hugo.subscriptionId)).map((l) => [l.description, l.amount])).toEqual([
      ["Static public IP 203.0.113.7 · Dec 1, 2026 – Dec 31, 2026", FEE],
    ]);
    expect((await addonLines(gina.subscriptionId)).map((l) => l.amount)).toEqual([26_667, FEE]);
    // Given back before December: only November's line, invoiced ahead on Nov 1.
    expect((await addonLines(ivan.subscriptionId)).map((l) => [l.start, l.amount])).toEqual([["2026-11-01", FEE]]);
    expect((await env.bill("2026-12-01")).invoicesCreated).toBe(0);
    expect((await addonLines(hugo.subscriptionId)).length).toBe(1);
  });
});

describe("static IP add-on when the service ends or changes plan", () => {
  it("ending a prepaid subscription credits the add-on's unused days with the plan's, on one credit note with its VAT", async () => {
    const env = await setup("prepaid");
    const jun = await env.subscriber("jun", "2026-11-01");
    await on("2026-11-01", () => env.giveAddress(jun.subscriptionId));
    await env.bill("2026-11-01");

    const ended = await on("2026-11-20", () =>
      terminateSubscription(conn.db, env.billing, { subscriptionId: jun.subscriptionId, reason: "Moving abroad", today: "2026-11-20" }),
    );
    // Nov 21–30, 10 of 30 days: ₱1,499 → ₱499.67 and ₱500 → ₱166.67.
    expect(ended.creditCentavos).toBe(49_967 + 16_667);
    const [note] = await conn.db.select().from(creditNotes).where(eq(creditNotes.customerId, jun.customerId));
    expect(note).toMatchObject({
      number: ended.creditNoteNumber,
      amountCentavos: 66_634,
      // Each part taxed as its line was (VAT included): ₱53.54 + ₱17.86.
      taxCentavos: 5_354 + 1_786,
      vatableCentavos: 44_613 + 14_881,
      exemptCentavos: 0,
    });
    expect(note.reason).toBe("Business 100 ended on 2026-11-20: 10 unused days; Static public IP 203.0.113.5: 10 unused days, ₱166.67");
    expect((await env.bill("2026-12-01")).invoicesCreated).toBe(0);
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenantId })) expect(b.stored).toBe(b.derived);
  });

  it("a prepaid plan change leaves the address's invoiced period alone; the next period bills it once", async () => {
    const env = await setup("prepaid");
    const kiko = await env.subscriber("kiko", "2026-11-01");
    await on("2026-11-01", () => env.giveAddress(kiko.subscriptionId));
    await env.bill("2026-11-01");
    const change = await changePlan(conn.db, env.billing, { subscriptionId: kiko.subscriptionId, planId: env.bigger.id, today: "2026-11-16" });
    const adjustment = await conn.db
      .select({ kind: invoiceLines.kind, amount: invoiceLines.amountCentavos })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(and(eq(invoices.tenantId, env.tenantId), eq(invoices.number, change.invoiceNumber!)))
      .orderBy(asc(invoiceLines.sortOrder));
    expect(adjustment).toEqual([
      { kind: "proration_credit", amount: -74_950 },
      { kind: "proration_charge", amount: 99_950 },
    ]);
    await env.bill("2026-12-01");
    expect((await addonLines(kiko.subscriptionId)).map((l) => [l.start, l.end, l.amount])).toEqual([
      ["2026-11-01", "2026-11-30", FEE],
      ["2026-12-01", "2026-12-31", FEE],
    ]);
  });

  it("a postpaid plan change invoices the address's days before the change with the old plan's; the run bills the rest", async () => {
    const env = await setup("postpaid");
    const lena = await env.subscriber("lena", "2026-11-01");
    await on("2026-11-01", () => env.giveAddress(lena.subscriptionId));
    const change = await changePlan(conn.db, env.billing, { subscriptionId: lena.subscriptionId, planId: env.bigger.id, today: "2026-11-11" });
    const adjustment = await conn.db
      .select({ kind: invoiceLines.kind, description: invoiceLines.description, amount: invoiceLines.amountCentavos })
      .from(invoiceLines)
      .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
      .where(and(eq(invoices.tenantId, env.tenantId), eq(invoices.number, change.invoiceNumber!)))
      .orderBy(asc(invoiceLines.sortOrder));
    expect(adjustment).toEqual([
      { kind: "proration_charge", description: "Business 100 · lena · 2026-11-01 – 2026-11-10, 10 of 30 days", amount: 49_967 },
      { kind: "other", description: "Static public IP 203.0.113.5 · 2026-11-01 – 2026-11-10, 10 of 30 days", amount: 16_667 },
    ]);
    expect(change.chargeCentavos).toBe(49_967 + 16_667);

    await env.bill("2026-12-01");
    // Nov 11–30 on the new plan: the add-on's 20 days make the month's ₱500 with the 10 already invoiced.
    expect((await addonLines(lena.subscriptionId)).map((l) => [l.start, l.end, l.amount])).toEqual([
      ["2026-11-01", "2026-11-10", 16_667],
      ["2026-11-11", "2026-11-30", 33_333],
    ]);
    expect((await env.bill("2026-12-01")).invoicesCreated).toBe(0);
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenantId })) expect(b.stored).toBe(b.derived);
  });
});
