/*
 * Cross-site request forgery guard. A browser attaches our cookies to a form or fetch that any page posts to us,
 * including a page on the same host under another port (same site, not same origin, so SameSite=Lax lets the
 * cookie through). What a page cannot forge is the browser's `Origin` and `Sec-Fetch-Site` headers, so every
 * request that changes something must say it comes from our own origin. Webhooks and cron jobs never pass here:
 * they prove who they are with a signature or a bearer secret instead.
 */
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginFacts = {
  method: string;
  /** The `Origin` request header, null when absent. */
  origin: string | null;
  /** The `Sec-Fetch-Site` request header, null when absent (scripts and old browsers send none). */
  fetchSite: string | null;
  /** Origins that are ours: the public address (APP_URL) and the address the server itself answers on. */
  ownOrigins: readonly string[];
};

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/** Whether a request may go on: reads always may; a change only when the browser says it comes from our origin. */
export function isSameOriginRequest({ method, origin, fetchSite, ownOrigins }: OriginFacts): boolean {
  if (readOnlyMethods.has(method.toUpperCase())) return true;
  // Only browsers send Sec-Fetch-Site and no page can set it: another site, or our host on another port, is refused.
  if (fetchSite !== null && fetchSite !== "same-origin") return false;
  // Browsers send Origin with every POST, PUT, PATCH and DELETE; without it there is nothing to vouch for the request.
  if (origin === null) return false;
  // A form posted from a page with `Referrer-Policy: no-referrer` says "null"; then only Sec-Fetch-Site can vouch.
  if (origin === "null") return fetchSite === "same-origin";
  const claimed = originOf(origin);
  return claimed !== null && ownOrigins.some((own) => originOf(own) === claimed);
}

/**
 * The addresses `npm run dev` and `npm start` answer on this machine (localhost and 127.0.0.1 on PORT, 3000 unset):
 * a browser on the server itself uses either, whatever APP_URL says.
 */
export function localAppOrigins(port = process.env.PORT): string[] {
  const local = /^\d{2,5}$/.test(port ?? "") ? port : "3000";
  return [`http://localhost:${local}`, `http://127.0.0.1:${local}`];
}

/** Our origins for a request: APP_URL's, the request's own as the server sees it (never the Host header), and the local addresses. */
export function ownOriginsOf(request: Request): string[] {
  return [env().APP_URL, request.url, ...localAppOrigins()];
}

export function originFactsOf(request: Request): OriginFacts {
  return {
    method: request.method,
    origin: request.headers.get("origin"),
    fetchSite: request.headers.get("sec-fetch-site"),
    ownOrigins: ownOriginsOf(request),
  };
}

export const crossOriginRefused = () =>
  new AppError("forbidden", "This change did not come from a NetSphere page, so nothing was changed. Reload the page and try again.");

/** Throws `forbidden` (403) when a request that changes something does not come from one of our own pages. */
export function assertSameOrigin(request: Request): void {
  if (!isSameOriginRequest(originFactsOf(request))) throw crossOriginRefused();
}
