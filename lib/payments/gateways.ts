/*
 * Per-tenant Stripe and PayPal credentials. Secrets are encrypted at rest and leave this module only as
 * `GatewayCredentials` for the server-side clients; pages get `GatewayView`, which says whether a secret is
 * saved and never what it is.
 */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { paymentGateways } from "@/lib/billing/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { AppError, isUniqueViolation, type FieldErrors } from "@/lib/core/errors";
import { outboundUrlProblem } from "@/lib/core/outbound";
import { normalizeBaseUrl } from "@/lib/core/urls";
import { paypalBaseUrlProblem } from "@/lib/payments/paypal-api";
import { providers, webhookUrlFor, type GatewaySettings, type GatewayView, type Provider } from "@/lib/payments/rules";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

/** Everything but the secrets: the only columns a page ever reads. */
const publicColumns = {
  id: paymentGateways.id,
  provider: paymentGateways.provider,
  enabled: paymentGateways.enabled,
  mode: paymentGateways.mode,
  publicId: paymentGateways.publicId,
  apiBaseUrl: paymentGateways.apiBaseUrl,
};

export async function gatewayViews(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Record<Provider, GatewayView>> {
  const rows = await db
    .select({
      ...publicColumns,
      // Only the fact that a secret exists is read; the envelopes stay in the database.
      secretSaved: sql<boolean>`${paymentGateways.secretEncrypted} <> ''`,
      webhookSecretSaved: sql<boolean>`coalesce(${paymentGateways.webhookSecretEncrypted}, '') <> ''`,
    })
    .from(paymentGateways)
    .where(eq(paymentGateways.tenantId, tenantId));
  const views = {} as Record<Provider, GatewayView>;
  for (const provider of providers) {
    const row = rows.find((r) => r.provider === provider);
    views[provider] = {
      provider,
      configured: !!row,
      enabled: row?.enabled ?? false,
      mode: row?.mode ?? "test",
      publicId: row?.publicId ?? "",
      apiBaseUrl: row?.apiBaseUrl ?? "",
      secretSaved: !!row?.secretSaved,
      webhookSecretSaved: !!row?.webhookSecretSaved,
      webhookUrl: webhookUrlFor(env().APP_URL, provider, tenantId),
    };
  }
  return views;
}

/** The providers a customer can pay with right now. */
export async function enabledProviders(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Provider[]> {
  const rows = await db
    .select({ provider: paymentGateways.provider })
    .from(paymentGateways)
    .where(and(eq(paymentGateways.tenantId, tenantId), eq(paymentGateways.enabled, true)));
  return providers.filter((p) => rows.some((r) => r.provider === p));
}

export type GatewayCredentials = {
  tenantId: string;
  provider: Provider;
  enabled: boolean;
  mode: "test" | "live";
  publicId: string;
  secret: string;
  webhookSecret: string | null;
  apiBaseUrl: string | null;
};

/** Decrypted credentials for the server-side clients; null when the tenant has not set this provider up. */
export async function loadGatewayCredentials(
  db: DbOrTx,
  { tenantId, provider }: { tenantId: string; provider: Provider },
): Promise<GatewayCredentials | null> {
  const [row] = await db
    .select()
    .from(paymentGateways)
    .where(and(eq(paymentGateways.tenantId, tenantId), eq(paymentGateways.provider, provider)));
  if (!row) return null;
  return {
    tenantId,
    provider,
    enabled: row.enabled,
    mode: row.mode,
    publicId: row.publicId,
    secret: decryptSecret(row.secretEncrypted),
    webhookSecret: row.webhookSecretEncrypted ? decryptSecret(row.webhookSecretEncrypted) : null,
    apiBaseUrl: row.apiBaseUrl,
  };
}

/** An enabled gateway's credentials, or a message staff and customers can act on. */
export async function requireEnabledGateway(db: DbOrTx, { tenantId, provider }: { tenantId: string; provider: "stripe" | "paypal" }) {
  const gateway = await loadGatewayCredentials(db, { tenantId, provider });
  const label = provider === "stripe" ? "Card payments (Stripe)" : "PayPal";
  if (!gateway || !gateway.enabled) throw new AppError("conflict", `${label} is not switched on for this account.`);
  return gateway;
}

const fieldNames = {
  stripe: { publicId: "publishableKey", secret: "secretKey", webhookSecret: "webhookSigningSecret" },
  paypal: { publicId: "clientId", secret: "clientSecret", webhookSecret: "webhookId" },
} as const;

const secretLabels = {
  stripe: { secret: "secret key", webhookSecret: "webhook signing secret" },
  paypal: { secret: "client secret", webhookSecret: "webhook id" },
} as const;

/** The form's provider-specific fields in the table's terms. */
function columnsOf(input: GatewaySettings) {
  return input.provider === "stripe"
    ? { publicId: input.publishableKey, secret: input.secretKey, webhookSecret: input.webhookSigningSecret }
    : { publicId: input.clientId, secret: input.clientSecret, webhookSecret: input.webhookId };
}

/**
 * Saves one provider's settings. Blank secrets keep the saved ones; an enabled gateway needs its public id,
 * secret and webhook secret, because without them no payment could start or be confirmed.
 */
export async function saveGatewaySettings(db: Db, actor: TenantActor, input: GatewaySettings) {
  const names = fieldNames[input.provider];
  const values = columnsOf(input);
  const apiBaseUrl = input.apiBaseUrl === "" ? null : normalizeBaseUrl(input.apiBaseUrl);
  // Locked so two staff saving at once cannot interleave their "keep the saved secret" decisions.
  const saving = db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(paymentGateways)
      .where(and(eq(paymentGateways.tenantId, actor.tenantId), eq(paymentGateways.provider, input.provider)))
      .for("update");
    const fieldErrors: FieldErrors = {};
    const required = (field: string, message: string) => (fieldErrors[field] ??= []).push(message);
    if (!values.secret && !before) required(names.secret, `Enter the ${secretLabels[input.provider].secret}`);
    if (input.enabled) {
      if (!values.publicId) required(names.publicId, input.provider === "stripe" ? "Enter the publishable key" : "Enter the client id");
      if (!values.webhookSecret && !before?.webhookSecretEncrypted) {
        required(names.webhookSecret, `Enter the ${secretLabels[input.provider].webhookSecret}: without it payments are never confirmed`);
      }
    }
    const baseUrlProblem = apiBaseUrl && (outboundUrlProblem(apiBaseUrl) ?? (input.provider === "paypal" ? paypalBaseUrlProblem(apiBaseUrl) : null));
    if (baseUrlProblem) required("apiBaseUrl", baseUrlProblem);
    if (Object.keys(fieldErrors).length > 0) throw new AppError("validation", "Some fields need attention.", { fieldErrors });

    const replaced: string[] = [];
    if (values.secret) replaced.push(secretLabels[input.provider].secret);
    if (values.webhookSecret) replaced.push(secretLabels[input.provider].webhookSecret);
    const row = {
      enabled: input.enabled,
      mode: input.mode,
      publicId: values.publicId,
      apiBaseUrl,
      ...(values.secret ? { secretEncrypted: encryptSecret(values.secret) } : {}),
      ...(values.webhookSecret ? { webhookSecretEncrypted: encryptSecret(values.webhookSecret) } : {}),
      updatedAt: clock.now(),
    };
    const [saved] = before
      ? await tx.update(paymentGateways).set(row).where(eq(paymentGateways.id, before.id)).returning({ id: paymentGateways.id })
      : await tx
          .insert(paymentGateways)
          .values({ tenantId: actor.tenantId, provider: input.provider, secretEncrypted: encryptSecret(values.secret), ...row })
          .returning({ id: paymentGateways.id });
    const describe = (r: { enabled: boolean; mode: string; publicId: string; apiBaseUrl: string | null }) => ({
      provider: input.provider,
      enabled: r.enabled,
      mode: r.mode,
      publicId: r.publicId,
      apiBaseUrl: r.apiBaseUrl,
    });
    await recordAudit(tx, actor, {
      action: "billing.gateway_saved",
      entityType: "payment_gateway",
      entityId: saved.id,
      before: before ? describe(before) : undefined,
      // Which credentials were replaced, never their values.
      after: { ...describe({ ...input, publicId: values.publicId, apiBaseUrl }), replaced },
    });
    return { id: saved.id };
  });
  return saving.catch((error: unknown) => {
    // Two first saves at once: the unique index kept one of them.
    if (isUniqueViolation(error, "payment_gateways_tenant_provider_idx")) {
      throw new AppError("conflict", "These settings were saved by someone else at the same moment. Reload and try again.");
    }
    throw error;
  });
}
