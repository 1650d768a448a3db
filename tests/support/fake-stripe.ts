/*
 * A loopback stand-in for the part of Stripe's API we call: create / expire a Checkout Session, create a
 * refund, list balance transactions. Tests see exactly what the `stripe` package sends and get Stripe's
 * answers back, errors included. Listens on 127.0.0.1, port chosen by the OS.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { clock } from "@/lib/core/clock";
import { minorUnitDigits } from "@/lib/core/money";

export type FakeStripeRequest = { method: string; path: string; authorization: string; form: URLSearchParams; headers: http.IncomingHttpHeaders };

type PaymentIntent = { id: string; charge: string; amount: number; currency: string; refunded: number };
type Refund = {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  charge: string;
  payment_intent: string;
  reason: string | null;
  metadata: Record<string, string>;
  status: string;
  failure_reason?: string;
  balance_transaction: string | null;
  created: number;
};
type BalanceTransaction = {
  id: string;
  object: "balance_transaction";
  amount: number;
  fee: number;
  net: number;
  currency: string;
  type: string;
  created: number;
  status: "available" | "pending";
  source: string;
};

const seconds = (at?: Date) => Math.floor((at ?? clock.now()).getTime() / 1000);

export async function startFakeStripe({ secretKey }: { secretKey: string }) {
  const requests: FakeStripeRequest[] = [];
  let sessions = 0;
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}_fake${String(++ids).padStart(6, "0")}`;
  const state = {
    /** The status Stripe gives the next refunds (a card refund is `succeeded`; some methods start `pending` or `requires_action`). */
    refundStatus: "succeeded",
    refundFailureReason: null as string | null,
    paymentIntents: new Map<string, PaymentIntent>(),
    charges: new Map<string, PaymentIntent>(),
    refunds: new Map<string, Refund>(),
    payouts: new Map<string, { id: string; object: "payout"; amount: number; currency: string; status: string; arrival_date: number }>(),
    balanceTransactions: [] as BalanceTransaction[],
    /** Idempotency key → the form first sent with it and the refund Stripe answered. */
    idempotent: new Map<string, { form: string; refundId: string }>(),
  };
  const addBalanceTransaction = (txn: Omit<BalanceTransaction, "object" | "net" | "status">) => {
    const row: BalanceTransaction = { object: "balance_transaction", net: txn.amount - txn.fee, status: "available", ...txn };
    state.balanceTransactions.push(row);
    return row;
  };
  const money = (minor: number, currency: string) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency }).format(minor / 10 ** minorUnitDigits(currency));
  const sourceObject = (id: string): unknown => {
    const charge = state.charges.get(id);
    if (charge)
      return {
        id,
        object: "charge",
        amount: charge.amount,
        amount_refunded: charge.refunded,
        currency: charge.currency,
        payment_intent: charge.id,
        paid: true,
      };
    return state.refunds.get(id) ?? state.payouts.get(id) ?? id;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const form = new URLSearchParams(raw);
      const path = req.url ?? "/";
      const url = new URL(path, "http://stripe.test");
      requests.push({ method: req.method ?? "", path, authorization: String(req.headers.authorization ?? ""), form, headers: req.headers });
      const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_${requests.length}`, ...headers });
        res.end(JSON.stringify(body));
      };
      const invalid = (body: { code?: string; param?: string; message: string }, status = 400) =>
        reply(status, {
          error: {
            type: "invalid_request_error",
            ...body,
            ...(body.code ? { doc_url: `https://stripe.com/docs/error-codes/${body.code.replaceAll("_", "-")}` } : {}),
          },
        });
      if (req.headers.authorization !== `Bearer ${secretKey}`) {
        return reply(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided: sk_****" } });
      }
      if (req.method === "POST" && path === "/v1/checkout/sessions") {
        const id = `cs_test_fake${++sessions}`;
        return reply(200, {
          id,
          object: "checkout.session",
          mode: form.get("mode"),
          status: "open",
          payment_status: "unpaid",
          currency: form.get("line_items[0][price_data][currency]"),
          amount_total: Number(form.get("line_items[0][price_data][unit_amount]")),
          client_reference_id: form.get("client_reference_id"),
          url: `https://checkout.stripe.test/c/pay/${id}`,
        });
      }
      const expire = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
      if (req.method === "POST" && expire) return reply(200, { id: expire[1], object: "checkout.session", status: "expired" });

      if (req.method === "POST" && path === "/v1/refunds") {
        const key = req.headers["idempotency-key"];
        const seen = typeof key === "string" ? state.idempotent.get(key) : undefined;
        if (seen && seen.form !== raw) {
          return reply(400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
        }
        if (seen) return reply(200, state.refunds.get(seen.refundId), { "idempotent-replayed": "true" });
        const intentId = form.get("payment_intent") ?? "";
        const intent = state.paymentIntents.get(intentId);
        if (!intent) return invalid({ code: "resource_missing", param: "payment_intent", message: `No such payment_intent: '${intentId}'` }, 404);
        const left = intent.amount - intent.refunded;
        if (left <= 0) return invalid({ code: "charge_already_refunded", message: `Charge ${intent.charge} has already been refunded.` });
        const amount = form.has("amount") ? Number(form.get("amount")) : left;
        if (!Number.isSafeInteger(amount) || amount < 1)
          return invalid({ code: "parameter_invalid_integer", param: "amount", message: "Invalid positive integer" });
        if (amount > left) {
          return invalid({
            code: "amount_too_large",
            param: "amount",
            message: `Refund amount (${money(amount, intent.currency)}) is greater than unrefunded amount on charge (${money(left, intent.currency)})`,
          });
        }
        const metadata: Record<string, string> = {};
        for (const [name, value] of form) {
          const field = /^metadata\[(.+)\]$/.exec(name);
          if (field) metadata[field[1]] = value;
        }
        const id = nextId("re");
        const failed = state.refundStatus === "failed" || state.refundStatus === "canceled";
        // A refund refused at once never touches the balance.
        const txn = failed
          ? null
          : addBalanceTransaction({
              id: nextId("txn"),
              amount: -amount,
              fee: 0,
              currency: intent.currency,
              type: "refund",
              created: seconds(),
              source: id,
            });
        const refund: Refund = {
          id,
          object: "refund",
          amount,
          currency: intent.currency,
          charge: intent.charge,
          payment_intent: intent.id,
          reason: form.get("reason"),
          metadata,
          status: state.refundStatus,
          ...(failed && state.refundFailureReason ? { failure_reason: state.refundFailureReason } : {}),
          balance_transaction: txn?.id ?? null,
          created: seconds(),
        };
        if (!failed) intent.refunded += amount;
        state.refunds.set(id, refund);
        if (typeof key === "string") state.idempotent.set(key, { form: raw, refundId: id });
        return reply(200, refund);
      }
      const refundPath = /^\/v1\/refunds\/([^/?]+)$/.exec(url.pathname);
      if (req.method === "GET" && refundPath) {
        const refund = state.refunds.get(refundPath[1]);
        return refund ? reply(200, refund) : invalid({ code: "resource_missing", param: "id", message: `No such refund: '${refundPath[1]}'` }, 404);
      }

      if (req.method === "GET" && url.pathname === "/v1/balance_transactions") {
        const q = url.searchParams;
        const gte = q.has("created[gte]") ? Number(q.get("created[gte]")) : -Infinity;
        const lt = q.has("created[lt]") ? Number(q.get("created[lt]")) : Infinity;
        const limit = Math.min(100, Number(q.get("limit") ?? 10));
        const expand = [...q].some(([name, value]) => /^expand\[\d*\]$/.test(name) && value === "data.source");
        // Newest first, as Stripe lists; equal times keep the later-created first.
        const matching = state.balanceTransactions
          .map((txn, index) => ({ txn, index }))
          .filter(({ txn }) => txn.created >= gte && txn.created < lt)
          .sort((a, b) => b.txn.created - a.txn.created || b.index - a.index)
          .map(({ txn }) => txn);
        const after = q.get("starting_after");
        const from = after ? matching.findIndex((txn) => txn.id === after) + 1 : 0;
        if (after && from === 0)
          return invalid({ code: "resource_missing", param: "starting_after", message: `No such balance transaction: '${after}'` }, 404);
        const page = matching.slice(from, from + limit);
        return reply(200, {
          object: "list",
          url: "/v1/balance_transactions",
          has_more: from + limit < matching.length,
          data: page.map((txn) => (expand ? { ...txn, source: sourceObject(txn.source) } : txn)),
        });
      }
      return reply(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path})` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    state,
    /** A PaymentIntent that has been paid: its charge lands in the balance, less Stripe's fee (minor units). */
    addPaymentIntent({ id, amount, currency, fee = 0, created }: { id: string; amount: number; currency: string; fee?: number; created?: Date }) {
      const intent: PaymentIntent = { id, charge: nextId("ch"), amount, currency: currency.toLowerCase(), refunded: 0 };
      state.paymentIntents.set(id, intent);
      state.charges.set(intent.charge, intent);
      return addBalanceTransaction({
        id: nextId("txn"),
        amount,
        fee,
        currency: intent.currency,
        type: "charge",
        created: seconds(created),
        source: intent.charge,
      });
    },
    /** A payout to the ISP's bank account, taking `amount` (minor units) out of the balance. */
    addPayout({ amount, currency, created }: { amount: number; currency: string; created?: Date }) {
      const payout = {
        id: nextId("po"),
        object: "payout" as const,
        amount,
        currency: currency.toLowerCase(),
        status: "paid",
        arrival_date: seconds(created),
      };
      state.payouts.set(payout.id, payout);
      return addBalanceTransaction({
        id: nextId("txn"),
        amount: -amount,
        fee: 0,
        currency: payout.currency,
        type: "payout",
        created: seconds(created),
        source: payout.id,
      });
    },
    /** What Stripe does when a refund later fails or is canceled: the money comes back to the balance. */
    setRefundStatus(id: string, status: string, failureReason?: string) {
      const refund = state.refunds.get(id)!;
      const wasCounted = refund.status !== "failed" && refund.status !== "canceled";
      refund.status = status;
      if (failureReason) refund.failure_reason = failureReason;
      if (wasCounted && (status === "failed" || status === "canceled")) {
        state.paymentIntents.get(refund.payment_intent)!.refunded -= refund.amount;
        addBalanceTransaction({
          id: nextId("txn"),
          amount: refund.amount,
          fee: 0,
          currency: refund.currency,
          type: "refund_failure",
          created: seconds(),
          source: id,
        });
      }
      return refund;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
