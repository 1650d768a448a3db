/*
 * The address a request came from, the one answer every rate limit, throttle, session and audit entry uses.
 *
 * Any client can send `X-Forwarded-For`, and `next start` / `next dev` keep a client's header untouched (they only
 * fill it in from the socket when it is missing), so that header alone proves nothing. The sources we trust:
 * - behind no proxy (`TRUSTED_PROXY_HOPS=0`, the default): the TCP peer, which the server stamps on each request
 *   (`x-netsphere-peer`, see lib/core/peer-stamp.ts) with a per-process token a client cannot know;
 * - behind N proxies we run (`TRUSTED_PROXY_HOPS=N`): the Nth address from the right of `X-Forwarded-For`, the one
 *   our outermost proxy appended; whatever the client wrote to the left of it is ignored;
 * - on Vercel (`VERCEL=1`): `x-vercel-forwarded-for` / `x-real-ip`, which the platform overwrites.
 */
import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";

export const PEER_HEADER = "x-netsphere-peer";

export type ClientIpSettings = { trustedProxyHops: number; vercel: boolean };

/** From the environment: `TRUSTED_PROXY_HOPS` (default 0) and `VERCEL`. */
export function clientIpSettings(): ClientIpSettings {
  const hops = Number.parseInt(process.env.TRUSTED_PROXY_HOPS ?? "0", 10);
  return { trustedProxyHops: Number.isFinite(hops) && hops > 0 ? hops : 0, vercel: process.env.VERCEL === "1" };
}

type HeaderSource = Pick<Headers, "get">;

/** The client's address, or null when no trustworthy source names one. */
export function clientIp(headers: HeaderSource, settings: ClientIpSettings = clientIpSettings()): string | null {
  if (settings.vercel) {
    return firstAddress(headers.get("x-vercel-forwarded-for")) ?? normalizeAddress(headers.get("x-real-ip"));
  }
  if (settings.trustedProxyHops > 0) {
    const chain = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    // No chain at all: the request did not pass our proxy, so the peer is the client.
    if (chain.length > 0) return normalizeAddress(chain[Math.max(0, chain.length - settings.trustedProxyHops)]);
  }
  return peerAddress(headers);
}

/**
 * The header that carries our answer to a library that reads the address from a header of its choosing
 * (Better Auth: `advanced.ipAddress.ipAddressHeaders`). Set on a copy of the request, never taken from a client.
 */
export const CLIENT_IP_HEADER = "x-netsphere-client-ip";

/** A copy of the headers whose `x-netsphere-client-ip` is `clientIp(headers)` (absent when unknown). */
export function withClientIpHeader(headers: Headers): Headers {
  const copy = new Headers(headers);
  const ip = clientIp(headers);
  if (ip) copy.set(CLIENT_IP_HEADER, ip);
  else copy.delete(CLIENT_IP_HEADER);
  return copy;
}

/** The same request (method, body, signal) with `withClientIpHeader` applied. */
export function withClientIp(request: Request): Request {
  return new Request(request, { headers: withClientIpHeader(request.headers) });
}

/**
 * What throttles count by: an IPv4 address, or the /64 network of an IPv6 one (one subscriber line is given a
 * whole /64, so counting single IPv6 addresses would let a client walk around its limit).
 */
export function addressKey(ip: string | null): string {
  if (!ip) return "unknown";
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(":")}::/64`;
}

function firstAddress(value: string | null): string | null {
  return normalizeAddress(value?.split(",")[0]);
}

/** A bare address (IPv4-mapped IPv6 written as IPv4, a `:port` or `[…]` removed), or null when it is not one. */
export function normalizeAddress(value: string | null | undefined): string | null {
  let address = (value ?? "").trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address.toLowerCase() : null;
}

function expandIpv6(ip: string): string[] {
  const [left, right] = ip.includes("::") ? ip.split("::") : [ip, undefined];
  const head = left ? left.split(":") : [];
  const tail = right ? right.split(":") : [];
  const groups = right === undefined ? head : [...head, ...Array(8 - head.length - tail.length).fill("0"), ...tail];
  return groups.map((group) => group.padStart(4, "0"));
}

/*
 * The peer stamp. The token lives on globalThis because the server's request listener (instrumentation) and the
 * route handlers are separate bundles in one process; a request stamped without it, or before the stamp was
 * installed, reads as "no address" rather than as whatever the client wrote.
 */
const TOKEN_KEY = Symbol.for("netsphere.peer-stamp-token");
type TokenHolder = { [TOKEN_KEY]?: string };

/** This process's stamp token, made on first use. */
export function peerStampToken(): string {
  const holder = globalThis as TokenHolder;
  return (holder[TOKEN_KEY] ??= crypto.randomUUID());
}

/** The value of `x-netsphere-peer` for a socket address (the server stamp; tests use it to stand in for a socket). */
export function peerStamp(address: string): string {
  return `${peerStampToken()} ${address}`;
}

function peerAddress(headers: HeaderSource): string | null {
  const value = headers.get(PEER_HEADER);
  const token = (globalThis as TokenHolder)[TOKEN_KEY];
  if (!value || !token) return null;
  const space = value.indexOf(" ");
  if (space < 0 || !sameToken(value.slice(0, space), token)) return null;
  return normalizeAddress(value.slice(space + 1));
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
