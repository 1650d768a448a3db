import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { creditNotes } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { addDays } from "@/lib/core/calendar";
import { arAging, mrrNow, paymentMethodMix, revenueAndCollections } from "@/lib/reports/finance";
import { mrrMovement } from "@/lib/reports/mrr-movement";
import { listOverdueInvoices } from "@/lib/reports/overdue";
import { taxReport } from "@/lib/reports/tax";
import { detailPage } from "@/lib/reports/details";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";

/** Noon of Nov 20, 2026 in Manila: "today" for every report below. */
const now = new Date("2026-11-20T04:00:00Z");
const today = "2026-11-20";

let conn: Connection;
let db: Db;

async function insertCustomer(tenantId: string, name: string, email = "") {
  const [customer] = await db
    .insert(customers)
    .values({ tenantId, name, email, accountNumber: `ACC-${randomUUID().slice(0, 8)}` })
    .returning();
  return customer;
}

async function insertCreditNote(
  tenantId: string,
  customerId: string,
  {
    kind,
    amount,
    createdAt,
    invoiceId = null,
    paymentId = null,
    vat = 0,
    exempt = 0,
  }: {
    kind: "credit" | "refund";
    amount: number;
    createdAt: Date;
    invoiceId?: string | null;
    paymentId?: string | null;
    /** The VAT split stored on a credit when issued (VATable is the rest); a refund has none. */
    vat?: number;
    exempt?: number;
  },
) {
  await db.insert(creditNotes).values({
    tenantId,
    customerId,
    kind,
    amountCentavos: amount,
    vatableCentavos: kind === "credit" ? amount - vat - exempt : 0,
    exemptCentavos: exempt,
    taxCentavos: vat,
    invoiceId,
    paymentId,
    createdAt,
    reason: "test",
    number: `CN-TEST-${randomUUID().slice(0, 8)}`,
  });
}

/** Another ISP with a busy ledger in every month: none of it may show up in the first tenant's figures. */
async function seedOtherTenant() {
  const { tenant } = await createTenantFixture(db, { name: "Other ISP" });
  const router = await insertRouter(db, tenant.id, { port: 1, password: "x" });
  const plan = await insertPlan(db, tenant.id, { priceCentavos: 777_700 });
  for (let i = 0; i < 3; i++) {
    const { customer, subscription } = await insertSubscriber(db, tenant.id, { planId: plan.id, routerId: router.id, username: `other-${i}` });
    await db
      .update(customers)
      .set({ email: `other-${i}@example.test` })
      .where(eq(customers.id, customer.id));
    for (const month of ["2025-12", "2026-06", "2026-09", "2026-10", "2026-11"]) {
      const invoice = await insertInvoice(db, {
        tenantId: tenant.id,
        customerId: customer.id,
        issueDate: `${month}-01`,
        dueDate: `${month}-08`,
        lines: [
          { amount: 777_700, planId: plan.id, subscriptionId: subscription.id, periodStart: `${month}-01`, periodEnd: `${month}-28` },
          { amount: 33_300, exempt: true, kind: "other" },
        ],
      });
      const payment = await insertPayment(db, {
        tenantId: tenant.id,
        customerId: customer.id,
        amount: 111_100,
        method: "cash",
        receivedAt: new Date(`${month}-05T02:00:00Z`),
      });
      await insertCreditNote(tenant.id, customer.id, {
        kind: "refund",
        amount: 1_100,
        createdAt: new Date(`${month}-06T02:00:00Z`),
        paymentId: payment.id,
      });
      await insertCreditNote(tenant.id, customer.id, {
        kind: "credit",
        amount: 2_200,
        createdAt: new Date(`${month}-07T02:00:00Z`),
        invoiceId: invoice.id,
        vat: 236,
      });
    }
  }
  return tenant;
}

let otherTenantId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
  otherTenantId = (await seedOtherTenant()).id;
});
afterAll(async () => conn?.close());

