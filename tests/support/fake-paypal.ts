/*
 * A loopback stand-in for PayPal's REST API: OAuth2 token, create / capture / get order (Orders v2) and
 * verify-webhook-signature, whose answer the test sets. Listens on 127.0.0.1, port chosen by the OS.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

type Order = { id: string; status: string; amount: { currency_code: string; value: string }; customId: string; capture?: Record<string, unknown> };
export type FakePaypalRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };

export async function startFakePaypal({ clientId, clientSecret }: { clientId: string; clientSecret: string }) {
  const state = {
    requests: [] as FakePaypalRequest[],
    orders: new Map<string, Order>(),
    tokensIssued: 0,
    verification: "SUCCESS" as "SUCCESS" | "FAILURE",
    captureStatus: "COMPLETED",
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
        };
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
      };
      return order.capture as {
        id: string;
        status: string;
        amount: { currency_code: string; value: string };
        custom_id: string;
        create_time: string;
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
