import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { seedDemo } from "@/lib/db/seed";
import { tenants } from "@/lib/tenants/schema";
import { invoices, payments } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { deriveBalances, inconsistentInvoices } from "@/lib/billing/ledger";
import { todayIn } from "@/lib/core/calendar";
import { users } from "@/lib/auth/schema";
import { tickets } from "@/lib/tickets/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { fieldJobsFor } from "@/lib/tickets/field-queries";
import type { Connection } from "@/lib/db/connect";
import { portalUsage } from "@/lib/portal/queries";
import { routers } from "@/lib/routers/schema";
import { routerHealth } from "@/lib/monitoring/schema";
import { clock } from "@/lib/core/clock";
import { mrrMovement } from "@/lib/reports/mrr-movement";
import { quotaViews } from "@/lib/quotas/queries";

/** Seeding the whole demo (months of invoices, traffic, incidents, addresses, data caps) takes 12 s idle, longer beside other CI stages. */
const SEED_TIMEOUT_MS = 120_000;
let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

describe("demo billing history", () => {
  it("issues months of invoices, mostly paid, some overdue, with a ledger that adds up", async () => {
    expect(await seedDemo(conn.db)).toBe(true);
    const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
    const today = todayIn(tenant.timezone);
    const count = async (where: ReturnType<typeof and>) =>
      (
        await conn.db
          .select({ n: sql<number>`count(*)::int` })
          .from(invoices)
          .where(where)
      )[0].n;
    const all = await count(eq(invoices.tenantId, tenant.id));
    const paid = await count(and(eq(invoices.tenantId, tenant.id), eq(invoices.status, "paid")));
    const overdue = await count(and(eq(invoices.tenantId, tenant.id), eq(invoices.status, "open"), sql`${invoices.dueDate} < ${today}`));
    expect(all).toBeGreaterThan(500);
    expect(paid / all).toBeGreaterThan(0.7);
    expect(overdue).toBeGreaterThan(10);
    const receipts = await conn.db
      .select({ n: sql<number>`count(distinct ${payments.receiptNumber})::int` })
      .from(payments)
      .where(eq(payments.tenantId, tenant.id));
    expect(receipts[0].n).toBe(paid);
    for (const b of await deriveBalances(conn.db, { tenantId: tenant.id })) expect(b.stored).toBe(b.derived);
    expect(await inconsistentInvoices(conn.db, { tenantId: tenant.id })).toEqual([]);
    const suspended = await conn.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.status, "suspended")));
    expect(suspended.length).toBeGreaterThan(0);
    expect(suspended.filter((s) => s.suspensionSource === "nonpayment").length).toBeGreaterThan(suspended.length / 2);
    // Suspended for not paying: each owes money.
    const [owing] = await conn.db
      .execute(sql`select count(*)::int as n from customers where tenant_id = ${tenant.id} and status = 'suspended' and balance_centavos > 0`)
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    expect(owing.n).toBeGreaterThan(0);
  }, SEED_TIMEOUT_MS);

  it("seeds today's field jobs for the technician and resolved tickets for the SLA report", async () => {
    const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
    const [tech] = await conn.db.select().from(users).where(eq(users.email, "tech@demo.netsphere.ph"));
    const { today: jobs } = await fieldJobsFor(conn.db, { tenantId: tenant.id, userId: tech.id, today: todayIn(tenant.timezone), timeZone: tenant.timezone });
    expect(jobs.map((j) => j.subject)).toEqual(expect.arrayContaining(["No internet since this morning", "Slow speed in the evening"]));
    expect(jobs.every((j) => j.ticket.resolutionDueAt !== null)).toBe(true);
    const resolved = await conn.db
      .select()
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenant.id), eq(tickets.status, "resolved")));
    expect(resolved.length).toBeGreaterThanOrEqual(20);
    expect(resolved.some((t) => t.resolutionBreached || +t.resolvedAt! > +t.resolutionDueAt!)).toBe(true);
    expect(resolved.some((t) => +t.resolvedAt! < +t.resolutionDueAt!)).toBe(true);
    // Months-old history is not announced to customers today; today's open tickets are.
    const queued = await conn.db
      .select({ event: notificationOutbox.event })
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, tenant.id), sql`${notificationOutbox.event} like 'ticket_%'`));
    expect(queued.filter((q) => q.event !== "ticket_created")).toEqual([]);
    expect(queued.length).toBe(6);
  });
  it("seeds a day and a month of traffic and a week of router health, so no chart starts as a single dot", async () => {
    const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
    const [customer] = await conn.db
      .select({ id: subscriptions.customerId })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.status, "active")))
      .limit(1);
    const now = clock.now();
    const [day] = await portalUsage(conn.db, { tenantId: tenant.id, customerId: customer.id, range: "24h", now });
    const [month] = await portalUsage(conn.db, { tenantId: tenant.id, customerId: customer.id, range: "30d", now });
    expect(day.points.filter((p) => p.rxBytes > 0).length).toBeGreaterThanOrEqual(20);
    expect(month.points.filter((p) => p.rxBytes > 0).length).toBeGreaterThanOrEqual(28);
    const [router] = await conn.db.select({ id: routers.id }).from(routers).where(eq(routers.tenantId, tenant.id)).limit(1);
    const health = await conn.db.select().from(routerHealth).where(eq(routerHealth.routerId, router.id));
    expect(health.length).toBeGreaterThanOrEqual(7 * 24 - 1);
  });
  it("shows former subscribers leaving over the history, so the finance page has churn", async () => {
    const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
    const months = await mrrMovement(conn.db, { tenantId: tenant.id, months: 6 });
    expect(months.filter((m) => m.churn.customers > 0).length).toBeGreaterThanOrEqual(3);
    const ended = await conn.db
      .select({ endDate: subscriptions.endDate })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.status, "terminated")));
    expect(ended.length).toBeGreaterThan(0);
    expect(ended.every((s) => s.endDate !== null && s.endDate < todayIn(tenant.timezone))).toBe(true);
  });
  it("shows data caps at work: a plan with an allowance, subscribers across it, some warned and held at the cap", async () => {
    const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.email, "owner@demo.netsphere.ph"));
    const subs = await conn.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.status, "active")));
    const views = [...(await quotaViews(conn.db, { tenantId: tenant.id, subscriptionIds: subs.map((s) => s.id) })).values()];
    expect(views.length).toBeGreaterThan(10);
    const levels = new Set(views.map((v) => v.level));
    expect(levels).toEqual(new Set(["under", "warning", "capped"]));
    expect(views.some((v) => v.enforced)).toBe(true);
    expect(views.some((v) => v.topUpBytes > 0)).toBe(true);
  });
});
