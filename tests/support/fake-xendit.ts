/*
 * A loopback stand-in for the parts of Xendit we use: Invoices v2 with the hosted payment page, QR codes
 * (api-version 2022-07-31, dynamic QR Ph), refunds and the transactions list, answering with Xendit's field names,
 * status codes and `{ error_code, message }` errors. Payments made on the fake send Xendit's callbacks with the
 * x-callback-token header to the callback URL. Listens on 127.0.0.1, port chosen by the OS; time is `clock`'s.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { clock } from "@/lib/core/clock";

type Channel = "GCASH" | "PAYMAYA" | "GRABPAY" | "QRPH";
type Json = Record<string, unknown>;
export type FakeXenditRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
export type FakeXenditDelivery = { body: Json; status: number | null };

const CHANNEL_LABELS: Record<Channel, string> = { GCASH: "GCash", PAYMAYA: "Maya", GRABPAY: "GrabPay", QRPH: "QR Ph" };
/** Lowest amount per channel, in pesos. */
const MINIMUM: Record<Channel, number> = { GCASH: 1, PAYMAYA: 1, GRABPAY: 1, QRPH: 1 };
/** Xendit's fee in percent of the amount; 12% VAT is charged on the fee. */
const FEE_PERCENT: Record<Channel, number> = { GCASH: 2.3, PAYMAYA: 2.3, GRABPAY: 2.3, QRPH: 1.4 };
const REFUND_REASONS = new Set(["FRAUDULENT", "DUPLICATE", "REQUESTED_BY_CUSTOMER", "CANCELLATION", "OTHERS"]);
const BUSINESS_ID = "5f27a14a9bf05c73dd040bc8";
/** What an invoice callback carries: the invoice without its page URL, expiry or offered channels. */
// prettier-ignore
const INVOICE_CALLBACK_FIELDS = [
  "id", "external_id", "user_id", "payment_method", "status", "merchant_name", "amount", "paid_amount", "paid_at", "payer_email", "description",
  "adjusted_received_amount", "fees_paid_amount", "updated", "created", "currency", "payment_channel", "payment_destination", "payment_id",
  "success_redirect_url", "failure_redirect_url",
];

const isChannel = (value: unknown): value is Channel => typeof value === "string" && value in CHANNEL_LABELS;
const centavos = (pesos: number) => Math.round(pesos * 100);
const pesos = (cents: number) => cents / 100;
const twoDecimals = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && centavos(value) / 100 === value;
const now = () => clock.now().toISOString();
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Xendit's fee and its VAT on a payment, in pesos. */
function feeOf(amount: number, channel: Channel) {
  const fee = centavos((amount * FEE_PERCENT[channel]) / 100);
  const vat = Math.round(fee * 0.12);
  return { xenditFee: pesos(fee), vat: pesos(vat), total: pesos(fee + vat) };
}

