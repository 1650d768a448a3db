/*
 * A loopback stand-in for PayPal's REST API: OAuth2 token, create / capture / get order (Orders v2), refund a
 * capture (Payments v2), transaction search (with PayPal's 31-day limit and paging), and
 * verify-webhook-signature, whose answer the test sets. Listens on 127.0.0.1, port chosen by the OS.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { clock } from "@/lib/core/clock";
import { decimalToMinorUnits, minorUnitsToDecimal } from "@/lib/core/money";

type Order = { id: string; status: string; amount: { currency_code: string; value: string }; customId: string; capture?: Record<string, unknown> };
export type FakePaypalRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
type Money = { currency_code: string; value: string };
type Capture = { id: string; amount: Money; refunded: number };
/** One row of transaction search, as PayPal writes it (amounts signed, fees negative). */
export type FakePaypalTransaction = {
  paypal_account_id?: string;
  transaction_id: string;
  paypal_reference_id?: string;
  paypal_reference_id_type?: string;
  transaction_event_code: string;
  transaction_initiation_date: string;
  transaction_updated_date: string;
  transaction_amount: Money;
  fee_amount?: Money;
  transaction_status: string;
};

/** PayPal's reporting timestamps: "2024-05-01T08:30:00+0000". */
const reportingDate = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "+0000");
const SEARCH_MAX_RANGE_MS = 31 * 24 * 3600 * 1000;

/** PayPal's fee on a capture as it reports it (4.4 % + 15.00 in the capture's currency, as for PH merchants). */
function breakdownOf(amount: { currency_code: string; value: string }) {
  const gross = Number(amount.value);
  const fee = Math.round((gross * 0.044 + 15) * 100) / 100;
  const money = (v: number) => ({ currency_code: amount.currency_code, value: v.toFixed(2) });
  return { gross_amount: amount, paypal_fee: money(fee), net_amount: money(gross - fee) };
}

