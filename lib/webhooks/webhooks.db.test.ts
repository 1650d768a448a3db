import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { clock, manualClock, withClock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { notificationOutbox } from "@/lib/notify/schema";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/support/webhook-receiver";
import type { Connection } from "@/lib/db/connect";
import { sendDeliveryNow, sendDueWebhooks } from "./deliver";
import { queueWebhookEvent } from "./emit";
import { RETRY_DELAYS_MS } from "./rules";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "./schema";
import { createEndpoint, rotateEndpointSecret, sendTestEvent, setEndpointEnabled } from "./service";

let conn: Connection;
let receiver: WebhookReceiver;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  receiver = await startWebhookReceiver(() => conn.db);
});
afterAll(async () => {
  await receiver?.stop();
  await conn?.close();
});
// Each test is one ISP of its own; the sender works across ISPs, so what a test leaves waiting is settled after it.
beforeEach(async () => {
  fixture = await createTenantFixture(conn.db, { name: "Lipa Fiber" });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await conn.db.update(webhookDeliveries).set({ status: "failed" }).where(eq(webhookDeliveries.status, "pending"));
});

const tenantId = () => fixture.tenant.id;
const owner = () => actorOf(fixture.ctx.owner);
let endpointCount = 0;

/** A new endpoint of the fixture's ISP posting to the receiver under a name of its own. */
async function endpoint(events: Parameters<typeof createEndpoint>[2]["events"] = []) {
  const name = `hook-${++endpointCount}`;
  const created = await createEndpoint(fixture.ctx.owner.db, owner(), { url: receiver.hookUrl(name), description: name, events });
  return { ...created, name };
}

const customerData = (n: number) => ({ id: crypto.randomUUID(), accountNumber: `ACC-${String(n).padStart(6, "0")}`, name: "Ana Reyes", status: "active" });

async function deliveriesOf(endpointId: string) {
  return conn.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
}

describe("queueing events with the change", () => {
  it("never delivers an event whose transaction rolled back, and delivers a committed one signed as Standard Webhooks says", async () => {
    const hook = await endpoint();
    await expect(
      conn.db.transaction(async (tx) => {
        await queueWebhookEvent(tx, { tenantId: tenantId(), type: "customer.created", data: customerData(1) });
        throw new Error("the customer's insert failed");
      }),
    ).rejects.toThrow("the customer's insert failed");
    const data = customerData(2);
    await conn.db.transaction((tx) => queueWebhookEvent(tx, { tenantId: tenantId(), type: "customer.created", data }));

    const summary = await sendDueWebhooks(conn.db);
    expect(summary).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const got = receiver.hooksOf(hook.name);
    expect(got).toHaveLength(1);
    expect(got[0].headers["content-type"]).toBe("application/json");
    const body = new Webhook(hook.secret).verify(got[0].body, got[0].headers) as { type: string; timestamp: string; data: unknown };
    expect(body).toEqual({ type: "customer.created", timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), data });

    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, lastResponseStatus: 200, lockedUntil: null });
    expect(got[0].headers["webhook-id"]).toBe(`msg_${delivery.id}`);
    const [attempt] = await conn.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, delivery.id));
    expect(attempt).toMatchObject({ responseStatus: 200, error: null, responseBody: JSON.stringify({ received: true }) });
    expect(attempt.requestHeaders["webhook-signature"]).toBe(got[0].headers["webhook-signature"]);
    // The stored headers carry the signature, never the secret.
    expect(JSON.stringify(attempt.requestHeaders)).not.toContain(hook.secret.slice("whsec_".length));
  });

  it("writes one delivery per endpoint that wants the event: all events, the chosen ones, never a switched-off endpoint or another ISP's", async () => {
    const all = await endpoint();
    const invoicesOnly = await endpoint(["invoice.paid"]);
    const customersToo = await endpoint(["customer.created", "invoice.paid"]);
    const off = await endpoint();
    await setEndpointEnabled(fixture.ctx.owner.db, owner(), { endpointId: off.id, enabled: false });
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const theirs = await createEndpoint(other.ctx.owner.db, actorOf(other.ctx.owner), { url: receiver.hookUrl("theirs"), description: "", events: [] });

    const written = await fixture.ctx.owner.db.transaction((tx) =>
      queueWebhookEvent(tx, { tenantId: tenantId(), type: "customer.created", data: customerData(3) }),
    );
    expect(written).toBe(2);
    expect(await deliveriesOf(all.id)).toHaveLength(1);
    expect(await deliveriesOf(customersToo.id)).toHaveLength(1);
    expect(await deliveriesOf(invoicesOnly.id)).toHaveLength(0);
    expect(await deliveriesOf(off.id)).toHaveLength(0);
    expect(await deliveriesOf(theirs.id)).toHaveLength(0);
    await sendDueWebhooks(conn.db);
  });

  it("sends each delivery once when two senders run at the same time", async () => {
    const hook = await endpoint();
    for (let n = 0; n < 6; n++) await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(10 + n) });
    const [a, b] = await Promise.all([sendDueWebhooks(conn.db), sendDueWebhooks(conn.db)]);
    expect(a.delivered + b.delivered).toBe(6);
    expect(receiver.hooksOf(hook.name)).toHaveLength(6);
    expect(new Set(receiver.hooksOf(hook.name).map((h) => h.headers["webhook-id"])).size).toBe(6);
  });
});

