/*
 * One MRR (mrr.ts) behind the headline, the movement table and their drill-downs, case by case. Every plan
 * below is worth ₱1,000.00 a month net of 12 % VAT (B twice that), so each expectation is a count of ₱1,000s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { invoiceLines, promoCodes, promoRedemptions } from "@/lib/billing/schema";
import { subscriptionPauses, subscriptions } from "@/lib/subscriptions/schema";
import { mrrNow } from "@/lib/reports/finance";
import { mrrMovement } from "@/lib/reports/mrr-movement";
import { detailPage } from "@/lib/reports/details";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";

/** Noon of Nov 20, 2026 in Manila: the current month is November, closing today. */
const now = new Date("2026-11-20T04:00:00Z");
const K = 100_000; // ₱1,000.00

let conn: Connection;
let db: Db;
let tenantId: string;
const ids: Record<string, { customerId: string; subscriptionId: string }> = {};
const plans: Record<string, string> = {};

type Case = {
  key: string;
  plan: "A" | "B" | "Q" | "X";
  start: string;
  status?: "active" | "suspended" | "terminated" | "pending";
  endDate?: string;
  suspendedOn?: string;
  pause?: { from: string; until: string | null };
  /** Invoiced service periods: [start, end, plan, promo discount]. */
  periods?: Array<[string, string, "A" | "B" | "Q" | "X", number?]>;
};

/**
 * The case table. MRR at the close of Sep 30 / Oct 31 / Nov 20 (today), in ₱1,000s, and how it moved:
 *   newMid      new subscriber from Nov 10                          0 / 0 / 1     new in Nov
 *   upgrade     A → B, first billed on B Nov 1                      1 / 1 / 2     expansion in Nov
 *   downgrade   B → A today (Nov still invoiced on B)               2 / 2 / 1     contraction in Nov (the current plan)
 *   terminated  ended Oct 15                                        1 / 0 / 0     churn in Oct
 *   restored    suspended for non-payment Oct 20, restored Nov 5    1 / 0 / 1     churn in Oct, reactivation in Nov
 *   suspended   suspended for non-payment Nov 15, still             1 / 1 / 0     churn in Nov
 *   quarterly   one invoice for Sep 15 – Dec 14                     1 / 1 / 1     no churn between invoices
 *   promo       50 % off for Sep and Oct, then full price           ½ / ½ / 1     expansion in Nov
 *   exVat       ₱1,000 VAT-exclusive plan from Nov 1                0 / 0 / 1     new in Nov, same as ₱1,120 VAT-inclusive
 *   pending     never activated                                     0 / 0 / 0
 */
const cases: Case[] = [
  { key: "newMid", plan: "A", start: "2026-11-10", periods: [["2026-11-10", "2026-11-30", "A"]] },
  {
    key: "upgrade",
    plan: "B",
    start: "2026-09-01",
    periods: [
      ["2026-09-01", "2026-09-30", "A"],
      ["2026-10-01", "2026-10-31", "A"],
      ["2026-11-01", "2026-11-30", "B"],
    ],
  },
  {
    key: "downgrade",
    plan: "A",
    start: "2026-09-01",
    periods: [
      ["2026-09-01", "2026-09-30", "B"],
      ["2026-10-01", "2026-10-31", "B"],
      ["2026-11-01", "2026-11-30", "B"],
    ],
  },
  { key: "terminated", plan: "A", start: "2026-09-01", status: "terminated", endDate: "2026-10-15" },
  { key: "restored", plan: "A", start: "2026-09-01", pause: { from: "2026-10-20", until: "2026-11-05" } },
  { key: "suspended", plan: "A", start: "2026-09-01", status: "suspended", suspendedOn: "2026-11-15", pause: { from: "2026-11-15", until: null } },
  { key: "quarterly", plan: "Q", start: "2026-09-15", periods: [["2026-09-15", "2026-12-14", "Q"]] },
  {
    key: "promo",
    plan: "A",
    start: "2026-09-01",
    periods: [
      ["2026-09-01", "2026-09-30", "A", 56_000],
      ["2026-10-01", "2026-10-31", "A", 56_000],
      ["2026-11-01", "2026-11-30", "A"],
    ],
  },
  { key: "exVat", plan: "X", start: "2026-11-01" },
  { key: "pending", plan: "A", start: "2026-09-01", status: "pending" },
];

