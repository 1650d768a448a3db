import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { startFakeTelegram, type FakeProvider } from "@/tests/support/fake-messaging";
import { executeAction } from "@/lib/core/action";
import { auditLog } from "@/lib/audit/schema";
import { saveChannelSettingsAction, sendTestMessageAction } from "./actions/channels";
import { resetTemplateAction, saveTemplateAction } from "./actions/templates";
import { discardOutboxMessageAction, retryOutboxMessageAction } from "./actions/outbox";
import { channelViews, loadChannelSettings } from "./settings";
import { loadTemplates, templateOf } from "./templates";
import { listOutbox } from "./queries";
import { channelSettings, notificationOutbox } from "./schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let telegram: FakeProvider;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;
const TOKEN = "987654321:AAHsecretBotTokenValue_abcdefghij";

beforeAll(async () => {
  conn = await createTestDatabase();
  telegram = await startFakeTelegram();
  a = await createTenantFixture(conn.db, { name: "Lipa Wireless" });
  b = await createTenantFixture(conn.db, { name: "Other ISP" });
});
afterAll(async () => {
  await telegram?.close();
  await conn?.close();
});

const auditsOf = (tenantId: string, action: string) =>
  conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action)));

describe("channel settings", () => {
  it("stores the bot token encrypted, never shows or audits it, and keeps it when the field is left blank", async () => {
    await executeAction(saveChannelSettingsAction.definition, a.ctx.admin, {
      channel: "telegram",
      enabled: true,
      baseUrl: telegram.url,
      botToken: TOKEN,
    });
    const [row] = await conn.db
      .select()
      .from(channelSettings)
      .where(and(eq(channelSettings.tenantId, a.tenant.id), eq(channelSettings.channel, "telegram")));
    expect(row.secretEncrypted).toBeTruthy();
    expect(row.secretEncrypted).not.toContain(TOKEN);
    const view = (await channelViews(conn.db, { tenantId: a.tenant.id })).telegram;
    expect(view).toEqual({ channel: "telegram", enabled: true, configured: true, secretSaved: true, config: { baseUrl: telegram.url } });
    expect(JSON.stringify(await auditsOf(a.tenant.id, "notifications.channel_saved"))).not.toContain("AAHsecret");

    await executeAction(saveChannelSettingsAction.definition, a.ctx.admin, {
      channel: "telegram",
      enabled: true,
      baseUrl: telegram.url,
      botToken: "",
    });
    expect((await loadChannelSettings(conn.db, { tenantId: a.tenant.id })).get("telegram")?.secret).toBe(TOKEN);
  });

  it("refuses switching a channel on without its key, an unsafe base URL, and staff without notifications:settings", async () => {
    await expect(
      executeAction(saveChannelSettingsAction.definition, a.ctx.owner, {
        channel: "sms",
        enabled: true,
        provider: "semaphore",
        baseUrl: "",
        senderName: "",
        apiKey: "",
      }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { apiKey: ["Enter the API key"] } });
    await expect(
      executeAction(saveChannelSettingsAction.definition, a.ctx.owner, {
        channel: "sms",
        enabled: false,
        provider: "generic",
        baseUrl: "http://10.0.0.5/sms",
        senderName: "",
        apiKey: "",
      }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { baseUrl: ["Use https:// (plain http:// only for 127.0.0.1 or localhost)"] } });
    for (const role of ["billing", "support", "technician"] as const) {
      await expect(executeAction(saveChannelSettingsAction.definition, a.ctx[role], { channel: "email", enabled: false })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
  });

  it("sends a test message with the saved settings and says what the provider answered", async () => {
    const result = await executeAction(sendTestMessageAction.definition, a.ctx.admin, { channel: "telegram", to: "5551234" });
    expect(result.to).toBe("5551234");
    expect(telegram.requests.at(-1)?.body).toEqual({
      chat_id: "5551234",
      text: "Lipa Wireless: a test message from NetSphere. If you can read this, Telegram works.",
    });
    telegram.failNext(400, { ok: false, error_code: 400, description: "Bad Request: chat not found" });
    await expect(executeAction(sendTestMessageAction.definition, a.ctx.admin, { channel: "telegram", to: "42424242" })).rejects.toMatchObject({
      code: "validation",
      message: "Telegram did not send the test: Telegram answered 400: Bad Request: chat not found",
    });
    await expect(executeAction(sendTestMessageAction.definition, a.ctx.admin, { channel: "sms", to: "not a number" })).rejects.toMatchObject({
      fieldErrors: { to: ["Enter a mobile number like 0917 123 4567"] },
    });
  });
});

describe("templates", () => {
  const template = { event: "payment_received", channel: "sms", enabled: true, subject: "" } as const;

  it("an admin saves the ISP's wording (audited) and can go back to the built-in one", async () => {
    await executeAction(saveTemplateAction.definition, a.ctx.admin, {
      ...template,
      body: "{{tenantName}}: salamat! {{amount}} received ({{receiptNumber}}).",
    });
    const saved = templateOf(await loadTemplates(conn.db, { tenantId: a.tenant.id, event: "payment_received" }), "payment_received", "sms");
    expect(saved).toMatchObject({ custom: true, body: "{{tenantName}}: salamat! {{amount}} received ({{receiptNumber}})." });
    expect(await auditsOf(a.tenant.id, "notifications.template_saved")).toHaveLength(1);
    // Another ISP still has the built-in wording.
    expect(templateOf(await loadTemplates(conn.db, { tenantId: b.tenant.id }), "payment_received", "sms").custom).toBe(false);

    await executeAction(resetTemplateAction.definition, a.ctx.admin, { event: "payment_received", channel: "sms" });
    expect(templateOf(await loadTemplates(conn.db, { tenantId: a.tenant.id }), "payment_received", "sms").custom).toBe(false);
  });

  it("refuses unknown variables, listing them", async () => {
    await expect(
      executeAction(saveTemplateAction.definition, a.ctx.owner, { ...template, body: "{{tenantName}}: got {{amont}} for {{invoice}}" }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { body: ["Unknown variables: {{amont}}, {{invoice}}"] } });
  });

  it("cannot be edited by support or billing staff", async () => {
    for (const role of ["support", "billing", "technician"] as const) {
      await expect(executeAction(saveTemplateAction.definition, a.ctx[role], { ...template, body: "{{tenantName}}" })).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(executeAction(resetTemplateAction.definition, a.ctx[role], { event: "payment_received", channel: "sms" })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
  });
});

describe("the outbox page", () => {
  async function deadLetter(tenantId: string) {
    const customer = await insertCustomer(conn.db, tenantId, { email: "dead@example.ph" });
    const [row] = await conn.db
      .insert(notificationOutbox)
      .values({
        tenantId,
        customerId: customer.id,
        event: "overdue",
        channel: "sms",
        recipient: "639170000000",
        body: "x",
        status: "dead",
        attempts: 6,
        lastError: "The SMS provider answered 400: Invalid number",
      })
      .returning();
    return { row, customer };
  }

  it("lists the tenant's own messages, filtered by status and channel", async () => {
    const mine = await deadLetter(a.tenant.id);
    await deadLetter(b.tenant.id);
    const page = await listOutbox(conn.db, { tenantId: a.tenant.id, filter: { status: "dead", channel: "sms" } });
    expect(page.rows.map((r) => r.id)).toEqual([mine.row.id]);
    expect(page.counts.dead).toBe(1);
    expect((await listOutbox(conn.db, { tenantId: a.tenant.id, filter: { channel: "email" } })).rows).toEqual([]);
  });

  it("retries and discards a dead letter, each audited on the customer", async () => {
    const { row, customer } = await deadLetter(a.tenant.id);
    await executeAction(retryOutboxMessageAction.definition, a.ctx.admin, { id: row.id });
    const [retried] = await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id));
    expect(retried).toMatchObject({ status: "pending", attempts: 0 });
    await expect(executeAction(retryOutboxMessageAction.definition, a.ctx.admin, { id: row.id })).rejects.toMatchObject({ code: "conflict" });

    await executeAction(discardOutboxMessageAction.definition, a.ctx.owner, { id: row.id });
    const [discarded] = await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id));
    expect(discarded.status).toBe("skipped");
    expect(discarded.lastError).toBe("Discarded by owner user; last error: The SMS provider answered 400: Invalid number");
    const audits = await conn.db.select().from(auditLog).where(eq(auditLog.entityId, row.id));
    expect(audits.map((x) => [x.action, x.customerId])).toEqual([
      ["notifications.outbox_retried", customer.id],
      ["notifications.outbox_discarded", customer.id],
    ]);
  });

  it("treats another tenant's message as not found, and needs notifications:outbox", async () => {
    const theirs = await deadLetter(b.tenant.id);
    await expect(executeAction(retryOutboxMessageAction.definition, a.ctx.owner, { id: theirs.row.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(discardOutboxMessageAction.definition, a.ctx.owner, { id: theirs.row.id })).rejects.toMatchObject({
      code: "not_found",
    });
    for (const role of ["support", "billing", "technician"] as const) {
      await expect(executeAction(retryOutboxMessageAction.definition, b.ctx[role], { id: theirs.row.id })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    const [untouched] = await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, theirs.row.id));
    expect(untouched.status).toBe("dead");
  });
});
