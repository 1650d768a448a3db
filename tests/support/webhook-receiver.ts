/*
 * A loopback receiver of webhooks on 127.0.0.1, for two kinds of sender:
 * - the gateway fakes deliver to our own routes, POST /api/webhooks/<provider>/<tenantId>, answered by the same handlers
 *   and the same `webhookResponse` as app/api/webhooks, against the test's database; every answer is kept, so a test
 *   can read what a delivery was told (recorded, duplicate, refused);
 * - NetSphere's outgoing webhooks post to POST /hooks/<name>, an ISP's system as it would see them: each request is
 *   kept with its raw body and headers (verify them with the reference `standardwebhooks` library), and answered
 *   with what the test set for that name (200 by default; `answer(name, 503)`, or a list for successive requests).
 * The payment handlers load at the first gateway delivery, so a browser test can start the receiver for hooks alone.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookReply } from "@/lib/payments/webhook-response";
import type { Db } from "@/lib/db/types";

type Provider = "paymongo" | "xendit";
type Handler = (db: Db, input: { tenantId: string; payload: string; headers: Headers }) => Promise<WebhookReply>;
export type ReceivedDelivery = { provider: Provider; tenantId: string; status: number; body: Record<string, unknown> };
/** One request of NetSphere's outgoing webhooks, as the receiving system got it, and what it answered. */
export type ReceivedHook = { name: string; headers: Record<string, string>; body: string; status: number; at: number };

async function gatewayHandlers(): Promise<Record<Provider, Handler>> {
  const [{ handlePaymongoWebhook }, { handleXenditCallback }] = await Promise.all([import("@/lib/payments/paymongo"), import("@/lib/payments/xendit")]);
  return { paymongo: handlePaymongoWebhook, xendit: handleXenditCallback };
}

function headersOf(req: http.IncomingMessage) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

type Answer = { status: number; body?: string; delayMs?: number };

/** `db` is read per gateway delivery, so the receiver can start before the test's database exists (or without one). */
export async function startWebhookReceiver(db: () => Db = () => {
  throw new Error("This receiver was started without a database for gateway deliveries");
}) {
  const received: ReceivedDelivery[] = [];
  const hooks: ReceivedHook[] = [];
  const answers = new Map<string, Answer[]>();
  const answerFor = (name: string): Answer => {
    const queue = answers.get(name);
    if (!queue || queue.length === 0) return { status: 200 };
    // The last answer set stays for every later request.
    return queue.length > 1 ? queue.shift()! : queue[0];
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const hook = /^\/hooks\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method === "POST" && hook) {
        const name = decodeURIComponent(hook[1]);
        const answer = answerFor(name);
        hooks.push({ name, headers: Object.fromEntries(headersOf(req)), body: raw, status: answer.status, at: Date.now() });
        setTimeout(() => {
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(answer.body ?? JSON.stringify({ received: answer.status < 300 }));
        }, answer.delayMs ?? 0);
        return;
      }
      const route = /^\/api\/webhooks\/(paymongo|xendit)\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "POST" || !route) {
        res.writeHead(404).end();
        return;
      }
      const provider = route[1] as Provider;
      const tenantId = decodeURIComponent(route[2]);
      void (async () => {
        const [{ webhookResponse }, handlers] = await Promise.all([import("@/lib/payments/webhook-response"), gatewayHandlers()]);
        const response = await webhookResponse(provider, () => handlers[provider](db(), { tenantId, payload: raw, headers: headersOf(req) }));
        const body = (await response.json()) as Record<string, unknown>;
        received.push({ provider, tenantId, status: response.status, body });
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    hooks,
    urlFor: (provider: Provider, tenantId: string) => `${url}/api/webhooks/${provider}/${tenantId}`,
    /** Where an endpoint named `name` receives NetSphere's events. */
    hookUrl: (name: string) => `${url}/hooks/${encodeURIComponent(name)}`,
    /** What `name` answers next: one status for every request, or a list used in turn (the last one stays). */
    answer: (name: string, ...next: (number | Answer)[]) => answers.set(name, next.map((a) => (typeof a === "number" ? { status: a } : a))),
    hooksOf: (name: string) => hooks.filter((hook) => hook.name === name),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