const prices = { A: 112_000, B: 224_000, Q: 336_000, X: 100_000 };

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
  const { tenant } = await createTenantFixture(db);
  tenantId = tenant.id;
  const router = await insertRouter(db, tenantId, { port: 1, password: "x" });
  plans.A = (await insertPlan(db, tenantId, { name: "Fiber 1120", priceCentavos: prices.A })).id;
  plans.B = (await insertPlan(db, tenantId, { name: "Fiber 2240", priceCentavos: prices.B })).id;
  plans.Q = (await insertPlan(db, tenantId, { name: "Quarterly 3360", priceCentavos: prices.Q, billingCycle: "quarterly" })).id;
  plans.X = (await insertPlan(db, tenantId, { name: "Business 1000 ex-VAT", priceCentavos: prices.X, taxInclusive: false })).id;
  const [promo] = await db.insert(promoCodes).values({ tenantId, code: "HALF2", kind: "percent", percentBps: 5000, periods: 2 }).returning();

  for (const c of cases) {
    const { customer, subscription } = await insertSubscriber(db, tenantId, { planId: plans[c.plan], routerId: router.id, username: c.key });
    ids[c.key] = { customerId: customer.id, subscriptionId: subscription.id };
    await db
      .update(subscriptions)
      .set({
        startDate: c.start,
        status: c.status ?? "active",
        endDate: c.endDate ?? null,
        suspendedAt: c.suspendedOn ? new Date(`${c.suspendedOn}T02:00:00Z`) : null,
        suspensionSource: c.suspendedOn ? "nonpayment" : null,
      })
      .where(eq(subscriptions.id, subscription.id));
    if (c.pause) await db.insert(subscriptionPauses).values({ tenantId, subscriptionId: subscription.id, fromDate: c.pause.from, untilDate: c.pause.until });
    const redemption = c.periods?.some((p) => p[3])
      ? (await db.insert(promoRedemptions).values({ tenantId, promoCodeId: promo.id, customerId: customer.id, subscriptionId: subscription.id }).returning())[0]
      : undefined;
    for (const [periodStart, periodEnd, plan, discount] of c.periods ?? []) {
      const line = { subscriptionId: subscription.id, periodStart, periodEnd, taxInclusive: plan !== "X" };
      const invoice = await insertInvoice(db, {
        tenantId,
        customerId: customer.id,
        issueDate: periodStart,
        lines: [
          // A first period from mid-month is prorated: MRR still counts the plan's full price.
          { ...line, amount: periodStart === c.start && periodStart.slice(8) !== "01" && plan !== "Q" ? 70_000 : prices[plan], planId: plans[plan] },
          ...(discount ? [{ ...line, kind: "discount" as const, amount: -discount, periodStart: null, periodEnd: null }] : []),
        ],
      });
      if (discount)
        await db
          .update(invoiceLines)
          .set({ promoRedemptionId: redemption!.id })
          .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, "discount")));
    }
  }
  // Not MRR: a proration charge and a void invoice's service line.
  await insertInvoice(db, {
    tenantId,
    customerId: ids.upgrade.customerId,
    issueDate: "2026-11-16",
    lines: [{ amount: 12_345, kind: "proration_charge", planId: plans.B, subscriptionId: ids.upgrade.subscriptionId }],
  });
  await insertInvoice(db, {
    tenantId,
    customerId: ids.quarterly.customerId,
    issueDate: "2026-10-01",
    status: "void",
    lines: [{ amount: 999_999, planId: plans.B, subscriptionId: ids.quarterly.subscriptionId, periodStart: "2026-10-01", periodEnd: "2026-10-31" }],
  });
});
afterAll(async () => conn?.close());

const none = { customers: 0, amountCentavos: 0 };
const moved = (customers: number, amountCentavos: number) => ({ customers, amountCentavos });

