import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "@/lib/billing/run";
import { enqueueNotification, enqueueNotifications } from "./enqueue";
import { saveChannelSettings } from "./settings";
import { saveTemplate } from "./templates";
import { customerNotificationPreferences, notificationOutbox } from "./schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let tenantId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  fixture = await createTenantFixture(conn.db, { name: "Lipa Wireless" });
  tenantId = fixture.tenant.id;
  await conn.db.update(tenants).set({ contactPhone: "0917 000 1111", email: "care@lipawireless.ph" }).where(eq(tenants.id, tenantId));
  await saveChannelSettings(conn.db, actorOf(fixture.ctx.owner), {
    channel: "sms",
    enabled: true,
    provider: "semaphore",
    baseUrl: "http://127.0.0.1:9",
    senderName: "",
    apiKey: "key",
  });
});
afterAll(async () => conn?.close());

const outboxOf = (customerId: string) =>
  conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.customerId, customerId)).orderBy(asc(notificationOutbox.channel));

const reminder = (customerId: string, extra: Partial<Parameters<typeof enqueueNotification>[1]> = {}) =>
  enqueueNotification(conn.db, {
    tenantId,
    event: "due_reminder",
    customerId,
    data: { invoiceNumber: "INV-2026-000009", amountDue: "₱999.00", dueWhen: "today", dueDate: "Dec 1, 2026", payUrl: "" },
    ...extra,
  });

describe("enqueueNotification", () => {
  it("queues one message per channel the customer gets, in the ISP's name, with the built-in wording", async () => {
    const customer = await insertCustomer(conn.db, tenantId, { name: "Ana Reyes", email: "ana@example.ph", phone: "0917 222 3333" });
    const { ids } = await reminder(customer.id);
    expect(ids).toHaveLength(2);
    const rows = await outboxOf(customer.id);
    expect(rows.map((r) => [r.channel, r.recipient, r.status, r.event])).toEqual([
      ["email", "ana@example.ph", "pending", "due_reminder"],
      ["sms", "639172223333", "pending", "due_reminder"],
    ]);
    expect(rows[0].subject).toBe("Reminder: invoice INV-2026-000009 is due today");
    expect(rows[0].body).toContain("Hello Ana Reyes,");
    expect(rows[0].body).toContain("Questions? Contact us at 0917 000 1111 or care@lipawireless.ph.");
    // No pay link given: the line is left out rather than sent empty.
    expect(rows[0].body).not.toContain("Pay online");
    expect(rows[1].body).toBe("Lipa Wireless: invoice INV-2026-000009 for ₱999.00 is due today.");
  });

  it("uses the ISP's own template, and sends nothing on a channel whose template is switched off", async () => {
    const other = await createTenantFixture(conn.db, { name: "Tanauan Net" });
    const actor = actorOf(other.ctx.owner);
    await saveChannelSettings(conn.db, actor, {
      channel: "sms",
      enabled: true,
      provider: "generic",
      baseUrl: "http://127.0.0.1:9",
      senderName: "",
      apiKey: "k",
    });
    await saveTemplate(conn.db, actor, {
      event: "due_reminder",
      channel: "email",
      enabled: true,
      subject: "Bayaran na po: {{invoiceNumber}}",
      body: "Salamat, {{customerName}}!",
    });
    await saveTemplate(conn.db, actor, { event: "due_reminder", channel: "sms", enabled: false, subject: "", body: "{{tenantName}}" });
    const customer = await insertCustomer(conn.db, other.tenant.id, { name: "Ben", email: "ben@example.ph", phone: "09175550000" });
    await enqueueNotification(conn.db, {
      tenantId: other.tenant.id,
      event: "due_reminder",
      customerId: customer.id,
      data: { invoiceNumber: "INV-1" },
    });
    const rows = await outboxOf(customer.id);
    expect(rows.map((r) => [r.channel, r.subject, r.body])).toEqual([["email", "Bayaran na po: INV-1", "Salamat, Ben!"]]);
  });

  it("queues nothing twice for one dedupe key and answers with the rows already queued", async () => {
    const customer = await insertCustomer(conn.db, tenantId, { email: "dup@example.ph", phone: "09170000001" });
    const first = await reminder(customer.id, { dedupeKey: "reminder_due:inv-9" });
    const second = await reminder(customer.id, { dedupeKey: "reminder_due:inv-9" });
    expect(second.ids.sort()).toEqual(first.ids.sort());
    expect(await outboxOf(customer.id)).toHaveLength(2);
    expect((await outboxOf(customer.id)).map((r) => r.dedupeKey)).toEqual(["reminder_due:inv-9:email", "reminder_due:inv-9:sms"]);
  });

  it("writes in the caller's transaction: a change that rolls back queues nothing", async () => {
    const customer = await insertCustomer(conn.db, tenantId, { email: "rollback@example.ph" });
    await expect(
      conn.db.transaction(async (tx) => {
        await enqueueNotification(tx, { tenantId, event: "reactivation", customerId: customer.id, data: {} });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await outboxOf(customer.id)).toEqual([]);
  });

  it("follows the customer's preferences: an opted-out customer gets only the suspension notice", async () => {
    const customer = await insertCustomer(conn.db, tenantId, { email: "quiet@example.ph", phone: "09171112222" });
    await conn.db.insert(customerNotificationPreferences).values({ customerId: customer.id, tenantId, channels: ["sms"], optOut: true });
    expect((await reminder(customer.id)).ids).toEqual([]);
    const { ids } = await enqueueNotification(conn.db, { tenantId, event: "suspension", customerId: customer.id, data: { invoiceNumber: "INV-7" } });
    expect(ids).toHaveLength(1);
    expect((await outboxOf(customer.id)).map((r) => [r.channel, r.event])).toEqual([["sms", "suspension"]]);
  });

  it("emails a staff member at their address", async () => {
    const { ids } = await enqueueNotification(conn.db, {
      tenantId,
      event: "sla_breach",
      userId: fixture.ctx.support.userId,
      data: { ticketNumber: "1042", subject: "No internet", priority: "high", target: "resolution", dueAt: "today 3 PM", ticketUrl: "" },
    });
    const [row] = await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, ids[0]));
    expect(row).toMatchObject({ channel: "email", userId: fixture.ctx.support.userId, customerId: null, subject: "SLA breached: ticket 1042" });
    expect(row.recipient).toMatch(/^support-.*@example\.test$/);
  });

  it("does not reach another tenant's customer", async () => {
    const other = await createTenantFixture(conn.db, { name: "Elsewhere" });
    const theirs = await insertCustomer(conn.db, other.tenant.id, { email: "theirs@example.ph" });
    expect((await reminder(theirs.id)).ids).toEqual([]);
  });
});

