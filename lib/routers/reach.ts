/*
 * Where a router may be. Routers live on private networks, so the outbound rules for providers do not fit them;
 * what is refused is the NetSphere server itself (its own web port always, any loopback address in production),
 * a cloud's metadata service, and addresses that are no single machine. Without this, a router record at
 * 127.0.0.1:<port> turns "Test connection" into a scanner of the server's own ports. The check runs on the
 * address the socket is about to use (a host name is resolved once, checked, and connected to as checked).
 */
import "server-only";
import type { LookupFunction } from "node:net";
import { addressKind, parseIp } from "@/lib/core/addresses";
import { env } from "@/lib/core/env";
import { addressAllowedByOperator, guardedLookup } from "@/lib/core/outbound";
import { errorClassKey, RouterOsError } from "@/lib/routeros/errors";

/** The demo's simulated routers take ports from DEMO_ROUTER_PORT_BASE on (three today). */
const DEMO_PORT_SPAN = 16;

/** A router address NetSphere will not connect to; the message says why in words for ISP staff. */
export class RouterAddressRefusedError extends RouterOsError {
  static override readonly [errorClassKey]: string = "RouterAddressRefusedError";

  constructor(message: string) {
    super("connection", message);
    this.name = "RouterAddressRefusedError";
  }
}

export type RouterTarget = { port: number; demo: boolean };

/** The ports this server's own web app answers on (PORT, and the port of APP_URL). */
function appPorts(): Set<number> {
  const url = new URL(env().APP_URL);
  const ports = new Set([Number(process.env.PORT || 3000)]);
  ports.add(Number(url.port || (url.protocol === "https:" ? 443 : 80)));
  return ports;
}

function loopbackProblem({ port, demo }: RouterTarget): string | null {
  // Development and tests run simulated routers on 127.0.0.1; in production only the demo's own simulators may be there.
  if (process.env.NODE_ENV !== "production") return null;
  const base = env().DEMO_ROUTER_PORT_BASE;
  if (demo && port >= base && port < base + DEMO_PORT_SPAN) return null;
  return "This address points back at the NetSphere server itself, not at a router. Enter the router's own address (a self-hosted NetSphere that reaches a router through a tunnel on this server can allow it with OUTBOUND_ALLOWED_HOSTS).";
}

/** Why NetSphere must not connect to a router at this (resolved) address, or null. */
export function routerAddressProblem(address: string, target: RouterTarget): string | null {
  const kind = addressKind(address) ?? "reserved";
  // Not even the operator's allowlist opens the web app's own port: a tunnel to a router never ends there.
  if (kind === "loopback" && appPorts().has(target.port))
    return "This is the NetSphere server's own web port, not a router. Enter the router's address and API port.";
  if (addressAllowedByOperator(address)) return null;
  switch (kind) {
    case "loopback":
      return loopbackProblem(target);
    case "metadata":
      return "This is a cloud server's internal metadata address, not a router.";
    case "unspecified":
      return "This is not a real destination address (0.0.0.0 or ::). Enter the router's own address.";
    case "multicast":
    case "broadcast":
      return "This is a multicast or broadcast address, not one router. Enter the router's own address.";
    default:
      return null;
  }
}

/** For a host typed as an address: the same check before anything is resolved or sent (forms, and sockets that skip lookup). */
export function routerHostProblem(host: string, target: RouterTarget): string | null {
  return parseIp(host) ? routerAddressProblem(host, target) : null;
}

/**
 * The socket options that keep a router connection to allowed addresses: a literal address is checked now
 * (sockets do not resolve it), a host name at connect time by the lookup, which connects to what it checked.
 */
export function routerLookupFor(host: string, target: RouterTarget): LookupFunction {
  const problem = routerHostProblem(host, target);
  if (problem) throw new RouterAddressRefusedError(problem);
  return guardedLookup((address) => routerAddressProblem(address, target));
}