export async function startFakePaypal({ clientId, clientSecret }: { clientId: string; clientSecret: string }) {
  const state = {
    requests: [] as FakePaypalRequest[],
    orders: new Map<string, Order>(),
    tokensIssued: 0,
    verification: "SUCCESS" as "SUCCESS" | "FAILURE",
    captureStatus: "COMPLETED",
    /** The status PayPal gives the next refunds: COMPLETED, PENDING (e.g. an eCheck), CANCELLED or FAILED. */
    refundStatus: "COMPLETED",
    captures: new Map<string, Capture>(),
    refunds: new Map<string, Record<string, unknown>>(),
    /** PayPal-Request-Id → the answer first given to it. */
    refundReplies: new Map<string, unknown>(),
    transactions: [] as FakePaypalTransaction[],
    /** Off: the REST app lacks the Transaction Search permission, and PayPal answers 403. */
    transactionSearchEnabled: true,
  };
  let refundIds = 0;
  const addTransaction = (row: Omit<FakePaypalTransaction, "transaction_updated_date" | "transaction_status"> & { transaction_status?: string }) => {
    const full = { transaction_status: "S", transaction_updated_date: row.transaction_initiation_date, ...row };
    state.transactions.push(full);
    return full;
  };
  /** A completed capture: refundable, and in transaction search as a T0006 (PayPal Checkout) payment. */
  const registerCapture = ({ id, amount, fee, at = clock.now() }: { id: string; amount: Money; fee?: Money; at?: Date }) => {
    state.captures.set(id, { id, amount, refunded: 0 });
    addTransaction({
      transaction_id: id,
      transaction_event_code: "T0006",
      transaction_initiation_date: reportingDate(at),
      transaction_amount: amount,
      ...(fee ? { fee_amount: fee } : {}),
    });
  };
  const issued = new Set<string>();
  const orderView = (order: Order) => ({
    id: order.id,
    status: order.status,
    purchase_units: [
      {
        reference_id: order.customId,
        custom_id: order.customId,
        amount: order.amount,
        ...(order.capture ? { payments: { captures: [order.capture] } } : {}),
      },
    ],
    links: [{ rel: "payer-action", href: `https://www.sandbox.paypal.test/checkoutnow?token=${order.id}`, method: "GET" }],
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      state.requests.push({ method: req.method ?? "", path, headers: req.headers, body });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "paypal-debug-id": `dbg${state.requests.length}` });
        res.end(JSON.stringify(payload));
      };
      if (req.method === "POST" && path === "/v1/oauth2/token") {
        if (req.headers.authorization !== `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`) {
          return reply(401, { error: "invalid_client", error_description: "Client Authentication failed" });
        }
        const token = `A21AA-fake-${++state.tokensIssued}`;
        issued.add(token);
        return reply(200, {
          scope: "https://uri.paypal.com/services/payments",
          access_token: token,
          token_type: "Bearer",
          app_id: "APP-FAKE",
          expires_in: 32400,
        });
      }
      if (!issued.has(String(req.headers.authorization ?? "").replace(/^Bearer /, ""))) {
        return reply(401, { name: "AUTHENTICATION_FAILURE", message: "Authentication failed due to invalid authentication credentials" });
      }
      if (req.method === "POST" && path === "/v2/checkout/orders") {
        const input = JSON.parse(body) as { purchase_units: { custom_id: string; amount: { currency_code: string; value: string } }[] };
        const order: Order = {
          id: `5O${String(state.orders.size + 1).padStart(15, "0")}`,
          status: "PAYER_ACTION_REQUIRED",
          amount: input.purchase_units[0].amount,
          customId: input.purchase_units[0].custom_id,
        };
        state.orders.set(order.id, order);
        return reply(200, orderView(order));
      }
      const capture = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path);
      if (req.method === "POST" && capture) {
        const order = state.orders.get(capture[1]);
        if (!order) return reply(404, { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] });
        if (order.capture)
          return reply(422, { name: "UNPROCESSABLE_ENTITY", details: [{ issue: "ORDER_ALREADY_CAPTURED" }], debug_id: "dbg-captured" });
        order.status = "COMPLETED";
        order.capture = {
          id: `CAP${String(state.orders.size).padStart(14, "0")}${order.id.slice(-3)}`,
          status: state.captureStatus,
          amount: order.amount,
          custom_id: order.customId,
          create_time: new Date().toISOString(),
          seller_receivable_breakdown: breakdownOf(order.amount),
        };
        registerCapture({ id: String(order.capture.id), amount: order.amount });
        return reply(201, orderView(order));
      }
      const get = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path);
      if (req.method === "GET" && get) {
        const order = state.orders.get(get[1]);
        return order ? reply(200, orderView(order)) : reply(404, { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] });
      }
      if (req.method === "POST" && path === "/v1/notifications/verify-webhook-signature") {
        return reply(200, { verification_status: state.verification });
      }
      const debug_id = `dbg${state.requests.length}`;
      const refund = /^\/v2\/payments\/captures\/([^/]+)\/refund$/.exec(path);
      if (req.method === "POST" && refund) {
        const requestId = req.headers["paypal-request-id"];
        if (typeof requestId === "string" && state.refundReplies.has(requestId)) return reply(201, state.refundReplies.get(requestId));
        const capture = state.captures.get(refund[1]);
        if (!capture) {
          return reply(404, {
            name: "RESOURCE_NOT_FOUND",
            message: "The specified resource does not exist.",
            debug_id,
            details: [
              { issue: "INVALID_RESOURCE_ID", description: "Specified resource ID does not exist. Please check the resource ID and try again." },
            ],
          });
        }
        const unprocessable = (issue: string, description: string) =>
          reply(422, {
            name: "UNPROCESSABLE_ENTITY",
            message: "The requested action could not be performed, semantically incorrect, or failed business validation.",
            debug_id,
            details: [{ issue, description }],
            links: [{ href: `https://developer.paypal.com/docs/api/payments/v2/#error-${issue}`, rel: "information_link", method: "GET" }],
          });
        const input = JSON.parse(body || "{}") as { amount?: Money; note_to_payer?: string };
        const currency = capture.amount.currency_code;
        const left = decimalToMinorUnits(capture.amount.value, currency)! - capture.refunded;
        if (left <= 0) return unprocessable("CAPTURE_FULLY_REFUNDED", "The capture has already been fully refunded");
        if (input.amount && input.amount.currency_code !== currency)
          return unprocessable("REFUND_CAPTURE_CURRENCY_MISMATCH", "Refund must be in the same currency as the capture");
        const amount = input.amount ? decimalToMinorUnits(input.amount.value, currency) : left;
        if (amount === null || amount <= 0) {
          return reply(400, {
            name: "INVALID_REQUEST",
            message: "Request is not well-formed, syntactically incorrect, or violates schema.",
            debug_id,
            details: [
              { field: "/amount/value", location: "body", issue: "INVALID_PARAMETER_VALUE", description: "The value of a field is invalid." },
            ],
          });
        }
        if (amount > left) {
          return unprocessable(
            "REFUND_AMOUNT_EXCEEDED",
            "The refund amount must be less than or equal to the capture amount that has not yet been refunded.",
          );
        }
        const id = `${String(++refundIds).padStart(2, "0")}FAKERF${capture.id.slice(-9)}`.slice(0, 17);
        const value = minorUnitsToDecimal(amount, currency);
        const now = clock.now();
        const made = {
          id,
          status: state.refundStatus,
          ...(state.refundStatus === "PENDING" ? { status_details: { reason: "ECHECK" } } : {}),
          amount: { currency_code: currency, value },
          ...(input.note_to_payer ? { note_to_payer: input.note_to_payer } : {}),
          create_time: now.toISOString(),
          update_time: now.toISOString(),
          links: [
            { href: `https://api.sandbox.paypal.test/v2/payments/refunds/${id}`, rel: "self", method: "GET" },
            { href: `https://api.sandbox.paypal.test/v2/payments/captures/${capture.id}`, rel: "up", method: "GET" },
          ],
        };
        state.refunds.set(id, made);
        if (state.refundStatus !== "CANCELLED" && state.refundStatus !== "FAILED") {
          capture.refunded += amount;
          addTransaction({
            transaction_id: id,
            paypal_reference_id: capture.id,
            paypal_reference_id_type: "TXN",
            transaction_event_code: "T1107",
            transaction_initiation_date: reportingDate(now),
            transaction_amount: { currency_code: currency, value: `-${value}` },
            transaction_status: state.refundStatus === "PENDING" ? "P" : "S",
          });
        }
        // Without `Prefer: return=representation` PayPal answers with the id, status and links only.
        const answer = /return=representation/.test(String(req.headers.prefer ?? "")) ? made : { id, status: made.status, links: made.links };
        if (typeof requestId === "string") state.refundReplies.set(requestId, answer);
        return reply(201, answer);
      }
      const search = new URL(path, "http://paypal.test");
      if (req.method === "GET" && search.pathname === "/v1/reporting/transactions") {
        if (!state.transactionSearchEnabled) {
          return reply(403, {
            name: "NOT_AUTHORIZED",
            message: "Authorization failed due to insufficient permissions.",
            debug_id,
            details: [{ issue: "PERMISSION_DENIED", description: "You do not have permission to access or perform operations on this resource." }],
          });
        }
        const q = search.searchParams;
        const invalid = (field: string, issue: string) =>
          reply(400, {
            name: "INVALID_REQUEST",
            message: "Request is not well-formed, syntactically incorrect, or violates schema.",
            debug_id,
            details: [{ field, value: q.get(field) ?? "", location: "query", issue }],
          });
        const start = Date.parse(q.get("start_date") ?? "");
        const end = Date.parse(q.get("end_date") ?? "");
        if (Number.isNaN(start)) return invalid("start_date", "Invalid date format or missing start date");
        if (Number.isNaN(end)) return invalid("end_date", "Invalid date format or missing end date");
        if (end < start) return invalid("end_date", "End date should be greater than start date");
        if (end - start > SEARCH_MAX_RANGE_MS) return invalid("start_date", "Date range is greater than 31 days");
        const pageSize = Number(q.get("page_size") ?? 100);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return invalid("page_size", "Page size should be between 1 and 500");
        const page = Number(q.get("page") ?? 1);
        const matching = state.transactions
          .filter((row) => {
            const at = Date.parse(row.transaction_initiation_date);
            return at >= start && at <= end;
          })
          .sort((a, b) => Date.parse(a.transaction_initiation_date) - Date.parse(b.transaction_initiation_date));
        return reply(200, {
          transaction_details: matching.slice((page - 1) * pageSize, page * pageSize).map((row) => ({ transaction_info: row })),
          account_number: "FAKEACCT0000001",
          start_date: q.get("start_date"),
          end_date: q.get("end_date"),
          last_refreshed_datetime: reportingDate(clock.now()),
          page,
          total_items: matching.length,
          total_pages: Math.ceil(matching.length / pageSize),
          links: [{ href: `https://api.sandbox.paypal.test${path}`, rel: "self", method: "GET" }],
        });
      }
      return reply(404, { name: "NOT_FOUND" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    /** What PayPal would do between approval and our capture call, e.g. capture first and report by webhook. */
    captureNow(orderId: string) {
      const order = state.orders.get(orderId)!;
      order.status = "COMPLETED";
      order.capture = {
        id: `CAPW${orderId.slice(-6)}`,
        status: "COMPLETED",
        amount: order.amount,
        custom_id: order.customId,
        create_time: new Date().toISOString(),
        seller_receivable_breakdown: breakdownOf(order.amount),
      };
      registerCapture({ id: String(order.capture.id), amount: order.amount });
      return order.capture as {
        id: string;
        status: string;
        amount: { currency_code: string; value: string };
        custom_id: string;
        create_time: string;
      };
    },
    /** A completed capture the test can refund, without going through an order; `fee` as PayPal writes it ("-3.50"). */
    addCapture({ id, currency, value, fee, at }: { id: string; currency: string; value: string; fee?: string; at?: Date }) {
      registerCapture({ id, amount: { currency_code: currency, value }, fee: fee ? { currency_code: currency, value: fee } : undefined, at });
    },
    /** Any other row of transaction search: a withdrawal (T0400), a fee (T0100), a hold (T1503)... */
    addTransaction({
      id,
      eventCode,
      currency,
      value,
      fee,
      at,
      referenceId,
    }: {
      id: string;
      eventCode: string;
      currency: string;
      value: string;
      fee?: string;
      at: Date;
      referenceId?: string;
    }) {
      return addTransaction({
        transaction_id: id,
        transaction_event_code: eventCode,
        transaction_initiation_date: reportingDate(at),
        transaction_amount: { currency_code: currency, value },
        ...(fee ? { fee_amount: { currency_code: currency, value: fee } } : {}),
        ...(referenceId ? { paypal_reference_id: referenceId, paypal_reference_id_type: "TXN" } : {}),
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
