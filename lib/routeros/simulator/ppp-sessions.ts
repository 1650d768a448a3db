/*
 * The PPPoE session model (ROUTEROS.md §4, §5.1, checklist 17–19; hotspot logins are in hotspot.ts): a session is an `/ppp/active`
 * row plus a dynamic `<pppoe-NAME>` interface, and a dynamic queue when its profile has a rate-limit.
 * Secrets are read only at connect time, so later edits leave live sessions untouched until they are kicked.
 */
import {
  accessAvailable,
  allocateId,
  currentTime,
  findRowByName,
  formatRouterDate,
  insertRow,
  interfaceIsUp,
  normaliseRatePair,
  removeRows,
  zeroCounters,
  type PppSession,
  type RouterState,
  type TrafficRate,
} from "./router-state";

export type ConnectOptions = { callerId: string; address: string; password?: string } & Partial<TrafficRate>;

export type ConnectResult = { ok: true; activeId: string } | { ok: false; reason: string };

export const pppInterfaceName = (name: string) => `<pppoe-${name}>`;

export function connectSession(state: RouterState, secretName: string, options: ConnectOptions): ConnectResult {
  const secret = findRowByName(state, "ppp/secret", secretName);
  if (!secret) return { ok: false, reason: "no such secret" };
  if (secret.props.disabled === "true") return { ok: false, reason: "secret is disabled" };
  if (options.password !== undefined && options.password !== secret.props.password) return { ok: false, reason: "wrong password" };
  if (state.sessions.has(secretName)) return { ok: false, reason: "already connected" };
  // A router that is off, or whose access port has no link, hears no PPPoE discovery.
  if (!accessAvailable(state)) return { ok: false, reason: "access interface is down" };
  const profile = findRowByName(state, "ppp/profile", secret.props.profile ?? "default");

  const activeId = allocateId(state);
  const address = secret.props["remote-address"] || options.address;
  insertRow(state, "ppp/active", {
    id: activeId,
    props: {
      name: secretName,
      service: "pppoe",
      "caller-id": options.callerId,
      address,
      uptime: "0s",
      encoding: "",
      "session-id": `0x81${activeId.slice(1).padStart(6, "0")}`,
      "limit-bytes-in": secret.props["limit-bytes-in"] ?? "0",
      "limit-bytes-out": secret.props["limit-bytes-out"] ?? "0",
      radius: "false",
    },
  });
  insertRow(state, "interface", {
    id: allocateId(state),
    props: {
      name: pppInterfaceName(secretName),
      type: "pppoe-in",
      mtu: "1480",
      "actual-mtu": "1480",
      running: "true",
      disabled: "false",
      dynamic: "true",
      ...zeroCounters(),
    },
  });
  const rateLimit = profile?.props["rate-limit"];
  if (rateLimit) {
    // rate-limit is rx/tx from the router's side, i.e. upload/download, the same order as queue pairs.
    const [limits] = rateLimit.split(" ");
    insertRow(state, "queue/simple", {
      id: allocateId(state),
      props: {
        name: pppInterfaceName(secretName),
        target: pppInterfaceName(secretName),
        "max-limit": normaliseRatePair(limits),
        "limit-at": "0/0",
        priority: "8/8",
        queue: "default-small/default-small",
        bytes: "0/0",
        packets: "0/0",
        dynamic: "true",
        disabled: "false",
        invalid: "false",
      },
    });
  }
  const addressList = profile?.props["address-list"];
  if (addressList) {
    insertRow(state, "ip/firewall/address-list", {
      id: allocateId(state),
      props: { list: addressList, address, dynamic: "true", disabled: "false", "creation-time": formatRouterDate(state, currentTime(state)) },
    });
  }
  state.sessions.set(secretName, {
    name: secretName,
    activeId,
    callerId: options.callerId,
    address,
    connectedAtSecond: state.elapsedSeconds,
    uploadBytesPerSecond: options.uploadBytesPerSecond ?? state.defaultTraffic.uploadBytesPerSecond,
    downloadBytesPerSecond: options.downloadBytesPerSecond ?? state.defaultTraffic.downloadBytesPerSecond,
  });
  return { ok: true, activeId };
}

