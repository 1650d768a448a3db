/*
 * What a router sees around it: `/ip/neighbor` (MNDP/LLDP/CDP discovery), `/ip/arp`, and ports whose link goes down.
 * `linkNeighbours(a, "ether2", b, "ether1")` joins two simulated routers, so each lists the other with its identity,
 * board, version, the MAC of its port and an address; `addNeighbourDevice(sim, "ether1", {...})` puts a device that is
 * no simulated router (an unmanaged switch, a customer's CPE) on a port. Both are computed at print time from the live
 * routers, so an identity change or a port going down shows at once. `setInterfaceLink(sim, "ether3", false)` takes a
 * port's link down: `running=false`, `link-downs` + 1, counters stop, its neighbours disappear from both sides, and on
 * the access port the PPPoE sessions drop (their CPEs dial in again once the link is back).
 *
 * ROUTEROS.md does not cover these menus; the fields follow RouterOS 6.49 and 7.x output (`discovered-by` is v7 only,
 * `status` in `/ip/arp` is v7 only). A real router keeps a lost neighbour until its entry ages out (about two minutes);
 * the simulator drops it at once.
 */
import {
  allocateId,
  currentTime,
  findRowByName,
  formatDuration,
  formatRouterDate,
  interfaceIsUp,
  notifyChange,
  tableOf,
  versionAtLeast,
  type NeighbourDevice,
  type NeighbourLink,
  type RouterState,
  type Row,
} from "./router-state";
import { kickSession } from "./ppp-sessions";

type SimulatorLike = RouterState | { state: RouterState };

const stateOf = (sim: SimulatorLike): RouterState => ("state" in sim ? sim.state : sim);

function requireInterface(state: RouterState, name: string): Row {
  const row = findRowByName(state, "interface", name);
  if (!row || row.props.dynamic === "true") throw new Error(`${state.identity} has no port ${name}`);
  return row;
}

/** Links get 10.255.n.0/30 addresses unless given some; n counts links made in this process. */
let linksMade = 0;

export type LinkOptions = {
  /** Addresses of a's and b's ends (default 10.255.n.1 and 10.255.n.2). */
  addresses?: [string, string];
};

/** Joins two simulated routers' ports: each shows the other in `/ip/neighbor` and `/ip/arp`. */
export function linkNeighbours(a: SimulatorLike, aInterface: string, b: SimulatorLike, bInterface: string, options: LinkOptions = {}): void {
  const left = stateOf(a);
  const right = stateOf(b);
  if (left === right) throw new Error("a router cannot be its own neighbour");
  requireInterface(left, aInterface);
  requireInterface(right, bInterface);
  linksMade += 1;
  const [leftAddress, rightAddress] = options.addresses ?? [`10.255.${linksMade % 256}.1`, `10.255.${linksMade % 256}.2`];
  left.neighbourLinks.push({
    id: allocateId(left),
    interface: aInterface,
    address: leftAddress,
    since: left.elapsedSeconds,
    peer: { state: right, interface: bInterface, address: rightAddress },
  });
  right.neighbourLinks.push({
    id: allocateId(right),
    interface: bInterface,
    address: rightAddress,
    since: right.elapsedSeconds,
    peer: { state: left, interface: aInterface, address: leftAddress },
  });
}

/** Puts a device that is not a simulated router on one of the router's ports. */
export function addNeighbourDevice(sim: SimulatorLike, interfaceName: string, device: NeighbourDevice): void {
  const state = stateOf(sim);
  requireInterface(state, interfaceName);
  state.neighbourLinks.push({ id: allocateId(state), interface: interfaceName, address: "", since: state.elapsedSeconds, device });
}

/** What the far end of a link says about itself, or undefined while the link or the far router is down. */
type Announcement = Required<NeighbourDevice>;

function announcement(state: RouterState, link: NeighbourLink): Announcement | undefined {
  if (state.down || !interfaceIsUp(state, link.interface)) return undefined;
  if ("device" in link) {
    const device = link.device;
    return {
      identity: device.identity,
      macAddress: device.macAddress,
      address: device.address,
      interfaceName: device.interfaceName,
      platform: device.platform ?? "MikroTik",
      board: device.board ?? "",
      version: device.version ?? "",
      softwareId: device.softwareId ?? "",
      uptimeSeconds: (device.uptimeSeconds ?? 0) + state.elapsedSeconds,
      systemCaps: device.systemCaps ?? "bridge",
      systemCapsEnabled: device.systemCapsEnabled ?? "bridge",
      discoveredBy: device.discoveredBy ?? "cdp,lldp,mndp",
    };
  }
  const peer = link.peer.state;
  const port = findRowByName(peer, "interface", link.peer.interface);
  if (peer.down || !port || !interfaceIsUp(peer, link.peer.interface)) return undefined;
  const channel = versionAtLeast(peer, "7.0") ? "stable" : "long-term";
  return {
    identity: peer.identity,
    macAddress: port.props["mac-address"],
    address: link.peer.address,
    interfaceName: link.peer.interface,
    platform: "MikroTik",
    board: peer.boardName,
    version: `${peer.version} (${channel})`,
    softwareId: peer.softwareId,
    uptimeSeconds: peer.elapsedSeconds - peer.bootedAtSecond,
    systemCaps: "bridge,router",
    systemCapsEnabled: "router",
    discoveredBy: "cdp,lldp,mndp",
  };
}

