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
  notifyChange,
  removeRows,
  tableOf,
  zeroCounters,
  type PppSession,
  type RouterState,
  type Row,
  type TrafficRate,
} from "./router-state";
import { acctSessionIdOf, startAccounting, stopAccounting } from "./radius-accounting";

export type ConnectOptions = { callerId: string; address: string; password?: string } & Partial<TrafficRate>;

export type ConnectResult = { ok: true; activeId: string } | { ok: false; reason: string };

/** What a login grants a session: from the local secret and its profile, or from a RADIUS Access-Accept. */
export type SessionGrant = {
  address: string;
  rateLimit: string | undefined;
  addressList: string | undefined;
  limitBytesIn: string;
  limitBytesOut: string;
  /** Authenticated by RADIUS: `/ppp/active` shows radius=true and the Acct-Session-Id was sent in the Access-Request. */
  radius?: { activeId: string; interimSeconds: number | undefined };
};

export const pppInterfaceName = (name: string) => `<pppoe-${name}>`;

/** Why `secretName` may not log in with the local secret, or undefined when it may. */
export function localRefusal(state: RouterState, secretName: string, password: string | undefined): string | undefined {
  const secret = findRowByName(state, "ppp/secret", secretName);
  if (!secret) return "no such secret";
  if (secret.props.disabled === "true") return "secret is disabled";
  if (password !== undefined && password !== secret.props.password) return "wrong password";
  return undefined;
}

export function connectSession(state: RouterState, secretName: string, options: ConnectOptions): ConnectResult {
  const refusal = localRefusal(state, secretName, options.password);
  if (refusal) return { ok: false, reason: refusal };
  const secret = findRowByName(state, "ppp/secret", secretName);
  const profile = findRowByName(state, "ppp/profile", secret?.props.profile ?? "default");
  return openSession(state, secretName, options, {
    address: secret?.props["remote-address"] || options.address,
    rateLimit: profile?.props["rate-limit"],
    addressList: profile?.props["address-list"],
    limitBytesIn: secret?.props["limit-bytes-in"] ?? "0",
    limitBytesOut: secret?.props["limit-bytes-out"] ?? "0",
  });
}

/** Opens an authenticated session: `/ppp/active` row, `<pppoe-NAME>` interface, dynamic queue and list entry, accounting Start. */
export function openSession(state: RouterState, name: string, options: ConnectOptions, grant: SessionGrant): ConnectResult {
  if (state.sessions.has(name)) return { ok: false, reason: "already connected" };
  // A router that is off, or whose access port has no link, hears no PPPoE discovery.
  if (!accessAvailable(state)) return { ok: false, reason: "access interface is down" };
  const activeId = grant.radius?.activeId ?? allocateId(state);
  const address = grant.address;
  insertRow(state, "ppp/active", {
    id: activeId,
    props: {
      name,
      service: "pppoe",
      "caller-id": options.callerId,
      address,
      uptime: "0s",
      encoding: "",
      "session-id": `0x${acctSessionIdOf(activeId)}`,
      "limit-bytes-in": grant.limitBytesIn,
      "limit-bytes-out": grant.limitBytesOut,
      radius: grant.radius ? "true" : "false",
    },
  });
  insertRow(state, "interface", {
    id: allocateId(state),
    props: {
      name: pppInterfaceName(name),
      type: "pppoe-in",
      mtu: "1480",
      "actual-mtu": "1480",
      running: "true",
      disabled: "false",
      dynamic: "true",
      ...zeroCounters(),
    },
  });
  // A new session has no queue or list entry yet, so these add without looking (scale fixtures open thousands).
  if (grant.rateLimit) addSessionQueue(state, name, grant.rateLimit);
  if (grant.addressList) addSessionListEntry(state, grant.addressList, address);
  const session: PppSession = {
    name,
    activeId,
    callerId: options.callerId,
    address,
    connectedAtSecond: state.elapsedSeconds,
    uploadBytesPerSecond: options.uploadBytesPerSecond ?? state.defaultTraffic.uploadBytesPerSecond,
    downloadBytesPerSecond: options.downloadBytesPerSecond ?? state.defaultTraffic.downloadBytesPerSecond,
    ...(grant.radius && options.password !== undefined ? { radiusPassword: options.password } : {}),
  };
  state.sessions.set(name, session);
  startAccounting(state, session, grant.radius?.interimSeconds, grant.radius !== undefined);
  return { ok: true, activeId };
}

/** rate-limit is rx/tx from the router's side, i.e. upload/download, the same order as queue pairs. */
const maxLimitOf = (rateLimit: string) => normaliseRatePair(rateLimit.split(" ")[0]);

/** A live session's dynamic `<pppoe-NAME>` queue follows a new `rateLimit` at once (CoA); none removes it. */
export function setSessionRateLimit(state: RouterState, name: string, rateLimit: string | undefined): void {
  const queueName = pppInterfaceName(name);
  const existing = findRowByName(state, "queue/simple", queueName);
  if (existing?.props.dynamic === "true" && rateLimit) {
    existing.props["max-limit"] = maxLimitOf(rateLimit);
    notifyChange(state, "queue/simple", existing, false);
    return;
  }
  removeRows(state, "queue/simple", (row) => row.props.dynamic === "true" && row.props.name === queueName);
  if (rateLimit) addSessionQueue(state, name, rateLimit);
}

function addSessionQueue(state: RouterState, name: string, rateLimit: string): void {
  const queueName = pppInterfaceName(name);
  insertRow(state, "queue/simple", {
    id: allocateId(state),
    props: {
      name: queueName,
      target: queueName,
      "max-limit": maxLimitOf(rateLimit),
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

/** A live session's dynamic address-list entry moves to `list` (CoA); none removes it. */
export function setSessionAddressList(state: RouterState, address: string, list: string | undefined): void {
  // Entries added with a timeout are dynamic too, but they are not the session's.
  const sessions = (row: Row) => row.props.dynamic === "true" && row.props.address === address && !state.addressListExpiry.has(row.id);
  removeRows(state, "ip/firewall/address-list", (row) => sessions(row) && row.props.list !== list);
  if (list && !tableOf(state, "ip/firewall/address-list").some((row) => row.props.list === list && row.props.address === address)) {
    addSessionListEntry(state, list, address);
  }
}

function addSessionListEntry(state: RouterState, list: string, address: string): void {
  insertRow(state, "ip/firewall/address-list", {
    id: allocateId(state),
    props: { list, address, dynamic: "true", disabled: "false", "creation-time": formatRouterDate(state, currentTime(state)) },
  });
}

/** Tears a session down the way `/ppp/active/remove` does: row, interface, dynamic queue and list entry. */
export function kickSession(state: RouterState, activeId: string, reason = "hung-up", accountingReason = reason): boolean {
  const [active] = removeRows(state, "ppp/active", (row) => row.id === activeId);
  if (!active) return false;
  const name = active.props.name;
  const session = state.sessions.get(name);
  // The Stop carries the counters, so it goes before the interface does.
  if (session) stopAccounting(state, session, accountingReason);
  state.sessions.delete(name);
  if (session && state.reconnectAfterSeconds !== undefined) {
    const { callerId, address, uploadBytesPerSecond, downloadBytesPerSecond, radiusPassword } = session;
    state.pendingReconnects.set(name, {
      callerId,
      address,
      radiusPassword,
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
