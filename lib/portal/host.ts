/*
 * The custom domain a request came in on, if any: the verified domain of an active ISP (lib/tenants/domain-lookup.ts,
 * remembered 30 s), read from the request's host (lib/core/request-host.ts, which believes X-Forwarded-Host only from
 * our own proxies). Our own hosts never reach the database.
 */
import "server-only";
import { headers } from "next/headers";
import { getDb } from "@/lib/db";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { crossOriginRefused, isSameOriginRequest, originFactsOf } from "@/lib/core/origin";
import { ownHostnames, requestHost } from "@/lib/core/request-host";
import { clientIpSettings, type ClientIpSettings } from "@/lib/core/client-ip";
import { portalHostOf, type PortalHost } from "@/lib/tenants/domain-lookup";

/** A verified domain and the origin browsers use for it: APP_URL's scheme (the domain is served as the app is), the host as asked. */
export type PortalDomain = PortalHost & { origin: string };

function domainOrigin(appUrl: string, host: string): string {
  return `${new URL(appUrl).protocol}//${host}`;
}

/** Which ISP's verified domain a host name is: the database through the 30 s memory; tests pass a stand-in. */
export type HostLookup = (hostname: string) => Promise<PortalHost | null>;
const databaseLookup: HostLookup = async (hostname) => portalHostOf(await getDb(), hostname);

type LookupOptions = { lookup?: HostLookup; appUrl?: string; settings?: ClientIpSettings };

/** The ISP whose verified domain these request headers name, or null for our own hosts and any other. */
export async function portalDomainOfHeaders(
  source: Pick<Headers, "get">,
  { lookup = databaseLookup, appUrl = env().APP_URL, settings = clientIpSettings() }: LookupOptions = {},
): Promise<PortalDomain | null> {
  const host = requestHost(source, settings);
  if (!host || ownHostnames(appUrl).has(host.hostname)) return null;
  try {
    const found = await lookup(host.hostname);
    return found && { ...found, origin: domainOrigin(appUrl, host.host) };
  } catch (error) {
    // The database is away: serve the request as the app's (a custom domain's visitor then sees a 404 or sign-in).
    logger.warn({ err: error, host: host.hostname }, "custom domain lookup failed");
    return null;
  }
}

/**
 * The request header by which proxy.ts tells a page (and its Server Actions) which custom domain it is served on, so
 * pages need not read the host again. The proxy runs for every page and removes whatever a client sent under this name.
 */
export const PORTAL_DOMAIN_HEADER = "x-netsphere-portal-domain";
/** The portal page a custom domain's short path is served from (`portal/<slug>/sign-in`), for next.config.mjs's rewrite. */
export const PORTAL_PATH_HEADER = "x-netsphere-portal-path";

/** The custom domain of the page being rendered (or its Server Action), or null. */
export async function portalDomainOfRequest(): Promise<PortalDomain | null> {
  const host = (await headers()).get(PORTAL_DOMAIN_HEADER);
  return host ? portalDomainOfHeaders(new Headers({ host }), { settings: { trustedProxyHops: 0, vercel: false } }) : null;
}

/**
 * The same-origin check of portal routes and the portal's payments: our own origins, and the verified custom domain
 * the request came in on. The domain is looked up only for a request our own origins refuse.
 */
export async function assertPortalSameOrigin(request: Request, options: LookupOptions = {}): Promise<void> {
  const facts = originFactsOf(request);
  if (isSameOriginRequest(facts)) return;
  const domain = await portalDomainOfHeaders(request.headers, options);
  if (domain && isSameOriginRequest({ ...facts, ownOrigins: [...facts.ownOrigins, domain.origin] })) return;
  throw crossOriginRefused();
}
