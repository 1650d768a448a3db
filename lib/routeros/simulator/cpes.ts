/*
 * Simulated subscriber CPEs (the `autoDial` router option): every enabled PPP secret with no session and
 * no pending redial dials in `afterSeconds` after the clock first sees it offline, so a secret the app
 * creates comes online within seconds, as a customer's router would. Disabled secrets never dial; a
 * CPE that is switched off (`setCpePower`) stays offline. Hotspot users log in the same way only when
 * `hotspotUsers` is set, since vouchers usually wait for a customer.
 */
import { createHash } from "node:crypto";
import { exhaustedLimit, loginHotspotUser } from "./hotspot";
import { findRowByName, tableOf, type RouterState } from "./router-state";
import { connectSession, kickSession } from "./ppp-sessions";
import { freePoolAddress, isIpv4 } from "./pools";
import { dialPppoe } from "./radius-auth";

export { freePoolAddress } from "./pools";

// Vendors whose CPEs ISPs hand out (TP-Link, Ubiquiti, MikroTik, Tenda, Huawei).
const CPE_VENDOR_PREFIXES = ["50:C7:BF", "04:18:D6", "DC:2C:6E", "C8:3A:35", "E8:CD:2D"];

function digest(name: string): Buffer {
  return createHash("sha256").update(name).digest();
}

/** A stable, plausible MAC for a subscriber's CPE: a CPE vendor's prefix and three bytes of the name's hash. */
export function cpeMacAddress(name: string): string {
  const bytes = digest(name);
  const tail = [...bytes.subarray(1, 4)].map((byte) => byte.toString(16).toUpperCase().padStart(2, "0"));
  return [CPE_VENDOR_PREFIXES[bytes[0] % CPE_VENDOR_PREFIXES.length], ...tail].join(":");
}

/** The secret's own address, else a free one from its profile's pool (or the profile's fixed address), else a 10.x address from the name. */
function dialAddress(state: RouterState, secretName: string, used: Set<string>): string {
  const secret = findRowByName(state, "ppp/secret", secretName);
  const own = secret?.props["remote-address"] ?? "";
  if (isIpv4(own)) return own;
  const profile = findRowByName(state, "ppp/profile", secret?.props.profile ?? "default");
  const remote = profile?.props["remote-address"] ?? "";
  const address = isIpv4(remote) ? remote : remote ? freePoolAddress(state, remote, used) : undefined;
  if (address) return address;
  const bytes = digest(secretName);
  return `10.${64 + (bytes[4] % 64)}.${bytes[5]}.${2 + (bytes[6] % 252)}`;
}

/** The address a CPE dialling now would get when its login grants none (see dialAddress). */
export function cpeAddress(state: RouterState, name: string): string {
  return dialAddress(state, name, new Set(tableOf(state, "ppp/active").map((row) => row.props.address)));
}

/** Turns a subscriber's CPE off (its session drops, nothing redials) or back on. */
export function setCpePower(state: RouterState, name: string, on: boolean): void {
  if (on) {
    state.poweredOffCpes.delete(name);
    return;
  }
  state.poweredOffCpes.add(name);
  const session = state.sessions.get(name);
  if (session) kickSession(state, session.activeId, "peer-not-responding");
}

/** True once `key` has waited `afterSeconds` since the clock first saw it offline. */
function isDue(state: RouterState, key: string, afterSeconds: number): boolean {
  const at = state.cpeDialAt.get(key);
  if (at !== undefined) return at <= state.elapsedSeconds;
  state.cpeDialAt.set(key, state.elapsedSeconds + afterSeconds);
  return afterSeconds <= 0;
}

/** Runs on every tick: offline CPEs whose wait is over dial in (or log in to the hotspot). */
export function dialWaitingCpes(state: RouterState): void {
  const options = state.autoDial;
  if (!options) return;
  const waiting = new Set<string>();
  const used = new Set(tableOf(state, "ppp/active").map((row) => row.props.address));
  for (const secret of tableOf(state, "ppp/secret")) {
    const name = secret.props.name;
    const offline = !state.sessions.has(name) && !state.pendingReconnects.has(name);
    if (secret.props.disabled === "true" || !offline || state.poweredOffCpes.has(name)) continue;
    const key = `ppp:${name}`;
    waiting.add(key);
    if (!isDue(state, key, options.afterSeconds)) continue;
    // A failed attempt (e.g. a caller-id lock) waits a full interval before the next one.
    state.cpeDialAt.delete(key);
    const address = dialAddress(state, name, used);
    if (connectSession(state, name, { callerId: cpeMacAddress(name), address }).ok) used.add(address);
  }
  dialRadiusCpes(state, options.afterSeconds, waiting, used);
  if (options.hotspotUsers) dialHotspotUsers(state, options.afterSeconds, waiting);
  for (const key of state.cpeDialAt.keys()) if (!waiting.has(key)) state.cpeDialAt.delete(key);
}

/** Subscribers only the RADIUS server knows dial the same way; the answer opens the session (or not) later. */
function dialRadiusCpes(state: RouterState, afterSeconds: number, waiting: Set<string>, used: Set<string>): void {
  for (const [name, { password }] of state.radius.cpes) {
    if (findRowByName(state, "ppp/secret", name)) continue;
    const offline = !state.sessions.has(name) && !state.pendingReconnects.has(name) && !state.radius.authenticating.has(name);
    if (!offline || state.poweredOffCpes.has(name)) continue;
    const key = `ppp:${name}`;
    waiting.add(key);
    if (!isDue(state, key, afterSeconds)) continue;
    state.cpeDialAt.delete(key);
    void dialPppoe(state, name, { callerId: cpeMacAddress(name), address: dialAddress(state, name, used), password });
  }
}

function dialHotspotUsers(state: RouterState, afterSeconds: number, waiting: Set<string>): void {
  const online = new Set(tableOf(state, "ip/hotspot/active").map((row) => row.props.user));
  for (const user of tableOf(state, "ip/hotspot/user")) {
    const name = user.props.name;
    if (user.props.disabled === "true" || online.has(name) || state.poweredOffCpes.has(name) || exhaustedLimit(user)) continue;
    if (name === "default-trial") continue;
    const key = `hotspot:${name}`;
    waiting.add(key);
    if (!isDue(state, key, afterSeconds)) continue;
    state.cpeDialAt.delete(key);
    const bytes = digest(name);
    const profile = findRowByName(state, "ip/hotspot/user/profile", user.props.profile ?? "default");
    const pool = profile?.props["address-pool"];
    const fromPool =
      pool && pool !== "none"
        ? freePoolAddress(state, pool, new Set(tableOf(state, "ip/hotspot/active").map((row) => row.props.address)))
        : undefined;
    const address = user.props.address || fromPool || `192.168.${100 + (bytes[4] % 100)}.${2 + (bytes[5] % 252)}`;
    const lockedMac = user.props["mac-address"] ?? "";
    const macAddress = lockedMac && lockedMac !== "00:00:00:00:00:00" ? lockedMac : cpeMacAddress(name);
    loginHotspotUser(state, name, { address, macAddress });
  }
}
