import { describe, expect, it } from "vitest";
import { addressKey, CLIENT_IP_HEADER, clientIp, normalizeAddress, PEER_HEADER, peerStamp, withClientIp } from "@/lib/core/client-ip";

const direct = { trustedProxyHops: 0, vercel: false };
const behindOneProxy = { trustedProxyHops: 1, vercel: false };
const behindTwoProxies = { trustedProxyHops: 2, vercel: false };
const onVercel = { trustedProxyHops: 0, vercel: true };

/** What the app sees: the server's stamp of the socket's peer plus whatever headers arrived. */
const request = (peer: string | null, headers: Record<string, string> = {}) =>
  new Headers({ ...headers, ...(peer ? { [PEER_HEADER]: peerStamp(peer) } : {}) });

describe("clientIp", () => {
  it("with no proxy, is the socket's peer whatever X-Forwarded-For claims", () => {
    expect(clientIp(request("198.51.100.7", { "x-forwarded-for": "203.0.113.99" }), direct)).toBe("198.51.100.7");
    expect(clientIp(request("::ffff:198.51.100.7"), direct)).toBe("198.51.100.7");
    // A rotating header changes nothing: every request is the same address.
    const seen = new Set(Array.from({ length: 25 }, (_, i) => clientIp(request("198.51.100.7", { "x-forwarded-for": `10.0.0.${i}` }), direct)));
    expect([...seen]).toEqual(["198.51.100.7"]);
  });

  it("never believes a peer header the client wrote itself", () => {
    expect(clientIp(new Headers({ [PEER_HEADER]: "198.51.100.7" }), direct)).toBeNull();
    expect(clientIp(new Headers({ [PEER_HEADER]: "0123456789abcdef 198.51.100.7" }), direct)).toBeNull();
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.99", "x-real-ip": "203.0.113.98" }), direct)).toBeNull();
  });

  it("behind N trusted proxies, takes the Nth address from the right of the chain they appended", () => {
    // The client wrote 203.0.113.99 itself; our proxy appended the address it saw.
    expect(clientIp(request("10.0.0.2", { "x-forwarded-for": "203.0.113.99, 198.51.100.7" }), behindOneProxy)).toBe("198.51.100.7");
    expect(clientIp(request("10.0.0.3", { "x-forwarded-for": "203.0.113.99, 198.51.100.7, 10.0.0.2" }), behindTwoProxies)).toBe(
      "198.51.100.7",
    );
    // A request that did not come through the proxy carries no chain: its peer is the client.
    expect(clientIp(request("198.51.100.8"), behindOneProxy)).toBe("198.51.100.8");
    expect(clientIp(request("10.0.0.2", { "x-forwarded-for": "not-an-address" }), behindOneProxy)).toBeNull();
  });

  it("on Vercel, reads the platform's own headers", () => {
    expect(clientIp(new Headers({ "x-vercel-forwarded-for": "198.51.100.7", "x-forwarded-for": "203.0.113.99" }), onVercel)).toBe(
      "198.51.100.7",
    );
    expect(clientIp(new Headers({ "x-real-ip": "2001:db8::7" }), onVercel)).toBe("2001:db8::7");
  });

  it("hands our answer to libraries in a header of its own, replacing one the client sent", async () => {
    const original = new Request("http://127.0.0.1/api/auth/sign-in/email", {
      method: "POST",
      body: JSON.stringify({ email: "a@example.test" }),
      headers: { [CLIENT_IP_HEADER]: "203.0.113.99", [PEER_HEADER]: peerStamp("198.51.100.7"), "content-type": "application/json" },
    });
    const copy = withClientIp(original);
    expect(copy.headers.get(CLIENT_IP_HEADER)).toBe("198.51.100.7");
    expect(await copy.json()).toEqual({ email: "a@example.test" });
    expect(withClientIp(new Request("http://127.0.0.1/", { headers: { [CLIENT_IP_HEADER]: "203.0.113.99" } })).headers.has(CLIENT_IP_HEADER)).toBe(false);
  });
});

describe("addressKey", () => {
  it("counts IPv4 by address and IPv6 by its /64, so a line's many IPv6 addresses count as one", () => {
    expect(addressKey("198.51.100.7")).toBe("198.51.100.7");
    expect(addressKey("2001:db8:1:2::7")).toBe(addressKey("2001:db8:1:2:ffff::1"));
    expect(addressKey("2001:db8:1:2::7")).not.toBe(addressKey("2001:db8:1:3::7"));
    expect(addressKey(null)).toBe("unknown");
  });

  it("reads addresses as proxies write them", () => {
    expect(normalizeAddress(" 198.51.100.7:51234 ")).toBe("198.51.100.7");
    expect(normalizeAddress("[2001:DB8::7]:443")).toBe("2001:db8::7");
    expect(normalizeAddress("unknown")).toBeNull();
  });
});