describe("retries, failures and sending again", () => {
  it("retries on the schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h) with the same webhook-id, then gives up", async () => {
    const hook = await endpoint();
    receiver.answer(hook.name, 503);
    const time = manualClock(clock.now());
    await withClock(time, async () => {
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(20) });
      expect(await sendDueWebhooks(conn.db)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
      for (const [index, wait] of RETRY_DELAYS_MS.entries()) {
        const [delivery] = await deliveriesOf(hook.id);
        expect(delivery.status).toBe("pending");
        expect(delivery.nextAttemptAt.getTime() - delivery.lastAttemptAt!.getTime()).toBe(wait);
        time.advance(wait - 1000);
        expect(await sendDueWebhooks(conn.db), `not yet due before wait ${index + 1}`).toEqual({ delivered: 0, retrying: 0, failed: 0 });
        time.advance(1000);
        const last = index === RETRY_DELAYS_MS.length - 1;
        expect(await sendDueWebhooks(conn.db)).toEqual({ delivered: 0, retrying: last ? 0 : 1, failed: last ? 1 : 0 });
      }
      const [delivery] = await deliveriesOf(hook.id);
      expect(delivery).toMatchObject({ status: "failed", attempts: 8, lastResponseStatus: 503, lastError: "The endpoint answered 503 Service Unavailable." });
      const got = receiver.hooksOf(hook.name);
      expect(got).toHaveLength(8);
      expect(new Set(got.map((h) => h.headers["webhook-id"]))).toEqual(new Set([`msg_${delivery.id}`]));
      expect(new Set(got.map((h) => h.headers["webhook-timestamp"])).size).toBe(8);
      time.advance(48 * 3600_000);
      expect(await sendDueWebhooks(conn.db)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    });
  });

  it("switches an endpoint off after a day of failures only, tells the owners and admins, and lets waiting deliveries go when switched on", async () => {
    const hook = await endpoint();
    receiver.answer(hook.name, 500);
    const time = manualClock(clock.now());
    await withClock(time, async () => {
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(30) });
      await sendDueWebhooks(conn.db);
      // A success in between starts the day again.
      time.advance(20 * 3600_000);
      receiver.answer(hook.name, 200);
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(31) });
      await sendDueWebhooks(conn.db);
      let [row] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
      expect(row.failingSince).toBeNull();
      receiver.answer(hook.name, 500);
      // The first failure after that success, then 23 more hours of them.
      for (let hours = 0; hours <= 23; hours += 1) {
        time.advance(3600_000);
        await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(40 + hours) });
        await sendDueWebhooks(conn.db);
      }
      [row] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
      expect(row.enabled).toBe(true);
      expect(row.failingSince).not.toBeNull();
      time.advance(3600_000);
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(70) });
      await sendDueWebhooks(conn.db);
      [row] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
      expect(row.enabled).toBe(false);
      expect(row.disabledReason).toMatch(/^Every delivery failed for 24 hours .* The endpoint answered 500/);

      const notices = await conn.db
        .select()
        .from(notificationOutbox)
        .where(and(eq(notificationOutbox.tenantId, tenantId()), eq(notificationOutbox.event, "webhook_endpoint_disabled")));
      expect(notices.map((n) => n.recipient).sort()).toEqual([expect.stringMatching(/^admin-/), expect.stringMatching(/^owner-/)]);
      expect(notices[0].subject).toBe(`Webhook endpoint switched off: ${hook.url}`);
      const [audit] = await conn.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, hook.id), eq(auditLog.action, "webhook_endpoint.disabled")));
      expect(audit.actorLabel).toBe("Webhooks");

      // Switched off: nothing new is queued for it, and what waits is not sent.
      const before = receiver.hooksOf(hook.name).length;
      expect(await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(71) })).toBe(0);
      time.advance(12 * 3600_000);
      await sendDueWebhooks(conn.db);
      expect(receiver.hooksOf(hook.name)).toHaveLength(before);

      receiver.answer(hook.name, 200);
      const { released } = await setEndpointEnabled(fixture.ctx.owner.db, owner(), { endpointId: hook.id, enabled: true });
      expect(released).toBeGreaterThan(0);
      [row] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
      expect(row).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
      const summary = await sendDueWebhooks(conn.db);
      expect(summary.delivered).toBe(released);
    });
  });

  it("sends a delivery again now, also a failed one, as a new attempt", async () => {
    const hook = await endpoint();
    receiver.answer(hook.name, 400);
    const time = manualClock(clock.now());
    await withClock(time, async () => {
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(80) });
      await sendDueWebhooks(conn.db);
      for (const wait of RETRY_DELAYS_MS) {
        time.advance(wait);
        await sendDueWebhooks(conn.db);
      }
    });
    const [failed] = await deliveriesOf(hook.id);
    expect(failed.status).toBe("failed");
    receiver.answer(hook.name, 202);
    const outcome = await sendDeliveryNow(fixture.ctx.owner.db, { tenantId: tenantId(), deliveryId: failed.id });
    expect(outcome).toMatchObject({ status: "delivered", responseStatus: 202 });
    const [after] = await deliveriesOf(hook.id);
    expect(after).toMatchObject({ status: "delivered", attempts: 9 });
    expect(receiver.hooksOf(hook.name).at(-1)!.headers["webhook-id"]).toBe(`msg_${failed.id}`);
    // Another ISP's delivery reads as not found.
    const other = await createTenantFixture(conn.db, { name: "Third ISP" });
    await expect(sendDeliveryNow(other.ctx.owner.db, { tenantId: other.tenant.id, deliveryId: failed.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("sends a test event to one endpoint whatever it subscribed to, tried once", async () => {
    const hook = await endpoint(["router.down"]);
    const outcome = await sendTestEvent(fixture.ctx.owner.db, owner(), { endpointId: hook.id });
    expect(outcome).toMatchObject({ status: "delivered", responseStatus: 200 });
    const [got] = receiver.hooksOf(hook.name);
    expect(new Webhook(hook.secret).verify(got.body, got.headers)).toMatchObject({ type: "webhook.test", data: { endpointId: hook.id } });
    receiver.answer(hook.name, 500);
    expect(await sendTestEvent(fixture.ctx.owner.db, owner(), { endpointId: hook.id })).toMatchObject({ status: "failed", nextAttemptAt: null });
  });
});

describe("endpoints", () => {
  it("keeps an ISP to 20 endpoints, even when two are added at once", async () => {
    for (let n = 0; n < 18; n++) await endpoint();
    const both = await Promise.allSettled([endpoint(), endpoint(), endpoint()]);
    expect(both.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(2);
    expect(both.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    const rows = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.tenantId, tenantId()));
    expect(rows).toHaveLength(20);
  });

  it("refuses an address the outbound policy refuses, at save and at send", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    const refused = await createEndpoint(fixture.ctx.owner.db, owner(), { url: receiver.hookUrl("refused"), description: "", events: [] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fieldErrors?.url?.[0]).toMatch(/https/);
    const metadata = await createEndpoint(fixture.ctx.owner.db, owner(), { url: "https://169.254.169.254/latest", description: "", events: [] }).catch((e: unknown) => e);
    expect((metadata as AppError).fieldErrors?.url?.[0]).toMatch(/metadata/);

    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    const hook = await endpoint();
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(90) });
    expect(await sendDueWebhooks(conn.db)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(receiver.hooksOf(hook.name)).toHaveLength(0);
    const [delivery] = await deliveriesOf(hook.id);
    expect(delivery.lastError).toMatch(/NetSphere only calls public internet addresses/);
  });

  it("signs with the new and the previous secret for a day after a rotation, then with the new one only", async () => {
    const hook = await endpoint();
    const time = manualClock(clock.now());
    await withClock(time, async () => {
      const { secret } = await rotateEndpointSecret(fixture.ctx.owner.db, owner(), { endpointId: hook.id });
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(100) });
      await sendDueWebhooks(conn.db);
      const [during] = receiver.hooksOf(hook.name);
      expect(during.headers["webhook-signature"].split(" ")).toHaveLength(2);
      expect(new Webhook(secret).verify(during.body, during.headers)).toBeTruthy();
      expect(new Webhook(hook.secret).verify(during.body, during.headers)).toBeTruthy();
      time.advance(24 * 3600_000 + 1000);
      await queueWebhookEvent(conn.db, { tenantId: tenantId(), type: "customer.created", data: customerData(101) });
      await sendDueWebhooks(conn.db);
      const after = receiver.hooksOf(hook.name)[1];
      expect(after.headers["webhook-signature"].split(" ")).toHaveLength(1);
    });
    const [stored] = await conn.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, hook.id));
    expect(stored.secretEncrypted).not.toContain("whsec_");
  });
});