// MRR, its movement and their drill-downs: the case table in mrr.db.test.ts.

describe("revenue, collections, payment methods and the tax report", () => {
  let tenantId: string;
  const inv: Record<string, string> = {};

  beforeAll(async () => {
    const { tenant } = await createTenantFixture(db);
    tenantId = tenant.id;
    const a = await insertCustomer(tenantId, "Ana Cruz");
    const b = await insertCustomer(tenantId, "Ben Reyes");
    const invoice = async (
      key: string,
      customerId: string,
      issueDate: string,
      lines: Parameters<typeof insertInvoice>[1]["lines"],
      status: "open" | "void" = "open",
    ) => {
      inv[key] = (
        await insertInvoice(db, { tenantId, customerId, issueDate, dueDate: addDays(issueDate, 7), lines, status, number: `INV-${key}` })
      ).id;
    };
    await invoice("nov2025", a.id, "2025-11-30", [{ amount: 55_500 }]);
    await invoice("dec", a.id, "2025-12-01", [{ amount: 10_000 }]);
    await invoice("oct1", a.id, "2026-10-05", [{ amount: 112_000 }]);
    await invoice("oct2", b.id, "2026-10-31", [{ amount: 50_000, exempt: true }]);
    await invoice("nov", b.id, "2026-11-01", [
      { amount: 100_000, taxInclusive: false },
      { amount: 20_000, exempt: true },
    ]);
    await invoice("void", a.id, "2026-11-02", [{ amount: 99_900 }], "void");

    const pay = (customerId: string, amount: number, method: Parameters<typeof insertPayment>[1]["method"], receivedAt: string) =>
      insertPayment(db, { tenantId, customerId, amount, method, receivedAt: new Date(receivedAt) });
    await pay(a.id, 50_000, "gcash", "2026-10-10T02:00:00Z");
    await pay(a.id, 30_000, "cash", "2026-10-31T15:59:59Z"); // 23:59:59 Oct 31 in Manila
    await pay(b.id, 20_000, "bank_transfer", "2026-10-31T16:00:00Z"); // midnight Nov 1 in Manila
    const refunded = await pay(b.id, 40_000, "gcash", "2026-11-05T02:00:00Z");
    await pay(b.id, 10_000, "maya", "2026-11-30T15:30:00Z");
    await insertCreditNote(tenantId, b.id, { kind: "refund", amount: 7_000, createdAt: new Date("2026-11-06T02:00:00Z"), paymentId: refunded.id });

    // Credits, each with the VAT split it was issued with: one against the November invoice and one on the account
    // (a plan-change credit), both counted; one against a void invoice, and one on Dec 1 in Manila (after the period).
    const nov10 = new Date("2026-11-10T02:00:00Z");
    await insertCreditNote(tenantId, b.id, { kind: "credit", amount: 13_200, createdAt: nov10, invoiceId: inv.nov, vat: 1_200, exempt: 2_000 });
    await insertCreditNote(tenantId, b.id, { kind: "credit", amount: 5_000, createdAt: new Date("2026-11-11T02:00:00Z"), vat: 536 });
    await insertCreditNote(tenantId, a.id, {
      kind: "credit",
      amount: 4_000,
      createdAt: new Date("2026-11-12T02:00:00Z"),
      invoiceId: inv.void,
      vat: 429,
    });
    await insertCreditNote(tenantId, a.id, {
      kind: "credit",
      amount: 3_000,
      createdAt: new Date("2026-11-30T16:30:00Z"),
      invoiceId: inv.oct1,
      vat: 321,
    });
  });

  it("reports revenue by issue month (with and without VAT) and collections by the tenant's month, less refunds", async () => {
    const months = await revenueAndCollections(db, { tenantId, now });
    expect(months).toHaveLength(12);
    const nonZero = months.filter((m) => m.invoices > 0 || m.paymentsCentavos > 0);
    expect(nonZero).toEqual([
      {
        month: "2025-12",
        invoices: 1,
        revenueCentavos: 10_000,
        revenueNetCentavos: 8_929,
        vatCentavos: 1_071,
        paymentsCentavos: 0,
        refundsCentavos: 0,
        collectionsCentavos: 0,
      },
      {
        month: "2026-10",
        invoices: 2,
        revenueCentavos: 162_000,
        revenueNetCentavos: 150_000,
        vatCentavos: 12_000,
        paymentsCentavos: 80_000,
        refundsCentavos: 0,
        collectionsCentavos: 80_000,
      },
      {
        month: "2026-11",
        invoices: 1,
        revenueCentavos: 132_000,
        revenueNetCentavos: 120_000,
        vatCentavos: 12_000,
        paymentsCentavos: 70_000,
        refundsCentavos: 7_000,
        collectionsCentavos: 63_000,
      },
    ]);
  });

  it("splits a month's payments by method, largest first, with shares", async () => {
    expect(await paymentMethodMix(db, { tenantId, now })).toEqual({
      month: "2026-11",
      payments: 3,
      amountCentavos: 70_000,
      methods: [
        { method: "gcash", payments: 1, amountCentavos: 40_000, shareBps: 5714 },
        { method: "bank_transfer", payments: 1, amountCentavos: 20_000, shareBps: 2857 },
        { method: "maya", payments: 1, amountCentavos: 10_000, shareBps: 1429 },
      ],
    });
    const october = await paymentMethodMix(db, { tenantId, now, month: "2026-10" });
    expect(october.methods.map((m) => [m.method, m.amountCentavos])).toEqual([
      ["gcash", 50_000],
      ["cash", 30_000],
    ]);
    expect((await paymentMethodMix(db, { tenantId, now, month: "2026-01" })).methods).toEqual([]);
  });

  it("reports VATable, exempt sales and VAT by month, less every credit note by the split it was issued with", async () => {
    const report = await taxReport(db, { tenantId, now, from: "2026-10-01", to: "2026-11-30" });
    const none = { count: 0, vatableCentavos: 0, zeroRatedCentavos: 0, exemptCentavos: 0, vatCentavos: 0, totalCentavos: 0 };
    expect(report.months).toEqual([
      {
        month: "2026-10",
        sales: { count: 2, vatableCentavos: 100_000, zeroRatedCentavos: 0, exemptCentavos: 50_000, vatCentavos: 12_000, totalCentavos: 162_000 },
        credits: none,
        net: { vatableCentavos: 100_000, zeroRatedCentavos: 0, exemptCentavos: 50_000, vatCentavos: 12_000, totalCentavos: 162_000 },
      },
      {
        month: "2026-11",
        sales: { count: 1, vatableCentavos: 100_000, zeroRatedCentavos: 0, exemptCentavos: 20_000, vatCentavos: 12_000, totalCentavos: 132_000 },
        // 132.00 against the invoice (VAT 12.00, exempt 20.00) and 50.00 on the account (VAT 5.36): output VAT falls by both.
        credits: { count: 2, vatableCentavos: 14_464, zeroRatedCentavos: 0, exemptCentavos: 2_000, vatCentavos: 1_736, totalCentavos: 18_200 },
        net: { vatableCentavos: 85_536, zeroRatedCentavos: 0, exemptCentavos: 18_000, vatCentavos: 10_264, totalCentavos: 113_800 },
      },
    ]);
    expect(report.totals).toEqual({
      sales: { count: 3, vatableCentavos: 200_000, zeroRatedCentavos: 0, exemptCentavos: 70_000, vatCentavos: 24_000, totalCentavos: 294_000 },
      credits: { count: 2, vatableCentavos: 14_464, zeroRatedCentavos: 0, exemptCentavos: 2_000, vatCentavos: 1_736, totalCentavos: 18_200 },
      net: { vatableCentavos: 185_536, zeroRatedCentavos: 0, exemptCentavos: 68_000, vatCentavos: 22_264, totalCentavos: 275_800 },
    });
    const tax = await detailPage(db, { tenantId, now, params: { metric: "tax", from: "2026-10-01", to: "2026-11-30" } });
    expect(tax.rows.map((r) => r.values.number)).toEqual(["INV-oct1", "INV-oct2", "INV-nov"]);
    expect(tax.sumCentavos).toBe(294_000);
    const credits = await detailPage(db, { tenantId, now, params: { metric: "tax_credits", from: "2026-10-01", to: "2026-11-30" } });
    expect(credits.rows.map((r) => [r.values.invoice, r.values.vatable, r.values.exempt, r.values.vat, r.values.total])).toEqual([
      ["INV-nov", 10_000, 2_000, 1_200, 13_200],
      [null, 4_464, 0, 536, 5_000],
    ]);
  });

  it("shows zero-rated sales apart from VATable ones", async () => {
    const { tenant } = await createTenantFixture(db);
    const customer = await insertCustomer(tenant.id, "PEZA Locator Inc.");
    const invoice = await insertInvoice(db, {
      tenantId: tenant.id,
      customerId: customer.id,
      issueDate: "2026-11-03",
      lines: [
        { amount: 112_000 },
        // A 0 % tax class: zero-rated, not VATable and not exempt.
        { amount: 50_000, rateBps: 0, description: "Dedicated line (zero-rated)" },
      ],
    });
    expect([invoice.vatableCentavos, invoice.zeroRatedCentavos, invoice.taxCentavos]).toEqual([100_000, 50_000, 12_000]);
    const report = await taxReport(db, { tenantId: tenant.id, now, from: "2026-11-01", to: "2026-11-30" });
    expect(report.totals.sales).toMatchObject({ vatableCentavos: 100_000, zeroRatedCentavos: 50_000, exemptCentavos: 0, vatCentavos: 12_000 });
    // Revenue net of VAT counts zero-rated sales too.
    const revenue = await revenueAndCollections(db, { tenantId: tenant.id, now });
    expect(revenue.find((m) => m.month === "2026-11")).toMatchObject({ revenueCentavos: 162_000, revenueNetCentavos: 150_000, vatCentavos: 12_000 });
    const rows = await detailPage(db, { tenantId: tenant.id, now, params: { metric: "tax", from: "2026-11-01", to: "2026-11-30" } });
    expect(rows.rows.map((r) => [r.values.vatable, r.values.zero, r.values.vat])).toEqual([[100_000, 50_000, 12_000]]);
  });

  it("drills into revenue and collections with the same rows the figures sum", async () => {
    const revenue = await detailPage(db, { tenantId, now, params: { metric: "revenue", month: "2026-10" } });
    expect(revenue).toMatchObject({ total: 2, sumCentavos: 162_000 });
    const collections = await detailPage(db, { tenantId, now, params: { metric: "collections", month: "2026-11" } });
    expect(collections.sumCentavos).toBe(63_000);
    expect(collections.rows.map((r) => [r.values.type, r.values.date, r.values.method, r.values.amount])).toEqual([
      ["Payment", "2026-11-01", "Bank transfer", 20_000],
      ["Payment", "2026-11-05", "GCash", 40_000],
      ["Refund", "2026-11-06", "", -7_000],
      ["Payment", "2026-11-30", "Maya", 10_000],
    ]);
    const gcash = await detailPage(db, { tenantId, now, params: { metric: "methods", month: "2026-10", method: "gcash" } });
    expect(gcash).toMatchObject({ total: 1, sumCentavos: 50_000, title: "GCash payments, Oct 2026" });
  });
});