describe("MRR, one definition", () => {
  it("moves month by month as the case table says", async () => {
    const months = await mrrMovement(db, { tenantId, now });
    const byMonth = Object.fromEntries(months.map((m) => [m.month, m]));
    expect(months.at(-1)?.month).toBe("2026-11");
    expect(byMonth["2026-08"]).toMatchObject({ startCentavos: 0, endCentavos: 0 });
    expect(byMonth["2026-09"]).toEqual({
      month: "2026-09",
      startCentavos: 0,
      endCentavos: 7.5 * K,
      customers: 7,
      new: moved(7, 7.5 * K),
      reactivation: none,
      expansion: none,
      contraction: none,
      churn: none,
    });
    expect(byMonth["2026-10"]).toEqual({
      month: "2026-10",
      startCentavos: 7.5 * K,
      endCentavos: 5.5 * K,
      customers: 5,
      new: none,
      reactivation: none,
      expansion: none,
      contraction: none,
      churn: moved(2, 2 * K),
    });
    expect(byMonth["2026-11"]).toEqual({
      month: "2026-11",
      startCentavos: 5.5 * K,
      endCentavos: 8 * K,
      customers: 7,
      new: moved(2, 2 * K),
      reactivation: moved(1, K),
      expansion: moved(2, 1.5 * K),
      contraction: moved(1, K),
      churn: moved(1, K),
    });
  });

  it("gives the headline the table's current month, net of VAT, with the plans adding up to it", async () => {
    const [mrr, months] = await Promise.all([mrrNow(db, { tenantId, now }), mrrMovement(db, { tenantId, now })]);
    expect(mrr.mrrCentavos).toBe(months.at(-1)?.endCentavos);
    expect(mrr).toMatchObject({ mrrCentavos: 8 * K, subscriptions: 7, subscribers: 7, arpuCentavos: 114_286 });
    expect(mrr.plans.map((p) => [p.name, p.priceCentavos, p.subscriptions, p.mrrCentavos])).toEqual([
      ["Fiber 1120", 112_000, 4, 4 * K],
      ["Fiber 2240", 224_000, 1, 2 * K],
      // A VAT-exclusive ₱1,000 and a VAT-inclusive ₱1,120 are the same MRR.
      ["Business 1000 ex-VAT", 100_000, 1, K],
      ["Quarterly 3360", 336_000, 1, K],
    ]);
  });

  it("counts the current month on each subscription's current plan", async () => {
    const movement = await mrrMovement(db, { tenantId, now: new Date("2026-10-20T04:00:00Z") });
    // On Oct 20, October is the current month: the downgrade to A shows now, though October was invoiced on B.
    expect(movement.at(-1)).toMatchObject({ month: "2026-10", contraction: moved(1, K) });
  });

  it("drills into each figure with rows that add up to it", async () => {
    const headline = await detailPage(db, { tenantId, now, params: { metric: "mrr" } });
    expect(headline).toMatchObject({ total: 7, sumCentavos: 8 * K });
    const onA = await detailPage(db, { tenantId, now, params: { metric: "mrr", plan: plans.A } });
    expect(onA).toMatchObject({ total: 4, sumCentavos: 4 * K });
    const expansion = await detailPage(db, { tenantId, now, params: { metric: "mrr_movement", month: "2026-11", kind: "expansion" } });
    expect(expansion.rows.map((r) => [r.customerId, r.values.previous, r.values.current, r.values.change])).toEqual([
      [ids.upgrade.customerId, 2 * K - K, 2 * K, K],
      [ids.promo.customerId, 0.5 * K, K, 0.5 * K],
    ]);
    const reactivation = await detailPage(db, { tenantId, now, params: { metric: "mrr_movement", month: "2026-11", kind: "reactivation" } });
    expect(reactivation.rows.map((r) => r.customerId)).toEqual([ids.restored.customerId]);
    const churn = await detailPage(db, { tenantId, now, params: { metric: "mrr_movement", month: "2026-10", kind: "churn" } });
    expect(churn).toMatchObject({ total: 2, sumCentavos: -2 * K });
    expect(churn.rows.map((r) => r.customerId).sort()).toEqual([ids.terminated.customerId, ids.restored.customerId].sort());
  });
});
