import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { insertInvoice } from "@/tests/support/billing";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { localDate } from "@/lib/core/time-zones";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { dunningEvents } from "@/lib/billing/schema";
import { tickets } from "@/lib/tickets/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { addressSessions } from "@/lib/ipam/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { customers } from "@/lib/customers/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { churnSignals, OUTREACH_ACTION } from "./signals";
import { atRiskSubscribers } from "./at-risk";
import { sendRetentionOutreach } from "./outreach";

const DAY = 86_400_000;
const timeZone = "Asia/Manila";
const now = clock.now();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

let conn: Connection;
let owner: StaffContext;
let other: StaffContext;
let ids: Record<string, string>;

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
  const tenantId = owner.tenantId;
  const router = await insertRouter(conn.db, tenantId, { port: 1, password: "p" });
  const fast = await insertPlan(conn.db, tenantId, { name: "Fiber 100", priceCentavos: 199_900 });
  const slow = await insertPlan(conn.db, tenantId, { name: "Fiber 25", priceCentavos: 99_900 });
  const risky = await insertSubscriber(conn.db, tenantId, { planId: slow.id, routerId: router.id, username: "ana" });
  const steady = await insertSubscriber(conn.db, tenantId, { planId: fast.id, routerId: router.id, username: "ben" });
  const gone = await insertSubscriber(conn.db, tenantId, { planId: fast.id, routerId: router.id, username: "cora", status: "terminated" });
  // Services that started half a year ago; Cora's ended last month.
  await conn.db
    .update(subscriptions)
    .set({ startDate: localDate(daysAgo(200), timeZone) })
    .where(eq(subscriptions.tenantId, tenantId));
  await conn.db
    .update(subscriptions)
    .set({ endDate: localDate(daysAgo(20), timeZone) })
    .where(eq(subscriptions.id, gone.subscription.id));
  await conn.db.update(customers).set({ email: "ana@example.test" }).where(eq(customers.id, risky.customer.id));

  const late = [];
  for (const age of [100, 40]) {
    const invoice = await insertInvoice(conn.db, { tenantId, customerId: risky.customer.id, lines: [{ amount: 99_900 }] });
    late.push({
      tenantId,
      invoiceId: invoice.id,
      customerId: risky.customer.id,
      kind: "overdue" as const,
      key: `overdue:${invoice.id}`,
      createdAt: daysAgo(age),
    });
  }
  // Too old to count: a year ago.
  const old = await insertInvoice(conn.db, { tenantId, customerId: steady.customer.id, lines: [{ amount: 199_900 }] });
  late.push({
    tenantId,
    invoiceId: old.id,
    customerId: steady.customer.id,
    kind: "overdue" as const,
    key: `overdue:${old.id}`,
    createdAt: daysAgo(365),
  });
  await conn.db.insert(dunningEvents).values(late);

  await conn.db.insert(tickets).values([
    {
      tenantId,
      customerId: risky.customer.id,
      number: 1,
      subject: "Slow again",
      category: "slow",
      priority: "high",
      createdAt: daysAgo(10),
      resolutionBreached: true,
    },
    {
      tenantId,
      customerId: steady.customer.id,
      number: 2,
      subject: "Bill question",
      category: "billing",
      priority: "low",
      createdAt: daysAgo(50),
      resolvedAt: daysAgo(49),
      status: "resolved",
    },
  ]);
  // Suspended for the second invoice 35 days ago, back 30 days ago; a suspension at the subscriber's request does not count.
  const lifecycle = (action: string, age: number, after: Record<string, string>) => ({
    tenantId,
    actorLabel: "Billing run",
    action,
    entityType: "subscription",
    entityId: risky.subscription.id,
    customerId: risky.customer.id,
    after,
    createdAt: daysAgo(age),
  });
  await conn.db
    .insert(auditLog)
    .values([
      lifecycle("subscription.suspended", 35, { status: "suspended", source: "nonpayment" }),
      lifecycle("subscription.reactivated", 30, { status: "active" }),
      lifecycle("subscription.suspended", 20, { status: "suspended" }),
      lifecycle("subscription.reactivated", 18, { status: "active" }),
    ]);
  await conn.db.insert(auditLog).values({
    tenantId,
    actorLabel: "billing user",
    action: "subscription.plan_changed",
    entityType: "subscription",
    entityId: risky.subscription.id,
    customerId: risky.customer.id,
    before: { plan: "Fiber 100" },
    after: { plan: "Fiber 25" },
    createdAt: daysAgo(60),
  });
  // Ana's usage fell from 1 GB a day to 0.25 GB; Ben's held steady.
  const points = [];
  for (let day = 1; day <= 60; day += 1) {
    for (const [sub, bytes] of [
      [risky.subscription.id, day <= 30 ? 0.25e9 : 1e9],
      [steady.subscription.id, 2e9],
    ] as const) {
      points.push({
        tenantId,
        routerId: router.id,
        subjectType: "subscription" as const,
        subject: sub,
        resolution: "1d" as const,
        bucket: daysAgo(day),
        rxBytes: bytes,
        txBytes: 0,
      });
    }
  }
  await conn.db.insert(trafficPoints).values(points);
  // Ana reconnected 14 times this month.
  await conn.db.insert(addressSessions).values(
    Array.from({ length: 14 }, (_, i) => ({
      tenantId,
      routerId: router.id,
      username: "ana",
      address: "100.64.0.9",
      startedAt: daysAgo(28 - i),
      endedAt: daysAgo(27.9 - i),
    })),
  );
  ids = { risky: risky.customer.id, steady: steady.customer.id, gone: gone.customer.id };
});

