import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog } from "@/lib/audit/schema";
import { paymentGateways } from "@/lib/payments/schema";
import { executeAction } from "@/lib/core/action";
import { decryptSecret } from "@/lib/core/crypto";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { gatewayViews } from "@/lib/payments/gateways";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const stripeInput = {
  provider: "stripe" as const,
  enabled: true,
  mode: "test" as const,
  publishableKey: "pk_test_51Public",
  secretKey: "sk_test_51VerySecretValue",
  webhookSigningSecret: "whsec_SigningSecretValue",
  apiBaseUrl: "",
};

const rowOf = async (tenantId: string, provider: "stripe" | "paypal") =>
  (
    await conn.db
      .select()
      .from(paymentGateways)
      .where(and(eq(paymentGateways.tenantId, tenantId), eq(paymentGateways.provider, provider)))
  )[0];

const fieldErrorsOf = (promise: Promise<unknown>): Promise<Record<string, string[]>> =>
  promise.then(
    () => ({}),
    (e: { code?: string; fieldErrors?: Record<string, string[]> }) => {
      expect(e.code).toBe("validation");
      return e.fieldErrors ?? {};
    },
  );

describe("payment gateway settings", () => {
  it("stores secrets encrypted and never hands them to the page", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    await executeAction(saveGatewayAction.definition, ctx.billing, stripeInput);

    const row = await rowOf(tenant.id, "stripe");
    expect(row.secretEncrypted).not.toBe(stripeInput.secretKey);
    expect(row.secretEncrypted).not.toContain("VerySecret");
    expect(decryptSecret(row.secretEncrypted)).toBe(stripeInput.secretKey);
    expect(decryptSecret(row.webhookSecretEncrypted!)).toBe(stripeInput.webhookSigningSecret);

    const views = await gatewayViews(conn.db, { tenantId: tenant.id });
    const pageData = JSON.stringify(views);
    for (const secret of [stripeInput.secretKey, stripeInput.webhookSigningSecret, row.secretEncrypted, row.webhookSecretEncrypted!]) {
      expect(pageData).not.toContain(secret);
    }
    expect(views.stripe).toMatchObject({
      configured: true,
      enabled: true,
      publicId: "pk_test_51Public",
      secretSaved: true,
      webhookSecretSaved: true,
    });
    expect(views.stripe.webhookUrl).toBe(`http://localhost:3000/api/webhooks/stripe/${tenant.id}`);
    expect(views.paypal).toMatchObject({
      configured: false,
      secretSaved: false,
      webhookUrl: `http://localhost:3000/api/webhooks/paypal/${tenant.id}`,
    });

    const audit = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "billing.gateway_saved")));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toMatch(/VerySecret|SigningSecretValue/);
    expect(audit[0].after).toMatchObject({ provider: "stripe", replaced: ["secret key", "webhook signing secret"] });
  });

  it("blank secret fields keep the saved secrets", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    await executeAction(saveGatewayAction.definition, ctx.owner, stripeInput);
    const first = await rowOf(tenant.id, "stripe");

    await executeAction(saveGatewayAction.definition, ctx.owner, {
      ...stripeInput,
      publishableKey: "pk_test_51Other",
      secretKey: "",
      webhookSigningSecret: "",
    });

    const second = await rowOf(tenant.id, "stripe");
    expect(second.publicId).toBe("pk_test_51Other");
    expect(second.secretEncrypted).toBe(first.secretEncrypted);
    expect(second.webhookSecretEncrypted).toBe(first.webhookSecretEncrypted);
  });

  it("a base URL that is not https (or http to this machine) is a field error", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    for (const apiBaseUrl of [
      "http://api.example.com",
      "ftp://127.0.0.1",
      "not a url",
      "https://user:pw@api.example.com",
      "https://api.stripe.com/v1",
    ]) {
      const errors = await fieldErrorsOf(executeAction(saveGatewayAction.definition, ctx.owner, { ...stripeInput, apiBaseUrl }));
      expect(errors.apiBaseUrl, apiBaseUrl).toHaveLength(1);
    }
    await executeAction(saveGatewayAction.definition, ctx.owner, { ...stripeInput, apiBaseUrl: "http://127.0.0.1:12345" });
    await executeAction(saveGatewayAction.definition, ctx.owner, {
      provider: "paypal",
      enabled: true,
      mode: "test",
      clientId: "Aclient",
      clientSecret: "Esecret",
      webhookId: "WH-1",
      apiBaseUrl: "https://api-m.sandbox.paypal.com/",
    });
    const views = await gatewayViews(conn.db, { tenantId: ctx.owner.tenantId });
    expect(views.stripe.apiBaseUrl).toBe("http://127.0.0.1:12345");
    expect(views.paypal.apiBaseUrl).toBe("https://api-m.sandbox.paypal.com");
  });

  it("an enabled gateway needs its secret and webhook secret; a live key in test mode is refused", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const missing = await fieldErrorsOf(
      executeAction(saveGatewayAction.definition, ctx.owner, { ...stripeInput, secretKey: "", webhookSigningSecret: "" }),
    );
    expect(Object.keys(missing).sort()).toEqual(["secretKey", "webhookSigningSecret"]);
    const mixed = await fieldErrorsOf(executeAction(saveGatewayAction.definition, ctx.owner, { ...stripeInput, secretKey: "sk_live_51Real" }));
    expect(mixed.secretKey).toEqual(["This is a live key but the mode is test"]);
  });

  it("only staff with billing settings access may save", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    for (const role of ["support", "technician"] as const) {
      await expect(executeAction(saveGatewayAction.definition, ctx[role], stripeInput)).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});
