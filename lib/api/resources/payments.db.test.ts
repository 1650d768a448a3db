import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { invoices, payments } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { auditLog } from "@/lib/audit/schema";
import { actorOf } from "@/lib/audit/record";
import { suspendSubscriptions } from "@/lib/provisioning/suspension";
import { addDays, todayIn } from "@/lib/core/calendar";
import { clock, manualClock, withClock } from "@/lib/core/clock";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const listRoute = await import("@/app/api/v1/payments/route");
const oneRoute = await import("@/app/api/v1/payments/[id]/route");

type Fixture = Awaited<ReturnType<typeof createTenantFixture>>;
type Subscriber = Awaited<ReturnType<typeof insertSubscriber>>;
let isp: Fixture;
let plan: Awaited<ReturnType<typeof insertPlan>>;
let router: Awaited<ReturnType<typeof insertRouter>>;
let juan: Subscriber;
let theirs: { customerId: string; invoiceId: string; paymentId: string };
let reader: string;
let writer: string;
const today = todayIn("Asia/Manila");
const day = (offset: number) => addDays(today, offset);
/** Noon in Manila, `offset` days from today. */
const noonOf = (offset: number) => new Date(`${day(offset)}T12:00:00+08:00`);

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  plan = await insertPlan(conn.db, isp.tenant.id);
  router = await insertRouter(conn.db, isp.tenant.id, { port: 1, password: "x" });
  juan = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username: "juan" });
  for (const [n, offset] of [[1, -9], [2, -6], [3, -3]] as const)
    await insertPayment(conn.db, { tenantId: isp.tenant.id, customerId: juan.customer.id, amount: 10_000 * n, receivedAt: noonOf(offset), receiptNumber: `OR-T-00${n}` });
  const theirPlan = await insertPlan(conn.db, other.tenant.id);
  const their = await insertSubscriber(conn.db, other.tenant.id, { planId: theirPlan.id, routerId: (await insertRouter(conn.db, other.tenant.id, { port: 1, password: "x" })).id, username: "theirs" });
  const theirInvoice = await insertInvoice(conn.db, { tenantId: other.tenant.id, customerId: their.customer.id, lines: [{ amount: 1000 }] });
  const theirPayment = await insertPayment(conn.db, { tenantId: other.tenant.id, customerId: their.customer.id, amount: 500 });
  theirs = { customerId: their.customer.id, invoiceId: theirInvoice.id, paymentId: theirPayment.id };
  reader = (await apiKeyFor(conn.db, isp.tenant.id, ["payments:read"])).key;
  writer = (await apiKeyFor(conn.db, isp.tenant.id, ["payments:write"], { name: "Cashier app" })).key;
});
afterAll(async () => {
  await conn?.close();
});

const receipts = (body: { data: { receiptNumber: string }[] }) => body.data.map((p) => p.receiptNumber);
const paymentCount = async () => (await conn.db.select({ n: sql<number>`count(*)::int` }).from(payments).where(eq(payments.tenantId, isp.tenant.id)))[0].n;

describe("reading payments", () => {
  it("pages newest first by cursor without repeats", async () => {
    const first = await callApi(listRoute.GET, { path: `/payments?limit=2&customerId=${juan.customer.id}`, key: reader });
    expect(first.status).toBe(200);
    expect(receipts(first.body)).toEqual(["OR-T-003", "OR-T-002"]);
    const second = await callApi(listRoute.GET, { path: `/payments?limit=2&customerId=${juan.customer.id}&cursor=${first.body.nextCursor}`, key: reader });
    expect(receipts(second.body)).toEqual(["OR-T-001"]);
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.data[0]).toMatchObject({ amountCentavos: 30_000, currency: "PHP", method: "gcash", gateway: "manual", appliedCentavos: 0, unappliedCentavos: 30_000 });
    expect(first.body.data[0]).not.toHaveProperty("idempotencyKey");
  });

  it("filters by the ISP's calendar days received; a bad date is a 422", async () => {
    const days = await callApi(listRoute.GET, { path: `/payments?receivedFrom=${day(-6)}&receivedTo=${day(-3)}&customerId=${juan.customer.id}&sort=receivedAt`, key: reader });
    expect(receipts(days.body)).toEqual(["OR-T-002", "OR-T-003"]);
    const bad = await callApi(listRoute.GET, { path: "/payments?receivedFrom=last-week", key: reader });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("receivedFrom");
  });

  it("reads one; another ISP's payment is a 404", async () => {
    const list = await callApi(listRoute.GET, { path: `/payments?customerId=${juan.customer.id}&limit=1`, key: reader });
    const id = list.body.data[0].id;
    const one = await callApi(oneRoute.GET, { path: `/payments/${id}`, params: { id }, key: reader });
    expect(one.body).toMatchObject({ id, receiptNumber: "OR-T-003", allocations: [] });
    expect((await callApi(oneRoute.GET, { path: `/payments/${theirs.paymentId}`, params: { id: theirs.paymentId }, key: reader })).status).toBe(404);
  });
});