export async function startFakeXendit(options: { secretKey: string; callbackToken: string; callbackUrl?: string; refundSettleMs?: number | null }) {
  const requests: FakeXenditRequest[] = [];
  const deliveries: FakeXenditDelivery[] = [];
  const invoices = new Map<string, Json>();
  const qrCodes = new Map<string, Json>();
  const refunds = new Map<string, Json>();
  const transactions: Json[] = [];
  const replays = new Map<string, Json>();
  const timers = new Set<NodeJS.Timeout>();
  let callbackUrl = options.callbackUrl ?? null;
  const refundSettleMs = options.refundSettleMs === undefined ? 500 : options.refundSettleMs;
  const authorization = `Basic ${Buffer.from(`${options.secretKey}:`).toString("base64")}`;

  async function deliver(body: Json, { token }: { token?: string | null } = {}): Promise<FakeXenditDelivery> {
    const sent = token === undefined ? options.callbackToken : token;
    let status: number | null = null;
    if (callbackUrl) {
      try {
        const response = await fetch(callbackUrl, {
          method: "POST",
          headers: { "content-type": "application/json", "webhook-id": randomUUID(), ...(sent === null ? {} : { "x-callback-token": sent }) },
          body: JSON.stringify(body),
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = null;
      }
    }
    const delivery = { body, status };
    deliveries.push(delivery);
    return delivery;
  }

  /** A pending invoice past its expiry is expired when next looked at, as Xendit's page and API show it. */
  function current(invoice: Json): Json {
    if (invoice.status === "PENDING" && Date.parse(String(invoice.expiry_date)) <= clock.ms())
      Object.assign(invoice, { status: "EXPIRED", updated: now() });
    return invoice;
  }

  function addTransaction(fields: Json) {
    const at = now();
    transactions.push({
      id: `txn_${randomUUID()}`,
      account_identifier: null,
      business_id: BUSINESS_ID,
      net_amount_currency: fields.currency,
      settlement_status: "PENDING",
      estimated_settlement_time: new Date(clock.ms() + 24 * 3600_000).toISOString(),
      created: at,
      updated: at,
      ...fields,
    });
  }

  async function payInvoice(id: string, { channel, amount }: { channel: Channel; amount?: number }) {
    const invoice = invoices.get(id);
    if (!invoice) throw new Error(`no invoice ${id} on the fake`);
    if (current(invoice).status !== "PENDING") throw new Error(`invoice ${id} is ${String(invoice.status)}`);
    if (!(invoice.payment_methods as Channel[]).includes(channel)) throw new Error(`invoice ${id} does not offer ${channel}`);
    const paid = amount ?? (invoice.amount as number);
    const fee = feeOf(paid, channel);
    const paymentId = `${channel === "QRPH" ? "qrpy" : "ewc"}_${randomUUID()}`;
    Object.assign(invoice, {
      status: "PAID",
      paid_amount: paid,
      adjusted_received_amount: pesos(centavos(paid) - centavos(fee.total)),
      fees_paid_amount: 0,
      paid_at: now(),
      updated: now(),
      payment_method: channel === "QRPH" ? "QR_CODE" : "EWALLET",
      payment_channel: channel,
      payment_destination: channel,
      payment_id: paymentId,
    });
    addTransaction({
      product_id: id,
      type: "PAYMENT",
      status: "SUCCESS",
      channel_category: channel === "QRPH" ? "QR_CODE" : "EWALLET",
      channel_code: channel === "QRPH" ? "QRPH" : `PH_${channel}`,
      reference_id: invoice.external_id,
      currency: invoice.currency,
      amount: paid,
      net_amount: pesos(centavos(paid) - centavos(fee.total)),
      cashflow: "MONEY_IN",
      fee: { xendit_fee: fee.xenditFee, value_added_tax: fee.vat, xendit_withholding_tax: 0, third_party_withholding_tax: 0, status: "COMPLETED" },
      product_data: { payment_link_id: id },
    });
    const delivery = await deliver({ ...Object.fromEntries(INVOICE_CALLBACK_FIELDS.map((f) => [f, invoice[f]])), is_high: false });
    return { invoice: { ...invoice }, delivery };
  }

  async function payQr(qrId: string, { amount }: { amount?: number } = {}) {
    const qr = qrCodes.get(qrId);
    if (!qr) throw new Error(`no QR code ${qrId} on the fake`);
    if (qr.status !== "ACTIVE" || Date.parse(String(qr.expires_at)) <= clock.ms()) throw new Error(`QR code ${qrId} is no longer active`);
    qr.status = "INACTIVE";
    const paid = amount ?? (qr.amount as number);
    const payment = {
      id: `qrpy_${randomUUID()}`,
      business_id: BUSINESS_ID,
      currency: qr.currency,
      amount: paid,
      status: "SUCCEEDED",
      created: now(),
      qr_id: qr.id,
      qr_string: qr.qr_string,
      reference_id: qr.reference_id,
      type: "DYNAMIC",
      channel_code: "QRPH",
      expires_at: qr.expires_at,
      description: "",
      basket: null,
      metadata: null,
      payment_detail: { receipt_id: randomBytes(6).toString("hex"), source: "GCASH", name: null, account_details: null },
    };
    const fee = feeOf(paid, "QRPH");
    addTransaction({
      product_id: payment.id,
      type: "PAYMENT",
      status: "SUCCESS",
      channel_category: "QR_CODE",
      channel_code: "QRPH",
      reference_id: qr.reference_id,
      currency: qr.currency,
      amount: paid,
      net_amount: pesos(centavos(paid) - centavos(fee.total)),
      cashflow: "MONEY_IN",
      fee: { xendit_fee: fee.xenditFee, value_added_tax: fee.vat, xendit_withholding_tax: 0, third_party_withholding_tax: 0, status: "COMPLETED" },
    });
    const delivery = await deliver({ event: "qr.payment", api_version: "2022-07-31", business_id: BUSINESS_ID, created: now(), data: payment });
    return { payment, delivery };
  }

  async function settleRefund(id: string, status: "SUCCEEDED" | "FAILED") {
    const refund = refunds.get(id);
    if (!refund) throw new Error(`no refund ${id} on the fake`);
    if (refund.status !== "PENDING") return { refund: { ...refund }, delivery: null };
    Object.assign(refund, { status, failure_code: status === "FAILED" ? "REFUND_FAILED" : null, updated: now() });
    if (status === "SUCCEEDED") {
      addTransaction({
        product_id: id,
        type: "REFUND",
        status: "SUCCESS",
        channel_category: "EWALLET",
        channel_code: refund.channel_code,
        reference_id: refund.reference_id,
        currency: refund.currency,
        amount: refund.amount,
        net_amount: refund.amount,
        cashflow: "MONEY_OUT",
        fee: { xendit_fee: 0, value_added_tax: 0, xendit_withholding_tax: 0, third_party_withholding_tax: 0, status: "NOT_APPLICABLE" },
      });
    }
    const event = status === "SUCCEEDED" ? "refund.succeeded" : "refund.failed";
    const delivery = await deliver({ event, business_id: BUSINESS_ID, created: now(), data: { ...refund } });
    return { refund: { ...refund }, delivery };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = url.pathname;
      requests.push({ method: req.method ?? "", path: `${path}${url.search}`, headers: req.headers, body });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, code: string, message: string) => reply(status, { error_code: code, message });
      const page = (status: number, title: string, content: string) => {
        res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${content}</main></body></html>`,
        );
      };
      handle({
        method: req.method ?? "GET",
        path,
        url,
        body,
        headers: req.headers,
        reply,
        error,
        page,
        redirect: (to: string) => {
          res.writeHead(303, { location: to });
          res.end();
        },
      }).catch((e: unknown) => error(500, "SERVER_ERROR", e instanceof Error ? e.message : String(e)));
    });
  });

  async function handle(r: {
    method: string;
    path: string;
    url: URL;
    body: string;
    headers: http.IncomingHttpHeaders;
    reply: (status: number, payload: unknown) => void;
    error: (status: number, code: string, message: string) => void;
    page: (status: number, title: string, content: string) => void;
    redirect: (to: string) => void;
  }) {
    const web = /^\/web\/([^/]+)(\/pay)?$/.exec(r.path);
    if (web) return hostedPage(r, web[1], Boolean(web[2]));
    if (r.headers.authorization !== authorization) return r.error(401, "INVALID_API_KEY", "API key is not authorized for this API service");
    let input: Json = {};
    if (r.method === "POST" && r.body) {
      try {
        input = JSON.parse(r.body) as Json;
      } catch {
        return r.error(400, "INVALID_JSON_FORMAT", "The request body is not a valid JSON format.");
      }
    }
    if (r.method === "POST" && r.path === "/v2/invoices") return createInvoice(r, input);
    const invoice = /^\/v2\/invoices\/([^/]+)$/.exec(r.path);
    if (r.method === "GET" && invoice) {
      const found = invoices.get(invoice[1]);
      return found ? r.reply(200, current(found)) : r.error(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found");
    }
    const expire = /^\/invoices\/([^/]+)\/expire!$/.exec(r.path);
    if (r.method === "POST" && expire) {
      const found = invoices.get(expire[1]);
      if (!found || current(found).status !== "PENDING")
        return r.error(404, "INVOICE_NOT_FOUND_ERROR", "Invoice not found or already paid or expired");
      Object.assign(found, { status: "EXPIRED", expiry_date: now(), updated: now() });
      return r.reply(200, found);
    }
    if (r.method === "POST" && r.path === "/qr_codes") return replayable(r, "qr", input, createQrCode);
    if (r.method === "POST" && r.path === "/refunds") return replayable(r, "refund", input, createRefund);
    if (r.method === "GET" && r.path === "/transactions") return listTransactions(r);
    return r.error(404, "NOT_FOUND", `Could not find ${r.method} ${r.path}`);
  }

  /** Xendit answers a repeated idempotency key with the object the first request created. */
  function replayable(
    r: Parameters<typeof handle>[0],
    kind: string,
    input: Json,
    create: (r: Parameters<typeof handle>[0], input: Json) => Json | null,
  ) {
    const key = r.headers["idempotency-key"];
    const replay = typeof key === "string" ? replays.get(`${kind}:${key}`) : undefined;
    if (replay) return r.reply(kind === "qr" ? 201 : 200, replay);
    const created = create(r, input);
    if (created && typeof key === "string") replays.set(`${kind}:${key}`, created);
    if (created) r.reply(kind === "qr" ? 201 : 200, created);
  }

  function createInvoice(r: Parameters<typeof handle>[0], input: Json) {
    const methods = input.payment_methods ?? Object.keys(CHANNEL_LABELS);
    const duration = input.invoice_duration ?? 86_400;
    if (typeof input.external_id !== "string" || !input.external_id) return r.error(400, "API_VALIDATION_ERROR", '"external_id" is required');
    if (!twoDecimals(input.amount) || input.amount <= 0)
      return r.error(400, "API_VALIDATION_ERROR", '"amount" must be a positive number with at most two decimals');
    if ((input.currency ?? "PHP") !== "PHP")
      return r.error(400, "UNSUPPORTED_CURRENCY", `Currency ${String(input.currency)} is not supported for this business`);
    if (!Array.isArray(methods) || methods.length === 0)
      return r.error(400, "API_VALIDATION_ERROR", '"payment_methods" must contain at least 1 item');
    if (!methods.every(isChannel))
      return r.error(400, "UNAVAILABLE_PAYMENT_METHOD_ERROR", "The payment method choices did not match with the available one on this business");
    if (typeof duration !== "number" || duration < 1 || duration > 31_536_000)
      return r.error(400, "API_VALIDATION_ERROR", '"invoice_duration" must be between 1 and 31536000');
    const lowest = Math.min(...methods.map((m) => MINIMUM[m]));
    if (input.amount < lowest)
      return r.error(400, "AMOUNT_BELOW_MINIMUM_LIMIT", `The amount must be at least ${lowest} PHP for the chosen payment methods`);
    const id = randomBytes(12).toString("hex");
    const invoice: Json = {
      id,
      external_id: input.external_id,
      user_id: BUSINESS_ID,
      status: "PENDING",
      merchant_name: "Fake ISP",
      merchant_profile_picture_url: "https://xnd-companies.s3.amazonaws.com/prod/default.png",
      amount: input.amount,
      payer_email: input.payer_email ?? null,
      description: input.description ?? "",
      expiry_date: new Date(clock.ms() + duration * 1000).toISOString(),
      invoice_url: `${address}/web/${id}`,
      available_banks: [],
      available_retail_outlets: [],
      available_ewallets: methods.filter((m) => m !== "QRPH").map((m) => ({ ewallet_type: m })),
      available_qr_codes: methods.includes("QRPH") ? [{ qr_code_type: "QRPH" }] : [],
      available_direct_debits: [],
      available_paylaters: [],
      should_exclude_credit_card: true,
      should_send_email: false,
      payment_methods: methods,
      success_redirect_url: input.success_redirect_url ?? null,
      failure_redirect_url: input.failure_redirect_url ?? null,
      currency: "PHP",
      customer: input.customer ?? null,
      created: now(),
      updated: now(),
    };
    invoices.set(id, invoice);
    return r.reply(200, invoice);
  }

  function createQrCode(r: Parameters<typeof handle>[0], input: Json): Json | null {
    const expires = typeof input.expires_at === "string" ? Date.parse(input.expires_at) : Number.NaN;
    const fail = (message: string) => (r.error(400, "API_VALIDATION_ERROR", message), null);
    if (r.headers["api-version"] !== "2022-07-31") return fail("api-version header must be 2022-07-31 for QR Ph");
    if (typeof input.reference_id !== "string" || !input.reference_id || input.reference_id.length > 255) return fail('"reference_id" is required');
    if (input.type !== "DYNAMIC") return fail('"type" must be DYNAMIC for QRPH');
    if (input.channel_code !== "QRPH") return fail('"channel_code" must be one of [QRPH]');
    if (input.currency !== "PHP") return fail('"currency" must be one of [PHP]');
    if (!twoDecimals(input.amount) || input.amount <= 0) return fail('"amount" must be a positive number with at most two decimals');
    if (input.amount < MINIMUM.QRPH) return fail(`"amount" must be greater than or equal to ${MINIMUM.QRPH}`);
    if (!Number.isFinite(expires) || expires <= clock.ms()) return fail('"expires_at" must be a date in the future');
    const qr: Json = {
      id: `qr_${randomUUID()}`,
      business_id: BUSINESS_ID,
      reference_id: input.reference_id,
      type: "DYNAMIC",
      currency: "PHP",
      channel_code: "QRPH",
      amount: input.amount,
      status: "ACTIVE",
      qr_string: `00020101021228760011ph.ppmi.p2m0111XNDTPHM2XXX0324${randomBytes(12).toString("hex")}5204601653036085406${input.amount}5802PH6304`,
      expires_at: new Date(expires).toISOString(),
      description: null,
      metadata: null,
      created: now(),
      updated: now(),
    };
    qrCodes.set(String(qr.id), qr);
    return qr;
  }

  function createRefund(r: Parameters<typeof handle>[0], input: Json): Json | null {
    const fail = (status: number, code: string, message: string) => (r.error(status, code, message), null);
    if (typeof input.reason !== "string" || !REFUND_REASONS.has(input.reason))
      return fail(400, "API_VALIDATION_ERROR", '"reason" must be one of the refund reasons');
    if (typeof input.invoice_id !== "string" && typeof input.payment_request_id !== "string")
      return fail(400, "API_VALIDATION_ERROR", '"payment_request_id" or "invoice_id" is required');
    const invoice = typeof input.invoice_id === "string" ? invoices.get(input.invoice_id) : undefined;
    if (!invoice) return fail(404, "DATA_NOT_FOUND", "The payment to refund was not found");
    if (input.amount !== undefined && (!twoDecimals(input.amount) || input.amount <= 0))
      return fail(400, "API_VALIDATION_ERROR", '"amount" must be greater than 0');
    if (input.currency !== undefined && input.currency !== invoice.currency)
      return fail(400, "API_VALIDATION_ERROR", '"currency" does not match the payment');
    if (invoice.status !== "PAID" && invoice.status !== "SETTLED")
      return fail(400, "INELIGIBLE_TRANSACTION_STATUS", "The payment is not in a state that can be refunded");
    const earlier = [...refunds.values()].filter((x) => x.invoice_id === invoice.id && x.status !== "FAILED");
    if (earlier.some((x) => x.status === "PENDING"))
      return fail(400, "REFUND_IN_PROGRESS", "Please wait for the pending refund request to be completed before initiating a new one.");
    const refunded = earlier.reduce((sum, x) => sum + centavos(x.amount as number), 0);
    const refundable = centavos(invoice.paid_amount as number) - refunded;
    const amount = input.amount === undefined ? pesos(refundable) : (input.amount as number);
    if (centavos(amount) > refundable)
      return fail(
        400,
        "REFUND_AMOUNT_EXCEEDED",
        "Refund amount specified in refund request must be less than or equal to unrefunded capture amount.",
      );
    const refund: Json = {
      id: `rfd-${randomUUID()}`,
      payment_request_id: null,
      payment_id: invoice.payment_id,
      invoice_id: invoice.id,
      payment_method_type: invoice.payment_channel === "QRPH" ? "QR_CODE" : "EWALLET",
      reference_id: input.reference_id ?? null,
      channel_code: invoice.payment_channel,
      currency: invoice.currency,
      amount,
      status: "PENDING",
      reason: input.reason,
      failure_code: null,
      refund_fee_amount: null,
      metadata: null,
      created: now(),
      updated: now(),
    };
    refunds.set(String(refund.id), refund);
    if (refundSettleMs !== null) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void settleRefund(String(refund.id), "SUCCEEDED");
      }, refundSettleMs);
      timer.unref();
      timers.add(timer);
    }
    return { ...refund };
  }

  function listTransactions(r: Parameters<typeof handle>[0]) {
    const q = r.url.searchParams;
    const gte = q.get("created[gte]");
    const lte = q.get("created[lte]");
    const limit = Number(q.get("limit") ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) return r.error(400, "API_VALIDATION_ERROR", '"limit" must be between 1 and 50');
    // Newest first, as Xendit orders them.
    const matching = transactions
      .filter((t) => (!gte || String(t.created) >= new Date(gte).toISOString()) && (!lte || String(t.created) <= new Date(lte).toISOString()))
      .reverse();
    const afterId = q.get("after_id");
    const start = afterId ? matching.findIndex((t) => t.id === afterId) + 1 : 0;
    if (afterId && start === 0) return r.error(400, "API_VALIDATION_ERROR", '"after_id" is not a transaction in this list');
    const data = matching.slice(start, start + limit);
    const hasMore = start + limit < matching.length;
    const next = new URLSearchParams(q);
    if (hasMore) next.set("after_id", String(data.at(-1)?.id));
    return r.reply(200, { has_more: hasMore, data, links: hasMore ? [{ href: `/transactions?${next}`, method: "GET", rel: "next" }] : [] });
  }

  async function hostedPage(r: Parameters<typeof handle>[0], id: string, paying: boolean) {
    const invoice = invoices.get(id);
    if (!invoice) return r.page(404, "Invoice not found", "<p>This payment link does not exist.</p>");
    const status = current(invoice).status;
    if (status === "EXPIRED") return r.page(200, "This invoice has expired", "<p>This payment link has expired. Ask the merchant for a new one.</p>");
    if (status !== "PENDING") return r.page(200, "This invoice has been paid", "<p>Thank you, the payment was received.</p>");
    if (paying && r.method === "POST") {
      const channel = new URLSearchParams(r.body).get("channel");
      if (!isChannel(channel) || !(invoice.payment_methods as Channel[]).includes(channel))
        return r.page(400, "Payment method not available", "<p>Choose one of the offered payment methods.</p>");
      await payInvoice(id, { channel });
      return r.redirect(String(invoice.success_redirect_url ?? `${address}/web/${id}`));
    }
    const buttons = (invoice.payment_methods as Channel[])
      .map((m) => `<button type="submit" name="channel" value="${m}">Pay with ${CHANNEL_LABELS[m]}</button>`)
      .join("");
    const cancel = invoice.failure_redirect_url
      ? `<p><a href="${escapeHtml(String(invoice.failure_redirect_url))}">Cancel and return to the merchant</a></p>`
      : "";
    const amount = new Intl.NumberFormat("en-PH", { style: "currency", currency: "PHP" }).format(invoice.amount as number);
    return r.page(
      200,
      `Pay ${amount} to ${escapeHtml(String(invoice.merchant_name))}`,
      `<p>${escapeHtml(String(invoice.description))}</p><form method="post" action="/web/${id}/pay">${buttons}</form>${cancel}`,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: address,
    requests,
    deliveries,
    payInvoice,
    payQr,
    settleRefund,
    deliver,
    setCallbackUrl(url: string | null) {
      callbackUrl = url;
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