describe("accounts receivable", () => {
  let tenantId: string;
  const byDays: Record<number, string> = {};

  beforeAll(async () => {
    const { tenant } = await createTenantFixture(db);
    tenantId = tenant.id;
    const customer = await insertCustomer(tenantId, "Carla Dizon");
    // Days past due → amount; the boundaries 30/31, 60/61 and 90/91 land in different buckets.
    const open: Array<[number, number]> = [
      [0, 1_000],
      [-5, 2_000],
      [1, 4_000],
      [30, 8_000],
      [31, 16_000],
      [60, 32_000],
      [61, 64_000],
      [90, 128_000],
      [91, 256_000],
      [200, 512_000],
    ];
    for (const [days, amount] of open) {
      const dueDate = addDays(today, -days);
      byDays[days] = (
        await insertInvoice(db, {
          tenantId,
          customerId: customer.id,
          issueDate: addDays(dueDate, -7),
          dueDate,
          lines: [{ amount }],
          number: `INV-D${days}`,
        })
      ).id;
    }
    const partial = await insertInvoice(db, {
      tenantId,
      customerId: customer.id,
      issueDate: "2026-09-29",
      dueDate: addDays(today, -45),
      lines: [{ amount: 50_000 }],
    });
    byDays[45] = partial.id;
    await insertPayment(db, { tenantId, customerId: customer.id, amount: 20_000, allocateTo: [{ invoiceId: partial.id, amount: 20_000 }] });
    const paid = await insertInvoice(db, {
      tenantId,
      customerId: customer.id,
      issueDate: "2026-08-01",
      dueDate: addDays(today, -100),
      lines: [{ amount: 1_000_000 }],
    });
    await insertPayment(db, { tenantId, customerId: customer.id, amount: 1_000_000, allocateTo: [{ invoiceId: paid.id, amount: 1_000_000 }] });
    await insertInvoice(db, {
      tenantId,
      customerId: customer.id,
      issueDate: "2026-08-01",
      dueDate: addDays(today, -100),
      lines: [{ amount: 2_000_000 }],
      status: "void",
    });
  });

  it("buckets what is still owed by days past due, as of today in the tenant's time zone", async () => {
    const aging = await arAging(db, { tenantId, now });
    expect(aging.today).toBe(today);
    expect(aging.buckets).toEqual([
      { bucket: "current", invoices: 2, amountCentavos: 3_000 },
      { bucket: "1-30", invoices: 2, amountCentavos: 12_000 },
      { bucket: "31-60", invoices: 3, amountCentavos: 78_000 },
      { bucket: "61-90", invoices: 2, amountCentavos: 192_000 },
      { bucket: "90+", invoices: 2, amountCentavos: 768_000 },
    ]);
    expect(aging.outstanding).toEqual({ invoices: 11, amountCentavos: 1_053_000 });
    expect(aging.overdue).toEqual({ invoices: 9, amountCentavos: 1_050_000 });
    // 15:59 UTC is still Nov 20 in Manila; at 16:00 it is Nov 21: the 30-day invoice turns 31 and the one due on the 20th turns 1.
    expect((await arAging(db, { tenantId, now: new Date("2026-11-20T15:59:00Z") })).buckets[1]).toEqual({
      bucket: "1-30",
      invoices: 2,
      amountCentavos: 12_000,
    });
    expect((await arAging(db, { tenantId, now: new Date("2026-11-20T16:00:00Z") })).buckets.slice(0, 3)).toEqual([
      { bucket: "current", invoices: 1, amountCentavos: 2_000 },
      { bucket: "1-30", invoices: 2, amountCentavos: 5_000 },
      { bucket: "31-60", invoices: 3, amountCentavos: 54_000 },
    ]);
  });

  it("drills into a bucket with the invoices that make it", async () => {
    const bucket = await detailPage(db, { tenantId, now, params: { metric: "outstanding", bucket: "31-60" } });
    expect(bucket.rows.map((r) => [r.id, r.values.daysPastDue, r.values.outstanding])).toEqual([
      [byDays[60], 60, 32_000],
      [byDays[45], 45, 30_000],
      [byDays[31], 31, 16_000],
    ]);
    expect((await detailPage(db, { tenantId, now, params: { metric: "overdue" } })).sumCentavos).toBe(1_050_000);
  });

  it("lists overdue invoices by days overdue or amount, a page at a time", async () => {
    const first = await listOverdueInvoices(db, { tenantId, now, pageSize: 4 });
    expect(first.total).toBe(9);
    expect(first.rows.map((r) => r.daysOverdue)).toEqual([200, 91, 90, 61]);
    const second = await listOverdueInvoices(db, { tenantId, now, pageSize: 4, page: 2 });
    expect(second.rows.map((r) => r.daysOverdue)).toEqual([60, 45, 31, 30]);
    const last = await listOverdueInvoices(db, { tenantId, now, pageSize: 4, page: 99 });
    expect(last).toMatchObject({ page: 3 });
    expect(last.rows.map((r) => r.daysOverdue)).toEqual([1]);
    const byAmount = await listOverdueInvoices(db, { tenantId, now, sort: "amount", pageSize: 25 });
    expect(byAmount.rows.map((r) => r.outstandingCentavos)).toEqual([512_000, 256_000, 128_000, 64_000, 32_000, 30_000, 16_000, 8_000, 4_000]);
    const smallestFirst = await listOverdueInvoices(db, { tenantId, now, sort: "amount", dir: "asc", pageSize: 25 });
    expect(smallestFirst.rows[0]).toMatchObject({ outstandingCentavos: 4_000, daysOverdue: 1, customerName: "Carla Dizon", hasEmail: false });
  });
});

