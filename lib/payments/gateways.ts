/*
 * Per-tenant gateway credentials (Stripe, PayPal, PayMongo, Xendit) and the ways to pay each one carries. Secrets are encrypted at rest and leave this module only as
 * `GatewayCredentials` for the server-side clients; pages get `GatewayView`, which says whether a secret is
 * saved and never what it is.
 */
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { paymentGateways } from "@/lib/payments/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { AppError, isUniqueViolation, type FieldErrors } from "@/lib/core/errors";
import { outboundUrlProblem } from "@/lib/core/outbound";
import { normalizeBaseUrl } from "@/lib/core/urls";
import { paypalBaseUrlProblem } from "@/lib/payments/paypal-api";
import { paymongoBaseUrlProblem } from "@/lib/payments/paymongo-api";
import { xenditBaseUrlProblem } from "@/lib/payments/xendit-api";
import {
  methodsOf,
  onlineMethodLabels,
  onlineMethods,
  providerLabels,
  providers,
  webhookUrlFor,
  type GatewaySettings,
  type GatewayView,
  type MethodOption,
  type OnlineMethod,
  type Provider,
} from "@/lib/payments/rules";
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
  methods: paymentGateways.methods,
  webhookEndpointId: paymentGateways.webhookEndpointId,
};

/** Stripe and PayPal carry one method each, always; PayMongo and Xendit the ones the ISP ticked. */
const methodsOfRow = (row: { provider: Provider; methods: OnlineMethod[] }): OnlineMethod[] =>
  row.provider === "stripe" || row.provider === "paypal" ? [...methodsOf[row.provider]] : onlineMethods.filter((m) => row.methods.includes(m));

/** Which enabled gateway offers each method (the first in provider order, should two ever claim one). */
function methodOwners(rows: { provider: Provider; enabled: boolean; methods: OnlineMethod[] }[]): Partial<Record<OnlineMethod, Provider>> {
  const owners: Partial<Record<OnlineMethod, Provider>> = {};
  for (const provider of providers) {
    const row = rows.find((r) => r.provider === provider && r.enabled);
    for (const method of row ? methodsOfRow(row) : []) owners[method] ??= provider;
  }
  return owners;
}

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
  const owners = methodOwners(rows);
  for (const provider of providers) {
    const row = rows.find((r) => r.provider === provider);
    const methodsTaken: Partial<Record<OnlineMethod, Provider>> = {};
    for (const [method, owner] of Object.entries(owners) as [OnlineMethod, Provider][]) if (owner !== provider) methodsTaken[method] = owner;
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
      methods: row ? methodsOfRow(row) : provider === "stripe" || provider === "paypal" ? [...methodsOf[provider]] : [],
      methodsTaken,
      webhookRegistered: !!row?.webhookEndpointId,
    };
  }
  return views;
}

