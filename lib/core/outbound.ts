/*
 * The one way the server calls a URL or host that someone typed (an ISP's SMS, chat or payment gateway base
 * URL, the storage endpoint). Without it, a base URL of http://127.0.0.1:<port>/… or 169.254.169.254 makes the
 * server call itself or its cloud's metadata service with the tenant's keys attached (server-side request
 * forgery). Rules: https in production; every address DNS returns for the host, on the first request and on
 * every redirect, must be a public internet address unless the operator allows it (OUTBOUND_ALLOWED_HOSTS);
 * the socket connects to exactly the address that was checked (no second DNS answer in between); answers are
 * bounded in time and size; failures are AppErrors in plain words, never socket error codes.
 */
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { addressKind, cidrContains, parseCidr, parseIp, type AddressKind } from "@/lib/core/addresses";
import { deadlineSignal } from "@/lib/core/deadline";
import { AppError } from "@/lib/core/errors";

export type OutboundFailure = "refused" | "unreachable" | "timeout" | "too_large" | "redirect";

/** A request the policy refused or that found no answer; `reason` lets callers decide whether a retry can help. */
export class OutboundError extends AppError {
  readonly reason: OutboundFailure;
  constructor(reason: OutboundFailure, message: string) {
    super(reason === "refused" || reason === "redirect" ? "validation" : "provider_unreachable", message);
    this.name = "OutboundError";
    this.reason = reason;
  }
}

export type OutboundOptions = {
  /** Covers DNS, connect, every redirect and the whole body. */
  timeoutMs?: number;
  /** The answer's body is read up to this many bytes; more is an error, not a truncated reply. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Host names the operator configured themselves (the storage endpoint): trusted like the allowlist. */
  trustedHosts?: string[];
};

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const kindWords: Record<Exclude<AddressKind, "public">, string> = {
  loopback: "This address points back at the NetSphere server itself",
  unspecified: "This is not a real destination address",
  private: "This address is on a private network",
  shared: "This address is on a carrier's private network (100.64.0.0/10)",
  metadata: "This is a cloud server's internal metadata address",
  link_local: "This is a link-local address, only valid on the server's own network segment",
  multicast: "This is a multicast address",
  broadcast: "This is a broadcast address",
  reserved: "This address is reserved and not used on the public internet",
};

/** Why the server may not call an address of this kind, in words for ISP staff. */
export function addressKindProblem(kind: AddressKind): string | null {
  if (kind === "public") return null;
  return `${kindWords[kind]}; NetSphere only calls public internet addresses. Use the provider's public https address (a self-hosted NetSphere can allow a host with OUTBOUND_ALLOWED_HOSTS).`;
}

type Allowlist = { names: Set<string>; blocks: NonNullable<ReturnType<typeof parseCidr>>[] };
let parsedAllowlist: { raw: string; list: Allowlist } | undefined;

/**
 * OUTBOUND_ALLOWED_HOSTS: host names and CIDR blocks, separated by commas or spaces. Read on each call (and
 * parsed once per value) so a test can change it; the format is checked at start-up by lib/core/env.ts.
 */
export function outboundAllowlist(): Allowlist {
  const raw = process.env.OUTBOUND_ALLOWED_HOSTS ?? "";
  if (parsedAllowlist?.raw === raw) return parsedAllowlist.list;
  const list: Allowlist = { names: new Set(), blocks: [] };
  for (const entry of raw.split(/[\s,]+/).filter(Boolean)) {
    const block = parseCidr(entry);
    if (block) list.blocks.push(block);
    else list.names.add(entry.toLowerCase().replace(/\.$/, ""));
  }
  parsedAllowlist = { raw, list };
  return list;
}

const bareHost = (hostname: string) =>
  hostname
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase()
    .replace(/\.$/, "");

/** Whether the operator allows this host name (or literal address) whatever it resolves to. */
export function hostAllowedByOperator(hostname: string, trustedHosts: string[] = []): boolean {
  const host = bareHost(hostname);
  const list = outboundAllowlist();
  if (list.names.has(host) || trustedHosts.some((t) => bareHost(t) === host)) return true;
  return parseIp(host) !== null && list.blocks.some((block) => cidrContains(block, host));
}

