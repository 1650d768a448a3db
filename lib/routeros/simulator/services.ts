/*
 * `/ip/service` as the listeners see it (ROUTEROS.md §2, checklist 23): a disabled service, a source
 * address outside its `address` list, or a full `max-sessions` refuses the connection. How a real router
 * refuses is unverified; the simulator closes the socket at once.
 */
import { tableOf, type RouterState } from "./router-state";

export type ServiceName = "api" | "api-ssl" | "www-ssl";

export type Admission = { ok: true } | { ok: false; reason: string };

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

/** True when `address` lies in `prefix` (`10.0.0.0/8`, `192.168.1.5`); IPv6 prefixes never match the IPv4 loopback. */
export function inPrefix(address: string, prefix: string): boolean {
  const [network, lengthText = "32"] = prefix.split("/");
  const target = ipv4ToNumber(address.replace(/^::ffff:/, ""));
  const base = ipv4ToNumber(network);
  const length = Number(lengthText);
  if (target === undefined || base === undefined || !Number.isInteger(length) || length < 0 || length > 32) return false;
  const size = 2 ** (32 - length);
  return Math.floor(target / size) === Math.floor(base / size);
}

export function admitConnection(state: RouterState, service: ServiceName, remoteAddress: string, openSessions: number): Admission {
  const row = tableOf(state, "ip/service").find((candidate) => candidate.props.name === service);
  if (!row) return { ok: true };
  if (row.props.disabled === "true") return { ok: false, reason: `${service} service is disabled` };
  const allowed = (row.props.address ?? "").split(",").filter(Boolean);
  if (allowed.length > 0 && !allowed.some((prefix) => inPrefix(remoteAddress, prefix))) {
    return { ok: false, reason: `${remoteAddress} is not in the ${service} service's address list` };
  }
  const maxSessions = Number(row.props["max-sessions"] ?? "20");
  if (openSessions >= maxSessions) return { ok: false, reason: `${service} max-sessions (${maxSessions}) reached` };
  return { ok: true };
}

/** Shows the simulator's real ports and settings in the service rows. */
export function configureService(state: RouterState, service: ServiceName, props: Record<string, string>): void {
  const row = tableOf(state, "ip/service").find((candidate) => candidate.props.name === service);
  if (row) Object.assign(row.props, props);
}