/** The ways a customer can pay online right now, each with the gateway that carries it, in the pay pages' order. */
export async function offeredMethods(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<MethodOption[]> {
  const rows = await db
    .select({ provider: paymentGateways.provider, enabled: paymentGateways.enabled, methods: paymentGateways.methods })
    .from(paymentGateways)
    .where(and(eq(paymentGateways.tenantId, tenantId), eq(paymentGateways.enabled, true)));
  const owners = methodOwners(rows);
  return onlineMethods.flatMap((method) => (owners[method] ? [{ method, provider: owners[method] }] : []));
}

export type GatewayCredentials = {
  id: string;
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
    id: row.id,
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
export async function requireEnabledGateway(db: DbOrTx, { tenantId, provider }: { tenantId: string; provider: Provider }) {
  const gateway = await loadGatewayCredentials(db, { tenantId, provider });
  const label = provider === "stripe" ? "Card payments (Stripe)" : providerLabels[provider];
  if (!gateway || !gateway.enabled) throw new AppError("conflict", `${label} is not switched on for this account.`);
  return gateway;
}

/** A gateway's saved credentials, switched on or not (registering a webhook comes before switching on). */
export async function requireGatewayRow(db: DbOrTx, { tenantId, provider }: { tenantId: string; provider: Provider }) {
  const gateway = await loadGatewayCredentials(db, { tenantId, provider });
  if (!gateway) throw new AppError("conflict", `Save the ${providerLabels[provider]} keys first.`);
  return gateway;
}

/** The webhook endpoint registered on the gateway and the signing secret it gave us (encrypted like every secret). */
export async function saveWebhookEndpoint(
  db: DbOrTx,
  { tenantId, provider, endpointId, secret }: { tenantId: string; provider: Provider; endpointId: string; secret: string },
) {
  await db
    .update(paymentGateways)
    .set({ webhookEndpointId: endpointId, webhookSecretEncrypted: encryptSecret(secret), updatedAt: clock.now() })
    .where(and(eq(paymentGateways.tenantId, tenantId), eq(paymentGateways.provider, provider)));
}

/** The form field behind each column (null: the gateway has no such field). */
const fieldNames = {
  stripe: { publicId: "publishableKey", secret: "secretKey", webhookSecret: "webhookSigningSecret" },
  paypal: { publicId: "clientId", secret: "clientSecret", webhookSecret: "webhookId" },
  paymongo: { publicId: "publicKey", secret: "secretKey", webhookSecret: "webhookSecret" },
  xendit: { publicId: null, secret: "secretKey", webhookSecret: "callbackToken" },
} as const;

const secretLabels = {
  stripe: { publicId: "publishable key", secret: "secret key", webhookSecret: "webhook signing secret" },
  paypal: { publicId: "client id", secret: "client secret", webhookSecret: "webhook id" },
  paymongo: { publicId: "public key", secret: "secret key", webhookSecret: "webhook secret" },
  xendit: { publicId: "", secret: "secret key", webhookSecret: "callback verification token" },
} as const;

/** The form's provider-specific fields in the table's terms. */
function columnsOf(input: GatewaySettings): { publicId: string; secret: string; webhookSecret: string; methods: OnlineMethod[] } {
  switch (input.provider) {
    case "stripe":
      return { publicId: input.publishableKey, secret: input.secretKey, webhookSecret: input.webhookSigningSecret, methods: ["card"] };
    case "paypal":
      return { publicId: input.clientId, secret: input.clientSecret, webhookSecret: input.webhookId, methods: ["paypal"] };
    case "paymongo":
      return { publicId: input.publicKey, secret: input.secretKey, webhookSecret: input.webhookSecret, methods: input.methods };
    case "xendit":
      return { publicId: "", secret: input.secretKey, webhookSecret: input.callbackToken, methods: input.methods };
  }
}

const baseUrlProblemOf: Partial<Record<Provider, (base: string) => string | null>> = {
  paypal: paypalBaseUrlProblem,
  paymongo: paymongoBaseUrlProblem,
  xendit: xenditBaseUrlProblem,
};

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
      if (names.publicId && !values.publicId) required(names.publicId, `Enter the ${secretLabels[input.provider].publicId}`);
      if (!values.webhookSecret && !before?.webhookSecretEncrypted) {
        required(
          names.webhookSecret,
          input.provider === "paymongo"
            ? "Enter the webhook secret, or save with PayMongo off and press Register webhook: without it payments are never confirmed"
            : `Enter the ${secretLabels[input.provider].webhookSecret}: without it payments are never confirmed`,
        );
      }
      // Each way to pay goes through one gateway, so a subscriber never sees "GCash" twice.
      const others = await tx
        .select({ provider: paymentGateways.provider, enabled: paymentGateways.enabled, methods: paymentGateways.methods })
        .from(paymentGateways)
        .where(and(eq(paymentGateways.tenantId, actor.tenantId), eq(paymentGateways.enabled, true)));
      const owners = methodOwners(others.filter((o) => o.provider !== input.provider));
      const clashes = values.methods.filter((m) => owners[m]);
      if (clashes.length > 0) {
        const field = input.provider === "paymongo" || input.provider === "xendit" ? "methods" : "enabled";
        required(
          field,
          clashes.map((m) => `${onlineMethodLabels[m]} already goes through ${providerLabels[owners[m]!]}; untick it there first`).join(". "),
        );
      }
    }
    const baseUrlProblem = apiBaseUrl && (outboundUrlProblem(apiBaseUrl) ?? baseUrlProblemOf[input.provider]?.(apiBaseUrl) ?? null);
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
      methods: values.methods,
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
    const describe = (r: { enabled: boolean; mode: string; publicId: string; apiBaseUrl: string | null; methods: OnlineMethod[] }) => ({
      provider: input.provider,
      enabled: r.enabled,
      mode: r.mode,
      publicId: r.publicId,
      apiBaseUrl: r.apiBaseUrl,
      methods: r.methods,
    });
    await recordAudit(tx, actor, {
      action: "billing.gateway_saved",
      entityType: "payment_gateway",
      entityId: saved.id,
      before: before ? describe(before) : undefined,
      // Which credentials were replaced, never their values.
      after: { ...describe({ ...input, publicId: values.publicId, apiBaseUrl, methods: values.methods }), replaced },
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
