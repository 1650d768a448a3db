/*
 * The host a browser asked for, which decides whether a request is for an ISP's custom portal domain. Like the
 * client's address (lib/core/client-ip.ts), a forwarded header is believed only from proxies the operator runs:
 * `X-Forwarded-Host` counts behind `TRUSTED_PROXY_HOPS` proxies and on Vercel (which sets it); otherwise only the
 * `Host` header, which the browser wrote for the address it connected to.
 */
import { clientIpSettings, type ClientIpSettings } from "@/lib/core/client-ip";

type HeaderSource = Pick<Headers, "get">;

/** `host` as in the URL bar (with a port when there is one), `hostname` without it, both lowercase. */
export type RequestHost = { host: string; hostname: string };

const HOST_SHAPE = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/;

/** A Host-style value (`Portal.ISP.ph:443`, `[::1]:3000`) in its parts, or null when it is not one. */
export function parseHost(value: string | null | undefined): RequestHost | null {
  const host = (value ?? "").trim().toLowerCase().replace(/\.(?=:\d+$|$)/, "");
  const match = HOST_SHAPE.exec(host);
  if (!match || host.length > 260) return null;
  return { host, hostname: match[1] };
}

/** The host this request was sent to, by the rules above; null when no trustworthy header names one. */
export function requestHost(headers: HeaderSource, settings: ClientIpSettings = clientIpSettings()): RequestHost | null {
  if (settings.vercel || settings.trustedProxyHops > 0) {
    // Our outermost proxy sets or appends it: the last entry is the one it wrote.
    const forwarded = (headers.get("x-forwarded-host") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .at(-1);
    if (forwarded) return parseHost(forwarded);
  }
  return parseHost(headers.get("host"));
}

/** Host names that are the app itself, never a custom domain: APP_URL's and this machine's loopback names. */
export function ownHostnames(appUrl: string): ReadonlySet<string> {
  return new Set([new URL(appUrl).hostname.toLowerCase(), "localhost", "127.0.0.1", "[::1]"]);
}
