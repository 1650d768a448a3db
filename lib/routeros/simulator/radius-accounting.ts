/*
 * The router's RADIUS settings and accounting (ROUTEROS.md, RADIUS): `/ppp/aaa`, the `/radius` servers of a service,
 * and the Accounting-Requests a session's life sends: Start when it opens, Interim-Update as the virtual clock passes
 * the interval, Stop with its counters and cause when it ends, Accounting-On when the router boots. Nothing here
 * touches the network: the packets go through `state.radius.transport` (radius-client.ts), which the running
 * simulator installs; a bare router state has none and sends nothing.
 */
import { parseDuration as parseMilliseconds } from "../values";
import {
  findRowByName,
  parseDuration,
  tableOf,
  type PppSession,
  type RadiusAttributeList,
  type RadiusServer,
  type RouterState,
} from "./router-state";

/** The one address the simulator sends RADIUS packets to. */
export const RADIUS_LOOPBACK = "127.0.0.1";

const MAX_LOG_LINES = 200;

export function radiusLog(state: RouterState, line: string): void {
  const log = state.radius.log;
  if (log[log.length - 1] === line) return;
  log.push(line);
  if (log.length > MAX_LOG_LINES) log.splice(0, log.length - MAX_LOG_LINES);
}

export type AaaSettings = { useRadius: boolean; accounting: boolean; interimSeconds: number };

/** `/ppp/aaa`: whether PPP asks RADIUS for users it does not know, sends accounting, and how often an interim update. */
export function pppAaa(state: RouterState): AaaSettings {
  const props = tableOf(state, "ppp/aaa")[0]?.props ?? {};
  return {
    useRadius: props["use-radius"] === "yes",
    accounting: props.accounting !== "no",
    interimSeconds: parseDuration(props["interim-update"] ?? "0s"),
  };
}

/** The enabled `/radius` entries whose `service` lists `service`, in table order (the order the router tries them). */
export function radiusServers(state: RouterState, service: "ppp" | "hotspot"): RadiusServer[] {
  const servers: RadiusServer[] = [];
  for (const { props } of tableOf(state, "radius")) {
    const usable = props.disabled !== "true" && props["accounting-backup"] !== "yes" && (props.protocol ?? "udp") === "udp";
    if (!usable || !(props.service ?? "").split(",").includes(service)) continue;
    // Loopback only: the simulator never sends a packet off the machine.
    if (props.address !== RADIUS_LOOPBACK) {
      radiusLog(state, `radius server ${props.address ?? "(none)"} skipped: the simulator sends to ${RADIUS_LOOPBACK} only`);
      continue;
    }
    servers.push({
      address: props.address,
      secret: props.secret ?? "",
      authenticationPort: Number(props["authentication-port"] ?? "1812"),
      accountingPort: Number(props["accounting-port"] ?? "1813"),
      timeoutMs: Math.max(1, parseMilliseconds(props.timeout ?? "1100ms") ?? 1100),
      requireMessageAuth: props["require-message-auth"] === "yes-for-request-resp",
    });
  }
  return servers;
}

/** The Acct-Session-Id of the session with active id `activeId` (its `session-id` without `0x`). */
export const acctSessionIdOf = (activeId: string) => `81${activeId.slice(1).padStart(6, "0")}`;

/** The attributes that say which NAS and port a request comes from. */
export function nasAttributes(state: RouterState, portType: "Ethernet" | "Wireless-802.11" = "Ethernet"): RadiusAttributeList {
  return [
    ["NAS-Identifier", state.identity],
    ["NAS-IP-Address", RADIUS_LOOPBACK],
    ["NAS-Port-Type", portType],
    ["NAS-Port-Id", state.accessInterface],
  ];
}

/** Starts accounting for a session that just opened, when `/ppp/aaa accounting=yes` and a ppp server exists. */
export function startAccounting(state: RouterState, session: PppSession, interimOverride: number | undefined, viaRadius: boolean): void {
  const transport = state.radius.transport;
  // Most routers have no /radius entry: that answer costs one look at an empty table.
  if (!transport || tableOf(state, "radius").length === 0) return;
  const settings = pppAaa(state);
  if (!settings.accounting) return;
  const servers = radiusServers(state, "ppp");
  if (servers.length === 0) return;
  const interimSeconds = interimOverride ?? settings.interimSeconds;
  session.accounting = {
    sessionId: acctSessionIdOf(session.activeId),
    interimSeconds,
    nextInterimSecond: interimSeconds > 0 ? state.elapsedSeconds + interimSeconds : undefined,
  };
  transport.account(servers, [
    ["Acct-Status-Type", "Start"],
    ...sessionAttributes(state, session),
    ["Acct-Authentic", viaRadius ? "RADIUS" : "Local"],
  ]);
}

