/*
 * PayMongo's REST API over `fetch`: hosted Checkout Sessions (GCash, Maya, GrabPay, QR Ph, cards), dynamic
 * QR Ph codes through the payment-intent workflow, refunds, the payments list for reconciliation and webhook
 * registration, plus the checks of what PayMongo sends us (Paymongo-Signature, the event envelope). Bodies are
 * JSON:API (`{ data: { attributes } }`), amounts integer centavos, authentication HTTP Basic with the secret
 * key as user name. Every failure (PayMongo's refusal, an unexpected reply, no connection) is a
 * `PaymongoApiError` with PayMongo's error code and detail, never the key.
 */
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { clock } from "@/lib/core/clock";
import { hostAllowedByOperator, OutboundError, outboundFetch, type OutboundFailure } from "@/lib/core/outbound";
import { normalizeBaseUrl } from "@/lib/core/urls";

export type PaymongoAccount = { secretKey: string; mode: "test" | "live"; apiBaseUrl: string | null };

export class PaymongoApiError extends Error {
  constructor(
    readonly status: number,
    /** PayMongo's errors[0].code (parameter_above_maximum), or ours for no answer (REFUSED_HOST, UNREACHABLE, TIMEOUT, UNEXPECTED_REPLY). */
    readonly code: string | null,
    /** PayMongo's errors[0].detail, with anything shaped like an API key masked. */
    readonly detail: string | null,
  ) {
    super(`PayMongo answered ${status}${code ? ` (${code})` : ""}`);
    this.name = "PaymongoApiError";
  }
}

export type PaymongoMethod = "gcash" | "paymaya" | "grab_pay" | "qrph" | "card";

export type PaymongoPayment = {
  id: string;
  status: "pending" | "paid" | "failed";
  amount: number;
  fee: number;
  netAmount: number;
  currency: string;
  paidAt: Date | null;
  sourceType: string | null;
  paymentIntentId: string | null;
  metadata: Record<string, string>;
  payoutId: string | null;
  refunds: { id: string; amount: number; status: string; createdAt: Date | null }[];
  failedMessage: string | null;
};

/** The events we register: a paid checkout, a paid or failed payment (QR Ph), and refunds settling. */
export const paymongoWebhookEvents: string[] = [
  "checkout_session.payment.paid",
  "payment.paid",
  "payment.failed",
  "payment.refunded",
  "payment.refund.updated",
];

const DEFAULT_BASE_URL = "https://api.paymongo.com";
const PAYMONGO_API_HOST = "api.paymongo.com";
const TIMEOUT_MS = 20_000;
/** JSON documents; the largest is a payment intent carrying its QR code as a base64 PNG. */
const MAX_REPLY_BYTES = 1024 * 1024;
/** PayMongo's default QR Ph lifetime, sent explicitly so the expiry we show is the one PayMongo enforces. */
const QR_EXPIRY_SECONDS = 30 * 60;
/** PayMongo's largest page. */
const LIST_LIMIT = 100;

const codeOf: Record<OutboundFailure, string> = {
  refused: "REFUSED_HOST",
  redirect: "REFUSED_HOST",
  timeout: "TIMEOUT",
  unreachable: "UNREACHABLE",
  too_large: "UNEXPECTED_REPLY",
};

const baseOf = (account: PaymongoAccount) => normalizeBaseUrl(account.apiBaseUrl ?? DEFAULT_BASE_URL);

/**
 * Why the server must not call this PayMongo base URL, or null. Webhook handling and reconciliation call it
 * with the tenant's secret key, so anything but PayMongo itself would hand the key to a host of the tenant's choosing.
 */
export function paymongoBaseUrlProblem(base: string): string | null {
  const host = URL.canParse(base) ? new URL(base).hostname.toLowerCase() : null;
  if (host && (host === PAYMONGO_API_HOST || hostAllowedByOperator(host))) return null;
  return "PayMongo's API is at https://api.paymongo.com (test and live keys alike); NetSphere calls no other host for PayMongo.";
}