describe("enqueueNotifications (bulk)", () => {
  it("queues for many customers in one go, each by their own preferences", async () => {
    const a = await insertCustomer(conn.db, tenantId, { name: "Bulk A", email: "a@example.ph", phone: "" });
    const b = await insertCustomer(conn.db, tenantId, { name: "Bulk B", email: "", phone: "09173334444" });
    const c = await insertCustomer(conn.db, tenantId, { name: "Bulk C", email: "c@example.ph" });
    await conn.db.insert(customerNotificationPreferences).values({ customerId: c.id, tenantId, channels: ["email"], optOut: true });
    const result = await enqueueNotifications(conn.db, {
      tenantId,
      event: "invoice_issued",
      items: [a, b, c].map((customer, i) => ({
        customerId: customer.id,
        data: { invoiceNumber: `INV-B${i}`, amountDue: "₱1.00", dueDate: "Dec 8, 2026" },
        dedupeKey: `bulk:${i}`,
      })),
    });
    expect(result).toEqual({ count: 2 });
    expect((await outboxOf(a.id)).map((r) => [r.channel, r.subject, r.dedupeKey])).toEqual([
      ["email", "Invoice INV-B0 from Lipa Wireless", "bulk:0:email"],
    ]);
    expect((await outboxOf(b.id)).map((r) => [r.channel, r.body.split("\n")[0]])).toEqual([
      ["sms", "Lipa Wireless: invoice INV-B1 for ₱1.00 is due Dec 8, 2026."],
    ]);
    expect(await outboxOf(c.id)).toEqual([]);
  });
});

describe("the billing run", () => {
  it("announces each new open invoice once, and a rerun announces nothing", async () => {
    const plan = await insertPlan(conn.db, tenantId, { name: "Fiber 50", priceCentavos: 149_900 });
    const router = await insertRouter(conn.db, tenantId, { port: 1, password: "x" });
    const subs = [];
    for (const username of ["runa", "runb"]) {
      const { customer } = await insertSubscriber(conn.db, tenantId, { planId: plan.id, routerId: router.id, username });
      await conn.db
        .update(customers)
        .set({ email: `${username}@example.ph` })
        .where(eq(customers.id, customer.id));
      subs.push(customer);
    }
    const actor = actorOf(fixture.ctx.billing);
    const first = await runBilling(conn.db, actor, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    expect(first.invoicesCreated).toBe(2);
    await runBilling(conn.db, actor, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
    for (const customer of subs) {
      const rows = await conn.db
        .select()
        .from(notificationOutbox)
        .where(and(eq(notificationOutbox.customerId, customer.id), eq(notificationOutbox.event, "invoice_issued")));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ channel: "email", status: "pending" });
      expect(rows[0].subject).toMatch(/^Invoice INV-2026-\d+ from Lipa Wireless$/);
      expect(rows[0].body).toContain("Amount due: ₱1,499.00");
      expect(rows[0].body).toContain("View and pay online: http");
      expect(rows[0].dedupeKey).toMatch(/^invoice_issued:[0-9a-f-]{36}:email$/);
    }
  });
});
