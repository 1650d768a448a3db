import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { payments } from "@/lib/billing/schema";
import { paymentRequests } from "@/lib/payments/schema";
import { clock } from "@/lib/core/clock";
import { startCheckout } from "@/lib/payments/checkout";
import { expirePaymentRequests } from "@/lib/payments/expiry";
import { createTestDatabase } from "@/tests/support/db";
import { startFakePaymongo } from "@/tests/support/fake-paymongo";
import { startFakeXendit } from "@/tests/support/fake-xendit";
import { enablePaymongo, enableXendit, paymongoSecretKey, tenantWithInvoice, xenditKeys } from "@/tests/support/online-payments";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let paymongo: Awaited<ReturnType<typeof startFakePaymongo>>;
let xendit: Awaited<ReturnType<typeof startFakeXendit>>;
beforeAll(async () => {
  process.env.OUTBOUND_ALLOWED_HOSTS = "127.0.0.1";
  conn = await createTestDatabase();
  paymongo = await startFakePaymongo({ secretKey: paymongoSecretKey });
  xendit = await startFakeXendit({ ...xenditKeys, refundSettleMs: null });
});
afterAll(async () => {
  await paymongo?.stop();
  await xendit?.stop();
  await conn?.close();
});

const requestOf = async (id: string) => (await conn.db.select().from(paymentRequests).where(eq(paymentRequests.id, id)))[0];
const later = (hours: number) => new Date(clock.ms() + hours * 3600_000);

describe("checkouts nobody paid", () => {
  it("are closed on the gateway and marked expired once past their expiry, and nothing else is written", async () => {
    const a = await tenantWithInvoice(conn.db);
    await enablePaymongo(conn.db, a.ctx.billing, { apiBaseUrl: paymongo.url, methods: ["gcash"] });
    const b = await tenantWithInvoice(conn.db);
    await enableXendit(conn.db, b.ctx.billing, { apiBaseUrl: xendit.url, methods: ["maya"] });
    const gcash = await startCheckout(conn.db, { tenantId: a.tenant.id, invoiceId: a.invoice.id, method: "gcash" });
    const maya = await startCheckout(conn.db, { tenantId: b.tenant.id, invoiceId: b.invoice.id, method: "maya" });
    const paymentsBefore = (await conn.db.select({ n: sql<number>`count(*)::int` }).from(payments))[0].n;

    // Not yet due: left alone.
    expect(await expirePaymentRequests(conn.db, later(1))).toMatchObject({ expired: 0 });
    expect((await requestOf(gcash.requestId)).status).toBe("pending");

    const sent = paymongo.requests.length;
    const result = await expirePaymentRequests(conn.db, later(25));
    expect(result.expired).toBeGreaterThanOrEqual(2);
    expect((await requestOf(gcash.requestId)).status).toBe("expired");
    expect((await requestOf(maya.requestId)).status).toBe("expired");
    // Closed where they were opened, so an old link cannot be paid.
    expect(paymongo.requests.slice(sent).some((r) => r.method === "POST" && r.path === `/v1/checkout_sessions/${gcash.externalId}/expire`)).toBe(true);
    expect(xendit.requests.some((r) => r.method === "POST" && r.path === `/invoices/${maya.externalId}/expire!`)).toBe(true);
    expect((await conn.db.select({ n: sql<number>`count(*)::int` }).from(payments))[0].n).toBe(paymentsBefore);

    // Expired stays expired: a second pass has nothing to do for them.
    const again = await expirePaymentRequests(conn.db, later(25));
    expect(again.expired).toBe(0);
  });

  it("one the gateway will not close (already paid there) is still expired here, and counted as not closed", async () => {
    const setup = await tenantWithInvoice(conn.db);
    await enablePaymongo(conn.db, setup.ctx.billing, { apiBaseUrl: paymongo.url, methods: ["gcash"] });
    const started = await startCheckout(conn.db, { tenantId: setup.tenant.id, invoiceId: setup.invoice.id, method: "gcash" });
    // Paid on PayMongo, but the webhook never came (nowhere to deliver it): PayMongo refuses to expire a paid session.
    await paymongo.pay(started.externalId, { method: "gcash" });
    const result = await expirePaymentRequests(conn.db, later(25));
    expect(result.notClosed).toBeGreaterThanOrEqual(1);
    expect((await requestOf(started.requestId)).status).toBe("expired");
  });
});
