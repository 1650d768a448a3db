/*
 * Loopback fakes of the messaging providers (127.0.0.1, a free port each): Semaphore-style SMS, a generic
 * JSON SMS provider, the Telegram Bot API and the WhatsApp Cloud API. Each keeps the requests it got and
 * answers like the real one, unless told to fail: `failNext(status, body?)` queues replies, `hangNext()`
 * never answers (the sender's timeout), `crashNext()` drops the connection.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> };
type Planned = { kind: "reply"; status: number; body: unknown } | { kind: "hang" } | { kind: "crash" };

export type FakeProvider = {
  /** Base URL to save in the tenant's channel settings. */
  url: string;
  requests: FakeRequest[];
  failNext(status: number, body?: unknown, times?: number): void;
  hangNext(): void;
  crashNext(): void;
  close(): Promise<void>;
};

function parseBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.includes("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

async function startFake(success: (request: FakeRequest, n: number) => { status: number; body: unknown } | null): Promise<FakeProvider> {
  const requests: FakeRequest[] = [];
  const plan: Planned[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const request: FakeRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: parseBody(raw, req.headers["content-type"]),
      };
      requests.push(request);
      const next = plan.shift();
      if (next?.kind === "hang") {
        hanging.add(res);
        return;
      }
      if (next?.kind === "crash") {
        req.socket.destroy();
        return;
      }
      const reply = next ?? success(request, requests.length) ?? { status: 404, body: { error: "unknown endpoint" } };
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, body = { error: `fake failure ${status}` }, times = 1) {
      for (let i = 0; i < times; i += 1) plan.push({ kind: "reply", status, body });
    },
    hangNext: () => plan.push({ kind: "hang" }),
    crashNext: () => plan.push({ kind: "crash" }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Semaphore: POST /messages with a form; a list with one entry per recipient. */
export const startFakeSemaphore = () =>
  startFake((r, n) =>
    r.method === "POST" && r.path === "/messages"
      ? {
          status: 200,
          body: [
            {
              message_id: 1000 + n,
              recipient: r.body.number,
              message: r.body.message,
              sender_name: r.body.sendername ?? "SEMAPHORE",
              status: "Pending",
            },
          ],
        }
      : null,
  );

/** A generic provider: POST /messages with JSON and a bearer key. */
export const startFakeGenericSms = () =>
  startFake((r, n) => (r.method === "POST" && r.path === "/messages" ? { status: 201, body: { id: `gen-${n}`, status: "queued" } } : null));

/** Telegram: POST /bot<token>/sendMessage. */
export const startFakeTelegram = () =>
  startFake((r, n) =>
    r.method === "POST" && /^\/bot[^/]+\/sendMessage$/.test(r.path)
      ? { status: 200, body: { ok: true, result: { message_id: n, chat: { id: Number(r.body.chat_id) }, text: r.body.text } } }
      : null,
  );

/** WhatsApp Cloud API: POST /<version>/<phone-number-id>/messages. */
export const startFakeWhatsapp = () =>
  startFake((r, n) =>
    r.method === "POST" && /^\/v[\d.]+\/\d+\/messages$/.test(r.path)
      ? { status: 200, body: { messaging_product: "whatsapp", contacts: [{ input: r.body.to, wa_id: r.body.to }], messages: [{ id: `wamid.${n}` }] } }
      : null,
  );
