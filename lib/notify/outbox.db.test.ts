import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { startFakeSemaphore, startFakeTelegram, startFakeWhatsapp, type FakeProvider } from "@/tests/support/fake-messaging";
import { actorOf } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import { enqueueNotification } from "./enqueue";
import { claimDueMessages, OUTBOX_LOCK_MS, sendDueNotifications } from "./outbox";
import { retryDelayMs } from "./recipients";
import { saveChannelSettings } from "./settings";
import { customerNotificationPreferences, notificationOutbox } from "./schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sms: FakeProvider;
let telegram: FakeProvider;
let whatsapp: FakeProvider;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
const BOT_TOKEN = "123456789:AAEtestTokenForTheLoopbackFake_0123";

beforeAll(async () => {
  conn = await createTestDatabase();
  [sms, telegram, whatsapp] = await Promise.all([startFakeSemaphore(), startFakeTelegram(), startFakeWhatsapp()]);
  fixture = await createTenantFixture(conn.db, { name: "Lipa Wireless" });
  const actor = actorOf(fixture.ctx.owner);
  await saveChannelSettings(conn.db, actor, {
    channel: "sms",
    enabled: true,
    provider: "semaphore",
    baseUrl: sms.url,
    senderName: "LIPAWIFI",
    apiKey: "sema-key-1",
  });
  await saveChannelSettings(conn.db, actor, { channel: "telegram", enabled: true, baseUrl: telegram.url, botToken: BOT_TOKEN });
  await saveChannelSettings(conn.db, actor, {
    channel: "whatsapp",
    enabled: true,
    baseUrl: whatsapp.url,
    apiVersion: "v21.0",
    phoneNumberId: "1055501234",
    accessToken: "wa-token-1",
  });
});
afterAll(async () => {
  await Promise.all([sms?.close(), telegram?.close(), whatsapp?.close()]);
  await conn?.close();
});

/** A subscriber who chose the given channels, and one message queued for them. */
async function queue(channels: ("sms" | "telegram" | "whatsapp" | "email")[], line = "0101") {
  const customer = await insertCustomer(conn.db, fixture.tenant.id, { name: "Ana Reyes", phone: `0917 555 ${line}` });
  await conn.db
    .insert(customerNotificationPreferences)
    .values({ customerId: customer.id, tenantId: fixture.tenant.id, channels, telegramChatId: `555${line}`, whatsappNumber: "0918 555 0202" });
  const { ids } = await enqueueNotification(conn.db, {
    tenantId: fixture.tenant.id,
    event: "reactivation",
    customerId: customer.id,
    data: { reason: "Paid" },
  });
  return { customer, ids };
}

const rowsOf = (ids: string[]) =>
  Promise.all(ids.map(async (id) => (await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)))[0]));

