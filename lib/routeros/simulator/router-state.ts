/*
 * The in-memory router behind the simulator: tables of rows keyed by menu path, a virtual clock, and the
 * version switches of ROUTEROS.md §7 (login method, date format, `!empty`). Everything here is synchronous
 * and deterministic; the TCP server and the CLI drive time through `tick`.
 */

export type Row = { id: string; props: Record<string, string> };

/** Per-session traffic in bytes per second, seen from the customer (upload = router rx). */
export type TrafficRate = { uploadBytesPerSecond: number; downloadBytesPerSecond: number };

export type PppSession = TrafficRate & {
  name: string;
  activeId: string;
  connectedAtSecond: number;
  callerId: string;
  address: string;
  /** The password a RADIUS-authenticated CPE logged in with, so it can log in again after a kick. */
  radiusPassword?: string;
  /** Set when RADIUS accounting follows the session (radius-accounting.ts). */
  accounting?: { sessionId: string; interimSeconds: number; nextInterimSecond: number | undefined };
};

/** A RADIUS server as `/radius` describes it, ready to send to (only 127.0.0.1 ever gets a packet). */
export type RadiusServer = {
  address: string;
  secret: string;
  authenticationPort: number;
  accountingPort: number;
  timeoutMs: number;
  requireMessageAuth: boolean;
};

/** Attributes as the `radius` package encodes them: `[name, value]`, vendor ones as `["Vendor-Specific", 14988, [[name, value]]]`. */
export type RadiusAttributeList = unknown[][];

export type RadiusAuthAnswer =
  | { code: "Access-Accept" | "Access-Reject"; attributes: Record<string, unknown> }
  | { code: "no-answer"; reason: string };

/** How the router state reaches RADIUS servers; the running simulator installs a UDP one (radius-client.ts). */
export type RadiusTransport = {
  authenticate(servers: RadiusServer[], attributes: RadiusAttributeList): Promise<RadiusAuthAnswer>;
  account(servers: RadiusServer[], attributes: RadiusAttributeList): void;
};

export type RadiusState = {
  transport: RadiusTransport | undefined;
  /** Subscribers whose credentials only the RADIUS server holds: their CPEs dial with this password (cpes.ts). */
  cpes: Map<string, { password: string }>;
  /** Names with an Access-Request in flight, so a CPE does not dial twice. */
  authenticating: Set<string>;
  /** What the simulator would write to the router's log about RADIUS (rejects, timeouts, refused addresses); the last 200 lines. */
  log: string[];
};

/** A kicked PPPoE client dialling again (checklist 19); it keeps retrying while its secret is disabled. */
export type PendingReconnect = TrafficRate & { callerId: string; address: string; atSecond: number; radiusPassword?: string };

/** Called on every add, edit and removal (`dead`), for `listen` and `print =follow=` (checklist 16). */
export type ChangeListener = (path: string, row: Row, dead: boolean) => void;

export type RouterState = {
  version: string;
  identity: string;
  boardName: string;
  /** CHR/x86 routers have no `/system/routerboard` menu (ROUTEROS.md §1.4). */
  isChr: boolean;
  /** The device's identity: routerboard `serial-number`, or `/system/license` `software-id` on CHR. Unique per simulated router. */
  serialNumber: string;
  softwareId: string;
  bootTime: Date;
  elapsedSeconds: number;
  nextId: number;
  tables: Map<string, Row[]>;
  sessions: Map<string, PppSession>;
  /** `/ip/hotspot/active` id → the virtual second the user logged in. */
  hotspotLogins: Map<string, number>;
  /** Secret name → the kicked client's next dial attempt. */
  pendingReconnects: Map<string, PendingReconnect>;
  /** Seconds a kicked client waits before dialling again; undefined keeps kicked clients offline. */
  reconnectAfterSeconds: number | undefined;
  /** `/ip/firewall/address-list` id → the virtual second its `timeout` runs out. */
  addressListExpiry: Map<string, number>;
  changeListeners: Set<ChangeListener>;
  defaultTraffic: TrafficRate;
  /** Simulated subscriber CPEs that dial in by themselves (see cpes.ts); undefined leaves that to the tests. */
  autoDial: AutoDialOptions | undefined;
  /** Secret or hotspot user name → the virtual second its CPE dials in. */
  cpeDialAt: Map<string, number>;
  /** Subscribers whose CPE is switched off: auto-dial leaves them offline. */
  poweredOffCpes: Set<string>;
  /** Seeded randomness for everything the simulator varies (ping times, jitter), so runs repeat. */
  random: () => number;
  /** Sessions' rates swing around their nominal value second by second, as real subscribers' do; off keeps counters exact for tests. */
  varyTraffic: boolean;
  /** The ethernet port the subscribers' PPPoE (and hotspot) clients reach the router on; its link going down drops them. */
  accessInterface: string;
  /** The first three bytes after the vendor prefix of this router's MACs: ether1 ends in …1, ether2 in …2 (see topology.ts). */
  macBase: string;
  /** Routers and other devices seen on this router's ports (`/ip/neighbor`, `/ip/arp`; see topology.ts). */
  neighbourLinks: NeighbourLink[];
  /** Stable ids of rows computed at print time (neighbours, ARP entries), one counter per menu so prints change no other id. */
  derivedIds: Map<string, { next: number; ids: Map<string, string> }>;
  /** Values pinned by a test or the control endpoint; unset ones drift around a plausible default (see health.ts). */
  health: HealthOverrides;
  /** Off (`goDown`): no sessions, no neighbours, no API; the server refuses connections. */
  down: boolean;
  /** The virtual second the router last booted, so `uptime` restarts after a reboot. */
  bootedAtSecond: number;
  radius: RadiusState;
};