/** Whether the operator allows this resolved address (a CIDR block or address in OUTBOUND_ALLOWED_HOSTS). */
export const addressAllowedByOperator = (address: string) => outboundAllowlist().blocks.some((block) => cidrContains(block, address));

/** Why the server may not connect to this resolved address, or null. */
export function outboundAddressProblem(address: string): string | null {
  if (addressAllowedByOperator(address)) return null;
  return addressKindProblem(addressKind(address) ?? "reserved");
}

const isProduction = () => process.env.NODE_ENV === "production";

/**
 * What is wrong with a URL before any DNS (scheme, literal addresses), or null: for forms, so a tenant learns
 * at once that http://10.0.0.5 will never be called. Names are checked again after DNS when used.
 */
export function outboundUrlProblem(value: string | URL, { trustedHosts = [] }: { trustedHosts?: string[] } = {}): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, e.g. https://api.example.com";
  }
  const allowed = hostAllowedByOperator(url.hostname, trustedHosts);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// URL";
  if (url.protocol === "http:" && isProduction() && !allowed) return "Use an https:// URL; NetSphere sends keys only over encrypted connections.";
  if (url.username || url.password) return "Leave user names and passwords out of the URL";
  const host = bareHost(url.hostname);
  if (allowed) return null;
  if (host === "localhost" || host.endsWith(".localhost")) return addressKindProblem("loopback");
  const kind = addressKind(host);
  return kind ? addressKindProblem(kind) : null;
}

/** The addresses a host name stands for (a literal address stands for itself). */
async function resolveHost(host: string): Promise<{ address: string; family: number }[]> {
  const literal = parseIp(host);
  if (literal) return [{ address: host, family: literal.width === 32 ? 4 : 6 }];
  try {
    return await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    throw new OutboundError("unreachable", `The host name ${host} could not be found. Check the address for typing mistakes.`);
  }
}

/**
 * Resolves and checks every address of a host; throws OutboundError("refused") when any is not allowed, so a
 * name that answers with one public and one private address is refused rather than tried until it works.
 */
export async function checkedAddresses(
  hostname: string,
  { trustedHosts = [], check = outboundAddressProblem }: { trustedHosts?: string[]; check?: (address: string) => string | null } = {},
): Promise<{ address: string; family: number }[]> {
  const host = bareHost(hostname);
  const addresses = await resolveHost(host);
  if (hostAllowedByOperator(host, trustedHosts)) return addresses;
  for (const { address } of addresses) {
    const problem = check(address);
    if (problem) throw new OutboundError("refused", problem);
  }
  return addresses;
}

/** A `lookup` for sockets that answers with addresses already checked: the connection goes where the check looked. */
export function pinnedLookup(addresses: { address: string; family: number }[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const list = wanted.length ? wanted : addresses;
    if (options.all) callback(null, list);
    else callback(null, list[0].address, list[0].family);
  }) as LookupFunction;
}

/**
 * A `lookup` for sockets to hosts that are checked by another rule (routers live on private networks): it
 * resolves, refuses when `check` names a problem for any address, and connects only to what it checked.
 */
export function guardedLookup(check: (address: string) => string | null): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    checkedAddresses(hostname, { check }).then(
      (addresses) => pinnedLookup(addresses)(hostname, options, callback as never),
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "refused the connection",
  ECONNRESET: "dropped the connection",
  EPIPE: "dropped the connection",
  EHOSTUNREACH: "is not reachable from the server's network",
  ENETUNREACH: "is not reachable from the server's network",
};

/** A socket failure as words: no error codes, no TLS library text. */
function unreachable(host: string, error: unknown): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH/i.test(code))
    return new OutboundError("unreachable", `${host} did not prove its identity over https (its certificate is not valid for this name).`);
  const words = NETWORK_WORDS[code] ?? "could not be reached";
  return new OutboundError("unreachable", `${host} ${words}. Check the address and try again later.`);
}

