/*
 * A loopback stand-in for PayMongo: checkout sessions with a hosted page a browser test can click through,
 * QR Ph payment intents, payments with PayMongo's fees, refunds that settle a moment later, the payments list,
 * webhook registration, and webhooks signed as PayMongo signs them (Paymongo-Signature t, te, li). Bodies,
 * error shapes (`{ errors: [{ code, detail, source }] }`) and status codes follow PayMongo's API reference.
 * Listens on 127.0.0.1, port chosen by the OS; time comes from the app's clock.
 */
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { clock } from "@/lib/core/clock";
import type { PaymongoMethod } from "@/lib/payments/paymongo-api";

export type FakePaymongoRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
type Json = Record<string, unknown>;
type Webhook = { url: string; secret: string; livemode?: boolean };
type Session = {
  id: string;
  intentId: string;
  amount: number;
  currency: string;
  lineItems: Json[];
  methods: PaymongoMethod[];
  attributes: Json;
  status: "active" | "expired";
  paidAt: number | null;
  createdAt: number;
};
type Intent = {
  id: string;
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string> | null;
  allowed: string[];
  status: string;
  clientKey: string;
  nextAction: Json | null;
  paymentIds: string[];
  createdAt: number;
};
type Payment = {
  id: string;
  amount: number;
  currency: string;
  fee: number;
  method: string;
  status: "paid" | "failed";
  intentId: string;
  description: string | null;
  metadata: Record<string, string> | null;
  failedMessage: string | null;
  refundIds: string[];
  createdAt: number;
  paidAt: number | null;
};
type Refund = {
  id: string;
  paymentId: string;
  amount: number;
  reason: string;
  notes: string | null;
  status: "pending" | "succeeded" | "failed";
  createdAt: number;
};
export type FakePaymongoEvent = { id: string; type: string; body: string; delivered: { status: number; t: number }[] };

const LABELS: Record<PaymongoMethod, string> = { gcash: "GCash", paymaya: "Maya", grab_pay: "GrabPay", qrph: "QR Ph", card: "Card" };
/** What a checkout session echoes back of what it was created with, besides line items and methods. */
const SESSION_FIELDS = ["description", "reference_number", "success_url", "cancel_url", "send_email_receipt", "show_description", "show_line_items"];
const REFUND_REASONS = new Set(["duplicate", "fraudulent", "requested_by_customer", "others"]);
/** A 1×1 PNG: what matters to callers is that PayMongo answers with a data: URL, not what the QR encodes. */
const QR_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const idOf = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(clock.ms() / 1000);
const error = (code: string, detail: string, attribute?: string) => ({
  errors: [{ code, detail, ...(attribute ? { source: { pointer: attribute, attribute } } : {}) }],
});
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** PayMongo's published rates: e-wallets and QR Ph 2.5%, cards 3.5% + ₱15. */
export const paymongoFee = (method: string, amount: number) => (method === "card" ? Math.round(amount * 0.035) + 1500 : Math.round(amount * 0.025));

class Refusal {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {}
}
const refuse = (status: number, code: string, detail: string, attribute?: string): never => {
  throw new Refusal(status, error(code, detail, attribute));
};
const required = <T>(attributes: Json, name: string): T =>
  attributes[name] === undefined || attributes[name] === null || attributes[name] === ""
    ? refuse(400, "parameter_required", `${name} is required.`, name)
    : (attributes[name] as T);

