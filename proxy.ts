/*
 * Runs before every page: refuses a change (a Server Action post) that does not come from our own origin, and
 * gives each page its security headers with a fresh script nonce. API routes are not matched: their wrappers
 * check the origin themselves, and a matched request's body is copied into memory (and cut at 10 MB), which
 * uploads must not be.
 */
import { NextResponse, type NextRequest } from "next/server";
import { crossOriginRefused, isSameOriginRequest, originFactsOf } from "@/lib/core/origin";
import { contentSecurityPolicy, newNonce, operatorCheckoutSources, pageSecurityHeaders } from "@/lib/core/security-headers";
import { configuredTileSource, tileOriginOf } from "@/lib/core/map-tiles";

const mapTileOrigin = tileOriginOf(configuredTileSource());
const operatorCheckouts = operatorCheckoutSources(process.env.OUTBOUND_ALLOWED_HOSTS ?? "");

/**
 * Next.js refuses a Server Action from a foreign origin with a 500 and lets one without an Origin through; a
 * page never takes any other POST, so every change arriving here is answered 403 unless it is our own.
 */
function refuseForeignChange(request: NextRequest): Response | null {
  if (isSameOriginRequest(originFactsOf(request))) return null;
  const refusal = crossOriginRefused();
  return Response.json(
    { ok: false, code: refusal.code, message: refusal.message },
    { status: refusal.status, headers: { "cache-control": "no-store" } },
  );
}

export function proxy(request: NextRequest) {
  const development = process.env.NODE_ENV === "development";
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, development, pathname: request.nextUrl.pathname, mapTileOrigin, operatorCheckouts });
  const headers = { "Content-Security-Policy": csp, ...pageSecurityHeaders({ production: process.env.NODE_ENV === "production" }) };

  const refused = refuseForeignChange(request);
  if (refused) {
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    return refused;
  }

  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders; the root
  // layout reads `x-nonce` for the theme script it renders itself.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
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
