/*
 * Commands that are not a menu verb: `/ping`, `/interface/monitor-traffic` and `/ip/hotspot/active/login`.
 * Ping answers from a model, it never sends a packet: session and private addresses answer in a few ms,
 * public ones in tens of ms, TEST-NET-1/3 (192.0.2.0/24, 203.0.113.0/24) time out and TEST-NET-2
 * (198.51.100.0/24) loses every other echo, so clients can test loss handling.
 */
import type { ReplySentence, RequestSentence } from "../types";
import { trapCategory } from "../types";
import { formatDuration } from "../values";
import { loginHotspotUser } from "./hotspot";
import { done, reply, TrapSignal } from "./replies";
import { tableOf, type RouterState } from "./router-state";
import { inPrefix } from "./services";
import { interfaceRates } from "./ppp-sessions";

type Replies = ReplySentence[];

function interfaceNames(state: RouterState, request: RequestSentence): string[] {
  const names = (request.attributes.interface ?? "").split(",").filter(Boolean);
  const known = new Set(tableOf(state, "interface").map((row) => row.props.name));
  if (names.length === 0 || names.some((name) => !known.has(name))) {
    throw new TrapSignal("input does not match any value of interface", trapCategory.argumentValueFailure);
  }
  return names;
}

function monitorTrafficRows(state: RouterState, names: string[], tag: string | undefined): Replies {
  return names.map((name) => {
    const { rxBits, txBits } = interfaceRates(state, name);
    return reply(
      "!re",
      {
        name,
        "rx-packets-per-second": String(Math.round(rxBits / 8000)),
        "rx-bits-per-second": String(rxBits),
        "tx-packets-per-second": String(Math.round(txBits / 8000)),
        "tx-bits-per-second": String(txBits),
        "rx-drops-per-second": "0",
        "tx-drops-per-second": "0",
        "rx-errors-per-second": "0",
        "tx-errors-per-second": "0",
      },
      tag,
    );
  });
}

type PingTarget = { address: string; size: string; sent: number; received: number; rtts: number[] };

function pingTarget(request: RequestSentence): PingTarget {
  const { address = "", size = "56" } = request.attributes;
  if (!address) throw new TrapSignal("missing value(s) of argument(s) address", trapCategory.argumentValueFailure);
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) throw new TrapSignal("invalid value for argument address", trapCategory.argumentValueFailure);
  if (!/^\d+$/.test(size) || Number(size) < 14 || Number(size) > 65_535) {
    throw new TrapSignal("invalid value for argument size", trapCategory.argumentValueFailure);
  }
  return { address, size, sent: 0, received: 0, rtts: [] };
}

/** One echo: `seq`, `host`, `size`, `ttl`, `time` (or `status=timeout`) and the running summary, as RouterOS prints it. */
function pingRow(state: RouterState, target: PingTarget, tag: string | undefined): ReplySentence {
  const sequence = target.sent;
  target.sent += 1;
  const { address } = target;
  const local = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((prefix) => inPrefix(address, prefix));
  const lost =
    inPrefix(address, "192.0.2.0/24") || inPrefix(address, "203.0.113.0/24") || (inPrefix(address, "198.51.100.0/24") && sequence % 2 === 1);
  const props: Record<string, string> = { seq: String(sequence), host: address };
  if (lost) {
    props.status = "timeout";
  } else {
    const rttMs = Math.round(((local ? 1 : 12) + state.random() * (local ? 6 : 30)) * 1000) / 1000;
    target.received += 1;
    target.rtts.push(rttMs);
    Object.assign(props, { size: target.size, ttl: local ? "64" : "57", time: formatDuration(rttMs) });
  }
  Object.assign(props, {
    sent: String(target.sent),
    received: String(target.received),
    "packet-loss": String(Math.round(((target.sent - target.received) * 100) / target.sent)),
  });
  if (target.rtts.length > 0) {
    const average = target.rtts.reduce((sum, rtt) => sum + rtt, 0) / target.rtts.length;
    Object.assign(props, {
      "min-rtt": formatDuration(Math.min(...target.rtts)),
      "avg-rtt": formatDuration(Math.round(average * 1000) / 1000),
      "max-rtt": formatDuration(Math.max(...target.rtts)),
    });
  }
  return reply("!re", props, tag);
}

function hotspotLogin(state: RouterState, request: RequestSentence, tag: string | undefined): Replies {
  const { user = "", password, ip = "", "mac-address": macAddress = "00:00:00:00:00:00" } = request.attributes;
  if (!user || !ip) throw new TrapSignal("missing value(s) of argument(s) user, ip", trapCategory.argumentValueFailure);
  const result = loginHotspotUser(state, user, { address: ip, macAddress, password: password ?? "" });
  if (!result.ok) throw new TrapSignal(result.reason);
  return [done(tag)];
}

/** Answers a standalone command that finishes: ping with `count`, monitor-traffic with `once`, hotspot login. */
export function runStandalone(state: RouterState, path: string, request: RequestSentence, tag: string | undefined): Replies {
  if (path === "ping") {
    const target = pingTarget(request);
    const count = Number(request.attributes.count ?? "1");
    if (!Number.isInteger(count) || count < 1) throw new TrapSignal("invalid value for argument count", trapCategory.argumentValueFailure);
    return [...Array.from({ length: count }, () => pingRow(state, target, tag)), done(tag)];
  }
  if (path === "ip/hotspot/active/login") return hotspotLogin(state, request, tag);
  return [...monitorTrafficRows(state, interfaceNames(state, request), tag), done(tag)];
}

export type OpenStream = { intervalSeconds: number; next: () => Replies };

/** A streaming command's row source, or undefined when the request is an ordinary one for `dispatch`. */
export function openStream(state: RouterState, request: RequestSentence): OpenStream | undefined {
  const tag = request.api.tag;
  const path = request.command.replace(/^\/+|\/+$/g, "");
  try {
    if (path === "interface/monitor-traffic" && !("once" in request.attributes)) {
      const names = interfaceNames(state, request);
      return { intervalSeconds: 1, next: () => monitorTrafficRows(state, names, tag) };
    }
    if (path === "ping" && request.attributes.count === undefined) {
      const target = pingTarget(request);
      return { intervalSeconds: 1, next: () => [pingRow(state, target, tag)] };
    }
  } catch {
    // Bad arguments: dispatch answers with the trap.
  }
  return undefined;
}