describe("recording a payment", () => {
  it("pays the invoice with a receipt number through billing, audited as the key, and lifts a non-payment suspension", async () => {
    const rosa = await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username: "rosa" });
    const invoice = await insertInvoice(conn.db, { tenantId: isp.tenant.id, customerId: rosa.customer.id, issueDate: day(-20), dueDate: day(-13), lines: [{ amount: 149_900 }] });
    await suspendSubscriptions(conn.db, actorOf(isp.ctx.billing), { subscriptionIds: [rosa.subscription.id], reason: "Overdue", source: "nonpayment" });

    const paid = await callApi(listRoute.POST, {
      path: "/payments",
      key: writer,
      headers: { "idempotency-key": "gcash-7781" },
      body: { customerId: rosa.customer.id, amountCentavos: 149_900, method: "gcash", reference: "7781 234 5678", invoiceId: invoice.id },
    });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({
      created: true,
      reactivatedSubscriptions: 1,
      payment: { customerId: rosa.customer.id, amountCentavos: 149_900, appliedCentavos: 149_900, unappliedCentavos: 0, method: "gcash", reference: "7781 234 5678", allocations: [{ invoiceId: invoice.id, amountCentavos: 149_900 }] },
    });
    expect(paid.body.payment.receiptNumber).toMatch(/^OR-\d{4}-\d{6}$/);
    const [inv] = await conn.db.select().from(invoices).where(eq(invoices.id, invoice.id));
    expect(inv.status).toBe("paid");
    const [sub] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, rosa.subscription.id));
    expect(sub.status).toBe("active");
    const [entry] = await conn.db.select().from(auditLog).where(and(eq(auditLog.action, "payment.recorded"), eq(auditLog.entityId, paid.body.payment.id)));
    expect(entry.actorLabel).toBe("API key “Cashier app”");
  });

  it("a retry with the same Idempotency-Key records once, even after the API's replay window", async () => {
    const body = { customerId: juan.customer.id, amountCentavos: 5_000, method: "cash", receivedOn: today };
    const headers = { "idempotency-key": "till-42" };
    const first = await callApi(listRoute.POST, { path: "/payments", key: writer, headers, body });
    expect(first.status).toBe(201);
    const before = await paymentCount();
    const replay = await callApi(listRoute.POST, { path: "/payments", key: writer, headers, body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    const late = await withClock(manualClock(new Date(clock.ms() + 25 * 3_600_000)), () => callApi(listRoute.POST, { path: "/payments", key: writer, headers, body }));
    expect(late.status).toBe(201);
    expect(late.headers.get("idempotent-replayed")).toBeNull();
    expect(late.body).toMatchObject({ created: false, payment: { id: first.body.payment.id, receiptNumber: first.body.payment.receiptNumber } });
    expect(await paymentCount()).toBe(before);
    // Another key of the same ISP using the same value records its own payment.
    const { key: otherApp } = await apiKeyFor(conn.db, isp.tenant.id, ["payments:write"]);
    const separate = await callApi(listRoute.POST, { path: "/payments", key: otherApp, headers, body });
    expect(separate.body.created).toBe(true);
    expect(separate.body.payment.id).not.toBe(first.body.payment.id);
  });

  it("refuses another ISP's customer or invoice (404) and a bad body (422), recording nothing", async () => {
    const before = await paymentCount();
    const theirCustomer = await callApi(listRoute.POST, { path: "/payments", key: writer, body: { customerId: theirs.customerId, amountCentavos: 1000, method: "cash" } });
    expect(theirCustomer.status).toBe(404);
    const theirInvoice = await callApi(listRoute.POST, { path: "/payments", key: writer, body: { customerId: juan.customer.id, amountCentavos: 1000, method: "cash", invoiceId: theirs.invoiceId } });
    expect(theirInvoice.status).toBe(404);
    expect(theirInvoice.body.errors).toEqual([expect.objectContaining({ field: "invoiceId" })]);
    const bad = await callApi(listRoute.POST, { path: "/payments", key: writer, body: { customerId: juan.customer.id, amountCentavos: 0, method: "bitcoin", receivedOn: "2026-13-01" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["amountCentavos", "method", "receivedOn"]);
    const future = await callApi(listRoute.POST, { path: "/payments", key: writer, body: { customerId: juan.customer.id, amountCentavos: 1000, method: "cash", receivedOn: day(2) } });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ field: "receivedOn", message: `Today (${today}) or earlier` }]);
    expect(await paymentCount()).toBe(before);
    expect((await callApi(listRoute.POST, { path: "/payments", key: reader, body: { customerId: juan.customer.id, amountCentavos: 1000, method: "cash" } })).status).toBe(403);
  });
});