/** Runs on every tick: sessions whose interval has passed send one Interim-Update with their counters. */
export function sendInterimUpdates(state: RouterState): void {
  const transport = state.radius.transport;
  if (!transport) return;
  for (const session of state.sessions.values()) {
    const accounting = session.accounting;
    if (!accounting || accounting.nextInterimSecond === undefined || accounting.nextInterimSecond > state.elapsedSeconds) continue;
    accounting.nextInterimSecond = state.elapsedSeconds + accounting.interimSeconds;
    const servers = radiusServers(state, "ppp");
    if (servers.length > 0)
      transport.account(servers, [["Acct-Status-Type", "Interim-Update"], ...sessionAttributes(state, session), ...usage(state, session)]);
  }
}

/** RouterOS's `last-disconnect-reason` words as RFC 2866 terminate causes. */
const TERMINATE_CAUSES: Readonly<Record<string, string>> = {
  "administrative-disconnect": "Admin-Reset",
  "lost-carrier": "Lost-Carrier",
  "peer-not-responding": "Lost-Carrier",
  "nas-reboot": "NAS-Reboot",
  "hung-up": "User-Request",
};

/** The Stop of a session about to end (its `<pppoe-…>` interface still holds the counters). */
export function stopAccounting(state: RouterState, session: PppSession, reason: string): void {
  const transport = state.radius.transport;
  if (!transport || !session.accounting) return;
  const servers = radiusServers(state, "ppp");
  if (servers.length === 0) return;
  transport.account(servers, [
    ["Acct-Status-Type", "Stop"],
    ...sessionAttributes(state, session),
    ...usage(state, session),
    ["Acct-Terminate-Cause", TERMINATE_CAUSES[reason] ?? "User-Request"],
  ]);
  session.accounting = undefined;
}

/** Accounting-On as the router boots, so the server closes whatever sessions it still thinks are open. */
export function accountingOn(state: RouterState): void {
  const transport = state.radius.transport;
  if (!transport || !pppAaa(state).accounting) return;
  const servers = radiusServers(state, "ppp");
  if (servers.length === 0) return;
  transport.account(servers, [["Acct-Status-Type", "Accounting-On"], ["Acct-Session-Id", "00000000"], ...nasAttributes(state)]);
}

function sessionAttributes(state: RouterState, session: PppSession): RadiusAttributeList {
  return [
    ["User-Name", session.name],
    ["Acct-Session-Id", session.accounting?.sessionId ?? acctSessionIdOf(session.activeId)],
    ["Service-Type", "Framed-User"],
    ["Framed-Protocol", "PPP"],
    ["Framed-IP-Address", session.address],
    ["Calling-Station-Id", session.callerId],
    ...nasAttributes(state),
    ["Acct-Delay-Time", 0],
  ];
}

const FOUR_GIB = 2n ** 32n;

/** Session time and the `<pppoe-NAME>` interface's counters; input is what the subscriber sent (the interface's rx). */
function usage(state: RouterState, session: PppSession): RadiusAttributeList {
  const props = findRowByName(state, "interface", `<pppoe-${session.name}>`)?.props ?? {};
  const input = BigInt(props["rx-byte"] ?? "0");
  const output = BigInt(props["tx-byte"] ?? "0");
  return [
    ["Acct-Session-Time", state.elapsedSeconds - session.connectedAtSecond],
    ["Acct-Input-Octets", Number(input % FOUR_GIB)],
    ["Acct-Output-Octets", Number(output % FOUR_GIB)],
    ["Acct-Input-Gigawords", Number(input / FOUR_GIB)],
    ["Acct-Output-Gigawords", Number(output / FOUR_GIB)],
    ["Acct-Input-Packets", Number(BigInt(props["rx-packet"] ?? "0") % FOUR_GIB)],
    ["Acct-Output-Packets", Number(BigInt(props["tx-packet"] ?? "0") % FOUR_GIB)],
  ];
}