type Exchange = { method: string; headers: Record<string, string>; body: Buffer | null };
type Answer = { status: number; statusText: string; headers: Headers; body: Buffer };

function send(
  url: URL,
  exchange: Exchange,
  addresses: { address: string; family: number }[],
  signal: AbortSignal,
  maxBytes: number,
): Promise<Answer> {
  const client = url.protocol === "https:" ? https : http;
  const host = bareHost(url.hostname);
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: url.protocol,
        host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: exchange.method,
        headers: { ...exchange.headers, ...(exchange.body ? { "content-length": String(exchange.body.length) } : {}) },
        lookup: pinnedLookup(addresses),
        servername: parseIp(host) ? undefined : host,
        agent: false,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy();
            reject(new OutboundError("too_large", `${host} sent a larger answer than NetSphere accepts (over ${Math.ceil(maxBytes / 1024)} KB).`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("error", (error) => reject(error));
        response.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
          }
          resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? "", headers, body: Buffer.concat(chunks) });
        });
      },
    );
    request.on("error", reject);
    request.end(exchange.body ?? undefined);
  });
}

/** The request a redirect leads to: 303 (and 301/302 after a POST) becomes a GET; credentials stay with their origin. */
function redirected(from: URL, to: URL, status: number, exchange: Exchange): Exchange {
  const toGet = status === 303 || ((status === 301 || status === 302) && exchange.method === "POST");
  const headers = { ...exchange.headers };
  if (toGet) for (const name of ["content-type", "content-length"]) delete headers[name];
  if (from.origin !== to.origin) for (const name of ["authorization", "cookie", "proxy-authorization"]) delete headers[name];
  return toGet ? { method: exchange.method === "HEAD" ? "HEAD" : "GET", headers, body: null } : { ...exchange, headers };
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` under the outbound rules: same arguments, a buffered `Response`. Redirects are followed by hand
 * (each target checked like the first) unless `redirect` is "error" or "manual".
 */
export async function outboundFetch(input: string | URL | Request, init?: RequestInit, options: OutboundOptions = {}): Promise<Response> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, maxBytes = DEFAULT_MAX_BYTES, maxRedirects = DEFAULT_MAX_REDIRECTS, trustedHosts = [] } = options;
  const request = new Request(input, init);
  const deadline = deadlineSignal(timeoutMs, request.signal);
  const signal = deadline.signal;
  try {
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
    let exchange: Exchange = { method: request.method, headers: Object.fromEntries(request.headers), body };
    let url = new URL(request.url);
    for (let hops = 0; ; hops++) {
      const problem = outboundUrlProblem(url, { trustedHosts });
      if (problem) throw new OutboundError("refused", problem);
      const host = bareHost(url.hostname);
      let answer: Answer;
      try {
        const addresses = await abortable(checkedAddresses(host, { trustedHosts }), signal);
        answer = await send(url, exchange, addresses, signal, maxBytes);
      } catch (error) {
        if (signal.aborted && !(error instanceof OutboundError))
          throw new OutboundError("timeout", `${host} did not answer within ${timeoutMs / 1000} s.`);
        throw unreachable(host, error);
      }
      const location = answer.headers.get("location");
      if (REDIRECTS.has(answer.status) && location && request.redirect !== "manual") {
        if (request.redirect === "error")
          throw new OutboundError("redirect", `${host} answered with a redirect to another address; enter the final address instead.`);
        if (hops >= maxRedirects) throw new OutboundError("redirect", `${host} redirected more than ${maxRedirects} times.`);
        const next = new URL(location, url);
        exchange = redirected(url, next, answer.status, exchange);
        url = next;
        continue;
      }
      return new Response(NULL_BODY.has(answer.status) || exchange.method === "HEAD" ? null : new Uint8Array(answer.body), {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
    }
  } finally {
    deadline.clear();
  }
}

/** DNS lookups cannot be cancelled; the caller stops waiting for them at the deadline instead. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