afterAll(async () => {
  await conn?.close();
});

describe("churnSignals", () => {
  it("reads each signal from its room's records, counting only the recent past", async () => {
    const rows = await churnSignals(owner.db, { tenantId: owner.tenantId, asOf: now, timeZone });
    expect(rows.map((r) => r.customerId)).toEqual([ids.risky]);
    expect(rows[0].usernames).toEqual(["ana"]);
    expect(rows[0].planNames).toEqual(["Fiber 25"]);
    expect(rows[0].signals).toEqual({
      latePayments: 2,
      suspensions: 1,
      suspendedNow: false,
      usageRecent: 30 * 0.25e9,
      usagePrevious: 30 * 1e9,
      sessions: 14,
      openTickets: 1,
      slaBreaches: 1,
      downgrades: 1,
    });
  });

  it("scores as of a past day from what was known then", async () => {
    const [then] = await churnSignals(owner.db, { tenantId: owner.tenantId, asOf: daysAgo(32), timeZone, customerId: ids.risky });
    expect(then.signals).toMatchObject({ latePayments: 2, suspensions: 1, suspendedNow: true, openTickets: 0, slaBreaches: 0, downgrades: 1 });
  });

  it("shows another ISP nothing", async () => {
    expect(await churnSignals(other.db, { tenantId: other.tenantId, asOf: now, timeZone })).toEqual([]);
  });
});

describe("atRiskSubscribers", () => {
  it("lists the subscriber with each signal's points, highest first, and filters by signal", async () => {
    const { rows } = await atRiskSubscribers(owner.db, { tenantId: owner.tenantId, timeZone, now, filter: { band: "any" } });
    expect(rows).toHaveLength(1);
    expect(rows[0].band).toBe("high");
    expect(rows[0].contributions.map((c) => c.signal)).toEqual([
      "falling_usage",
      "late_payments",
      "suspensions",
      "downgrades",
      "sla_breaches",
      "tickets",
      "disconnects",
    ]);
    expect(rows[0].contributions[0].reason).toBe("Usage fell 75 % (30 GB to 7.5 GB) over the last 30 days.");
    expect(
      (await atRiskSubscribers(owner.db, { tenantId: owner.tenantId, timeZone, now, filter: { band: "any", signal: "suspensions" } })).rows,
    ).toHaveLength(1);
  });
});

describe("sendRetentionOutreach", () => {
  it("queues the check-in, audits it on the customer, and refuses a second within 30 days", async () => {
    const actor = actorOf(owner);
    expect(await sendRetentionOutreach(conn.db, actor, { customerId: ids.risky, note: "We would like to fix your connection." })).toEqual({
      queued: 1,
    });
    const queued = await conn.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, owner.tenantId), eq(notificationOutbox.event, "retention_outreach")));
    expect(queued.map((row) => [row.channel, row.recipient])).toEqual([["email", "ana@example.test"]]);
    expect(queued[0].body).toContain("We would like to fix your connection.");
    const audits = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.customerId, ids.risky), eq(auditLog.action, OUTREACH_ACTION)));
    expect(audits).toHaveLength(1);
    const again = await sendRetentionOutreach(conn.db, actor, { customerId: ids.risky, note: "" }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe("conflict");
    const [listed] = (await atRiskSubscribers(owner.db, { tenantId: owner.tenantId, timeZone, now, filter: { band: "any" } })).rows;
    expect(listed.lastOutreachAt).not.toBeNull();
  });

  it("refuses a subscriber no channel reaches, and another ISP's subscriber", async () => {
    const unreachable = await sendRetentionOutreach(conn.db, actorOf(owner), { customerId: ids.steady, note: "" }).catch((error: unknown) => error);
    expect((unreachable as AppError).code).toBe("conflict");
    const foreign = await sendRetentionOutreach(conn.db, actorOf(other), { customerId: ids.risky, note: "" }).catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(AppError);
    expect(
      await conn.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.customerId, ids.steady), eq(auditLog.action, OUTREACH_ACTION))),
    ).toEqual([]);
  });
});
