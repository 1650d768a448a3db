import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, operatorCheckoutSources, newNonce, pageSecurityHeaders } from "@/lib/core/security-headers";

const directivesOf = (policy: string) =>
  new Map(
    policy.split("; ").map((d) => {
      const [name, ...sources] = d.split(" ");
      return [name, sources] as const;
    }),
  );

describe("contentSecurityPolicy", () => {
  const policy = directivesOf(contentSecurityPolicy({ nonce: "abc123==", development: false, pathname: "/customers" }));

  it("runs only scripts carrying this response's nonce, and what they load", () => {
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("refuses framing, plugins, a foreign <base> and forms posting elsewhere", () => {
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });

  it("lets the pay buttons' posts (pay page, portal) be redirected to the payment gateways, and no other page's", () => {
    const formAction = (pathname: string) => directivesOf(contentSecurityPolicy({ nonce: "n", development: false, pathname })).get("form-action");
    const gateways = [
      "'self'",
      "https://checkout.stripe.com",
      "https://www.paypal.com",
      "https://www.sandbox.paypal.com",
      "https://checkout.paymongo.com",
      "https://checkout.xendit.co",
      "https://checkout-staging.xendit.co",
    ];
    expect(formAction("/pay/tok.en")).toEqual(gateways);
    expect(formAction("/portal/bills")).toEqual(gateways);
    for (const pathname of ["/payments", "/portalx", "/billing/invoices/1", "/customers"]) expect(formAction(pathname)).toEqual(["'self'"]);
  });

  it("adds the hosts the operator allowed for gateways (names and addresses, any port) to the pay pages' form-action only", () => {
    const sources = operatorCheckoutSources("pay.isp.internal, 10.20.0.0/16 127.0.0.1 ::1,bad host");
    expect(sources).toEqual(["http://pay.isp.internal:*", "https://pay.isp.internal:*", "http://127.0.0.1:*", "https://127.0.0.1:*", "http://bad:*", "https://bad:*", "http://host:*", "https://host:*"]);
    const policy = (pathname: string) =>
      directivesOf(contentSecurityPolicy({ nonce: "n", development: false, pathname, operatorCheckouts: operatorCheckoutSources("127.0.0.1") })).get("form-action");
    expect(policy("/portal")).toContain("http://127.0.0.1:*");
    expect(policy("/customers")).toEqual(["'self'"]);
  });

  it("lets the map page alone load images and tile data from the configured tile server", () => {
    const on = (pathname: string, mapTileOrigin: string | null) =>
      directivesOf(contentSecurityPolicy({ nonce: "n", development: false, pathname, mapTileOrigin }));
    const map = on("/network/map", "https://tile.openstreetmap.org");
    expect(map.get("img-src")).toEqual(["'self'", "data:", "blob:", "https://tile.openstreetmap.org"]);
    expect(map.get("connect-src")).toEqual(["'self'", "https://tile.openstreetmap.org"]);
    expect(map.get("script-src")).not.toContain("https://tile.openstreetmap.org");
    for (const pathname of ["/network", "/network/topology", "/customers", "/network/mapx"]) {
      expect(on(pathname, "https://tile.openstreetmap.org").get("img-src")).toEqual(["'self'", "data:", "blob:"]);
      expect(on(pathname, "https://tile.openstreetmap.org").get("connect-src")).toEqual(["'self'"]);
    }
    // Tiles served from our own origin (a PMTiles file under /public) need nothing more.
    expect(on("/network/map", null).get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });

  it("allows eval only in development", () => {
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
    expect(directivesOf(contentSecurityPolicy({ nonce: "n", development: true, pathname: "/" })).get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("newNonce", () => {
  it("is fresh each time and fits a CSP source", () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("pageSecurityHeaders", () => {
  it("denies framing and sniffing, and allows only the field pages' camera and location", () => {
    const headers = pageSecurityHeaders({ production: false });
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    const features = headers["Permissions-Policy"].split(", ");
    expect(features.filter((f) => !f.endsWith("=()"))).toEqual(["camera=(self)", "geolocation=(self)"]);
    expect(features).toContain("microphone=()");
  });

  it("sends HSTS in production only", () => {
    expect(pageSecurityHeaders({ production: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(pageSecurityHeaders({ production: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
  });
});
