import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { webhookEvents } from "@/lib/payments/schema";
import { executeAction } from "@/lib/core/action";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { handlePaypalWebhook } from "@/lib/payments/paypal-webhook";
import { clearPaypalTokens } from "@/lib/payments/paypal-api";
import { startCheckout } from "@/lib/payments/checkout";
import { createTestDatabase } from "@/tests/support/db";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { enablePaypal, enableStripe, paypalKeys, tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

/*
 * A tenant's gateway base URL on the server's own network: PayPal's webhook is public (no session), so before
 * these rules anyone's POST to /api/webhooks/paypal/<tenant> made the server call <base>/v1/oauth2/token there.
 */
let conn: Connection;
let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  paypal = await startFakePaypal({ clientId: paypalKeys.clientId, clientSecret: paypalKeys.clientSecret });
  stripe = await startFakeStripe({ secretKey: "sk_test_fake1" });
});
afterAll(async () => {
  await paypal?.stop();
  await stripe?.stop();
  await conn?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
  clearPaypalTokens();
});

const eventCount = async () => (await conn.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents))[0].n;

const delivery = () => ({
  payload: JSON.stringify({ id: `WH-${randomUUID()}`, event_type: "PAYMENT.CAPTURE.COMPLETED", resource: { id: "CAP1", status: "COMPLETED" } }),
  headers: new Headers({
    "paypal-auth-algo": "SHA256withRSA",
    "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-fake",
    "paypal-transmission-id": randomUUID(),
    "paypal-transmission-sig": "c2lnbmF0dXJl",
    "paypal-transmission-time": "2026-12-01T00:00:00Z",
  }),
});

describe("a PayPal base URL that is not PayPal", () => {
  it("an unauthenticated webhook POST makes no call to a loopback base URL", async () => {
    const { tenant, ctx } = await tenantWithInvoice(conn.db);
    // Saved while the operator allowed 127.0.0.1 (the test environment does); the allowance is then gone.
    await enablePaypal(conn.db, ctx.owner, { apiBaseUrl: `${paypal.url}/internal` });
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    const before = paypal.state.requests.length;
    const events = await eventCount();

    const reply = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, ...delivery() });

    expect(reply).toMatchObject({ status: 503, body: { ok: false } });
    expect(paypal.state.requests.length).toBe(before);
    expect(await eventCount()).toBe(events);
  });

  it("is refused when saved: only PayPal's API hosts, or a host the operator allows", async () => {
    const { ctx } = await tenantWithInvoice(conn.db);
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    const save = (apiBaseUrl: string) =>
      executeAction(
        saveGatewayAction.definition,
        { ...ctx.owner, db: conn.db },
        { provider: "paypal", enabled: true, mode: "test", apiBaseUrl, ...paypalKeys },
      );
    await expect(save(paypal.url)).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { apiBaseUrl: [expect.stringMatching(/^This address points back at the NetSphere server itself/)] },
    });
    await expect(save("https://paypal-relay.example.com")).rejects.toMatchObject({
      fieldErrors: {
        apiBaseUrl: [expect.stringMatching(/^PayPal's API is at https:\/\/api-m.paypal.com \(live\) or https:\/\/api-m.sandbox.paypal.com/)],
      },
    });
    await expect(save("https://api-m.sandbox.paypal.com")).resolves.toBeTruthy();
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "paypal-relay.example.com");
    await expect(save("https://paypal-relay.example.com")).resolves.toBeTruthy();
  });

  it("a webhook for a tenant whose base URL is another public host calls nothing", async () => {
    const { tenant, ctx } = await tenantWithInvoice(conn.db);
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "paypal-relay.example.com");
    await enablePaypal(conn.db, ctx.owner, { apiBaseUrl: "https://paypal-relay.example.com" });
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    // Refused before any DNS lookup: no address of the relay is ever asked for.
    const dns = (await import("node:dns")).default;
    const noLookup = () => {
      throw new Error("no lookup expected");
    };
    const lookups = [vi.spyOn(dns.promises, "lookup").mockImplementation(noLookup), vi.spyOn(dns, "lookup").mockImplementation(noLookup)];
    const reply = await handlePaypalWebhook(conn.db, { tenantId: tenant.id, ...delivery() });
    for (const lookup of lookups) {
      expect(lookup).not.toHaveBeenCalled();
      lookup.mockRestore();
    }
    expect(reply.status).toBe(503);
  });
});

describe("a Stripe base URL on the server's own network", () => {
  it("is not called at checkout, and the ISP is told why", async () => {
    const { tenant, ctx, customer, invoice } = await tenantWithInvoice(conn.db);
    await enableStripe(conn.db, ctx.owner, { apiBaseUrl: stripe.url });
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    const before = stripe.requests.length;
    await expect(startCheckout(conn.db, { tenantId: tenant.id, customerId: customer.id, invoiceId: invoice.id, method: "card" })).rejects.toMatchObject({
      code: "payment_failed",
      message: expect.stringMatching(
        /^The Stripe API address saved for this ISP was not called: This address points back at the NetSphere server itself/,
      ),
    });
    expect(stripe.requests.length).toBe(before);
  });
});
