/** A tenant with a customer, an open invoice and gateways (Stripe, PayPal, PayMongo, Xendit) pointing at loopback fakes. */
import { randomUUID } from "node:crypto";
import { customers } from "@/lib/customers/schema";
import { executeAction } from "@/lib/core/action";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice } from "@/tests/support/billing";
import type { OnlineMethod } from "@/lib/payments/rules";
import type { Db } from "@/lib/db/types";

export async function tenantWithInvoice(db: Db, { amount = 149_900 }: { amount?: number } = {}) {
  const fixture = await createTenantFixture(db);
  const [customer] = await db
    .insert(customers)
    .values({ tenantId: fixture.tenant.id, accountNumber: `ACC-${randomUUID().slice(0, 8)}`, name: "Maria Santos", email: "maria@example.test" })
    .returning();
  const invoice = await insertInvoice(db, {
    tenantId: fixture.tenant.id,
    customerId: customer.id,
    number: `INV-2026-${randomUUID().slice(0, 6)}`,
    lines: [{ amount }],
  });
  return { ...fixture, customer, invoice };
}

export const stripeKeys = (n = "1") => ({
  secretKey: `sk_test_fake${n}`,
  webhookSigningSecret: `whsec_fakeSigning${n}`,
  publishableKey: `pk_test_fake${n}`,
});

export async function enableStripe(
  db: Db,
  ctx: Parameters<typeof executeAction>[1],
  { apiBaseUrl = "", n = "1" }: { apiBaseUrl?: string; n?: string } = {},
) {
  await executeAction(
    saveGatewayAction.definition,
    { ...ctx, db },
    { provider: "stripe", enabled: true, mode: "test", apiBaseUrl, ...stripeKeys(n) },
  );
  return stripeKeys(n);
}

export const paypalKeys = { clientId: "AfakeClientId123", clientSecret: "EfakeClientSecret456", webhookId: "WH-FAKE-0001" };

export async function enablePaypal(db: Db, ctx: Parameters<typeof executeAction>[1], { apiBaseUrl }: { apiBaseUrl: string }) {
  await executeAction(saveGatewayAction.definition, { ...ctx, db }, { provider: "paypal", enabled: true, mode: "test", apiBaseUrl, ...paypalKeys });
}

/** The key the PayMongo fake accepts; each tenant gets its own webhook secret. */
export const paymongoSecretKey = "sk_test_fakePaymongo1";

export async function enablePaymongo(
  db: Db,
  ctx: Parameters<typeof executeAction>[1],
  { apiBaseUrl, methods = ["gcash"] }: { apiBaseUrl: string; methods?: OnlineMethod[] },
) {
  const keys = { publicKey: "pk_test_fakePaymongo1", secretKey: paymongoSecretKey, webhookSecret: `whsk_${randomUUID().replaceAll("-", "")}` };
  await executeAction(
    saveGatewayAction.definition,
    { ...ctx, db },
    { provider: "paymongo", enabled: true, mode: "test", apiBaseUrl, methods, ...keys },
  );
  return keys;
}

/** What the Xendit fake accepts and sends: one secret key and one callback token for every tenant. */
export const xenditKeys = { secretKey: "xnd_development_fakeXendit1", callbackToken: "fakeXenditCallbackToken0001" };

export async function enableXendit(
  db: Db,
  ctx: Parameters<typeof executeAction>[1],
  { apiBaseUrl, methods = ["gcash"] }: { apiBaseUrl: string; methods?: OnlineMethod[] },
) {
  await executeAction(
    saveGatewayAction.definition,
    { ...ctx, db },
    { provider: "xendit", enabled: true, mode: "test", apiBaseUrl, methods, ...xenditKeys },
  );
}