export async function startFakePaymongo({
  secretKey,
  webhook,
  refundSettleMs = 50,
  maxListLimit = 100,
}: {
  secretKey: string;
  webhook?: Webhook;
  /** When a pending refund succeeds by itself; null leaves it to settleRefund(). */
  refundSettleMs?: number | null;
  /** PayMongo's largest page is 100; a test of paging can make pages smaller. */
  maxListLimit?: number;
}) {
  const livemode = secretKey.startsWith("sk_live_");
  const requests: FakePaymongoRequest[] = [];
  const sessions = new Map<string, Session>();
  const intents = new Map<string, Intent>();
  const methods = new Map<string, { type: string; billing: Json | null }>();
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund>();
  const replays = new Map<string, { status: number; body: Json }>();
  const refundsLog: Refund[] = [];
  const events: FakePaymongoEvent[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let hook: Webhook | null = webhook ?? null;
  let url = "";

  const refundView = (r: Refund) => ({
    id: r.id,
    type: "refund",
    attributes: {
      amount: r.amount,
      balance_transaction_id: null,
      currency: payments.get(r.paymentId)!.currency,
      livemode,
      metadata: null,
      notes: r.notes,
      payment_id: r.paymentId,
      payout_id: null,
      reason: r.reason,
      status: r.status,
      available_at: null,
      created_at: r.createdAt,
      refunded_at: r.status === "succeeded" ? r.createdAt : null,
      updated_at: r.createdAt,
    },
  });
  const paymentView = (p: Payment) => ({
    id: p.id,
    type: "payment",
    attributes: {
      access_url: null,
      amount: p.amount,
      balance_transaction_id: p.status === "paid" ? `bal_txn_${p.id.slice(4)}` : null,
      billing: null,
      currency: p.currency,
      description: p.description,
      disputed: false,
      external_reference_number: null,
      fee: p.fee,
      foreign_fee: 0,
      livemode,
      net_amount: p.amount - p.fee,
      origin: "api",
      payment_intent_id: p.intentId,
      payout: null,
      source: { id: `src_${p.id.slice(4)}`, type: p.method },
      statement_descriptor: "NETSPHERE",
      status: p.status,
      tax_amount: null,
      metadata: p.metadata,
      refunds: p.refundIds.map((id) => refundView(refunds.get(id)!)),
      taxes: [],
      failed_code: p.status === "failed" ? "payment_failed" : null,
      failed_message: p.failedMessage,
      available_at: p.paidAt,
      created_at: p.createdAt,
      credited_at: null,
      paid_at: p.paidAt,
      updated_at: p.paidAt ?? p.createdAt,
    },
  });
  const intentView = (i: Intent) => ({
    id: i.id,
    type: "payment_intent",
    attributes: {
      amount: i.amount,
      capture_type: "automatic",
      client_key: i.clientKey,
      currency: i.currency,
      description: i.description,
      livemode,
      statement_descriptor: "NETSPHERE",
      status: i.status,
      last_payment_error: null,
      payment_method_allowed: i.allowed,
      payments: i.paymentIds.map((id) => paymentView(payments.get(id)!)),
      next_action: i.nextAction,
      payment_method_options: null,
      metadata: i.metadata,
      setup_future_usage: null,
      created_at: i.createdAt,
      updated_at: i.createdAt,
    },
  });
  const sessionView = (s: Session) => {
    const intent = intents.get(s.intentId)!;
    return {
      id: s.id,
      type: "checkout_session",
      attributes: {
        billing: null,
        billing_information_fields_editable: "enabled",
        checkout_url: `${url}/checkout/${s.id}`,
        client_key: intent.clientKey,
        customer_email: null,
        line_items: s.lineItems,
        livemode,
        merchant: "NetSphere test merchant",
        payment_intent: intentView(intent),
        payment_method_types: s.methods,
        payments: intent.paymentIds.map((id) => paymentView(payments.get(id)!)),
        status: s.status,
        ...s.attributes,
        paid_at: s.paidAt,
        created_at: s.createdAt,
        updated_at: s.paidAt ?? s.createdAt,
      },
    };
  };

  function sign(body: string, t: number, target: Webhook) {
    const hmac = createHmac("sha256", target.secret).update(`${t}.${body}`).digest("hex");
    const live = target.livemode ?? livemode;
    return `t=${t},te=${live ? "" : hmac},li=${live ? hmac : ""}`;
  }

  /** Sends one event as PayMongo does; a test can move the timestamp, spoil the signature or sign with another secret. */
  async function deliver(options: {
    event: FakePaymongoEvent;
    t?: number;
    signature?: string;
    secret?: string;
    body?: string;
  }): Promise<{ status: number; body: string }> {
    if (!hook) throw new Error("The fake PayMongo has no webhook URL to deliver to");
    const t = options.t ?? now();
    const body = options.body ?? options.event.body;
    const signature = options.signature ?? sign(body, t, { ...hook, secret: options.secret ?? hook.secret });
    try {
      const response = await fetch(hook.url, {
        method: "POST",
        headers: { "content-type": "application/json", "paymongo-signature": signature },
        body,
      });
      options.event.delivered.push({ status: response.status, t });
      return { status: response.status, body: await response.text() };
    } catch {
      options.event.delivered.push({ status: 0, t });
      return { status: 0, body: "" };
    }
  }

  function record(type: string, resource: unknown): FakePaymongoEvent {
    const id = idOf("evt");
    const created = now();
    const body = JSON.stringify({
      data: {
        id,
        type: "event",
        attributes: { type, livemode, data: resource, previous_data: {}, pending_webhooks: hook ? 1 : 0, created_at: created, updated_at: created },
      },
    });
    const event = { id, type, body, delivered: [] };
    events.push(event);
    return event;
  }

  /** Records the events and sends them in order, now or after `delay` ms (a webhook that arrives late). */
  async function emit(list: FakePaymongoEvent[], delay?: number) {
    if (!hook) return;
    const send = async () => {
      for (const event of list) await deliver({ event });
    };
    if (delay === undefined) return send();
    const timer = setTimeout(() => {
      timers.delete(timer);
      void send();
    }, delay);
    timers.add(timer);
  }

  const intentOf = (id: string) =>
    intents.get(sessions.get(id)?.intentId ?? id) ?? refuse(404, "resource_not_found", `No such payment intent or checkout session ${id}.`);

  function newPayment(intent: Intent, method: string, amount: number, status: Payment["status"], failedMessage: string | null): Payment {
    const createdAt = now();
    const payment: Payment = {
      id: idOf("pay"),
      amount,
      currency: intent.currency,
      fee: status === "paid" ? paymongoFee(method, amount) : 0,
      method,
      status,
      intentId: intent.id,
      description: intent.description,
      metadata: intent.metadata,
      failedMessage,
      refundIds: [],
      createdAt,
      paidAt: status === "paid" ? createdAt : null,
    };
    payments.set(payment.id, payment);
    intent.paymentIds.push(payment.id);
    return payment;
  }

  /** The customer pays a checkout session (cs_…) or a QR Ph intent (pi_…): payment, then the webhooks PayMongo sends. */
  async function pay(idOrIntent: string, options: { method?: PaymongoMethod; amount?: number; delay?: number } = {}) {
    const session = [...sessions.values()].find((s) => s.id === idOrIntent || s.intentId === idOrIntent);
    const intent = intentOf(idOrIntent);
    const method = options.method ?? (session ? session.methods[0] : (intent.allowed[0] as PaymongoMethod));
    const payment = newPayment(intent, method, options.amount ?? intent.amount, "paid", null);
    intent.status = "succeeded";
    intent.nextAction = null;
    const list: FakePaymongoEvent[] = [];
    if (session) {
      session.paidAt = payment.paidAt;
      list.push(record("checkout_session.payment.paid", sessionView(session)));
    }
    list.push(record("payment.paid", paymentView(payment)));
    await emit(list, options.delay);
    return paymentView(payment);
  }

  async function fail(id: string, message: string) {
    const intent = intentOf(id);
    const payment = newPayment(intent, intent.allowed[0], intent.amount, "failed", message);
    intent.status = "awaiting_payment_method";
    await emit([record("payment.failed", paymentView(payment))]);
    return paymentView(payment);
  }

  async function settleRefund(id: string, status: "succeeded" | "failed") {
    const refund = refunds.get(id);
    if (!refund || refund.status !== "pending") return;
    refund.status = status;
    const list = [record("payment.refund.updated", refundView(refund))];
    if (status === "succeeded") list.push(record("payment.refunded", paymentView(payments.get(refund.paymentId)!)));
    await emit(list);
  }

  function createSession(a: Json): Json {
    const lineItems = required<Json[]>(a, "line_items");
    const types = required<string[]>(a, "payment_method_types");
    if (!Array.isArray(lineItems) || lineItems.length === 0) refuse(400, "parameter_required", "line_items is required.", "line_items");
    for (const [index, item] of lineItems.entries()) {
      for (const field of ["name", "amount", "currency", "quantity"]) required(item, field);
      if (!Number.isInteger(item.amount))
        refuse(400, "parameter_data_type_invalid", `line_items[${index}].amount should be an integer.`, "line_items");
    }
    const unknown = types.find((t) => !(t in LABELS));
    if (unknown) refuse(400, "parameter_invalid", `The payment method type ${unknown} is not supported.`, "payment_method_types");
    const amount = lineItems.reduce((sum, item) => sum + (item.amount as number) * (item.quantity as number), 0);
    if (amount < 2000) refuse(400, "parameter_below_minimum", "The minimum value for the amount is 2000.", "line_items");
    const metadata = (a.metadata as Record<string, string> | undefined) ?? null;
    const intent = newIntent({
      amount,
      currency: lineItems[0].currency as string,
      description: (a.description as string) ?? null,
      metadata,
      allowed: types,
    });
    const attributes = Object.fromEntries(SESSION_FIELDS.filter((field) => field in a).map((field) => [field, a[field]]));
    const session: Session = {
      id: idOf("cs"),
      intentId: intent.id,
      amount,
      currency: intent.currency,
      lineItems: lineItems.map((item) => ({ images: [], description: null, ...item })),
      methods: types as PaymongoMethod[],
      attributes: { description: null, reference_number: null, success_url: null, cancel_url: null, ...attributes, metadata },
      status: "active",
      paidAt: null,
      createdAt: now(),
    };
    sessions.set(session.id, session);
    return { data: sessionView(session) };
  }

  function newIntent(input: Pick<Intent, "amount" | "currency" | "description" | "metadata" | "allowed">): Intent {
    const id = idOf("pi");
    const intent: Intent = {
      ...input,
      id,
      status: "awaiting_payment_method",
      clientKey: `${id}_client_${randomBytes(12).toString("hex")}`,
      nextAction: null,
      paymentIds: [],
      createdAt: now(),
    };
    intents.set(id, intent);
    return intent;
  }

  function createIntent(a: Json): Json {
    const amount = required<number>(a, "amount");
    const currency = required<string>(a, "currency");
    const allowed = required<string[]>(a, "payment_method_allowed");
    if (!Number.isInteger(amount)) refuse(400, "parameter_data_type_invalid", "amount should be an integer.", "amount");
    if (currency !== "PHP") refuse(400, "parameter_invalid", "currency is invalid. PHP is the only supported currency.", "currency");
    if (amount < 2000) refuse(400, "parameter_below_minimum", "The minimum value for the amount is 2000.", "amount");
    if (amount > 999_999_999) refuse(400, "parameter_above_maximum", "The maximum value for the amount cannot be greater than 999999999.", "amount");
    const metadata = (a.metadata as Record<string, string> | undefined) ?? null;
    return { data: intentView(newIntent({ amount, currency, description: (a.description as string) ?? null, metadata, allowed })) };
  }

  function attach(intentId: string, a: Json): Json {
    const intent = intents.get(intentId) ?? refuse(404, "resource_not_found", `No such payment intent with id ${intentId}.`);
    const methodId = required<string>(a, "payment_method");
    const method = methods.get(methodId) ?? refuse(404, "resource_not_found", `No such payment method with id ${methodId}.`, "payment_method");
    if (intent.status !== "awaiting_payment_method") refuse(400, "resource_failed_state", `Payment intent is in the ${intent.status} state.`);
    if (!intent.allowed.includes(method.type))
      refuse(400, "parameter_invalid", `${method.type} is not allowed for this payment intent.`, "payment_method");
    intent.status = "awaiting_next_action";
    intent.nextAction = { type: "consume_qr", code: { id: idOf("qr"), amount: intent.amount, label: "NETSPHERE", image_url: QR_PNG } };
    return { data: intentView(intent) };
  }

  function createRefund(a: Json): Json {
    const amount = required<number>(a, "amount");
    const paymentId = required<string>(a, "payment_id");
    const reason = required<string>(a, "reason");
    if (!REFUND_REASONS.has(reason)) refuse(400, "parameter_invalid", "reason is invalid.", "reason");
    const payment = payments.get(paymentId) ?? refuse(404, "resource_not_found", `No such payment with id ${paymentId}.`, "payment_id");
    if (payment.status !== "paid") refuse(400, "resource_failed_state", "Only payment in paid state can be refunded.");
    const earlier = payment.refundIds.map((id) => refunds.get(id)!);
    if (earlier.some((r) => r.status === "pending"))
      refuse(400, "resource_pending_state", "A previous refund request for this payment is still pending.");
    const refunded = earlier.filter((r) => r.status === "succeeded").reduce((sum, r) => sum + r.amount, 0);
    if (amount < 100) refuse(400, "parameter_below_minimum", "The value for amount cannot be less than 100.", "amount");
    if (amount > payment.amount) refuse(400, "parameter_above_maximum", `The value of the amount is greater than ${payment.amount}.`, "amount");
    if (amount > payment.amount - refunded)
      refuse(400, "parameter_above_maximum", "Amount is greater than the remaining refundable value.", "amount");
    if ((payment.method === "grab_pay" || payment.method === "paymaya") && amount !== payment.amount) {
      refuse(
        400,
        "parameter_above_maximum",
        `Only full amounts are allowed to be refunded for ${LABELS[payment.method as PaymongoMethod]} payments.`,
        "amount",
      );
    }
    const refund: Refund = { id: idOf("ref"), paymentId, amount, reason, notes: (a.notes as string) ?? null, status: "pending", createdAt: now() };
    refunds.set(refund.id, refund);
    payment.refundIds.push(refund.id);
    refundsLog.push(refund);
    if (refundSettleMs !== null) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void settleRefund(refund.id, "succeeded");
      }, refundSettleMs);
      timers.add(timer);
    }
    return { data: refundView(refund) };
  }

  /** Newest first, cursors are payment ids: `after` pages towards older payments, `before` towards newer. */
  function listPayments(query: URLSearchParams): Json {
    const limit = Math.min(Number(query.get("limit") ?? 10), maxListLimit);
    const all = [...payments.values()].reverse();
    const after = query.get("after");
    const before = query.get("before");
    let page: Payment[];
    let more: boolean;
    if (before) {
      const end = all.findIndex((p) => p.id === before);
      const start = Math.max(0, end - limit);
      page = all.slice(start, Math.max(end, 0));
      more = start > 0;
    } else {
      const start = after ? all.findIndex((p) => p.id === after) + 1 : 0;
      page = all.slice(start, start + limit);
      more = start + limit < all.length;
    }
    return { has_more: more, data: page.map(paymentView) };
  }

  function api(method: string, path: string, query: URLSearchParams, body: Json): Json {
    const a = ((body.data as Json | undefined)?.attributes as Json | undefined) ?? {};
    if (method === "POST" && path === "/v1/checkout_sessions") return createSession(a);
    if (method === "POST" && path === "/v1/payment_intents") return createIntent(a);
    if (method === "POST" && path === "/v1/payment_methods") {
      const type = required<string>(a, "type");
      if (type !== "qrph") refuse(400, "parameter_invalid", `The payment method type ${type} is not supported by this fake.`, "type");
      const id = idOf("pm");
      methods.set(id, { type, billing: (a.billing as Json) ?? null });
      return { data: { id, type: "payment_method", attributes: { type, billing: a.billing ?? null, livemode, metadata: null, created_at: now() } } };
    }
    if (method === "POST" && path === "/v1/refunds") return createRefund(a);
    if (method === "POST" && path === "/v1/webhooks") {
      const target = required<string>(a, "url");
      required<string[]>(a, "events");
      hook = { url: target, secret: idOf("whsk") };
      const created = now();
      return {
        data: {
          id: idOf("hook"),
          type: "webhook",
          attributes: {
            livemode,
            secret_key: hook.secret,
            status: "enabled",
            url: target,
            events: a.events,
            created_at: created,
            updated_at: created,
          },
        },
      };
    }
    if (method === "GET" && path === "/v1/payments") return listPayments(query);
    let m = /^\/v1\/payments\/([^/]+)$/.exec(path);
    if (method === "GET" && m)
      return { data: paymentView(payments.get(m[1]) ?? refuse(404, "resource_not_found", `No such payment with id ${m[1]}.`)) };
    if ((m = /^\/v1\/payment_intents\/([^/]+)\/attach$/.exec(path)) && method === "POST") return attach(m[1], a);
    if ((m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path)) && method === "GET") {
      return { data: intentView(intents.get(m[1]) ?? refuse(404, "resource_not_found", `No such payment intent with id ${m[1]}.`)) };
    }
    if ((m = /^\/v1\/checkout_sessions\/([^/]+)(\/expire)?$/.exec(path))) {
      const session = sessions.get(m[1]) ?? refuse(404, "resource_not_found", `No such checkout session with id ${m[1]}.`);
      if (method === "POST" && m[2]) {
        if (session.paidAt) refuse(400, "resource_failed_state", "A paid checkout session cannot be expired.");
        session.status = "expired";
      }
      return { data: sessionView(session) };
    }
    return refuse(404, "resource_not_found", `The requested resource ${method} ${path} does not exist.`);
  }

  function checkoutPage(session: Session): string {
    const intent = intents.get(session.intentId)!;
    const buttons = session.methods.map((m) => `<button type="submit" name="method" value="${m}">Pay with ${LABELS[m]}</button>`).join("\n");
    const description = escapeHtml(String(session.attributes.description ?? session.lineItems[0].name));
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PayMongo Checkout (test)</title></head>
<body><main>
<h1>Pay PHP ${(intent.amount / 100).toFixed(2)}</h1>
<p>${description}</p>
<form method="post" action="/checkout/${session.id}/pay" aria-label="Payment methods">
${buttons}
</form>
<p><a href="/checkout/${session.id}/cancel">Cancel</a></p>
</main></body></html>`;
  }

  async function hosted(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string) {
    const [, id, action] = /^\/checkout\/([^/]+)(?:\/(pay|cancel))?$/.exec(path) ?? [];
    const session = id ? sessions.get(id) : undefined;
    const page = (status: number, html: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
    };
    const redirect = (to: unknown) => {
      res.writeHead(303, { location: String(to) });
      res.end();
    };
    if (!session) return page(404, "<!doctype html><title>Not found</title><h1>This checkout link is not valid.</h1>");
    if (action === "cancel") return redirect(session.attributes.cancel_url);
    if (session.paidAt) return redirect(session.attributes.success_url);
    if (session.status === "expired") return page(410, "<!doctype html><title>Expired</title><h1>This checkout session has expired.</h1>");
    if (action === "pay" && req.method === "POST") {
      const method = new URLSearchParams(body).get("method") as PaymongoMethod | null;
      if (!method || !session.methods.includes(method))
        return page(400, "<!doctype html><title>Choose a method</title><h1>Choose a payment method.</h1>");
      await pay(session.id, { method });
      return redirect(session.attributes.success_url);
    }
    return page(200, checkoutPage(session));
  }

  const authorized = (header: string | undefined) =>
    /^Basic /.test(header ?? "") && Buffer.from(header!.slice(6), "base64").toString("utf8").split(":")[0] === secretKey;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const target = new URL(req.url ?? "/", "http://127.0.0.1");
      const method = req.method ?? "GET";
      requests.push({ method, path: `${target.pathname}${target.search}`, headers: req.headers, body });
      const reply = (status: number, payload: Json) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      };
      if (target.pathname.startsWith("/checkout/")) {
        hosted(req, res, target.pathname, body).catch(() => reply(500, error("resource_processing_error", "The fake failed.")));
        return;
      }
      const authorization = req.headers.authorization;
      if (!authorized(authorization)) {
        const presented = authorization?.startsWith("Basic ") ? Buffer.from(authorization.slice(6), "base64").toString("utf8").split(":")[0] : "";
        // PayMongo repeats the key it was given; clients must keep that out of their own messages.
        return reply(
          401,
          error("api_key_invalid", `API key ${presented} is invalid. Go to https://dashboard.paymongo.com/developers to get your API keys.`),
        );
      }
      const key = req.headers["idempotency-key"];
      const replayKey = method === "POST" && typeof key === "string" ? `${target.pathname} ${key}` : null;
      const replayed = replayKey ? replays.get(replayKey) : undefined;
      if (replayed) return reply(replayed.status, replayed.body);
      let parsed: Json = {};
      try {
        parsed = body ? (JSON.parse(body) as Json) : {};
      } catch {
        return reply(400, error("parameter_format_invalid", "The request body is not valid JSON."));
      }
      try {
        const answer = api(method, target.pathname, target.searchParams, parsed);
        if (replayKey) replays.set(replayKey, { status: 200, body: answer });
        reply(200, answer);
      } catch (failure) {
        if (!(failure instanceof Refusal)) throw failure;
        reply(failure.status, failure.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    events,
    refundsLog,
    pay,
    fail,
    deliver,
    settleRefund,
    /** Points later deliveries at another receiver (or none), as editing the webhook in PayMongo's dashboard would. */
    setWebhook(next: Webhook | null) {
      hook = next;
    },
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakePaymongo = Awaited<ReturnType<typeof startFakePaymongo>>;