/** Tears a session down the way `/ppp/active/remove` does: row, interface, dynamic queue and list entry. */
export function kickSession(state: RouterState, activeId: string, reason = "hung-up"): boolean {
  const [active] = removeRows(state, "ppp/active", (row) => row.id === activeId);
  if (!active) return false;
  const name = active.props.name;
  const session = state.sessions.get(name);
  state.sessions.delete(name);
  if (session && state.reconnectAfterSeconds !== undefined) {
    const { callerId, address, uploadBytesPerSecond, downloadBytesPerSecond } = session;
    state.pendingReconnects.set(name, {
      callerId,
      address,
      uploadBytesPerSecond,
      downloadBytesPerSecond,
      atSecond: state.elapsedSeconds + state.reconnectAfterSeconds,
    });
  }
  removeRows(state, "interface", (row) => row.props.name === pppInterfaceName(name));
  removeRows(state, "queue/simple", (row) => row.props.dynamic === "true" && row.props.name === pppInterfaceName(name));
  removeRows(state, "ip/firewall/address-list", (row) => row.props.dynamic === "true" && row.props.address === active.props.address);
  const secret = findRowByName(state, "ppp/secret", name);
  if (secret) {
    secret.props["last-logged-out"] = formatRouterDate(state, currentTime(state));
    secret.props["last-caller-id"] = active.props["caller-id"];
    secret.props["last-disconnect-reason"] = reason;
  }
  return true;
}

/** Current rates for `/interface/monitor-traffic`, in bits and packets per second. */
/**
 * How far a session's rate is from its nominal value this second: a slow wave per subscriber (someone
 * starts a video, stops it) plus a little per-second noise, between about 0.35 and 1.65. Pure in
 * (name, second), so a run repeats exactly.
 */
export function trafficSwing(name: string, second: number): number {
  let hash = 2166136261;
  for (let index = 0; index < name.length; index += 1) hash = Math.imul(hash ^ name.charCodeAt(index), 16777619);
  const phase = ((hash >>> 0) % 1000) / 1000;
  const wave = Math.sin(2 * Math.PI * (second / 40 + phase));
  const noise = Math.sin((second + 1) * 12.9898 + phase * 78.233) * 43758.5453;
  return 1 + 0.5 * wave + 0.3 * (noise - Math.floor(noise) - 0.5);
}

/** A session's rate this virtual second: nominal, or swung when the router varies traffic. */
export function currentRate(state: RouterState, session: PppSession): TrafficRate {
  if (!state.varyTraffic) return session;
  const scale = trafficSwing(session.name, state.elapsedSeconds);
  return {
    uploadBytesPerSecond: Math.round(session.uploadBytesPerSecond * scale),
    downloadBytesPerSecond: Math.round(session.downloadBytesPerSecond * scale),
  };
}

export function interfaceRates(state: RouterState, interfaceName: string): { rxBits: number; txBits: number } {
  if (!interfaceIsUp(state, interfaceName)) return { rxBits: 0, txBits: 0 };
  if (interfaceName === "ether1" || interfaceName === state.accessInterface) {
    // The uplink carries the sessions' traffic one way, the access port the other (rx there is the customers' upload).
    const access = interfaceName === state.accessInterface;
    let rx = 0;
    let tx = 0;
    for (const session of state.sessions.values()) {
      const rate = currentRate(state, session);
      rx += (access ? rate.uploadBytesPerSecond : rate.downloadBytesPerSecond) * 8;
      tx += (access ? rate.downloadBytesPerSecond : rate.uploadBytesPerSecond) * 8;
    }
    return { rxBits: rx, txBits: tx };
  }
  const session = [...state.sessions.values()].find((candidate) => pppInterfaceName(candidate.name) === interfaceName);
  if (!session) return { rxBits: 0, txBits: 0 };
  const rate = currentRate(state, session);
  return { rxBits: rate.uploadBytesPerSecond * 8, txBits: rate.downloadBytesPerSecond * 8 };
}
