import { describe, expect, it } from "vitest";
import { routeOnHost } from "./host-routing";
import { assertPortalSameOrigin, portalDomainOfHeaders, type HostLookup } from "./host";
import { parseHost, requestHost } from "@/lib/core/request-host";

const appUrl = "https://app.netsphere.ph";
const bayan = { hostname: "portal.bayanfiber.ph", tenantId: "7d9f2a4e-1111-4222-8333-944445555666", slug: "bayan-fiber" };
/** The database stand-in: only Bayan Fiber's domain is verified (an unverified one is not found, as the query does). */
const verified: HostLookup = async (hostname) => (hostname === bayan.hostname ? bayan : null);
const noProxy = { trustedProxyHops: 0, vercel: false };
const headersOf = (entries: Record<string, string>) => new Headers(entries);

/** What proxy.ts does with a request: the domain its host names, then the route for its path there. */
async function decide(host: string, pathname: string, { extra = {}, settings = noProxy, search = "" } = {}) {
  const domain = await portalDomainOfHeaders(headersOf({ host, ...extra }), { lookup: verified, appUrl, settings });
  return routeOnHost({ pathname, search, portal: domain, appUrl });
}

describe("requests by Host header", () => {
  it("a verified domain serves that ISP's portal: home, sign-in pages by its slug, the account's pages", async () => {
    expect(await decide("portal.bayanfiber.ph", "/")).toEqual({ kind: "portal", pathname: "/portal" });
    expect(await decide("Portal.BayanFiber.PH:443", "/sign-in")).toEqual({ kind: "portal", pathname: "/portal/bayan-fiber/sign-in" });
    expect(await decide("portal.bayanfiber.ph", "/forgot-password")).toEqual({ kind: "portal", pathname: "/portal/bayan-fiber/forgot-password" });
    expect(await decide("portal.bayanfiber.ph", "/sign-in-link")).toEqual({ kind: "portal", pathname: "/portal/bayan-fiber/sign-in-link" });
    expect(await decide("portal.bayanfiber.ph", "/set-password")).toEqual({ kind: "portal", pathname: "/portal/set-password" });
    expect(await decide("portal.bayanfiber.ph", "/magic")).toEqual({ kind: "portal", pathname: "/portal/magic" });
    expect(await decide("portal.bayanfiber.ph", "/bills/receipts")).toEqual({ kind: "portal", pathname: "/portal/bills/receipts" });
    expect(await decide("portal.bayanfiber.ph", "/tickets/new")).toEqual({ kind: "portal", pathname: "/portal/tickets/new" });
    // The portal's own links (/portal/…) work there too; the old sign-in address goes to this ISP's.
    expect(await decide("portal.bayanfiber.ph", "/portal")).toEqual({ kind: "portal", pathname: "/portal" });
    expect(await decide("portal.bayanfiber.ph", "/portal/usage")).toEqual({ kind: "portal", pathname: "/portal/usage" });
    expect(await decide("portal.bayanfiber.ph", "/portal/sign-in")).toEqual({ kind: "portal", pathname: "/portal/bayan-fiber/sign-in" });
    expect(await decide("portal.bayanfiber.ph", "/portal/bayan-fiber/sign-in")).toEqual({ kind: "portal", pathname: "/portal/bayan-fiber/sign-in" });
  });

  it("staff pages, the operator's area and another ISP's portal are refused on a custom domain; pay links go to our address", async () => {
    for (const path of ["/dashboard", "/customers", "/customers/123", "/settings/portal", "/platform", "/sign-up", "/field", "/onboarding", "/suspended"])
      expect(await decide("portal.bayanfiber.ph", path), path).toEqual({ kind: "refused" });
    expect(await decide("portal.bayanfiber.ph", "/portal/lipa-wave/sign-in")).toEqual({ kind: "refused" });
    expect(await decide("portal.bayanfiber.ph", "/portal/bayan-fiber/bills")).toEqual({ kind: "refused" });
    expect(await decide("portal.bayanfiber.ph", "/sign-in/extra")).toEqual({ kind: "refused" });
    expect(await decide("portal.bayanfiber.ph", "/pay/abc", { search: "?failed=gcash" })).toEqual({
      kind: "redirect",
      location: "https://app.netsphere.ph/pay/abc?failed=gcash",
    });
  });

  it("our own host, an unverified domain and an unknown host are not routed: the app as always", async () => {
    for (const host of ["app.netsphere.ph", "localhost:3000", "127.0.0.1:3420", "portal.unverified.ph", "evil.example"]) {
      expect(await decide(host, "/dashboard"), host).toEqual({ kind: "app" });
      expect(await decide(host, "/sign-in"), host).toEqual({ kind: "app" });
    }
  });

  it("our own hosts are never looked up", async () => {
    const asked: string[] = [];
    const lookup: HostLookup = async (hostname) => (asked.push(hostname), null);
    for (const host of ["app.netsphere.ph", "APP.netsphere.ph:443", "localhost:3000", "127.0.0.1:3210", "[::1]:3000"])
      await portalDomainOfHeaders(headersOf({ host }), { lookup, appUrl, settings: noProxy });
    expect(asked).toEqual([]);
  });

  it("believes X-Forwarded-Host only behind a proxy the operator declared, or on Vercel", async () => {
    const forged = { extra: { "x-forwarded-host": "portal.bayanfiber.ph" } };
    expect(await decide("app.netsphere.ph", "/dashboard", forged)).toEqual({ kind: "app" });
    expect(await decide("app.netsphere.ph", "/", { ...forged, settings: { trustedProxyHops: 1, vercel: false } })).toEqual({ kind: "portal", pathname: "/portal" });
    expect(await decide("internal:3000", "/", { ...forged, settings: { trustedProxyHops: 0, vercel: true } })).toEqual({ kind: "portal", pathname: "/portal" });
    // Our proxy appends: what a client wrote before it does not count.
    const chain = { extra: { "x-forwarded-host": "portal.bayanfiber.ph, app.netsphere.ph" }, settings: { trustedProxyHops: 1, vercel: false } };
    expect(await decide("app.netsphere.ph", "/dashboard", chain)).toEqual({ kind: "app" });
  });

  it("reads Host values in their parts and refuses what is not one", () => {
    expect(parseHost("Portal.ISP.ph.:8443")).toEqual({ host: "portal.isp.ph:8443", hostname: "portal.isp.ph" });
    expect(parseHost("[::1]:3000")).toEqual({ host: "[::1]:3000", hostname: "[::1]" });
    expect(parseHost("evil.example/path")).toBeNull();
    expect(parseHost("a b")).toBeNull();
    expect(parseHost(null)).toBeNull();
    expect(requestHost(headersOf({}), noProxy)).toBeNull();
  });
});

describe("same-origin check of portal routes", () => {
  const post = (host: string, origin: string) =>
    new Request("http://127.0.0.1:3000/api/portal/pay", { method: "POST", headers: { host, origin, "sec-fetch-site": "same-origin" } });
  const options = { lookup: verified, appUrl, settings: noProxy };

  it("accepts a post from the verified custom domain the request came in on", async () => {
    await expect(assertPortalSameOrigin(post("portal.bayanfiber.ph", "https://portal.bayanfiber.ph"), options)).resolves.toBeUndefined();
  });

  it("refuses another origin, and a domain that is not verified", async () => {
    await expect(assertPortalSameOrigin(post("portal.bayanfiber.ph", "https://evil.example"), options)).rejects.toMatchObject({ code: "forbidden" });
    await expect(assertPortalSameOrigin(post("portal.unverified.ph", "https://portal.unverified.ph"), options)).rejects.toMatchObject({ code: "forbidden" });
    // Plain http is not the domain's origin when the app is served over https.
    await expect(assertPortalSameOrigin(post("portal.bayanfiber.ph", "http://portal.bayanfiber.ph"), options)).rejects.toMatchObject({ code: "forbidden" });
  });
});
