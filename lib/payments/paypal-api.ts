/*
 * PayPal's REST API (Orders v2, Payments v2 refunds, transaction search, webhook verification) over `fetch`.
 * PayPal deprecated its Node SDK (`@paypal/checkout-server-sdk`), so the calls we need are written here: an
 * OAuth2 client-credentials token (cached until shortly before it expires), create order, capture order (and
 * read it back), refund a capture, list transactions, and verify-webhook-signature. Replies are parsed with zod;
 * every failure (PayPal's refusal, an unexpected reply, no connection) is a `PaypalApiError` with PayPal's error
 * name and issue, never the credentials.
 */
import "server-only";
import { z } from "zod";
import { sha256 } from "@/lib/core/crypto";
import { hostAllowedByOperator, OutboundError, outboundFetch, type OutboundFailure } from "@/lib/core/outbound";
import { normalizeBaseUrl } from "@/lib/core/urls";
import { defaultPaypalBaseUrl } from "@/lib/payments/rules";

export type PaypalAccount = { clientId: string; clientSecret: string; mode: "test" | "live"; apiBaseUrl: string | null };

export class PaypalApiError extends Error {
  constructor(
    readonly status: number,
    /** PayPal's error name (UNPROCESSABLE_ENTITY) and first issue (ORDER_ALREADY_CAPTURED), when it sent them. */
    readonly errorName: string | null,
    readonly issue: string | null,
    readonly debugId: string | null,
  ) {
    super(`PayPal answered ${status}${errorName ? ` ${errorName}` : ""}${issue ? ` (${issue})` : ""}`);
    this.name = "PaypalApiError";
  }
}

const TIMEOUT_MS = 20_000;
/** Tokens by account (base URL, client id and a hash of the secret, so a new secret gets a new token). */
const tokens = new Map<string, { token: string; expiresAt: number }>();

const baseOf = (account: PaypalAccount) => normalizeBaseUrl(account.apiBaseUrl ?? defaultPaypalBaseUrl(account.mode));
const tokenKey = (account: PaypalAccount) => `${baseOf(account)}|${account.clientId}|${sha256(account.clientSecret)}`;

const tokenReply = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const errorReply = z
  .object({
    name: z.string().optional(),
    error: z.string().optional(),
    debug_id: z.string().optional(),
    details: z.array(z.object({ issue: z.string().optional() })).optional(),
  })
  .passthrough();

/** PayPal's own API hosts (live and sandbox); a tenant's base URL elsewhere needs the operator's allowlist. */
const PAYPAL_API_HOSTS = new Set(["api-m.paypal.com", "api-m.sandbox.paypal.com", "api.paypal.com", "api.sandbox.paypal.com"]);
/** Why no answer came, named like PayPal's own errors so callers switch on one field. */
const paypalNameOf: Record<OutboundFailure, string> = {
  refused: "REFUSED_HOST",
  redirect: "REFUSED_HOST",
  timeout: "TIMEOUT",
  unreachable: "UNREACHABLE",
  too_large: "UNEXPECTED_REPLY",
};
/** PayPal's replies are small JSON documents, but for a page of transaction search (below). */
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * Why the server must not call this PayPal base URL, or null. The webhook endpoint is public and verifies
 * each delivery through the tenant's base URL, so anything but PayPal itself would let anyone make the server
 * call a host of the tenant's choosing.
 */
export function paypalBaseUrlProblem(base: string): string | null {
  const host = new URL(base).hostname.toLowerCase();
  if (PAYPAL_API_HOSTS.has(host) || hostAllowedByOperator(host)) return null;
  return "PayPal's API is at https://api-m.paypal.com (live) or https://api-m.sandbox.paypal.com (sandbox); NetSphere calls no other host for PayPal.";
}

/**
 * One request under the outbound rules (public addresses, bounded time and size); no connection, a timeout or
 * a refused address is a PaypalApiError like any other, so callers handle one type.
 */
async function send(url: string, init: RequestInit, maxBytes = MAX_REPLY_BYTES): Promise<Response> {
  if (paypalBaseUrlProblem(url)) throw new PaypalApiError(503, "REFUSED_HOST", null, null);
  try {
    return await outboundFetch(url, init, { timeoutMs: TIMEOUT_MS, maxBytes });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    throw new PaypalApiError(503, paypalNameOf[error.reason], null, null);
  }
}

/** A 2xx reply in the shape we expect, or a PaypalApiError (PayPal changed something, or it is not PayPal). */
async function replyOf<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new PaypalApiError(502, "UNEXPECTED_REPLY", null, null);
  return parsed.data;
}