export type HealthOverrides = { temperature?: number; cpuTemperature?: number; voltage?: number; cpuLoad?: number; memoryUsedPercent?: number };

/** What the router next to one of our ports is; `peer` for another simulated router, `device` for anything else. */
export type NeighbourLink = {
  id: string;
  interface: string;
  /** This router's address on the link, as the peer sees it. */
  address: string;
  /** The virtual second the link (last) came up on this side, for `age`. */
  since: number;
} & ({ peer: { state: RouterState; interface: string; address: string } } | { device: NeighbourDevice });

/** A neighbour that is not a simulated router: an unmanaged switch, a customer's CPE, another vendor's box. */
export type NeighbourDevice = {
  identity: string;
  macAddress: string;
  address: string;
  /** Its port facing us (`interface-name`). */
  interfaceName: string;
  platform?: string;
  board?: string;
  version?: string;
  softwareId?: string;
  /** Seconds it had been up when our clock started. */
  uptimeSeconds?: number;
  systemCaps?: string;
  systemCapsEnabled?: string;
  discoveredBy?: string;
};

export type AutoDialOptions = {
  /** Seconds after which an enabled secret with no session and no pending redial dials in. */
  afterSeconds: number;
  /** Enabled hotspot users log in the same way; off by default, as vouchers wait for a customer. */
  hotspotUsers?: boolean;
};

export type RouterOptions = {
  version?: string;
  identity?: string;
  boardName?: string;
  isChr?: boolean;
  /** Defaults to a serial (and software-id) no other simulated router in the process has. */
  serialNumber?: string;
  softwareId?: string;
  bootTime?: Date;
  defaultTraffic?: TrafficRate;
  reconnectAfterSeconds?: number;
  autoDial?: AutoDialOptions;
  /** See RouterState.varyTraffic (default off). */
  varyTraffic?: boolean;
  /** Seed for the router's randomness (default 1). */
  seed?: number;
  /** The subscribers' access port (default ether3; ether1 is the uplink). */
  accessInterface?: string;
};

