/*
 * The simulator's virtual clock (checklist 17, 21, 29): nothing moves until `tick` is called, by the
 * demo once a second or by a test as often as it likes, so every run with the same calls is identical.
 */
import { dialWaitingCpes } from "./cpes";
import { advanceHotspotSessions } from "./hotspot";
import { addToCounter, addToCounterPair, formatDuration, removeRows, tableOf, type RouterState, type Row } from "./router-state";
import { currentRate, pppInterfaceName } from "./ppp-sessions";
import { sendInterimUpdates } from "./radius-accounting";
import { dialPppoe } from "./radius-auth";

const byName = (rows: Row[]) => new Map(rows.map((row) => [row.props.name, row]));

/** Advances the virtual clock and moves every counter by the sessions' traffic rates. */
export function tick(state: RouterState, seconds: number): void {
  state.elapsedSeconds += seconds;
  expireAddressListEntries(state);
  redialKickedClients(state);
  dialWaitingCpes(state);
  // Looked up once per tick: scale fixtures hold thousands of sessions.
  const interfaces = byName(tableOf(state, "interface"));
  const queues = byName(tableOf(state, "queue/simple"));
  const actives = new Map(tableOf(state, "ppp/active").map((row) => [row.id, row]));
  // A port without link counts nothing (its counters stay where they were).
  const up = (row: Row | undefined) => (row && row.props.running === "true" && row.props.disabled !== "true" ? row : undefined);
  const uplink = up(interfaces.get("ether1"));
  const access = state.accessInterface === "ether1" ? undefined : up(interfaces.get(state.accessInterface));
  for (const session of state.sessions.values()) {
    const rate = currentRate(state, session);
    const upload = rate.uploadBytesPerSecond * seconds;
    const download = rate.downloadBytesPerSecond * seconds;
    const active = actives.get(session.activeId);
    if (active) active.props.uptime = formatDuration(state.elapsedSeconds - session.connectedAtSecond);
    const pppInterface = interfaces.get(pppInterfaceName(session.name));
    if (pppInterface) {
      // On `<pppoe-x>` rx is the customer's upload (ROUTEROS.md §4 /interface).
      addToCounter(pppInterface, "rx-byte", upload);
      addToCounter(pppInterface, "tx-byte", download);
      addToCounter(pppInterface, "rx-packet", upload / 1000);
      addToCounter(pppInterface, "tx-packet", download / 1000);
    }
    if (uplink) {
      addToCounter(uplink, "tx-byte", upload);
      addToCounter(uplink, "rx-byte", download);
    }
    if (access) {
      addToCounter(access, "rx-byte", upload);
      addToCounter(access, "tx-byte", download);
    }
    const queue = queues.get(pppInterfaceName(session.name));
    if (queue) {
      addToCounterPair(queue, "bytes", upload, download);
      addToCounterPair(queue, "packets", upload / 1000, download / 1000);
      queue.props.rate = `${rate.uploadBytesPerSecond * 8}/${rate.downloadBytesPerSecond * 8}`;
    }
  }
  advanceHotspotSessions(state, seconds);
  sendInterimUpdates(state);
}

/** Entries added with `timeout` count down and disappear (checklist 21). */
function expireAddressListEntries(state: RouterState): void {
  if (state.addressListExpiry.size === 0) return;
  const entries = new Map(tableOf(state, "ip/firewall/address-list").map((row) => [row.id, row]));
  const expired = new Set<string>();
  for (const [id, expiresAtSecond] of state.addressListExpiry) {
    const remaining = expiresAtSecond - state.elapsedSeconds;
    const entry = entries.get(id);
    if (!entry || remaining <= 0) {
      state.addressListExpiry.delete(id);
      expired.add(id);
    } else {
      entry.props.timeout = formatDuration(remaining);
    }
  }
  if (expired.size > 0) removeRows(state, "ip/firewall/address-list", (row) => expired.has(row.id));
}

/** Kicked clients dial again with the secret's current settings (or through RADIUS); a disabled secret keeps them retrying, a removed one ends it. */
function redialKickedClients(state: RouterState): void {
  for (const [name, pending] of state.pendingReconnects) {
    if (pending.atSecond > state.elapsedSeconds || state.poweredOffCpes.has(name)) continue;
    const result = dialPppoe(state, name, {
      callerId: pending.callerId,
      address: pending.address,
      uploadBytesPerSecond: pending.uploadBytesPerSecond,
      downloadBytesPerSecond: pending.downloadBytesPerSecond,
      password: pending.radiusPassword,
    });
    const known = () => pending.radiusPassword !== undefined || state.radius.cpes.has(name) || tableOf(state, "ppp/secret").some((row) => row.props.name === name);
    const retryLater = () => {
      if (known()) state.pendingReconnects.set(name, { ...pending, atSecond: state.elapsedSeconds + (state.reconnectAfterSeconds ?? 0) });
    };
    if (result instanceof Promise) {
      // The RADIUS server answers later; a refusal puts the client back in the queue.
      state.pendingReconnects.delete(name);
      void result.then((answer) => (answer.ok ? undefined : retryLater()));
    } else if (result.ok || !known()) state.pendingReconnects.delete(name);
    else pending.atSecond = state.elapsedSeconds + (state.reconnectAfterSeconds ?? 0);
  }
}