async function failure(response: Response): Promise<PaypalApiError> {
  const body = errorReply.safeParse(await response.json().catch(() => ({})));
  const data = body.success ? body.data : {};
  return new PaypalApiError(response.status, data.name ?? data.error ?? null, data.details?.[0]?.issue ?? null, data.debug_id ?? null);
}

async function accessToken(account: PaypalAccount): Promise<string> {
  const key = tokenKey(account);
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > performance.now()) return cached.token;
  const response = await send(`${baseOf(account)}/v1/oauth2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: "grant_type=client_credentials",
  });
  if (!response.ok) throw await failure(response);
  const reply = await replyOf(response, tokenReply);
  // A minute early, so a token never expires between our check and PayPal's.
  tokens.set(key, { token: reply.access_token, expiresAt: performance.now() + Math.max(0, reply.expires_in - 60) * 1000 });
  return reply.access_token;
}

/** One authenticated call; a token PayPal no longer accepts is dropped and the call made once more with a fresh one. */
async function call<T>(
  account: PaypalAccount,
  path: string,
  schema: z.ZodType<T>,
  init: { method: "GET" | "POST"; body?: string; headers?: Record<string, string>; maxBytes?: number },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(account);
    const response = await send(
      `${baseOf(account)}${path}`,
      {
        method: init.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(init.body ? { "content-type": "application/json" } : {}),
          ...init.headers,
        },
        body: init.body,
      },
      init.maxBytes,
    );
    if (response.status === 401 && attempt === 0) {
      tokens.delete(tokenKey(account));
      continue;
    }
    if (!response.ok) throw await failure(response);
    return replyOf(response, schema);
  }
}

const money = z.object({ currency_code: z.string(), value: z.string() });
const capture = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    amount: money.optional(),
    custom_id: z.string().optional(),
    create_time: z.string().optional(),
    seller_receivable_breakdown: z.object({ paypal_fee: money.optional() }).passthrough().optional(),
  })
  .passthrough();
export type PaypalCapture = z.infer<typeof capture>;

const order = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    links: z.array(z.object({ href: z.string(), rel: z.string() })).optional(),
    purchase_units: z
      .array(z.object({ custom_id: z.string().optional(), payments: z.object({ captures: z.array(capture).optional() }).optional() }).passthrough())
      .optional(),
  })
  .passthrough();
export type PaypalOrder = z.infer<typeof order>;

export async function createOrder(
  account: PaypalAccount,
  input: {
    requestId: string;
    currency: string;
    value: string;
    customId: string;
    description: string;
    brandName: string;
    returnUrl: string;
    cancelUrl: string;
  },
): Promise<{ id: string; approveUrl: string }> {
  const created = await call(account, "/v2/checkout/orders", order, {
    method: "POST",
    // The same request id makes PayPal answer a retried create with the first order.
    headers: { "paypal-request-id": input.requestId },
    body: JSON.stringify({
      intent: "CAPTURE",
      purchase_units: [
        {
          reference_id: input.customId,
          custom_id: input.customId,
          description: input.description.slice(0, 127),
          amount: { currency_code: input.currency, value: input.value },
        },
      ],
      payment_source: {
        paypal: {
          experience_context: {
            brand_name: input.brandName.slice(0, 127),
            user_action: "PAY_NOW",
            shipping_preference: "NO_SHIPPING",
            return_url: input.returnUrl,
            cancel_url: input.cancelUrl,
          },
        },
      },
    }),
  });
  const approve = created.links?.find((l) => l.rel === "payer-action" || l.rel === "approve");
  if (!approve) throw new PaypalApiError(502, "NO_APPROVAL_LINK", null, null);
  return { id: created.id, approveUrl: approve.href };
}

export async function captureOrder(account: PaypalAccount, orderId: string): Promise<PaypalOrder> {
  return call(account, `/v2/checkout/orders/${encodeURIComponent(orderId)}/capture`, order, {
    method: "POST",
    headers: { "paypal-request-id": `capture-${orderId}`, prefer: "return=representation" },
    body: "{}",
  });
}

export async function getOrder(account: PaypalAccount, orderId: string): Promise<PaypalOrder> {
  return call(account, `/v2/checkout/orders/${encodeURIComponent(orderId)}`, order, { method: "GET" });
}

/** The first capture of an order, as capture or read back. */
export const captureOf = (o: PaypalOrder): PaypalCapture | null => o.purchase_units?.[0]?.payments?.captures?.[0] ?? null;

export type WebhookHeaders = { authAlgo: string; certUrl: string; transmissionId: string; transmissionSig: string; transmissionTime: string };

/**
 * Asks PayPal whether a webhook delivery is genuine. The event goes back exactly as it arrived (raw text
 * spliced into the JSON): re-serialising it could change numbers or key order and fail verification.
 */
export async function verifyWebhookSignature(
  account: PaypalAccount,
  { webhookId, headers, rawEvent }: { webhookId: string; headers: WebhookHeaders; rawEvent: string },
): Promise<boolean> {
  const envelope = JSON.stringify({
    auth_algo: headers.authAlgo,
    cert_url: headers.certUrl,
    transmission_id: headers.transmissionId,
    transmission_sig: headers.transmissionSig,
    transmission_time: headers.transmissionTime,
    webhook_id: webhookId,
  });
  const body = `${envelope.slice(0, -1)},"webhook_event":${rawEvent}}`;
  const reply = await call(account, "/v1/notifications/verify-webhook-signature", z.object({ verification_status: z.string() }), {
    method: "POST",
    body,
  });
  return reply.verification_status === "SUCCESS";
}

const refund = z.object({ id: z.string().min(1), status: z.string(), amount: money.optional() }).passthrough();

/**
 * Refunds part or all of a capture: COMPLETED, PENDING (e.g. an eCheck not cleared yet), CANCELLED or FAILED.
 * The request id makes PayPal answer a retried call with the first refund instead of refunding twice.
 */
export async function refundCapture(
  account: PaypalAccount,
  input: { captureId: string; currency: string; value: string; requestId: string; note: string },
): Promise<{ id: string; status: string; amount: { currency_code: string; value: string } | null }> {
  const made = await call(account, `/v2/payments/captures/${encodeURIComponent(input.captureId)}/refund`, refund, {
    method: "POST",
    headers: { "paypal-request-id": input.requestId, prefer: "return=representation" },
    body: JSON.stringify({
      amount: { currency_code: input.currency, value: input.value },
      ...(input.note ? { note_to_payer: input.note.slice(0, 255) } : {}),
    }),
  });
  return { id: made.id, status: made.status, amount: made.amount ?? null };
}

/** A signed decimal, as transaction search writes amounts ("-3.50"). */
const signedMoney = z.object({ currency_code: z.string().length(3), value: z.string().regex(/^-?\d+(\.\d+)?$/) });
const transactionRow = z
  .object({
    transaction_id: z.string().min(1),
    transaction_event_code: z.string().regex(/^T\d{4}$/),
    transaction_initiation_date: z.string().refine((value) => !Number.isNaN(Date.parse(value))),
    transaction_amount: signedMoney,
    fee_amount: signedMoney.optional(),
    paypal_reference_id: z.string().optional(),
    paypal_reference_id_type: z.string().optional(),
    transaction_status: z.string().optional(),
  })
  .passthrough();
export type PaypalTransactionRow = z.infer<typeof transactionRow>;

const transactionPage = z.object({
  transaction_details: z.array(z.object({ transaction_info: transactionRow }).passthrough()).default([]),
  total_pages: z.number().int().default(0),
});

/** PayPal answers for at most 31 days at a time. */
const SEARCH_WINDOW_MS = 31 * 24 * 3600 * 1000;
/** The most rows PayPal sends in one page. */
const SEARCH_PAGE_SIZE = 500;
/** A page of 500 rows with every field is a few megabytes. */
const SEARCH_MAX_REPLY_BYTES = 16 * 1024 * 1024;

/**
 * The balance-affecting transactions initiated in [since, until), from transaction search: one
 * call per page per window of at most 31 days. PayPal lists a transaction up to three hours after it happens.
 */
export async function listPaypalTransactions(account: PaypalAccount, input: { since: Date; until: Date }): Promise<PaypalTransactionRow[]> {
  const rows: PaypalTransactionRow[] = [];
  for (let start = input.since.getTime(); start < input.until.getTime(); start += SEARCH_WINDOW_MS) {
    // PayPal's end_date is inclusive: the window stops a millisecond short of where the next one starts.
    const end = Math.min(start + SEARCH_WINDOW_MS, input.until.getTime()) - 1;
    for (let page = 1, pages = 1; page <= pages; page++) {
      const query = new URLSearchParams({
        start_date: new Date(start).toISOString(),
        end_date: new Date(end).toISOString(),
        fields: "all",
        balance_affecting_records_only: "Y",
        page_size: String(SEARCH_PAGE_SIZE),
        page: String(page),
      });
      const reply = await call(account, `/v1/reporting/transactions?${query}`, transactionPage, { method: "GET", maxBytes: SEARCH_MAX_REPLY_BYTES });
      rows.push(...reply.transaction_details.map((detail) => detail.transaction_info));
      pages = reply.total_pages;
    }
  }
  return rows;
}

/** Test support: forget cached tokens. */
export function clearPaypalTokens() {
  tokens.clear();
}