/** An id per key that stays while the row exists; each computed menu counts on its own, so printing changes no other id. */
function derivedId(state: RouterState, menu: string, key: string): string {
  let ids = state.derivedIds.get(menu);
  if (!ids) {
    ids = { next: 1, ids: new Map() };
    state.derivedIds.set(menu, ids);
  }
  let id = ids.ids.get(key);
  if (!id) {
    id = `*${ids.next.toString(16).toUpperCase()}`;
    ids.next += 1;
    ids.ids.set(key, id);
  }
  return id;
}

function visibleLinks(state: RouterState): { link: NeighbourLink; seen: Announcement }[] {
  return state.neighbourLinks.flatMap((link) => {
    const seen = announcement(state, link);
    return seen ? [{ link, seen }] : [];
  });
}

/**
 * A link that went away and came back is a new discovery on both ends: a new row id and `age` from the return.
 * Called when `port` of `state` (or, without a port, the whole router) goes down or comes back.
 */
export function rediscover(state: RouterState, port?: string): void {
  const affected = (link: NeighbourLink) => port === undefined || link.interface === port;
  const restart = (owner: RouterState, link: NeighbourLink) => {
    owner.derivedIds.get("ip/neighbor")?.ids.delete(link.id);
    link.since = owner.elapsedSeconds;
  };
  for (const link of state.neighbourLinks) {
    if (!affected(link)) continue;
    restart(state, link);
    if ("peer" in link) {
      const far = link.peer.state.neighbourLinks.find(
        (candidate) => "peer" in candidate && candidate.peer.state === state && candidate.peer.interface === link.interface,
      );
      if (far) restart(link.peer.state, far);
    }
  }
}

export function neighbourRows(state: RouterState): Row[] {
  const modern = versionAtLeast(state, "7.0");
  return visibleLinks(state).map(({ link, seen }) => {
    // Discovery packets come every 30 s, so `age` counts up to 30 and starts again.
    const age = (state.elapsedSeconds - link.since) % 30;
    const props: Record<string, string> = {
      interface: link.interface,
      address: seen.address,
      address4: seen.address,
      "mac-address": seen.macAddress,
      identity: seen.identity,
      platform: seen.platform,
      version: seen.version,
      unpack: "none",
      age: formatDuration(age),
      uptime: formatDuration(seen.uptimeSeconds),
      "software-id": seen.softwareId,
      board: seen.board,
      "interface-name": seen.interfaceName,
      "system-description": [seen.platform, seen.version, seen.board].filter(Boolean).join(" "),
      "system-caps": seen.systemCaps,
      "system-caps-enabled": seen.systemCapsEnabled,
    };
    if (modern) props["discovered-by"] = seen.discoveredBy;
    for (const name of Object.keys(props)) if (props[name] === "") delete props[name];
    return { id: derivedId(state, "ip/neighbor", link.id), props };
  });
}

/**
 * Dynamic ARP entries: each visible neighbour, and each hotspot client on the access port. PPPoE clients have none
 * (a PPP link needs no ARP). v7 prints `status`, v6 only the `complete` flag (unverified per minor version).
 */
export function arpRows(state: RouterState): Row[] {
  const modern = versionAtLeast(state, "7.0");
  const entry = (key: string, address: string, macAddress: string, interfaceName: string): Row => ({
    id: derivedId(state, "ip/arp", key),
    props: {
      address,
      "mac-address": macAddress,
      interface: interfaceName,
      published: "false",
      invalid: "false",
      DHCP: "false",
      dynamic: "true",
      complete: "true",
      ...(modern ? { status: "reachable" } : {}),
      disabled: "false",
    },
  });
  const rows = visibleLinks(state)
    .filter(({ seen }) => seen.address !== "")
    .map(({ link, seen }) => entry(`neighbour:${link.id}:${seen.macAddress}`, seen.address, seen.macAddress, link.interface));
  if (!state.down && interfaceIsUp(state, state.accessInterface)) {
    for (const active of tableOf(state, "ip/hotspot/active")) {
      const { address, "mac-address": macAddress } = active.props;
      if (address && macAddress) rows.push(entry(`hotspot:${address}:${macAddress}`, address, macAddress, state.accessInterface));
    }
  }
  return rows;
}

/**
 * Takes a port's link down or brings it back. Down: `running=false`, `link-downs` + 1, `last-link-down-time`; the
 * counters stop; neighbours on it vanish on both sides; on the access port every PPPoE session drops and nothing dials
 * in until the link is back. Up: `running=true`, `last-link-up-time`; the CPEs dial in again (auto-dial and redial).
 * The far end's port keeps its state (a link through a switch or a media converter).
 */
export function setInterfaceLink(sim: SimulatorLike, name: string, up: boolean): void {
  const state = stateOf(sim);
  const row = requireInterface(state, name);
  const wasUp = row.props.running === "true";
  if (wasUp === up) return;
  const now = formatRouterDate(state, currentTime(state));
  row.props.running = up ? "true" : "false";
  rediscover(state, name);
  if (up) {
    row.props["last-link-up-time"] = now;
  } else {
    row.props["link-downs"] = String(Number(row.props["link-downs"] ?? "0") + 1);
    row.props["last-link-down-time"] = now;
    if (name === state.accessInterface) dropAccessSessions(state, "lost-carrier");
  }
  notifyChange(state, "interface", row, false);
}

/** Every PPPoE session goes; kicked clients redial (and CPEs auto-dial) once the router can take them again. */
export function dropAccessSessions(state: RouterState, reason: string, accountingReason = reason): void {
  for (const session of [...state.sessions.values()]) kickSession(state, session.activeId, reason, accountingReason);
}
