/*
 * Xendit's REST API over `fetch`: hosted invoices (GCash, Maya, GrabPay, QR Ph), dynamic QR Ph codes, refunds and
 * the transactions list, plus the callbacks Xendit sends back. Xendit's Node SDK pulls in its own HTTP stack, so
 * the few calls we need are written here and every one goes through `outboundFetch`. Replies are parsed with zod;
 * every failure (Xendit's refusal, an unexpected reply, no connection) is a `XenditApiError` carrying Xendit's
 * `error_code`, never the secret key.
 */
import "server-only";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { hostAllowedByOperator, OutboundError, outboundFetch, type OutboundFailure } from "@/lib/core/outbound";
import { normalizeBaseUrl } from "@/lib/core/urls";

export type XenditAccount = { secretKey: string; apiBaseUrl: string | null };

export class XenditApiError extends Error {
  constructor(
    readonly status: number,
    /** Xendit's `error_code` (API_VALIDATION_ERROR, REFUND_AMOUNT_EXCEEDED), or ours for no answer (UNREACHABLE). */
    readonly code: string | null,
    /** Xendit's `message`, for the log. */
    readonly detail: string | null,
  ) {
    super(`Xendit answered ${status}${code ? ` ${code}` : ""}`);
    this.name = "XenditApiError";
  }
}

export type XenditChannel = "GCASH" | "PAYMAYA" | "GRABPAY" | "QRPH";

export type XenditInvoice = {
  id: string;
  externalId: string;
  status: "PENDING" | "PAID" | "SETTLED" | "EXPIRED";
  /** Centavos, like every amount below. */
  amount: number;
  paidAmount: number | null;
  currency: string;
  invoiceUrl: string;
  expiresAt: Date | null;
  paidAt: Date | null;
  paymentChannel: string | null;
  paymentMethod: string | null;
  feeCentavos: number | null;
  paymentId: string | null;
};

export type XenditTransaction = {
  id: string;
  type: string;
  status: string;
  channelCode: string | null;
  referenceId: string | null;
  productId: string | null;
  amount: number;
  /** xendit_fee + value_added_tax. */
  fee: number;
  net: number;
  currency: string;
  settlementStatus: string | null;
  createdAt: Date;
  settledAt: Date | null;
};

export const DEFAULT_XENDIT_BASE_URL = "https://api.xendit.co";
const TIMEOUT_MS = 20_000;
/** Xendit's replies are small JSON documents; a transactions page of 50 is well under this. */
const MAX_REPLY_BYTES = 1024 * 1024;
const TRANSACTIONS_PAGE = 50;
/** Far more pages than a reconciliation window holds: a guard against a reply that always says has_more. */
const MAX_TRANSACTION_PAGES = 1000;
const QR_API_VERSION = "2022-07-31";

const xenditCodeOf: Record<OutboundFailure, string> = {
  refused: "REFUSED_HOST",
  redirect: "REFUSED_HOST",
  timeout: "TIMEOUT",
  unreachable: "UNREACHABLE",
  too_large: "UNEXPECTED_REPLY",
};

/** Centavos → Xendit's decimal pesos (149950 → 1499.5); n / 100 is correctly rounded, so the JSON number is the exact decimal. */
export const toXenditAmount = (centavos: number): number => {
  if (!Number.isSafeInteger(centavos)) throw new RangeError("amounts are whole centavos");
  return centavos / 100;
};

function centavosOf(amount: number): number | null {
  if (!Number.isFinite(amount)) return null;
  const centavos = Math.round(amount * 100);
  return Number.isSafeInteger(centavos) && centavos / 100 === amount ? centavos : null;
}

/** Xendit's decimal pesos → centavos (1499.5 → 149950); a fraction of a centavo is refused, not rounded away. */
export const fromXenditAmount = (amount: number): number => {
  const centavos = centavosOf(amount);
  if (centavos === null) throw new RangeError(`${amount} is not a whole number of centavos`);
  return centavos;
};

/**
 * Why the server must not call this Xendit base URL, or null. Callbacks are public and the tenant chooses the
 * base URL, so anything but Xendit itself would let a tenant make the server call a host of their choosing.
 */
