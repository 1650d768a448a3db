/*
 * Runs before every page: serves an ISP's portal on its verified custom domain (and nothing else there), refuses a
 * change (a Server Action post) that does not come from our own origin, and gives each page its security headers
 * with a fresh script nonce. API routes are not matched: their wrappers check the origin themselves, and a matched
 * request's body is copied into memory (and cut at 10 MB), which uploads must not be.
 */
import { NextResponse, type NextRequest } from "next/server";
import { crossOriginRefused, isSameOriginRequest, originFactsOf } from "@/lib/core/origin";
import { env } from "@/lib/core/env";
import { PORTAL_DOMAIN_HEADER, PORTAL_PATH_HEADER, portalDomainOfHeaders } from "@/lib/portal/host";
import { routeOnHost } from "@/lib/portal/host-routing";
import { contentSecurityPolicy, newNonce, operatorCheckoutSources, pageSecurityHeaders } from "@/lib/core/security-headers";
import { configuredTileSource, tileOriginOf } from "@/lib/core/map-tiles";

const mapTileOrigin = tileOriginOf(configuredTileSource());
const operatorCheckouts = operatorCheckoutSources(process.env.OUTBOUND_ALLOWED_HOSTS ?? "");

/**
 * Next.js refuses a Server Action from a foreign origin with a 500 and lets one without an Origin through; a
 * page never takes any other POST, so every change arriving here is answered 403 unless it is our own (or, for a
 * portal page on an ISP's custom domain, that domain's).
 */
function refuseForeignChange(request: NextRequest, portalOrigin: string | null): Response | null {
  const facts = originFactsOf(request);
  if (isSameOriginRequest(portalOrigin ? { ...facts, ownOrigins: [...facts.ownOrigins, portalOrigin] } : facts)) return null;
  const refusal = crossOriginRefused();
  return Response.json(
    { ok: false, code: refusal.code, message: refusal.message },
    { status: refusal.status, headers: { "cache-control": "no-store" } },
  );
}

export async function proxy(request: NextRequest) {
  const development = process.env.NODE_ENV === "development";
  const production = process.env.NODE_ENV === "production";
  // Our own hosts are known without a lookup; another host is asked once per 30 s whether it is an ISP's domain.
  const domain = await portalDomainOfHeaders(request.headers);
  const decision = routeOnHost({ pathname: request.nextUrl.pathname, search: request.nextUrl.search, portal: domain, appUrl: env().APP_URL });
  if (decision.kind === "refused") {
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", ...pageSecurityHeaders({ production }) } });
  }
  if (decision.kind === "redirect") return NextResponse.redirect(decision.location, 307);

  const pathname = decision.kind === "portal" ? decision.pathname : request.nextUrl.pathname;
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, development, pathname, mapTileOrigin, operatorCheckouts });
  const headers = { "Content-Security-Policy": csp, ...pageSecurityHeaders({ production }) };

  const refused = refuseForeignChange(request, decision.kind === "portal" ? domain!.origin : null);
  if (refused) {
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    return refused;
  }

  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders; the root
  // layout reads `x-nonce` for the theme script it renders itself.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  // Which custom domain the page is served on, and the portal page a short path (/sign-in, /bills) is: next.config's
  // rewrite takes it from this header. Not NextResponse.rewrite: Next.js makes that an HTTP request to itself when the
  // server listens on 127.0.0.1 (vercel/next.js#94745), which loses the browser's Host and fails behind TLS proxies.
  // Whatever a client sent under these names is dropped here.
  requestHeaders.delete(PORTAL_DOMAIN_HEADER);
  requestHeaders.delete(PORTAL_PATH_HEADER);
  if (decision.kind === "portal") {
    requestHeaders.set(PORTAL_DOMAIN_HEADER, domain!.origin.replace(/^https?:\/\//, ""));
    if (pathname !== request.nextUrl.pathname) requestHeaders.set(PORTAL_PATH_HEADER, pathname.slice(1));
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    // Everything but API routes, the ticket reply upload (a route handler under a page path), build assets,
    // icons, the service worker and the web app manifest.
    "/((?!api/|tickets/[^/]+/messages$|_next/static/|_next/image|favicon\\.ico|icons/|sw\\.js$|manifest\\.webmanifest$).*)",
  ],
};