/** PayMongo's 401 detail repeats the key it was given; error texts must not. */
const masked = (text: string) => text.replace(/\b([sp]k|whsk)_(test_|live_)?[A-Za-z0-9]+/g, "$1_$2…");

async function send(url: string, init: RequestInit): Promise<Response> {
  if (paymongoBaseUrlProblem(url)) throw new PaymongoApiError(503, "REFUSED_HOST", null);
  try {
    return await outboundFetch(url, init, { timeoutMs: TIMEOUT_MS, maxBytes: MAX_REPLY_BYTES });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    throw new PaymongoApiError(503, codeOf[error.reason], null);
  }
}

const errorReply = z.object({ errors: z.array(z.object({ code: z.string().optional(), detail: z.string().optional() })).min(1) });

async function failure(response: Response): Promise<PaymongoApiError> {
  const parsed = errorReply.safeParse(await response.json().catch(() => undefined));
  const first = parsed.success ? parsed.data.errors[0] : {};
  return new PaymongoApiError(response.status, first.code ?? null, first.detail ? masked(first.detail) : null);
}

/** One authenticated call; `attributes` goes out as PayMongo's JSON:API body. */
async function call<T>(
  account: PaymongoAccount,
  path: string,
  schema: z.ZodType<T>,
  init: { method: "GET" | "POST"; attributes?: Record<string, unknown>; idempotencyKey?: string },
): Promise<T> {
  const response = await send(`${baseOf(account)}${path}`, {
    method: init.method,
    headers: {
      authorization: `Basic ${Buffer.from(`${account.secretKey}:`).toString("base64")}`,
      accept: "application/json",
      ...(init.attributes ? { "content-type": "application/json" } : {}),
      // PayMongo answers a retried create carrying the same key with the object the first one made.
      ...(init.idempotencyKey ? { "idempotency-key": init.idempotencyKey } : {}),
    },
    body: init.attributes ? JSON.stringify({ data: { attributes: init.attributes } }) : undefined,
  });
  if (!response.ok) throw await failure(response);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new PaymongoApiError(502, "UNEXPECTED_REPLY", null);
  return parsed.data;
}

