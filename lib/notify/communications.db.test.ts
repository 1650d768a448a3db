import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { executeAction } from "@/lib/core/action";
import { auditLog } from "@/lib/audit/schema";
import { addCommunicationEntryAction, savePreferencesAction } from "./actions/customer";
import { communicationLog } from "./communications";
import { getPreferences } from "./preferences";
import { communicationEntries, notificationOutbox } from "./schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createTenantFixture(conn.db, { name: "Lipa Wireless" });
  b = await createTenantFixture(conn.db, { name: "Other ISP" });
});
afterAll(async () => conn?.close());

const at = (iso: string) => new Date(iso);

async function message(tenantId: string, customerId: string, createdAt: string, values: Partial<typeof notificationOutbox.$inferInsert> = {}) {
  await conn.db.insert(notificationOutbox).values({
    tenantId,
    customerId,
    event: "due_reminder",
    channel: "sms",
    recipient: "639170000000",
    body: "x",
    createdAt: at(createdAt),
    ...values,
  });
}

describe("the communication log", () => {
  it("merges sent messages and staff entries, newest first, page by page, for this customer only", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const neighbour = await insertCustomer(conn.db, a.tenant.id);
    await message(a.tenant.id, customer.id, "2026-11-01T01:00:00Z", {
      event: "invoice_issued",
      channel: "email",
      status: "sent",
      subject: "Invoice INV-1",
    });
    await message(a.tenant.id, customer.id, "2026-11-09T01:00:00Z", {
      event: "overdue",
      status: "dead",
      lastError: "The SMS provider answered 400: bad number",
    });
    await message(a.tenant.id, neighbour.id, "2026-11-05T01:00:00Z");
    await conn.db.insert(communicationEntries).values([
      {
        tenantId: a.tenant.id,
        customerId: customer.id,
        kind: "call",
        direction: "inbound",
        summary: "Asked why the invoice is higher",
        occurredAt: at("2026-11-03T02:00:00Z"),
        staffName: "Maria",
      },
      {
        tenantId: a.tenant.id,
        customerId: neighbour.id,
        kind: "visit",
        direction: "outbound",
        summary: "Not theirs",
        occurredAt: at("2026-11-04T02:00:00Z"),
        staffName: "Pedro",
      },
    ]);

    const first = await communicationLog(conn.db, { tenantId: a.tenant.id, customerId: customer.id, pageSize: 2 });
    expect(first.hasMore).toBe(true);
    expect(
      first.items.map((i) => (i.type === "message" ? `${i.event}/${i.channel}/${i.status}` : `${i.kind}: ${i.summary} (${i.staffName})`)),
    ).toEqual(["overdue/sms/dead", "call: Asked why the invoice is higher (Maria)"]);
    expect(first.items[0]).toMatchObject({ lastError: "The SMS provider answered 400: bad number" });
    const second = await communicationLog(conn.db, { tenantId: a.tenant.id, customerId: customer.id, pageSize: 2, page: 2 });
    expect(second).toMatchObject({ hasMore: false, page: 2 });
    expect(second.items.map((i) => i.type === "message" && i.subject)).toEqual(["Invoice INV-1"]);

    // Another tenant asking for this customer sees nothing.
    expect((await communicationLog(conn.db, { tenantId: b.tenant.id, customerId: customer.id })).items).toEqual([]);
  });

  it("lets a technician write down a visit in the ISP's time zone, audited on the customer", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const { id } = await executeAction(addCommunicationEntryAction.definition, a.ctx.technician, {
      customerId: customer.id,
      kind: "visit",
      direction: "outbound",
      summary: "  Replaced the ONU; signal -19 dBm  ",
      occurredAt: "2026-11-20T14:30",
    });
    const [entry] = await conn.db.select().from(communicationEntries).where(eq(communicationEntries.id, id));
    expect(entry).toMatchObject({ summary: "Replaced the ONU; signal -19 dBm", staffName: "technician user", staffUserId: a.ctx.technician.userId });
    // 2:30 PM in Manila (UTC+8).
    expect(entry.occurredAt.toISOString()).toBe("2026-11-20T06:30:00.000Z");
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "communication.logged"), eq(auditLog.entityId, id)));
    expect(audit.customerId).toBe(customer.id);
  });

  it("refuses an empty summary, a time in the future and another tenant's customer", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const base = { customerId: customer.id, kind: "call", direction: "inbound", summary: "Called about a slow connection", occurredAt: "" } as const;
    await expect(executeAction(addCommunicationEntryAction.definition, a.ctx.support, { ...base, summary: " " })).rejects.toMatchObject({
      fieldErrors: { summary: ["Say briefly what was said or done"] },
    });
    await expect(
      executeAction(addCommunicationEntryAction.definition, a.ctx.support, { ...base, occurredAt: "2099-01-01T10:00" }),
    ).rejects.toMatchObject({
      fieldErrors: { occurredAt: ["That time is in the future"] },
    });
    await expect(executeAction(addCommunicationEntryAction.definition, b.ctx.owner, base)).rejects.toMatchObject({ code: "not_found" });
    const entries = await conn.db.select().from(communicationEntries).where(eq(communicationEntries.customerId, customer.id));
    expect(entries).toEqual([]);
  });
});

describe("notification preferences", () => {
  it("support saves a customer's channels, opt-out and chat addresses; the change is on the customer's timeline", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    expect(await getPreferences(conn.db, { tenantId: a.tenant.id, customerId: customer.id })).toMatchObject({
      channels: ["email", "sms"],
      saved: false,
    });
    await executeAction(savePreferencesAction.definition, a.ctx.support, {
      customerId: customer.id,
      channels: ["whatsapp", "telegram", "email"],
      optOut: true,
      telegramChatId: "5512345",
      whatsappNumber: "0918 765 4321",
    });
    expect(await getPreferences(conn.db, { tenantId: a.tenant.id, customerId: customer.id })).toEqual({
      channels: ["email", "telegram", "whatsapp"],
      optOut: true,
      telegramChatId: "5512345",
      whatsappNumber: "639187654321",
      saved: true,
    });
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "customer.notification_preferences"), eq(auditLog.customerId, customer.id)));
    expect(audit.after).toMatchObject({ channels: "Email, Telegram, WhatsApp", optOut: true });
  });

  it("is refused to technicians, for another tenant's customer, and for a bad number", async () => {
    const customer = await insertCustomer(conn.db, a.tenant.id);
    const input = { customerId: customer.id, channels: ["sms"], optOut: false, telegramChatId: "", whatsappNumber: "" } as const;
    await expect(executeAction(savePreferencesAction.definition, a.ctx.technician, input)).rejects.toMatchObject({ code: "forbidden" });
    await expect(executeAction(savePreferencesAction.definition, b.ctx.owner, input)).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(savePreferencesAction.definition, a.ctx.owner, { ...input, whatsappNumber: "call me" })).rejects.toMatchObject({
      fieldErrors: { whatsappNumber: ["A mobile number like 0917 123 4567 or +63 917 123 4567"] },
    });
    expect((await getPreferences(conn.db, { tenantId: a.tenant.id, customerId: customer.id })).saved).toBe(false);
  });
});
