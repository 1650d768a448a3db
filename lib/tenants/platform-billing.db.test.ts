import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { manualClock, withClock } from "@/lib/core/clock";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { invoiceLines, invoices, creditNotes } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { platformAccounts, tenants } from "@/lib/tenants/schema";
import { deriveBalances, inconsistentInvoices } from "@/lib/billing/ledger";
import { recordPayment } from "@/lib/billing/payments";
import { payTokenFor } from "@/lib/billing/pay-links";
import { loadPayPage } from "@/lib/payments/pay-page";
import { createCustomer } from "@/lib/customers/service";
import { customerFieldsSchema } from "@/lib/customers/rules";
import { quickSearchCustomers } from "@/lib/customers/actions/quick-search";
import { saveBusinessDetails, changeOwnPlan } from "@/lib/tenants/actions/settings";
import { changeNetspherePlan, openPlatformAccount } from "@/lib/tenants/platform-accounts";
import { findPlatformTenantId, platformHandle } from "@/lib/tenants/platform-tenant";
import { runNetsphereBilling } from "@/lib/tenants/netsphere-billing";
import { tenantWritesBlocked } from "@/lib/tenants/standing-service";
import { assertWithinPlan } from "@/lib/tenants/limits";
import { seedDemoNetsphere, seedLapsedNetsphere, DEMO_BANK_DETAILS } from "@/lib/tenants/demo";
import { netsphereAccountPage, netsphereOverview } from "@/lib/tenants/platform-views";
import { listTenantsForOperator } from "@/lib/tenants/platform";
import { portalBrandingOf } from "@/lib/portal/branding";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** An instant on a calendar day in Manila (the platform tenant's zone), mid-morning unless said. */
const at = (day: string, time = "10:00") => new Date(`${day}T${time}:00+08:00`);
/** Runs `fn` with NetSphere's clock on that instant, as the app would at that moment. */
const on = <T>(day: string, fn: (now: Date) => Promise<T>, time?: string) => withClock(manualClock(at(day, time)), () => fn(at(day, time)));

async function isp(options: { saasPlanId?: string; opened: string; trialDays?: number; name?: string }) {
  const fixture = await createTenantFixture(conn.db, { name: options.name ?? "Pampanga Wireless", saasPlanId: options.saasPlanId ?? "basic" });
  await conn.db.update(tenants).set({ contactPhone: "0917 555 0101" }).where(eq(tenants.id, fixture.tenant.id));
  const account = await on(options.opened, (now) => openPlatformAccount(conn.db, { tenantId: fixture.tenant.id, now, trialDays: options.trialDays ?? 14 }));
  const platformId = (await findPlatformTenantId(conn.db))!;
  return { ...fixture, account, platformId, platformDb: await platformHandle(conn.db, platformId) };
}

const invoicesOf = (platformId: string, customerId: string) =>
  conn.db
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, platformId), eq(invoices.customerId, customerId)))
    .orderBy(asc(invoices.number));

const linesOf = (invoiceId: string) =>
  conn.db
    .select({ kind: invoiceLines.kind, amount: invoiceLines.amountCentavos, description: invoiceLines.description })
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoiceId))
    .orderBy(asc(invoiceLines.sortOrder));

const accountOf = async (tenantId: string) => (await conn.db.select().from(platformAccounts).where(eq(platformAccounts.tenantId, tenantId)))[0];

const ownerCtx = async (fixture: { ctx: { owner: Parameters<typeof executeAction>[1] }; tenant: { id: string } }) => ({
  ...fixture.ctx.owner,
  db: conn.db,
  writesBlocked: await tenantWritesBlocked(conn.db, fixture.tenant.id),
});