export function xenditBaseUrlProblem(base: string): string | null {
  const host = new URL(base).hostname.toLowerCase();
  if (host === "api.xendit.co" || hostAllowedByOperator(host)) return null;
  return "Xendit's API is at https://api.xendit.co; NetSphere calls no other host for Xendit.";
}

const baseOf = (account: XenditAccount) => normalizeBaseUrl(account.apiBaseUrl ?? DEFAULT_XENDIT_BASE_URL);

/** Xendit's own message, minus the key should it ever be echoed back. */
const scrubbed = (text: string | undefined, account: XenditAccount) => (text ? text.split(account.secretKey).join("[secret key]") : null);

const errorReply = z.object({ error_code: z.string().optional(), message: z.string().optional() }).passthrough();

/** One call under the outbound rules; Basic auth with the secret key as user name and an empty password. */
async function call<T>(
  account: XenditAccount,
  path: string,
  schema: z.ZodType<T>,
  init: { method: "GET" | "POST"; body?: unknown; headers?: Record<string, string> },
): Promise<T> {
  const url = `${baseOf(account)}${path}`;
  if (xenditBaseUrlProblem(url)) throw new XenditApiError(503, "REFUSED_HOST", null);
  let response: Response;
  try {
    response = await outboundFetch(
      url,
      {
        method: init.method,
        headers: {
          authorization: `Basic ${Buffer.from(`${account.secretKey}:`).toString("base64")}`,
          accept: "application/json",
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      },
      { timeoutMs: TIMEOUT_MS, maxBytes: MAX_REPLY_BYTES },
    );
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    throw new XenditApiError(503, xenditCodeOf[error.reason], null);
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const body = errorReply.safeParse(json);
    throw new XenditApiError(
      response.status,
      body.success ? (body.data.error_code ?? null) : null,
      body.success ? scrubbed(body.data.message, account) : null,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new XenditApiError(502, "UNEXPECTED_REPLY", null);
  return parsed.data;
}

/** A decimal amount (Xendit sends numbers, and strings in some refund replies) as centavos. */
const amount = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .transform((value, ctx) => {
    const centavos = centavosOf(value);
    if (centavos === null) ctx.addIssue({ code: "custom", message: "not a whole number of centavos" });
    return centavos ?? 0;
  });
const instant = z.string().transform((value, ctx) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) ctx.addIssue({ code: "custom", message: "not a date" });
  return date;
});
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value || null);

const invoiceReply = z
  .object({
    id: z.string().min(1),
    external_id: z.string(),
    status: z.enum(["PENDING", "PAID", "SETTLED", "EXPIRED"]),
    amount,
    paid_amount: amount.nullish(),
    /** Paid amount less Xendit's fee and its VAT: how Xendit reports the fee on an invoice. */
    adjusted_received_amount: amount.nullish(),
    currency: z.string(),
    // Callbacks leave out the hosted page's URL and expiry; replies to our calls always have them.
    invoice_url: z.string().optional(),
    expiry_date: instant.nullish(),
    paid_at: instant.nullish(),
    payment_channel: optionalText,
    payment_method: optionalText,
    payment_id: optionalText,
  })
  .transform((i): XenditInvoice => ({
    id: i.id,
    externalId: i.external_id,
    status: i.status,
    amount: i.amount,
    paidAmount: i.paid_amount ?? null,
    currency: i.currency,
    invoiceUrl: i.invoice_url ?? "",
    expiresAt: i.expiry_date ?? null,
    paidAt: i.paid_at ?? null,
    paymentChannel: i.payment_channel,
    paymentMethod: i.payment_method,
    feeCentavos: i.paid_amount != null && i.adjusted_received_amount != null ? i.paid_amount - i.adjusted_received_amount : null,
    paymentId: i.payment_id,
  }));

