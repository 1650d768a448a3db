import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp, PEER_HEADER } from "@/lib/core/client-ip";
import { installPeerStamp } from "@/lib/core/peer-stamp";

/** A Node server like `next start`'s, answering with the address clientIp() finds in the headers it received. */
let server: http.Server;
let port: number;
beforeAll(async () => {
  installPeerStamp();
  server = http.createServer((req, res) => {
    const headers = new Headers(Object.entries(req.headers).map(([name, value]): [string, string] => [name, String(value)]));
    res.end(JSON.stringify({ ip: clientIp(headers, { trustedProxyHops: 0, vercel: false }) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ask = async (headers: Record<string, string>) =>
  (await (await fetch(`http://127.0.0.1:${port}/`, { headers })).json()) as { ip: string | null };

describe("installPeerStamp", () => {
  it("gives handlers the socket's address, whatever forwarding or peer headers the client sends", async () => {
    expect(await ask({})).toEqual({ ip: "127.0.0.1" });
    expect(await ask({ "x-forwarded-for": "203.0.113.99" })).toEqual({ ip: "127.0.0.1" });
    expect(await ask({ [PEER_HEADER]: "203.0.113.99", "x-real-ip": "203.0.113.98" })).toEqual({ ip: "127.0.0.1" });
  });

  it("installs once however often the server starts", () => {
    const emit = http.Server.prototype.emit;
    installPeerStamp();
    expect(http.Server.prototype.emit).toBe(emit);
  });
});