/** Compares dotted versions numerically: `compareVersions("7.9", "7.18") < 0`. */
export function compareVersions(left: string, right: string): number {
  const leftParts = left.split(".").map(Number);
  const rightParts = right.split(".").map(Number);
  for (let index = 0; index < Math.max(leftParts.length, rightParts.length); index += 1) {
    const difference = (leftParts[index] ?? 0) - (rightParts[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export const versionAtLeast = (state: RouterState, minimum: string) => compareVersions(state.version, minimum) >= 0;

/** Simulated routers made in this process, so each gets its own serial number. */
let simulatedDevices = 0;

export function createRouterState(options: RouterOptions = {}): RouterState {
  simulatedDevices += 1;
  const deviceNumber = simulatedDevices.toString(16).toUpperCase().padStart(7, "0");
  const state: RouterState = {
    version: options.version ?? "7.19.2",
    identity: options.identity ?? "MikroTik",
    boardName: options.boardName ?? (options.isChr ? "CHR" : "RB4011iGS+"),
    isChr: options.isChr ?? false,
    serialNumber: options.serialNumber ?? `HE4${deviceNumber}`,
    softwareId: options.softwareId ?? `${deviceNumber.slice(0, 4)}-${deviceNumber.slice(4)}Z`,
    bootTime: options.bootTime ?? new Date("2026-01-05T08:00:00Z"),
    elapsedSeconds: 0,
    nextId: 1,
    tables: new Map(),
    sessions: new Map(),
    hotspotLogins: new Map(),
    pendingReconnects: new Map(),
    reconnectAfterSeconds: options.reconnectAfterSeconds,
    addressListExpiry: new Map(),
    changeListeners: new Set(),
    defaultTraffic: options.defaultTraffic ?? { uploadBytesPerSecond: 25_000, downloadBytesPerSecond: 125_000 },
    autoDial: options.autoDial,
    cpeDialAt: new Map(),
    poweredOffCpes: new Set(),
    random: seededRandom(options.seed ?? 1),
    varyTraffic: options.varyTraffic ?? false,
    accessInterface: options.accessInterface ?? "ether3",
    macBase: "",
    neighbourLinks: [],
    derivedIds: new Map(),
    health: {},
    down: false,
    bootedAtSecond: 0,
    radius: { transport: undefined, cpes: new Map(), authenticating: new Set(), log: [] },
  };
  state.macBase = macBaseFor(options.seed ?? 1, state.serialNumber);
  const profileDefaults = { "local-address": "", "remote-address": "", "only-one": "default", "use-encryption": "default", "change-tcp-mss": "yes" };
  tableOf(state, "ppp/profile").push(
    { id: "*0", props: { name: "default", ...profileDefaults, default: "true" } },
    { id: "*FFFFFFFE", props: { name: "default-encryption", ...profileDefaults, "use-encryption": "yes", default: "true" } },
  );
  tableOf(state, "ip/hotspot/user/profile").push({
    id: "*0",
    props: { name: "default", "shared-users": "1", "add-mac-cookie": "yes", default: "true" },
  });
  tableOf(state, "ip/hotspot/profile").push({
    id: "*0",
    props: { name: "default", "login-by": "cookie,http-chap", "use-radius": "no", "radius-accounting": "yes", "radius-interim-update": "received", "nas-port-type": "wireless-802.11", default: "true" },
  });
  // Settings menus hold one row without an id (menus.ts `settings`).
  tableOf(state, "ppp/aaa").push({ id: "", props: { "use-radius": "no", accounting: "yes", "interim-update": "0s", "use-circuit-id-in-nas-port-id": "no" } });
  tableOf(state, "radius/incoming").push({ id: "", props: { accept: "no", port: "1700", vrf: "main" } });
  for (const [index, name] of ["ether1", "ether2", "ether3"].entries()) {
    tableOf(state, "interface").push({
      id: allocateId(state),
      props: {
        name,
        "default-name": name,
        type: "ether",
        mtu: "1500",
        "actual-mtu": "1500",
        "mac-address": interfaceMacAddress(state, index + 1),
        running: "true",
        disabled: "false",
        dynamic: "false",
        "link-downs": "0",
        "last-link-up-time": formatRouterDate(state, state.bootTime),
        ...zeroCounters(),
      },
    });
  }
  const services: [string, string][] = [
    ["telnet", "23"],
    ["ftp", "21"],
    ["www", "80"],
    ["ssh", "22"],
    ["www-ssl", "443"],
    ["api", "8728"],
    ["winbox", "8291"],
    ["api-ssl", "8729"],
  ];
  for (const [index, [name, port]] of services.entries()) {
    const tlsProps: Record<string, string> = name.endsWith("-ssl") ? { certificate: "none", "tls-version": "any" } : {};
    // Services keep their own small ids, as on the router; ids only need to be unique per menu.
    tableOf(state, "ip/service").push({
      id: `*${index}`,
      props: {
        name,
        port,
        address: "",
        "max-sessions": "20",
        vrf: "main",
        ...tlsProps,
        disabled: name === "www-ssl" ? "true" : "false",
        invalid: "false",
      },
    });
  }
  return state;
}

// MikroTik's own vendor prefixes, so the MACs look like a RouterBOARD's.
const MIKROTIK_PREFIXES = ["4C:5E:0C", "64:D1:54", "CC:2D:E0", "D4:CA:6D", "B8:69:F4", "48:8F:5A", "18:FD:74", "2C:C8:1B"];

/** A vendor prefix and two bytes from the seed and serial, and the high nibble of the last byte: stable per router, different between routers. */
function macBaseFor(seed: number, serialNumber: string): string {
  let hash = 2166136261 ^ seed;
  for (const character of serialNumber) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619);
  const bytes = [hash >>> 24, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff];
  const hex = (value: number) => value.toString(16).toUpperCase().padStart(2, "0");
  return `${MIKROTIK_PREFIXES[bytes[0] % MIKROTIK_PREFIXES.length]}:${hex(bytes[1])}:${hex(bytes[2])}:${hex(bytes[3] & 0xf0).slice(0, 1)}`;
}

/** Port n's MAC (ether1 = 1): consecutive, as on a RouterBOARD. */
export function interfaceMacAddress(state: RouterState, port: number): string {
  return `${state.macBase}${(port % 16).toString(16).toUpperCase()}`;
}

/** A small deterministic generator (LCG), so simulated randomness repeats run after run. */
export function seededRandom(seed: number): () => number {
  let current = seed >>> 0;
  return () => {
    current = (Math.imul(current, 1_664_525) + 1_013_904_223) >>> 0;
    return current / 0x1_0000_0000;
  };
}

export function zeroCounters(): Record<string, string> {
  return { "rx-byte": "0", "tx-byte": "0", "rx-packet": "0", "tx-packet": "0", "rx-drop": "0", "tx-drop": "0", "rx-error": "0", "tx-error": "0" };
}

/** Ids are never reused, so one counter per router hands them out (`*1`, `*2`, … `*1A`). */
export function allocateId(state: RouterState): string {
  const id = `*${state.nextId.toString(16).toUpperCase()}`;
  state.nextId += 1;
  return id;
}

export function tableOf(state: RouterState, path: string): Row[] {
  let rows = state.tables.get(path);
  if (!rows) {
    rows = [];
    state.tables.set(path, rows);
  }
  return rows;
}

export function findRowByName(state: RouterState, path: string, name: string): Row | undefined {
  return tableOf(state, path).find((row) => row.props.name === name);
}

/** A port is up when its link runs and nobody disabled it. */
export function interfaceIsUp(state: RouterState, name: string): boolean {
  const row = findRowByName(state, "interface", name);
  return row !== undefined && row.props.running === "true" && row.props.disabled !== "true";
}

/** Whether subscribers' CPEs can reach the router: it is on and its access port is up. */
export function accessAvailable(state: RouterState): boolean {
  return !state.down && interfaceIsUp(state, state.accessInterface);
}

export function notifyChange(state: RouterState, path: string, row: Row, dead: boolean): void {
  for (const listener of state.changeListeners) listener(path, row, dead);
}

export function insertRow(state: RouterState, path: string, row: Row): Row {
  tableOf(state, path).push(row);
  notifyChange(state, path, row, false);
  return row;
}

export function removeRows(state: RouterState, path: string, predicate: (row: Row) => boolean): Row[] {
  const rows = tableOf(state, path);
  const removed = rows.filter(predicate);
  state.tables.set(
    path,
    rows.filter((row) => !predicate(row)),
  );
  for (const row of removed) notifyChange(state, path, row, true);
  return removed;
}

export function currentTime(state: RouterState): Date {
  return new Date(state.bootTime.getTime() + state.elapsedSeconds * 1000);
}

const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Dates switched format in 7.10 (ROUTEROS.md §3); the router's zone is UTC here so output is deterministic. */
export function formatRouterDate(state: RouterState, date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  if (versionAtLeast(state, "7.10")) {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${time}`;
  }
  return `${monthNames[date.getUTCMonth()]}/${pad(date.getUTCDate())}/${date.getUTCFullYear()} ${time}`;
}

/** Compact RouterOS durations: `1w2d3h4m5s`, zero parts left out, `0s` for nothing. */
export function formatDuration(totalSeconds: number): string {
  let remaining = Math.max(0, Math.floor(totalSeconds));
  const units: [string, number][] = [
    ["w", 604_800],
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ];
  let text = "";
  for (const [suffix, size] of units) {
    const count = Math.floor(remaining / size);
    remaining -= count * size;
    if (count > 0) text += `${count}${suffix}`;
  }
  return text || "0s";
}

/** Durations as the router accepts them: `1d2h`, `5m`, `00:05:00`, or plain seconds. */
export function parseDuration(text: string): number {
  const clock = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  if (/^\d+$/.test(text)) return Number(text);
  const unitSeconds: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
  let total = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([wdhms])/g)) total += Number(count) * unitSeconds[unit];
  return total;
}

/** Rates like `10M`, `512k`, `1.5G` become bits per second; plain numbers pass through. */
export function parseRate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKMG]?)$/.exec(text.trim());
  if (!match) return 0;
  const multiplier = { "": 1, k: 1_000, K: 1_000, M: 1_000_000, G: 1_000_000_000 }[match[2]] ?? 1;
  return Math.round(Number(match[1]) * multiplier);
}

/** `300M/150M` → `300000000/150000000`: the router stores rate pairs as plain numbers (ROUTEROS.md §3). */
export function normaliseRatePair(text: string): string {
  const [upload, download = upload] = text.split("/");
  return `${parseRate(upload)}/${parseRate(download)}`;
}

/** Adds to a 64-bit decimal counter held as a string. */
export function addToCounter(row: Row, property: string, amount: number): void {
  row.props[property] = (BigInt(row.props[property] ?? "0") + BigInt(Math.round(amount))).toString();
}

/** Adds to one side of an `up/down` counter pair (queue `bytes`, `packets`). */
export function addToCounterPair(row: Row, property: string, upload: number, download: number): void {
  const [up = "0", down = "0"] = (row.props[property] ?? "0/0").split("/");
  row.props[property] = `${BigInt(up) + BigInt(Math.round(upload))}/${BigInt(down) + BigInt(Math.round(download))}`;
}