/** Invoices API v2: a hosted page offering only the given channels, for `amount` centavos. */
export async function createInvoice(
  account: XenditAccount,
  input: {
    externalId: string;
    amount: number;
    currency: string;
    description: string;
    channels: XenditChannel[];
    successUrl: string;
    failureUrl: string;
    durationSeconds: number;
    customer: { name: string; email?: string | null };
  },
): Promise<XenditInvoice> {
  return call(account, "/v2/invoices", invoiceReply, {
    method: "POST",
    body: {
      external_id: input.externalId,
      amount: toXenditAmount(input.amount),
      currency: input.currency,
      description: input.description,
      payment_methods: input.channels,
      success_redirect_url: input.successUrl,
      failure_redirect_url: input.failureUrl,
      invoice_duration: input.durationSeconds,
      customer: { given_names: input.customer.name, ...(input.customer.email ? { email: input.customer.email } : {}) },
      ...(input.customer.email ? { payer_email: input.customer.email } : {}),
    },
  });
}

export async function getInvoice(account: XenditAccount, id: string): Promise<XenditInvoice> {
  return call(account, `/v2/invoices/${encodeURIComponent(id)}`, invoiceReply, { method: "GET" });
}

export async function expireInvoice(account: XenditAccount, id: string): Promise<void> {
  await call(account, `/invoices/${encodeURIComponent(id)}/expire!`, z.unknown(), { method: "POST" });
}

const qrCodeReply = z.object({ id: z.string().min(1), qr_string: z.string().min(1), expires_at: instant, status: z.string() });

/** A dynamic QR Ph code for `amount` centavos; the idempotency key makes a retried create answer with the first code. */
export async function createQrCode(
  account: XenditAccount,
  input: { referenceId: string; amount: number; currency: string; expiresAt: Date; idempotencyKey: string },
): Promise<{ id: string; qrString: string; expiresAt: Date; status: string }> {
  const qr = await call(account, "/qr_codes", qrCodeReply, {
    method: "POST",
    headers: { "api-version": QR_API_VERSION, "idempotency-key": input.idempotencyKey },
    body: {
      reference_id: input.referenceId,
      type: "DYNAMIC",
      currency: input.currency,
      amount: toXenditAmount(input.amount),
      channel_code: "QRPH",
      expires_at: input.expiresAt.toISOString(),
    },
  });
  return { id: qr.id, qrString: qr.qr_string, expiresAt: qr.expires_at, status: qr.status };
}

// A cancelled refund will never pay out, which is what FAILED means to us.
const refundStatus = z.enum(["PENDING", "SUCCEEDED", "FAILED", "CANCELLED"]).transform((s) => (s === "CANCELLED" ? "FAILED" : s));
const refundReply = z.object({ id: z.string().min(1), status: refundStatus, amount, failure_code: optionalText });

export async function createRefund(
  account: XenditAccount,
  input: {
    invoiceId?: string;
    paymentRequestId?: string;
    referenceId: string;
    amount: number;
    currency: string;
    reason: "REQUESTED_BY_CUSTOMER" | "DUPLICATE" | "FRAUDULENT" | "OTHERS";
    idempotencyKey: string;
  },
): Promise<{ id: string; status: "PENDING" | "SUCCEEDED" | "FAILED"; amount: number; failureCode: string | null }> {
  const refund = await call(account, "/refunds", refundReply, {
    method: "POST",
    headers: { "idempotency-key": input.idempotencyKey },
    body: {
      ...(input.invoiceId ? { invoice_id: input.invoiceId } : {}),
      ...(input.paymentRequestId ? { payment_request_id: input.paymentRequestId } : {}),
      reference_id: input.referenceId,
      amount: toXenditAmount(input.amount),
      currency: input.currency,
      reason: input.reason,
    },
  });
  return { id: refund.id, status: refund.status, amount: refund.amount, failureCode: refund.failure_code };
}

const SETTLED = new Set(["SETTLED", "EARLY_SETTLED"]);
const transaction = z
  .object({
    id: z.string().min(1),
    type: z.string(),
    status: z.string(),
    channel_code: optionalText,
    reference_id: optionalText,
    product_id: optionalText,
    amount,
    net_amount: amount,
    currency: z.string(),
    settlement_status: optionalText,
    estimated_settlement_time: instant.nullish(),
    created: instant,
    fee: z.object({ xendit_fee: amount, value_added_tax: amount }).passthrough(),
  })
  .transform((t): XenditTransaction => ({
    id: t.id,
    type: t.type,
    status: t.status,
    channelCode: t.channel_code,
    referenceId: t.reference_id,
    productId: t.product_id,
    amount: t.amount,
    fee: t.fee.xendit_fee + t.fee.value_added_tax,
    net: t.net_amount,
    currency: t.currency,
    settlementStatus: t.settlement_status,
    createdAt: t.created,
    // Xendit reports only the estimated settlement time; once the money is settled that is when it was.
    settledAt: t.settlement_status && SETTLED.has(t.settlement_status) ? (t.estimated_settlement_time ?? null) : null,
  }));
