/*
 * Our webhook routes for the gateway fakes to deliver to: POST /api/webhooks/<provider>/<tenantId> on 127.0.0.1,
 * answered by the same handlers and the same `webhookResponse` as app/api/webhooks, against the test's database.
 * Every answer is kept, so a test can read what a delivery was told (recorded, duplicate, refused).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { handlePaymongoWebhook } from "@/lib/payments/paymongo";
import { handleXenditCallback } from "@/lib/payments/xendit";
import { webhookResponse, type WebhookReply } from "@/lib/payments/webhook-response";
import type { Db } from "@/lib/db/types";

type Handler = (db: Db, input: { tenantId: string; payload: string; headers: Headers }) => Promise<WebhookReply>;
const handlers: Record<"paymongo" | "xendit", Handler> = { paymongo: handlePaymongoWebhook, xendit: handleXenditCallback };
export type ReceivedDelivery = { provider: keyof typeof handlers; tenantId: string; status: number; body: Record<string, unknown> };

function headersOf(req: http.IncomingMessage) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

/** `db` is read per delivery, so the receiver can start before the test's database exists. */
export async function startWebhookReceiver(db: () => Db) {
  const received: ReceivedDelivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const route = /^\/api\/webhooks\/(paymongo|xendit)\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "POST" || !route) {
        res.writeHead(404).end();
        return;
      }
      const provider = route[1] as keyof typeof handlers;
      const tenantId = decodeURIComponent(route[2]);
      const payload = Buffer.concat(chunks).toString("utf8");
      void webhookResponse(provider, () => handlers[provider](db(), { tenantId, payload, headers: headersOf(req) })).then(async (response) => {
        const body = (await response.json()) as Record<string, unknown>;
        received.push({ provider, tenantId, status: response.status, body });
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    urlFor: (provider: keyof typeof handlers, tenantId: string) => `${url}/api/webhooks/${provider}/${tenantId}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
