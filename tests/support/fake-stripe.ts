/*
 * A loopback stand-in for the part of Stripe's API we call (create / expire a Checkout Session), so tests
 * see exactly what the `stripe` package sends. Listens on 127.0.0.1, port chosen by the OS.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeStripeRequest = { method: string; path: string; authorization: string; form: URLSearchParams };

export async function startFakeStripe({ secretKey }: { secretKey: string }) {
  const requests: FakeStripeRequest[] = [];
  let sessions = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const path = req.url ?? "/";
      requests.push({ method: req.method ?? "", path, authorization: String(req.headers.authorization ?? ""), form });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": `req_${requests.length}` });
        res.end(JSON.stringify(body));
      };
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
      return reply(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path})` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