describe("the outbox sender", () => {
  it("sends SMS (Semaphore form), Telegram and WhatsApp through their APIs and marks each sent", async () => {
    const before = { sms: sms.requests.length, telegram: telegram.requests.length, whatsapp: whatsapp.requests.length };
    const { ids } = await queue(["sms", "telegram", "whatsapp"]);
    expect(ids).toHaveLength(3);
    const summary = await sendDueNotifications(conn.db, { ids });
    expect(summary).toEqual({ sent: 3, retrying: 0, dead: 0, skipped: 0 });

    const [smsRequest] = sms.requests.slice(before.sms);
    expect(smsRequest.path).toBe("/messages");
    expect(smsRequest.body).toEqual({
      apikey: "sema-key-1",
      number: "639175550101",
      message: "Lipa Wireless: your internet service is active again. Thank you!",
      sendername: "LIPAWIFI",
    });
    const [telegramRequest] = telegram.requests.slice(before.telegram);
    expect(telegramRequest.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(telegramRequest.body).toEqual({ chat_id: "5550101", text: "Lipa Wireless: your internet service is active again. Thank you!" });
    const [whatsappRequest] = whatsapp.requests.slice(before.whatsapp);
    expect(whatsappRequest.path).toBe("/v21.0/1055501234/messages");
    expect(whatsappRequest.headers.authorization).toBe("Bearer wa-token-1");
    expect(whatsappRequest.body).toMatchObject({
      messaging_product: "whatsapp",
      to: "639185550202",
      type: "text",
      text: { body: expect.stringContaining("active again") },
    });

    const rows = await rowsOf(ids);
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.lockedUntil])).toEqual([
      ["sms", "sent", 1, null],
      ["telegram", "sent", 1, null],
      ["whatsapp", "sent", 1, null],
    ]);
    expect(rows.every((r) => r.providerMessageId && r.sentAt)).toBe(true);
  });

  it("retries a 500 after the backoff and then sends", async () => {
    const { ids } = await queue(["sms"]);
    const now = clock.now();
    sms.failNext(500, { message: "Gateway overloaded" });
    expect(await sendDueNotifications(conn.db, { ids, now: () => now })).toMatchObject({ retrying: 1 });
    let [row] = await rowsOf(ids);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: "The SMS provider answered 500: Gateway overloaded" });
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 60_000);

    // Not due yet: nothing goes out.
    expect(await sendDueNotifications(conn.db, { ids, now: () => new Date(now.getTime() + 59_000) })).toMatchObject({ sent: 0, retrying: 0 });
    expect(await sendDueNotifications(conn.db, { ids, now: () => new Date(now.getTime() + 60_000) })).toMatchObject({ sent: 1 });
    [row] = await rowsOf(ids);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("retries rate limits and dropped connections too", async () => {
    const { ids } = await queue(["telegram"]);
    telegram.failNext(429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 5" });
    let now = clock.now();
    await sendDueNotifications(conn.db, { ids, now: () => now });
    expect((await rowsOf(ids))[0]).toMatchObject({ status: "failed", lastError: "Telegram answered 429: Too Many Requests: retry after 5" });
    telegram.crashNext();
    now = new Date(now.getTime() + retryDelayMs(1));
    await sendDueNotifications(conn.db, { ids, now: () => now });
    const [row] = await rowsOf(ids);
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row.lastError).toMatch(/^Telegram could not be reached/);
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 5 * 60_000);
  });

  it("dead-letters a message after its last attempt, keeping the provider's error", async () => {
    const { ids } = await queue(["whatsapp"]);
    const before = whatsapp.requests.length;
    whatsapp.failNext(503, { error: { message: "Service temporarily unavailable", code: 2 } }, 6);
    let now = clock.now();
    const statuses: string[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await sendDueNotifications(conn.db, { ids, now: () => now });
      const [row] = await rowsOf(ids);
      statuses.push(row.status);
      now = new Date(row.nextAttemptAt.getTime());
    }
    expect(statuses).toEqual(["failed", "failed", "failed", "failed", "failed", "dead"]);
    expect(whatsapp.requests.length - before).toBe(6);
    const [row] = await rowsOf(ids);
    expect(row).toMatchObject({ status: "dead", attempts: 6, lastError: "WhatsApp answered 503: Service temporarily unavailable" });
    // Dead is final: later runs leave it alone.
    await sendDueNotifications(conn.db, { ids, now: () => new Date(now.getTime() + 86_400_000) });
    expect(whatsapp.requests.length - before).toBe(6);
  });

  it("dead-letters a permanent refusal (4xx) at once with the provider's message", async () => {
    const { ids } = await queue(["sms", "telegram"]);
    sms.failNext(400, { number: ["The number format is invalid."] });
    telegram.failNext(403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    expect(await sendDueNotifications(conn.db, { ids })).toMatchObject({ dead: 2 });
    const rows = await rowsOf(ids);
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ["dead", 1, "The SMS provider answered 400: The number format is invalid."],
      ["dead", 1, "Telegram answered 403: Forbidden: bot was blocked by the user"],
    ]);
  });

  it("leaves a row claimable again when its sender crashed mid-send", async () => {
    const { ids } = await queue(["sms"]);
    const now = clock.now();
    // A sender claims the row and dies before writing the outcome.
    const [claimed] = await claimDueMessages(conn.db, { now, limit: 1, ids });
    expect(claimed).toMatchObject({ id: ids[0], status: "sending", attempts: 1 });
    expect(await sendDueNotifications(conn.db, { ids, now: () => new Date(now.getTime() + 60_000) })).toMatchObject({ sent: 0 });
    expect(await sendDueNotifications(conn.db, { ids, now: () => new Date(now.getTime() + OUTBOX_LOCK_MS) })).toMatchObject({ sent: 1 });
    expect((await rowsOf(ids))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives up on a row whose sender crashed during its last attempt", async () => {
    const { ids } = await queue(["sms"]);
    await conn.db.update(notificationOutbox).set({ attempts: 5 }).where(eq(notificationOutbox.id, ids[0]));
    const now = clock.now();
    await claimDueMessages(conn.db, { now, limit: 1, ids });
    expect(await sendDueNotifications(conn.db, { ids, now: () => new Date(now.getTime() + OUTBOX_LOCK_MS) })).toMatchObject({ sent: 0, dead: 1 });
    expect((await rowsOf(ids))[0]).toMatchObject({ status: "dead", attempts: 6 });
    expect((await rowsOf(ids))[0].lastError).toMatch(/may or may not have gone out/);
  });

  it("sends each message once when two senders run at the same time", async () => {
    const queued: string[] = [];
    for (let i = 0; i < 15; i += 1) queued.push(...(await queue(["sms", "telegram"], String(2000 + i))).ids);
    const before = { sms: sms.requests.length, telegram: telegram.requests.length };
    const [a, b] = await Promise.all([sendDueNotifications(conn.db, { ids: queued }), sendDueNotifications(conn.db, { ids: queued })]);
    expect(a.sent + b.sent).toBe(30);
    const texts = [
      ...sms.requests.slice(before.sms).map((r) => `sms ${r.body.number}`),
      ...telegram.requests.slice(before.telegram).map((r) => `tg ${r.body.chat_id}`),
    ];
    expect(texts).toHaveLength(30);
    expect(new Set(texts).size).toBe(30);
    const rows = await rowsOf(queued);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("skips a message whose channel was switched off after it was queued", async () => {
    const { ids } = await queue(["whatsapp"]);
    const actor = actorOf(fixture.ctx.owner);
    await saveChannelSettings(conn.db, actor, {
      channel: "whatsapp",
      enabled: false,
      baseUrl: whatsapp.url,
      apiVersion: "",
      phoneNumberId: "1055501234",
      accessToken: "",
    });
    try {
      expect(await sendDueNotifications(conn.db, { ids })).toMatchObject({ skipped: 1 });
      expect((await rowsOf(ids))[0]).toMatchObject({ status: "skipped", lastError: "WhatsApp was switched off before this message went out." });
    } finally {
      await saveChannelSettings(conn.db, actor, {
        channel: "whatsapp",
        enabled: true,
        baseUrl: whatsapp.url,
        apiVersion: "",
        phoneNumberId: "1055501234",
        accessToken: "",
      });
    }
    const remaining = await conn.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, fixture.tenant.id), eq(notificationOutbox.status, "sending")));
    expect(remaining).toEqual([]);
  });
});