describe("NetSphere bills its ISPs with the subscribers' billing engine", () => {
  it("starts a new ISP on a 14-day trial of its plan and issues the first invoice the day the trial ends", async () => {
    const t = await isp({ opened: "2026-11-01", saasPlanId: "starter" });
    expect(t.account).toMatchObject({ trialEndsOn: "2026-11-15", standing: "trial", billingCycle: "monthly" });
    expect(await on("2026-11-01", () => openPlatformAccount(conn.db, { tenantId: t.tenant.id }))).toMatchObject({ customerId: t.account.customerId });
    const [sub] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, t.account.subscriptionId));
    expect(sub).toMatchObject({ tenantId: t.platformId, routerId: null, startDate: "2026-11-15", status: "active" });

    await on("2026-11-14", (now) => runNetsphereBilling(conn.db, { now }), "23:50");
    expect(await invoicesOf(t.platformId, t.account.customerId)).toEqual([]);
    expect((await accountOf(t.tenant.id)).standing).toBe("trial");

    const round = await on("2026-11-15", (now) => runNetsphereBilling(conn.db, { now }), "00:20");
    expect(round.invoices).toBeGreaterThanOrEqual(1);
    const [first] = await invoicesOf(t.platformId, t.account.customerId);
    expect(first).toMatchObject({
      issueDate: "2026-11-15",
      dueDate: "2026-11-22",
      periodStart: "2026-11-15",
      periodEnd: "2026-12-14",
      totalCentavos: 50_000,
      status: "open",
    });
    expect(first.number).toMatch(/^NS-2026-\d{6}$/);
    expect((await accountOf(t.tenant.id)).standing).toBe("active");
    // Twice in the same hour changes nothing.
    await on("2026-11-15", (now) => runNetsphereBilling(conn.db, { now }), "00:40");
    expect(await invoicesOf(t.platformId, t.account.customerId)).toHaveLength(1);
  });

  // Periods run from the 15th (the trial ended on Nov 15): Nov 15 – Dec 14 is 30 days. Prices are VAT-inclusive.
  it.each([
    {
      label: "upgrade mid-cycle: Basic → Starter on Nov 25, 20 of 30 days: credit ₱200.00, charge ₱333.33, invoiced now ₱133.33",
      from: "basic",
      to: "starter",
      cycle: "monthly" as const,
      day: "2026-11-25",
      lines: [
        ["proration_credit", -20_000],
        ["proration_charge", 33_333],
      ],
      invoiceTotal: 13_333,
      creditNote: null,
      balanceAfter: 13_333,
    },
    {
      label: "downgrade mid-cycle: Starter → Basic on Dec 5, 10 of 30 days: credit ₱166.67 less ₱100.00, a ₱66.67 credit note",
      from: "starter",
      to: "basic",
      cycle: "monthly" as const,
      day: "2026-12-05",
      lines: null,
      invoiceTotal: null,
      creditNote: 6_667,
      balanceAfter: -6_667,
    },
    {
      label: "monthly → yearly on Nov 25: Basic's 20 unused days (₱200.00) credited, a year of Basic (₱5,000.00) invoiced now",
      from: "basic",
      to: "basic",
      cycle: "yearly" as const,
      day: "2026-11-25",
      lines: [["service", 500_000]],
      invoiceTotal: 500_000,
      creditNote: 20_000,
      balanceAfter: 480_000,
    },
  ])("$label", async (c) => {
    const t = await isp({ opened: "2026-11-01", saasPlanId: c.from });
    await on("2026-11-15", (now) => runNetsphereBilling(conn.db, { now }), "00:20");
    const [first] = await invoicesOf(t.platformId, t.account.customerId);
    // The first period is paid, so what follows shows only the change.
    await on("2026-11-16", () =>
      recordPayment(t.platformDb, { tenantId: t.platformId, userName: "Bank" }, { customerId: t.account.customerId, amountCentavos: first.totalCentavos, method: "bank_transfer" }),
    );
    const outcome = await on(c.day, (now) =>
      changeNetspherePlan(conn.db, { userId: t.ctx.owner.userId, userName: "Owner" }, { tenantId: t.tenant.id, saasPlanId: c.to, cycle: c.cycle, now }),
    );
    expect(outcome.duringTrial).toBe(false);
    const after = (await invoicesOf(t.platformId, t.account.customerId)).filter((i) => i.id !== first.id);
    if (c.invoiceTotal === null) {
      expect(after).toEqual([]);
      expect(outcome.invoiceNumber).toBeNull();
    } else {
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ number: outcome.invoiceNumber, issueDate: c.day, totalCentavos: c.invoiceTotal });
      expect((await linesOf(after[0].id)).map((l) => [l.kind, l.amount])).toEqual(c.lines);
    }
    const notes = await conn.db.select().from(creditNotes).where(and(eq(creditNotes.tenantId, t.platformId), eq(creditNotes.customerId, t.account.customerId)));
    expect(notes.map((n) => n.amountCentavos)).toEqual(c.creditNote === null ? [] : [c.creditNote]);
    const [customer] = await conn.db.select().from(customers).where(eq(customers.id, t.account.customerId));
    expect(customer.balanceCentavos).toBe(c.balanceAfter);
    expect((await conn.db.select().from(tenants).where(eq(tenants.id, t.tenant.id)))[0].saasPlanId).toBe(c.to);
    expect((await accountOf(t.tenant.id)).billingCycle).toBe(c.cycle);
    expect((await deriveBalances(conn.db, { tenantId: t.platformId })).filter((b) => b.derived !== b.stored)).toEqual([]);
    expect(await inconsistentInvoices(conn.db, { tenantId: t.platformId })).toEqual([]);
  });

  it("changes the plan during the trial without billing anything", async () => {
    const t = await isp({ opened: "2026-11-01" });
    const outcome = await on("2026-11-05", (now) =>
      changeNetspherePlan(conn.db, { userId: t.ctx.owner.userId, userName: "Owner" }, { tenantId: t.tenant.id, saasPlanId: "gold", cycle: "yearly", now }),
    );
    expect(outcome).toMatchObject({ duringTrial: true, invoiceNumber: null, creditNoteNumber: null });
    await on("2026-11-15", (now) => runNetsphereBilling(conn.db, { now }), "00:20");
    const [first] = await invoicesOf(t.platformId, t.account.customerId);
    expect(first).toMatchObject({ totalCentavos: 1_000_000, periodStart: "2026-11-15", periodEnd: "2027-11-14" });
  });

  it("refuses a downgrade below what the ISP already has, with the numbers, and keeps enforcing the caps", async () => {
    const t = await isp({ opened: "2026-11-01", saasPlanId: "starter" });
    await conn.db
      .insert(customers)
      .values(Array.from({ length: 101 }, (_, i) => ({ tenantId: t.tenant.id, accountNumber: `DG-${i}`, name: `Subscriber ${i}` })));
    const refused = await on("2026-11-20", (now) =>
      changeNetspherePlan(conn.db, { userId: t.ctx.owner.userId, userName: "Owner" }, { tenantId: t.tenant.id, saasPlanId: "basic", cycle: "monthly", now }),
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe(
      "Basic allows 100 customers and 1 router; you have 101 customers and 0 routers. Remove what is over, or choose a larger plan.",
    );
    expect((await conn.db.select().from(tenants).where(eq(tenants.id, t.tenant.id)))[0].saasPlanId).toBe("starter");
    // The ISP's caps still hold (Starter: 300); the platform tenant, whose customers are the ISPs, has none.
    await expect(assertWithinPlan(conn.db, { tenantId: t.tenant.id, addCustomers: 200 })).rejects.toMatchObject({ code: "plan_limit" });
    await expect(assertWithinPlan(conn.db, { tenantId: t.platformId, addCustomers: 100_000 })).resolves.toBeUndefined();
    const fields = customerFieldsSchema.parse({ name: "One more" });
    await expect(createCustomer(t.ctx.owner.db, { ...t.ctx.owner }, { fields })).resolves.toMatchObject({ name: "One more" });
  });

  it("overdue → reminded → read-only (changes refused, reads and paying open) → paid → active at once", async () => {
    const t = await isp({ opened: "2026-11-01", name: "Tarlac Fiber" });
    const [isp_] = await conn.db.select().from(tenants).where(eq(tenants.id, t.tenant.id));
    await on("2026-11-15", (now) => runNetsphereBilling(conn.db, { now }), "00:20");
    const [invoice] = await invoicesOf(t.platformId, t.account.customerId);
    expect(invoice.dueDate).toBe("2026-11-22");
    await on("2026-11-20", (now) => runNetsphereBilling(conn.db, { now }));
    expect((await accountOf(t.tenant.id)).standing).toBe("active");

    await on("2026-11-23", (now) => runNetsphereBilling(conn.db, { now }));
    expect(await accountOf(t.tenant.id)).toMatchObject({ standing: "past_due", overdueInvoiceNumber: invoice.number });
    expect(await tenantWritesBlocked(conn.db, t.tenant.id)).toBeNull();

    await on("2026-11-29", (now) => runNetsphereBilling(conn.db, { now }));
    expect(await accountOf(t.tenant.id)).toMatchObject({ standing: "read_only", overdueInvoiceNumber: invoice.number, overdueDueDate: "2026-11-22" });
    const mail = await conn.db
      .select({ event: notificationOutbox.event, to: notificationOutbox.recipient, subject: notificationOutbox.subject })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, t.platformId), eq(notificationOutbox.customerId, t.account.customerId), eq(notificationOutbox.channel, "email")))
      .orderBy(asc(notificationOutbox.createdAt));
    expect(mail.filter((m) => m.event !== "invoice_issued")).toEqual([
      { event: "due_reminder", to: isp_.email, subject: `NetSphere invoice ${invoice.number} is due on Nov 22, 2026` },
      { event: "overdue", to: isp_.email, subject: `Overdue: NetSphere invoice ${invoice.number}` },
      { event: "suspension", to: isp_.email, subject: `Your NetSphere account is read-only: invoice ${invoice.number} is overdue` },
    ]);

    const blocked = await on("2026-11-29", () => ownerCtx(t));
    expect(blocked.writesBlocked?.message).toBe(
      `Your NetSphere account is read-only until the invoice ${invoice.number} is paid. Pay it in Settings → NetSphere plan; everything else can still be viewed.`,
    );
    const details = { name: "Tarlac Fiber Two", legalName: "Tarlac Fiber Inc.", address: "Tarlac City", tin: "123-456-789-000", contactName: "Ana", contactPhone: "0917 555 0101" };
    await expect(executeAction(saveBusinessDetails.definition, blocked, { details })).rejects.toMatchObject({ code: "forbidden", details: { readOnly: true } });
    await expect(executeAction(changeOwnPlan.definition, blocked, { saasPlanId: "gold" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await conn.db.select().from(tenants).where(eq(tenants.id, t.tenant.id)))[0].name).toBe("Tarlac Fiber");
    await expect(executeAction(quickSearchCustomers.definition, blocked, { search: "nobody here" })).resolves.toEqual(expect.any(Array));
    const page = await loadPayPage(conn.db, payTokenFor({ tenantId: t.platformId, invoiceId: invoice.id }));
    expect(page).toMatchObject({ state: "payable", tenantName: "NetSphere", outstandingCentavos: invoice.totalCentavos });

    // The gateway's webhook records the payment in the platform tenant; the next request finds the ISP active again.
    await on("2026-11-29", () =>
      recordPayment(
        t.platformDb,
        { tenantId: t.platformId, userName: "PayMongo" },
        { customerId: t.account.customerId, amountCentavos: invoice.totalCentavos, method: "gcash", gateway: "paymongo", gatewayPaymentId: "pay_test_1" },
      ),
    );
    const after = await on("2026-11-29", () => ownerCtx(t));
    expect(after.writesBlocked).toBeNull();
    expect(await accountOf(t.tenant.id)).toMatchObject({ standing: "active", overdueInvoiceId: null });
    const [sub] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, t.account.subscriptionId));
    expect(sub.status).toBe("active");
    await executeAction(saveBusinessDetails.definition, after, { details });
    expect((await conn.db.select().from(tenants).where(eq(tenants.id, t.tenant.id)))[0].name).toBe("Tarlac Fiber Two");
  });

  it("keeps one platform tenant, marked apart from ISPs, that never bills itself", async () => {
    const t = await isp({ opened: "2026-11-01" });
    const platforms = await conn.db.select({ id: tenants.id, kind: tenants.kind, name: tenants.name }).from(tenants).where(eq(tenants.kind, "platform"));
    expect(platforms).toEqual([{ id: t.platformId, kind: "platform", name: "NetSphere" }]);
    await expect(openPlatformAccount(conn.db, { tenantId: t.platformId })).rejects.toMatchObject({ code: "validation" });
    // Its customers are ISPs: there is no subscriber portal to sign in to.
    expect(await portalBrandingOf(conn.db, t.platformId)).toBeNull();
    expect(await portalBrandingOf(conn.db, t.tenant.id)).toMatchObject({ name: "Pampanga Wireless" });
  });

  it("never lists the platform tenant among the ISPs, and shows the operator MRR by plan with trials apart", async () => {
    const paying = await isp({ opened: "2026-11-01", saasPlanId: "platinum", name: "Zambales Air" });
    await isp({ opened: "2026-11-10", saasPlanId: "platinum", name: "Aurora Link" });
    await on("2026-11-15", (now) => runNetsphereBilling(conn.db, { now }), "00:20");
    await on("2026-11-16", (now) =>
      changeNetspherePlan(conn.db, { userId: paying.ctx.owner.userId, userName: "Owner" }, { tenantId: paying.tenant.id, saasPlanId: "platinum", cycle: "yearly", now }),
    );
    const listed = await listTenantsForOperator(conn.db);
    expect(listed.map((row) => row.id)).not.toContain(paying.platformId);
    expect(listed.find((row) => row.id === paying.tenant.id)).toMatchObject({ standing: "active", billingCycle: "yearly" });
    const overview = await on("2026-11-16", (now) => netsphereOverview(conn.db, { now }));
    expect(overview.isps.map((row) => row.name)).not.toContain("NetSphere");
    const platinum = overview.plans.find((plan) => plan.planId === "platinum")!;
    // Platinum yearly ₱12,000.00 is ₱1,000.00 a month; the ISP on trial counts apart at Platinum monthly ₱2,000.00.
    expect(platinum).toMatchObject({ paying: 1, mrrCentavos: 100_000, trials: 1, trialMrrCentavos: 200_000 });
    // Unpaid: the first month (₱2,000.00) and the year (₱12,000.00), less the month's 29 unused days of 30 (₱1,933.33).
    expect(overview.isps.find((row) => row.name === "Zambales Air")).toMatchObject({ standing: "active", balanceCentavos: 200_000 + 1_200_000 - 193_333 });
  });

  it("seeds the demo ISP's account on its plan with one paid NetSphere invoice", async () => {
    const demo = await createTenantFixture(conn.db, { name: "Demo Fiber", saasPlanId: "cloud-server" });
    await seedDemoNetsphere(conn.db, { tenantId: demo.tenant.id });
    const page = await netsphereAccountPage(conn.db, { tenantId: demo.tenant.id });
    expect(page.account).toMatchObject({ standing: "active", billingCycle: "monthly" });
    expect(page.invoices).toHaveLength(1);
    expect(page.invoices[0]).toMatchObject({ status: "paid", totalCentavos: 350_000, payUrl: null });
    expect(page.bankTransfer).toBe(DEMO_BANK_DETAILS);
  });

  it("seeds a second demo ISP whose long-overdue invoice leaves its account read-only", async () => {
    const lapsed = await createTenantFixture(conn.db, { name: "Lapsed Demo", saasPlanId: "basic" });
    await seedLapsedNetsphere(conn.db, { tenantId: lapsed.tenant.id });
    const page = await netsphereAccountPage(conn.db, { tenantId: lapsed.tenant.id });
    expect(page.account.standing).toBe("read_only");
    expect(page.invoices.map((i) => i.status)).toEqual(["open", "overdue"]);
    expect((await tenantWritesBlocked(conn.db, lapsed.tenant.id))?.message).toContain(page.invoices[1].number);
  });
});
