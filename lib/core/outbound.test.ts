import dns from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkedAddresses, guardedLookup, OutboundError, outboundFetch, outboundUrlProblem, pinnedLookup } from "@/lib/core/outbound";

type Seen = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
const seen: Seen[] = [];
let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end("ok");
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  seen.length = 0;
  handler = (_req, res) => res.end("ok");
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
};

describe("outbound requests to addresses that are not on the public internet", () => {
  it.each([
    ["loopback", () => `http://127.0.0.1:${port}/internal-admin`],
    ["localhost", () => `http://localhost:${port}/internal-admin`],
    ["decimal-encoded loopback", () => `http://2130706433:${port}/internal-admin`],
    ["hex-encoded loopback", () => `http://0x7f.1:${port}/internal-admin`],
    ["IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${port}/internal-admin`],
    ["IPv4-mapped IPv6 loopback in hex", () => `http://[::ffff:7f00:1]:${port}/internal-admin`],
  ])("refuses %s without sending anything", async (_name, url) => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    const error = await refusal(outboundFetch(url(), { method: "POST", headers: { authorization: "Bearer tenant-key" }, body: "x" }));
    expect(error.reason).toBe("refused");
    expect(error.code).toBe("validation");
    expect(error.message).toMatch(/^This address points back at the NetSphere server itself; NetSphere only calls public internet addresses/);
    expect(seen).toHaveLength(0);
  });

  it("refuses the cloud metadata address and private networks in plain words", () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    expect(outboundUrlProblem("http://169.254.169.254/latest/meta-data")).toMatch(/^This is a cloud server's internal metadata address/);
    expect(outboundUrlProblem("https://10.0.0.5/api")).toMatch(
      /^This address is on a private network; NetSphere only calls public internet addresses/,
    );
    expect(outboundUrlProblem("https://[fd00::1]/api")).toMatch(/^This address is on a private network/);
    expect(outboundUrlProblem("https://100.64.1.1/api")).toMatch(/carrier's private network/);
    expect(outboundUrlProblem("https://api.semaphore.co/api/v4")).toBeNull();
  });

  it("refuses a host name when any address DNS gives for it is private, and connects only to the checked addresses", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    vi.spyOn(dns.promises, "lookup").mockResolvedValue([
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ] as never);
    const error = await refusal(checkedAddresses("sms.example.com"));
    expect(error.message).toMatch(/^This address is on a private network/);

    const pinned = pinnedLookup([{ address: "93.184.216.34", family: 4 }]);
    const answer = await new Promise((resolve) => pinned("rebinding.example.com", { all: true }, (_e: unknown, list: unknown) => resolve(list)));
    expect(answer).toEqual([{ address: "93.184.216.34", family: 4 }]);
  });

  it("a socket lookup for another rule (routers) refuses what the rule refuses", async () => {
    vi.spyOn(dns.promises, "lookup").mockResolvedValue([{ address: "127.0.0.1", family: 4 }] as never);
    const lookup = guardedLookup((address) => (address.startsWith("127.") ? "no loopback" : null));
    const error = await new Promise((resolve) => lookup("router.example.com", { all: true }, (e: unknown) => resolve(e)));
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as Error).message).toBe("no loopback");
  });

  it("refuses a redirect to a private address although the first host was allowed", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "localhost");
    handler = (req, res) => {
      res.writeHead(302, { location: req.url === "/start" ? `http://127.0.0.1:${port}/internal-admin` : "/" });
      res.end();
    };
    const error = await refusal(outboundFetch(`http://localhost:${port}/start`));
    expect(error.reason).toBe("refused");
    expect(error.message).toMatch(/points back at the NetSphere server itself/);
    expect(seen.map((s) => s.path)).toEqual(["/start"]);

    handler = (_req, res) => {
      res.writeHead(307, { location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
    };
    expect((await refusal(outboundFetch(`http://localhost:${port}/start`))).message).toMatch(/metadata address/);
  });
});

describe("outbound requests to an allowed host", () => {
  it("follows a few redirects, turning a 303 into a GET and keeping the key on its own origin", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1,localhost");
    handler = (req, res) => {
      if (req.url === "/send") res.writeHead(303, { location: `http://localhost:${port}/done` }).end();
      else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    };
    const response = await outboundFetch(`http://127.0.0.1:${port}/send`, {
      method: "POST",
      headers: { authorization: "Bearer tenant-key", "content-type": "application/json" },
      body: '{"to":"+639170000000"}',
    });
    expect(await response.json()).toEqual({ ok: true });
    expect(seen.map((s) => [s.method, s.path, s.headers.authorization ?? null])).toEqual([
      ["POST", "/send", "Bearer tenant-key"],
      ["GET", "/done", null],
    ]);
  });

  it("stops after the maximum number of redirects", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    handler = (_req, res) => res.writeHead(302, { location: "/again" }).end();
    const error = await refusal(outboundFetch(`http://127.0.0.1:${port}/again`, undefined, { maxRedirects: 2 }));
    expect(error.message).toMatch(/redirected more than 2 times/);
    expect(seen).toHaveLength(3);
  });

  it("refuses a redirect when the caller asked for none", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    handler = (_req, res) => res.writeHead(301, { location: "/elsewhere" }).end();
    const error = await refusal(outboundFetch(`http://127.0.0.1:${port}/x`, { redirect: "error" }));
    expect(error.reason).toBe("redirect");
    expect(seen).toHaveLength(1);
  });

  it("stops reading an answer over the size limit", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    handler = (_req, res) => res.end("x".repeat(200_000));
    const error = await refusal(outboundFetch(`http://127.0.0.1:${port}/big`, undefined, { maxBytes: 10_000 }));
    expect(error.reason).toBe("too_large");
    expect(error.message).toMatch(/larger answer than NetSphere accepts/);
  });

  it("gives up on a host that does not answer within the deadline", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    handler = () => undefined;
    const started = performance.now();
    const error = await refusal(outboundFetch(`http://127.0.0.1:${port}/slow`, undefined, { timeoutMs: 300 }));
    expect(error.reason).toBe("timeout");
    expect(error.message).toBe("127.0.0.1 did not answer within 0.3 s.");
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("says a closed port refused the connection, without socket error codes", async () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await refusal(outboundFetch(`http://127.0.0.1:${closedPort}/`));
    expect(error.reason).toBe("unreachable");
    expect(error.message).toBe("127.0.0.1 refused the connection. Check the address and try again later.");
    expect(error.message).not.toMatch(/E[A-Z]{4,}/);
  });

  it("uses https only in production, unless the operator allows the host", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "sms.isp.internal");
    expect(outboundUrlProblem("http://api.semaphore.co/api/v4")).toMatch(/^Use an https:\/\/ URL/);
    expect(outboundUrlProblem("http://sms.isp.internal/api")).toBeNull();
    expect(outboundUrlProblem("https://api.semaphore.co/api/v4")).toBeNull();
  });
});