const transactionsPage = z.object({ has_more: z.boolean(), data: z.array(transaction) });

/** Every transaction created in [since, until], all pages. */
export async function listTransactions(account: XenditAccount, input: { since: Date; until: Date }): Promise<XenditTransaction[]> {
  const all: XenditTransaction[] = [];
  let afterId: string | null = null;
  for (let pages = 0; pages < MAX_TRANSACTION_PAGES; pages++) {
    const query = new URLSearchParams({
      "created[gte]": input.since.toISOString(),
      "created[lte]": input.until.toISOString(),
      limit: String(TRANSACTIONS_PAGE),
    });
    if (afterId) query.set("after_id", afterId);
    const page = await call(account, `/transactions?${query}`, transactionsPage, { method: "GET" });
    all.push(...page.data);
    const last = page.data.at(-1)?.id ?? null;
    if (!page.has_more) return all;
    if (!last || last === afterId) throw new XenditApiError(502, "UNEXPECTED_REPLY", null);
    afterId = last;
  }
  throw new XenditApiError(502, "UNEXPECTED_REPLY", null);
}

/** Whether the x-callback-token header is the ISP's verification token, compared in constant time. */
export function verifyXenditCallback(header: string | null, token: string): boolean {
  if (!header || !token) return false;
  const given = Buffer.from(header, "utf8");
  const expected = Buffer.from(token, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const qrPaymentCallback = z.object({
  event: z.literal("qr.payment"),
  data: z.object({
    id: z.string().min(1),
    qr_id: z.string().min(1),
    reference_id: z.string(),
    status: z.string(),
    amount,
    currency: z.string(),
    created: instant.nullish(),
  }),
});
const refundCallback = z.object({
  event: z.enum(["refund.succeeded", "refund.failed"]),
  data: z.object({ id: z.string().min(1), amount, failure_code: optionalText }),
});

export type XenditCallback =
  | { kind: "invoice"; id: string; invoice: XenditInvoice }
  | {
      kind: "qr_payment";
      id: string;
      qrId: string;
      referenceId: string;
      paymentId: string;
      status: string;
      amount: number;
      currency: string;
      paidAt: Date | null;
      fee: number | null;
    }
  | { kind: "refund"; id: string; refundId: string; status: "SUCCEEDED" | "FAILED"; amount: number; failureCode: string | null };

/**
 * A callback body as one of the three kinds we act on, or null. Invoice callbacks have no `event` and are sent
 * once per outcome (paid, expired), so the invoice id is their idempotency key; a QR payment and a refund
 * outcome are keyed by the payment's and the refund's id.
 */
export function parseXenditCallback(rawBody: string): XenditCallback | null {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  if (!("event" in body)) {
    const invoice = invoiceReply.safeParse(body);
    return invoice.success ? { kind: "invoice", id: invoice.data.id, invoice: invoice.data } : null;
  }
  const qr = qrPaymentCallback.safeParse(body);
  if (qr.success) {
    const p = qr.data.data;
    // The QR payment callback carries no fee; it comes with the PAYMENT transaction (listTransactions).
    return {
      kind: "qr_payment",
      id: p.id,
      qrId: p.qr_id,
      referenceId: p.reference_id,
      paymentId: p.id,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      paidAt: p.created ?? null,
      fee: null,
    };
  }
  const refund = refundCallback.safeParse(body);
  if (!refund.success) return null;
  const r = refund.data;
  return {
    kind: "refund",
    id: r.data.id,
    refundId: r.data.id,
    status: r.event === "refund.succeeded" ? "SUCCEEDED" : "FAILED",
    amount: r.data.amount,
    failureCode: r.data.failure_code,
  };
}