const one = <T extends z.ZodType>(attributes: T) => z.object({ data: z.object({ id: z.string().min(1), attributes }) });
const linked = z.object({ id: z.string().min(1) }).nullish();
const metadata = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value) => Object.fromEntries(Object.entries(value ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
const seconds = z
  .number()
  .nullish()
  .transform((value) => (value ? new Date(value * 1000) : null));

const refundResource = z.object({
  id: z.string().min(1),
  attributes: z.object({ amount: z.number().int(), status: z.string(), payment_id: z.string().nullish(), created_at: z.number().nullish() }),
});

const paymentResource = z
  .object({
    id: z.string().min(1),
    attributes: z.object({
      amount: z.number().int(),
      fee: z.number().int().nullish(),
      net_amount: z.number().int().nullish(),
      currency: z.string(),
      status: z.string(),
      paid_at: seconds,
      created_at: z.number(),
      source: z.object({ type: z.string().nullish() }).nullish(),
      payment_intent_id: z.string().nullish(),
      metadata,
      payout: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
      refunds: z.array(refundResource).nullish(),
      failed_message: z.string().nullish(),
    }),
  })
  .transform(({ id, attributes: a }): { payment: PaymongoPayment; createdAt: number } => {
    const fee = a.fee ?? 0;
    const payment: PaymongoPayment = {
      id,
      // A refunded payment was still received; refunds are reported beside it.
      status: a.status === "failed" ? "failed" : a.status === "pending" ? "pending" : "paid",
      amount: a.amount,
      fee,
      netAmount: a.net_amount ?? a.amount - fee,
      currency: a.currency,
      paidAt: a.paid_at,
      sourceType: a.source?.type ?? null,
      paymentIntentId: a.payment_intent_id ?? null,
      metadata: a.metadata,
      payoutId: typeof a.payout === "string" ? a.payout : (a.payout?.id ?? null),
      refunds: (a.refunds ?? []).map((r) => ({
        id: r.id,
        amount: r.attributes.amount,
        status: r.attributes.status,
        createdAt: r.attributes.created_at ? new Date(r.attributes.created_at * 1000) : null,
      })),
      failedMessage: a.failed_message ?? null,
    };
    return { payment, createdAt: a.created_at * 1000 };
  });

const paymentsOf = (list: { payment: PaymongoPayment }[] | null | undefined) => (list ?? []).map((entry) => entry.payment);

const checkoutSession = one(
  z.object({
    checkout_url: z.string().url(),
    status: z.string(),
    payment_intent: linked,
    payments: z.array(paymentResource).nullish(),
    metadata,
  }),
);

export async function createCheckoutSession(
  account: PaymongoAccount,
  input: {
    amount: number;
    currency: string;
    name: string;
    description: string;
    methods: PaymongoMethod[];
    successUrl: string;
    cancelUrl: string;
    referenceNumber: string;
    metadata: Record<string, string>;
    idempotencyKey: string;
  },
): Promise<{ id: string; checkoutUrl: string; paymentIntentId: string | null }> {
  const { data } = await call(account, "/v1/checkout_sessions", checkoutSession, {
    method: "POST",
    idempotencyKey: input.idempotencyKey,
    attributes: {
      line_items: [{ name: input.name, description: input.description, amount: input.amount, currency: input.currency, quantity: 1 }],
      payment_method_types: input.methods,
      description: input.description,
      reference_number: input.referenceNumber,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      metadata: input.metadata,
      send_email_receipt: false,
      show_description: true,
      show_line_items: true,
    },
  });
  return { id: data.id, checkoutUrl: data.attributes.checkout_url, paymentIntentId: data.attributes.payment_intent?.id ?? null };
}

export async function getCheckoutSession(
  account: PaymongoAccount,
  id: string,
): Promise<{ id: string; status: string; paymentIntentId: string | null; payments: PaymongoPayment[]; metadata: Record<string, string> }> {
  const { data } = await call(account, `/v1/checkout_sessions/${encodeURIComponent(id)}`, checkoutSession, { method: "GET" });
  const a = data.attributes;
  return { id: data.id, status: a.status, paymentIntentId: a.payment_intent?.id ?? null, payments: paymentsOf(a.payments), metadata: a.metadata };
}

export async function expireCheckoutSession(account: PaymongoAccount, id: string): Promise<void> {
  await call(account, `/v1/checkout_sessions/${encodeURIComponent(id)}/expire`, one(z.object({ status: z.string() })), { method: "POST" });
}

const paymentIntent = one(
  z.object({
    status: z.string(),
    client_key: z.string().nullish(),
    payments: z.array(paymentResource).nullish(),
    metadata,
    next_action: z.object({ code: z.object({ image_url: z.string().startsWith("data:image/") }).nullish() }).nullish(),
  }),
);

/** A dynamic QR Ph code: payment intent (payment_method_allowed ["qrph"]) + qrph payment method + attach; next_action.code holds the QR. */
export async function createQrPhPayment(
  account: PaymongoAccount,
  input: {
    amount: number;
    currency: string;
    description: string;
    metadata: Record<string, string>;
    idempotencyKey: string;
    billing: { name: string; email?: string | null };
  },
): Promise<{ paymentIntentId: string; qrImageUrl: string; expiresAt: Date }> {
  const intent = await call(account, "/v1/payment_intents", paymentIntent, {
    method: "POST",
    idempotencyKey: input.idempotencyKey,
    attributes: {
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      metadata: input.metadata,
      payment_method_allowed: ["qrph"],
    },
  });
  const method = await call(account, "/v1/payment_methods", one(z.object({ type: z.string() })), {
    method: "POST",
    idempotencyKey: `${input.idempotencyKey}:method`,
    attributes: {
      type: "qrph",
      expiry_seconds: QR_EXPIRY_SECONDS,
      billing: { name: input.billing.name, ...(input.billing.email ? { email: input.billing.email } : {}) },
    },
  });
  // PayMongo starts the QR's clock at attach; reading ours before the call puts our expiry no later than theirs.
  const attachedAt = clock.ms();
  const attached = await call(account, `/v1/payment_intents/${encodeURIComponent(intent.data.id)}/attach`, paymentIntent, {
    method: "POST",
    idempotencyKey: `${input.idempotencyKey}:attach`,
    attributes: { payment_method: method.data.id, ...(intent.data.attributes.client_key ? { client_key: intent.data.attributes.client_key } : {}) },
  });
  const qrImageUrl = attached.data.attributes.next_action?.code?.image_url;
  if (!qrImageUrl) throw new PaymongoApiError(502, "UNEXPECTED_REPLY", null);
  return { paymentIntentId: attached.data.id, qrImageUrl, expiresAt: new Date(attachedAt + QR_EXPIRY_SECONDS * 1000) };
}

export async function getPaymentIntent(
  account: PaymongoAccount,
  id: string,
): Promise<{ id: string; status: string; payments: PaymongoPayment[]; metadata: Record<string, string> }> {
  const { data } = await call(account, `/v1/payment_intents/${encodeURIComponent(id)}`, paymentIntent, { method: "GET" });
  return { id: data.id, status: data.attributes.status, payments: paymentsOf(data.attributes.payments), metadata: data.attributes.metadata };
}

const refundStatus = (status: string): "pending" | "succeeded" | "failed" => (status === "succeeded" || status === "failed" ? status : "pending");

export async function createRefund(
  account: PaymongoAccount,
  input: {
    paymentId: string;
    amount: number;
    reason: "requested_by_customer" | "duplicate" | "fraudulent" | "others";
    notes: string;
    idempotencyKey: string;
  },
): Promise<{ id: string; status: "pending" | "succeeded" | "failed"; amount: number }> {
  const { data } = await call(account, "/v1/refunds", one(refundResource.shape.attributes), {
    method: "POST",
    idempotencyKey: input.idempotencyKey,
    attributes: { payment_id: input.paymentId, amount: input.amount, reason: input.reason, notes: input.notes.slice(0, 255) },
  });
  return { id: data.id, status: refundStatus(data.attributes.status), amount: data.attributes.amount };
}

const paymentPage = z.object({ data: z.array(paymentResource), has_more: z.boolean() });

/** Payments created in [since, until), newest first. PayMongo lists newest first, so paging stops at the first page reaching past `since`. */
export async function listPayments(account: PaymongoAccount, input: { since: Date; until: Date }): Promise<PaymongoPayment[]> {
  const found: PaymongoPayment[] = [];
  for (let after: string | null = null; ;) {
    const query = new URLSearchParams({ limit: String(LIST_LIMIT), ...(after ? { after } : {}) });
    const page: z.output<typeof paymentPage> = await call(account, `/v1/payments?${query}`, paymentPage, { method: "GET" });
    for (const { payment, createdAt } of page.data) {
      if (createdAt >= input.since.getTime() && createdAt < input.until.getTime()) found.push(payment);
    }
    const last = page.data.at(-1);
    if (!page.has_more || !last || last.createdAt < input.since.getTime() || last.payment.id === after) return found;
    after = last.payment.id;
  }
}

export async function createWebhook(account: PaymongoAccount, input: { url: string; events: string[] }): Promise<{ id: string; secretKey: string }> {
  const { data } = await call(account, "/v1/webhooks", one(z.object({ secret_key: z.string().min(1) })), {
    method: "POST",
    attributes: { url: input.url, events: input.events },
  });
  return { id: data.id, secretKey: data.attributes.secret_key };
}

/**
 * Paymongo-Signature: "t=<unix>,te=<hex>,li=<hex>"; HMAC-SHA256(secret, `${t}.${rawBody}`) compared (constant
 * time) with te in test mode, li in live mode; |now - t| <= toleranceSeconds (default 300). The signature is
 * checked before the time, so "stale" only ever describes a genuine delivery that came too late.
 */
export function verifyPaymongoSignature(input: {
  header: string | null;
  rawBody: string;
  secret: string;
  mode: "test" | "live";
  nowMs: number;
  toleranceSeconds?: number;
}): { ok: true } | { ok: false; reason: "missing" | "malformed" | "stale" | "mismatch" } {
  const header = input.header?.trim();
  if (!header) return { ok: false, reason: "missing" };
  const parts = new Map<string, string>();
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at < 1) return { ok: false, reason: "malformed" };
    parts.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const t = parts.get("t");
  const given = parts.get(input.mode === "live" ? "li" : "te") ?? "";
  if (!t || !/^\d{1,12}$/.test(t) || !/^[0-9a-f]*$/i.test(given)) return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", input.secret).update(`${t}.${input.rawBody}`).digest();
  const received = Buffer.from(given, "hex");
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return { ok: false, reason: "mismatch" };
  if (Math.abs(input.nowMs / 1000 - Number(t)) > (input.toleranceSeconds ?? 300)) return { ok: false, reason: "stale" };
  return { ok: true };
}

const eventEnvelope = z.object({
  data: z.object({
    id: z.string().min(1),
    attributes: z.object({ type: z.string().min(1), livemode: z.boolean(), data: z.unknown() }),
  }),
});

/** The event envelope: data.id (evt_…), data.attributes.type, livemode, and the resource under data.attributes.data. */
export function parsePaymongoEvent(rawBody: string): { id: string; type: string; livemode: boolean; resource: unknown } | null {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return null;
  }
  const parsed = eventEnvelope.safeParse(json);
  if (!parsed.success) return null;
  const { id, attributes } = parsed.data.data;
  return { id, type: attributes.type, livemode: attributes.livemode, resource: attributes.data };
}

