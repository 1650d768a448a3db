import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { payments } from "@/lib/billing/schema";
import { paymentRequests, webhookEvents } from "@/lib/payments/schema";
import { payTokenFor } from "@/lib/billing/pay-links";
import { createTestDatabase } from "@/tests/support/db";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { enableStripe, tenantWithInvoice } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db }));

const { POST: stripeWebhook } = await import("@/app/api/webhooks/stripe/[tenantId]/route");
const { POST: checkout } = await import("@/app/api/payments/checkout/route");
const { GET: paypalReturn } = await import("@/app/api/payments/paypal/return/route");

let fake: Awaited<ReturnType<typeof startFakeStripe>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  fake = await startFakeStripe({ secretKey: "sk_test_fake1" });
});
afterAll(async () => {
  await fake?.stop();
  await conn?.close();
});

const count = async (table: typeof payments | typeof webhookEvents) => (await conn.db.select({ n: sql<number>`count(*)::int` }).from(table))[0].n;
const postForm = (fields: Record<string, string>) =>
  checkout(
    new Request("http://localhost:3000/api/payments/checkout", {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { origin: "http://localhost:3000" },
    }),
  );

describe("payment routes over HTTP", () => {
  it("the pay page's Stripe button redirects to Checkout, and the signed webhook then records the payment", async () => {
    const { tenant, ctx, invoice } = await tenantWithInvoice(conn.db);
    const keys = await enableStripe(conn.db, ctx.owner, { apiBaseUrl: fake.url });

    const started = await postForm({ token: payTokenFor({ tenantId: tenant.id, invoiceId: invoice.id }), method: "card" });
    expect(started.status).toBe(303);
    expect(started.headers.get("location")).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const [request] = await conn.db.select().from(paymentRequests).where(eq(paymentRequests.tenantId, tenant.id));

    const payload = JSON.stringify({
      id: "evt_route_1",
      object: "event",
      created: Math.floor(Date.now() / 1000),
      type: "checkout.session.completed",
      data: {
        object: {
          id: request.externalId,
          object: "checkout.session",
          payment_status: "paid",
          amount_total: 149_900,
          currency: "php",
          payment_intent: "pi_route",
        },
      },
    });
    const deliver = (signature: string) =>
      stripeWebhook(
        new Request(`http://localhost:3000/api/webhooks/stripe/${tenant.id}`, {
          method: "POST",
          body: payload,
          headers: { "stripe-signature": signature },
        }),
        {
          params: Promise.resolve({ tenantId: tenant.id }),
        },
      );

    const [eventsBefore, paymentsBefore] = [await count(webhookEvents), await count(payments)];
    const forged = await deliver(Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" }));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ ok: false, code: "validation" });
    expect(await count(webhookEvents)).toBe(eventsBefore);

    const genuine = await deliver(Stripe.webhooks.generateTestHeaderString({ payload, secret: keys.webhookSigningSecret }));
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toMatchObject({ ok: true, outcome: "recorded" });
    expect(await count(payments)).toBe(paymentsBefore + 1);
  });

  it("a tampered pay token is a 404 JSON answer; a gateway that is off sends the customer back with a notice", async () => {
    const { tenant, invoice } = await tenantWithInvoice(conn.db);
    const token = payTokenFor({ tenantId: tenant.id, invoiceId: invoice.id });
    // Change one character of the MAC to a different one (a fixed replacement would sometimes equal it).
    const at = token.length - 3;
    const tamperedToken = `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
    const tampered = await postForm({ token: tamperedToken, method: "card" });
    expect(tampered.status).toBe(404);
    expect(await tampered.json()).toMatchObject({ ok: false, code: "not_found" });

    const noGateway = await postForm({ token, method: "paypal" });
    expect(noGateway.status).toBe(303);
    expect(noGateway.headers.get("location")).toBe(`http://localhost:3000/pay/${token}?failed=paypal`);

    expect((await postForm({ token, provider: "bitcoin" })).status).toBe(422);
  });

  it("the PayPal return refuses a malformed or unknown order id without a 500", async () => {
    const malformed = await paypalReturn(new Request("http://localhost:3000/api/payments/paypal/return?token=%3Cscript%3E"));
    expect(malformed.status).toBe(422);
    const unknown = await paypalReturn(new Request("http://localhost:3000/api/payments/paypal/return?token=5O0000000000ABC&PayerID=X"));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, code: "not_found" });
  });
});