describe("tenant isolation and a new ISP", () => {
  it("shows a new ISP zeros everywhere while another tenant's ledger is busy", async () => {
    const { tenant } = await createTenantFixture(db);
    const tenantId = tenant.id;
    expect(await mrrNow(db, { tenantId, now })).toEqual({ mrrCentavos: 0, subscribers: 0, subscriptions: 0, arpuCentavos: 0, plans: [] });
    expect((await mrrMovement(db, { tenantId, now })).every((m) => m.endCentavos === 0 && m.churn.customers === 0)).toBe(true);
    expect((await revenueAndCollections(db, { tenantId, now })).every((m) => m.revenueCentavos === 0 && m.collectionsCentavos === 0)).toBe(true);
    expect((await arAging(db, { tenantId, now })).outstanding).toEqual({ invoices: 0, amountCentavos: 0 });
    expect((await paymentMethodMix(db, { tenantId, now })).methods).toEqual([]);
    expect((await taxReport(db, { tenantId, now, from: "2025-12-01", to: "2026-11-30" })).totals.sales.count).toBe(0);
    expect((await listOverdueInvoices(db, { tenantId, now })).total).toBe(0);
    for (const metric of ["revenue", "collections", "overdue", "tax", "tax_credits", "mrr"] as const) {
      expect((await detailPage(db, { tenantId, now, params: { metric } })).total, metric).toBe(0);
    }
  });

  it("counts the other tenant's own ledger for it", async () => {
    const tenantId = otherTenantId;
    // ₱7,777.00 VAT-inclusive is ₱6,943.75 net of 12 % VAT.
    expect(await mrrNow(db, { tenantId, now })).toMatchObject({ mrrCentavos: 3 * 694_375, subscribers: 3 });
    const november = (await revenueAndCollections(db, { tenantId, now })).at(-1);
    expect(november).toMatchObject({ month: "2026-11", revenueCentavos: 3 * 811_000, collectionsCentavos: 3 * 110_000 });
    // Their subscriptions started on Nov 1: new this month, whatever was invoiced before.
    expect((await mrrMovement(db, { tenantId, now })).at(-1)).toMatchObject({ endCentavos: 3 * 694_375, new: { customers: 3 } });
    const tax = await taxReport(db, { tenantId, now, from: "2026-11-01", to: "2026-11-30" });
    expect(tax.totals.credits).toMatchObject({ count: 3, totalCentavos: 6_600 });
  });
});