const sessionResource = z.object({ id: z.string().min(1), attributes: z.object({ payments: z.array(paymentResource).nullish() }) });

/**
 * The resource of a payment.* / checkout_session.payment.paid event as a PaymongoPayment (for checkout events:
 * the session's first payment), plus the checkout session id when the event is about one. A refund event
 * carries the refund itself; payment.refunded carries the payment, whose latest refund is reported beside it.
 */
export function paymentOfEvent(event: { type: string; resource: unknown }): {
  payment: PaymongoPayment | null;
  checkoutSessionId: string | null;
  refund: { id: string; paymentId: string; amount: number; status: string } | null;
} {
  const none = { payment: null, checkoutSessionId: null, refund: null };
  if (event.type.startsWith("checkout_session.")) {
    const session = sessionResource.safeParse(event.resource);
    if (!session.success) return none;
    const first = session.data.attributes.payments?.[0];
    return { ...none, payment: first?.payment ?? null, checkoutSessionId: session.data.id };
  }
  if (event.type === "payment.refund.updated") {
    const refund = refundResource.safeParse(event.resource);
    if (!refund.success || !refund.data.attributes.payment_id) return none;
    const { id, attributes } = refund.data;
    return { ...none, refund: { id, paymentId: attributes.payment_id!, amount: attributes.amount, status: attributes.status } };
  }
  if (!event.type.startsWith("payment.")) return none;
  const parsed = paymentResource.safeParse(event.resource);
  if (!parsed.success) return none;
  const { payment } = parsed.data;
  const latest = event.type === "payment.refunded" ? payment.refunds.at(-1) : undefined;
  return { ...none, payment, refund: latest ? { ...latest, paymentId: payment.id } : null };
}
