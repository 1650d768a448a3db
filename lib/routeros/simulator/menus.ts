/*
 * Which menus exist, which properties they accept, and how they refuse bad input (ROUTEROS.md §4).
 * Trap texts marked "(unverified)" in ROUTEROS.md are guesses; the ones listed in §4 and checklist 10 are exact.
 */
import { checkQueueTreeParent, normaliseQueue, normaliseQueueTree, type Verb } from "./menu-rules";
import type { RouterState } from "./router-state";

export { refusalFor, type Verb } from "./menu-rules";

export type MenuDefinition = {
  path: string;
  verbs: readonly Verb[];
  /** Properties `add`/`set` accept; anything else is `unknown parameter`. Their value types are in menu-types.ts. */
  writable: readonly string[];
  /** Applied on `add` for properties the request leaves out. */
  defaults: Readonly<Record<string, string>>;
  /** Properties whose combination must be unique, and the trap text when it isn't. */
  unique?: { properties: readonly string[]; message: string };
  /** Items can be addressed by `name` as well as by id. */
  addressableByName: boolean;
  /** Values the router rewrites on the way in (`10M` → `10000000`, `/32` targets). */
  normalise?: (props: Record<string, string>) => void;
  /** A check that needs the router's other tables; returns the trap for a bad value. */
  check?: (state: RouterState, props: Record<string, string>) => { message: string; category?: string } | undefined;
  /** A settings menu (`/ppp/aaa`, `/radius/incoming`): one row without `.id`, printed as is and `set` without an id. */
  settings?: boolean;
};

const editableVerbs: readonly Verb[] = ["print", "add", "set", "remove", "enable", "disable", "unset"];

export const menus: readonly MenuDefinition[] = [
  {
    path: "ppp/secret",
    verbs: editableVerbs,
    writable: [
      "name",
      "password",
      "service",
      "profile",
      "local-address",
      "remote-address",
      "caller-id",
      "routes",
      "limit-bytes-in",
      "limit-bytes-out",
      "comment",
      "disabled",
    ],
    defaults: {
      service: "any",
      "caller-id": "",
      password: "",
      profile: "default",
      routes: "",
      "limit-bytes-in": "0",
      "limit-bytes-out": "0",
      disabled: "false",
    },
    unique: { properties: ["name"], message: "failure: secret with the same name already exists" },
    addressableByName: true,
  },
  {
    path: "ppp/profile",
    verbs: editableVerbs,
    writable: [
      "name",
      "local-address",
      "remote-address",
      "rate-limit",
      "address-list",
      "dns-server",
      "only-one",
      "session-timeout",
      "idle-timeout",
      "parent-queue",
      "insert-queue-before",
      "queue-type",
      "on-up",
      "on-down",
      "use-encryption",
      "change-tcp-mss",
      "comment",
    ],
    defaults: { "only-one": "default", "use-encryption": "default", "change-tcp-mss": "default", default: "false" },
    unique: { properties: ["name"], message: "failure: profile with the same name already exists" },
    addressableByName: true,
  },
  { path: "ppp/active", verbs: ["print", "remove"], writable: [], defaults: {}, addressableByName: true },
  {
    path: "ip/hotspot/user",
    verbs: editableVerbs,
    writable: [
      "name",
      "password",
      "profile",
      "server",
      "mac-address",
      "address",
      "limit-uptime",
      "limit-bytes-in",
      "limit-bytes-out",
      "limit-bytes-total",
      "email",
      "routes",
      "comment",
      "disabled",
    ],
    defaults: {
      server: "all",
      profile: "default",
      "limit-uptime": "0s",
      uptime: "0s",
      "bytes-in": "0",
      "bytes-out": "0",
      "packets-in": "0",
      "packets-out": "0",
      disabled: "false",
    },
    unique: { properties: ["name", "server"], message: "failure: already have user with this name for this server" },
    addressableByName: false,
  },
  {
    path: "ip/hotspot/user/profile",
    verbs: editableVerbs,
    writable: [
      "name",
      "rate-limit",
      "shared-users",
      "session-timeout",
      "idle-timeout",
      "keepalive-timeout",
      "address-pool",
      "address-list",
      "parent-queue",
      "insert-queue-before",
      "add-mac-cookie",
      "mac-cookie-timeout",
      "on-login",
      "on-logout",
      "status-autorefresh",
    ],
    defaults: { "shared-users": "1", "add-mac-cookie": "yes", default: "false" },
    unique: { properties: ["name"], message: "failure: already have such name" },
    addressableByName: true,
  },
  { path: "ip/hotspot/active", verbs: ["print", "remove"], writable: [], defaults: {}, addressableByName: false },
  {
    path: "queue/simple",
    verbs: editableVerbs,
    writable: [
      "name",
      "target",
      "dst",
      "max-limit",
      "limit-at",
      "burst-limit",
      "burst-threshold",
      "burst-time",
      "priority",
      "queue",
      "parent",
      "packet-marks",
      "comment",
      "disabled",
    ],
    defaults: {
      "max-limit": "0/0",
      "limit-at": "0/0",
      priority: "8/8",
      queue: "default-small/default-small",
      parent: "none",
      bytes: "0/0",
      packets: "0/0",
      rate: "0/0",
      "packet-rate": "0/0",
      "queued-bytes": "0/0",
      dropped: "0/0",
      dynamic: "false",
      invalid: "false",
      disabled: "false",
    },
    unique: { properties: ["name"], message: "failure: already have such name" },
    addressableByName: true,
    normalise: normaliseQueue,
  },
  {
    path: "queue/tree",
    verbs: editableVerbs,
    writable: [
      "name",
      "parent",
      "packet-mark",
      "max-limit",
      "limit-at",
      "burst-limit",
      "burst-threshold",
      "burst-time",
      "priority",
      "queue",
      "bucket-size",
      "comment",
      "disabled",
    ],
    defaults: {
      parent: "global",
      "packet-mark": "",
      "max-limit": "0",
      "limit-at": "0",
      "burst-limit": "0",
      "burst-threshold": "0",
      "burst-time": "0s",
      priority: "8",
      queue: "default-small",
      "bucket-size": "0.1",
      bytes: "0",
      packets: "0",
      dropped: "0",
      rate: "0",
      "packet-rate": "0",
      "queued-bytes": "0",
      "queued-packets": "0",
      invalid: "false",
      disabled: "false",
    },
    unique: { properties: ["name"], message: "failure: already have such name" },
    addressableByName: true,
    normalise: normaliseQueueTree,
    check: checkQueueTreeParent,
  },
  {
    path: "ip/firewall/address-list",
    verbs: editableVerbs,
    writable: ["list", "address", "timeout", "comment", "disabled"],
    defaults: { dynamic: "false", disabled: "false" },
    unique: { properties: ["list", "address"], message: "failure: already have such entry" },
    addressableByName: false,
  },
  {
    path: "ip/pool",
    verbs: editableVerbs,
    writable: ["name", "ranges", "next-pool", "comment"],
    defaults: { "next-pool": "none" },
    unique: { properties: ["name"], message: "failure: already have such name" },
    addressableByName: true,
  },
  {
    // Static leases are added by hand and wait for their device; dhcp.ts binds them (and makes dynamic ones) as a
    // client asks. `status`, `dynamic` and `host-name` are the server's, never written.
    path: "ip/dhcp-server/lease",
    verbs: editableVerbs,
    writable: ["address", "mac-address", "client-id", "server", "comment", "disabled"],
    defaults: { server: "all", dynamic: "false", status: "waiting", "host-name": "", blocked: "false", disabled: "false" },
    unique: { properties: ["mac-address", "server"], message: "failure: already have static lease for this client" },
    addressableByName: false,
  },
  // Hotspot server profiles: `use-radius` sends hotspot logins to the /radius servers of service hotspot.
  {
    path: "ip/hotspot/profile",
    verbs: editableVerbs,
    writable: ["name", "hotspot-address", "dns-name", "login-by", "use-radius", "radius-accounting", "radius-interim-update", "nas-port-type", "comment"],
    defaults: { "login-by": "cookie,http-chap", "use-radius": "no", "radius-accounting": "yes", "radius-interim-update": "received", "nas-port-type": "wireless-802.11", default: "false" },
    unique: { properties: ["name"], message: "failure: already have such name" },
    addressableByName: true,
  },
  // RADIUS clients (ROUTEROS.md, RADIUS): which servers PPP and hotspot ask, and where /radius/incoming takes CoA from.
  {
    path: "radius",
    verbs: editableVerbs,
    writable: [
      "service",
      "address",
      "secret",
      "authentication-port",
      "accounting-port",
      "timeout",
      "src-address",
      "require-message-auth",
      "called-id",
      "domain",
      "realm",
      "protocol",
      "accounting-backup",
      "certificate",
      "comment",
      "disabled",
    ],
    // RouterOS 7's defaults (MikroTik's /radius page): timeout 1100ms (300ms on v6), Message-Authenticator required.
    defaults: {
      service: "",
      address: "0.0.0.0",
      "authentication-port": "1812",
      "accounting-port": "1813",
      timeout: "1100ms",
      "src-address": "0.0.0.0",
      "require-message-auth": "yes-for-request-resp",
      protocol: "udp",
      "accounting-backup": "no",
      "called-id": "",
      domain: "",
      secret: "",
      disabled: "false",
    },
    addressableByName: false,
  },
  { path: "radius/incoming", verbs: ["print", "set"], writable: ["accept", "port", "vrf"], defaults: {}, addressableByName: false, settings: true },
  { path: "ppp/aaa", verbs: ["print", "set"], writable: ["use-radius", "accounting", "interim-update", "use-circuit-id-in-nas-port-id"], defaults: {}, addressableByName: false, settings: true },
  {
    path: "interface",
    verbs: ["print", "set", "enable", "disable", "unset"],
    writable: ["name", "mtu", "comment", "disabled"],
    defaults: {},
    addressableByName: true,
  },
  // RouterOS 7's WireGuard (what NetSphere's tunnel to its hub uses): the interface prints its public key, computed
  // from the private key as the router does (router-state's `wireguardPublicKeyOf`).
  {
    path: "interface/wireguard",
    verbs: editableVerbs,
    writable: ["name", "private-key", "listen-port", "mtu", "comment", "disabled"],
    defaults: { mtu: "1420", "listen-port": "13231", running: "true", disabled: "false" },
    unique: { properties: ["name"], message: "failure: already have interface with such name" },
    addressableByName: true,
  },
  {
    path: "interface/wireguard/peers",
    verbs: editableVerbs,
    writable: ["interface", "public-key", "endpoint-address", "endpoint-port", "allowed-address", "persistent-keepalive", "preshared-key", "comment", "disabled"],
    defaults: { "endpoint-address": "", "endpoint-port": "0", "allowed-address": "", disabled: "false" },
    unique: { properties: ["interface", "public-key"], message: "failure: peer with such public key already exists on this interface" },
    addressableByName: false,
  },
  {
    path: "ip/address",
    verbs: editableVerbs,
    writable: ["address", "interface", "network", "comment", "disabled"],
    defaults: { dynamic: "false", invalid: "false", disabled: "false" },
    addressableByName: false,
  },
  // The filter rules' order is the table's: `add` takes `place-before` (an id) to put the rule above that one.
  {
    path: "ip/firewall/filter",
    verbs: editableVerbs,
    writable: ["chain", "action", "protocol", "src-address", "dst-address", "dst-port", "in-interface", "out-interface", "connection-state", "comment", "disabled", "place-before"],
    defaults: { dynamic: "false", invalid: "false", disabled: "false" },
    addressableByName: false,
  },
  {
    path: "ip/service",
    verbs: ["print", "set", "enable", "disable"],
    writable: ["port", "address", "max-sessions", "certificate", "tls-version", "vrf", "disabled"],
    defaults: {},
    addressableByName: true,
  },
  // Computed at print time from the links (topology.ts); no add, set or remove, as on the router.
  { path: "ip/neighbor", verbs: ["print"], writable: [], defaults: {}, addressableByName: false },
  { path: "ip/arp", verbs: ["print"], writable: [], defaults: {}, addressableByName: false },
  { path: "system/resource", verbs: ["print"], writable: [], defaults: {}, addressableByName: false },
  { path: "system/identity", verbs: ["print", "set"], writable: ["name"], defaults: {}, addressableByName: false },
  { path: "system/routerboard", verbs: ["print"], writable: [], defaults: {}, addressableByName: false },
  { path: "system/license", verbs: ["print"], writable: [], defaults: {}, addressableByName: false },
  { path: "system/health", verbs: ["print"], writable: [], defaults: {}, addressableByName: false },
];

/** Menus whose rows are computed when printed, so `listen` and `=follow=` have no changes to push. */
export const computedMenus: ReadonlySet<string> = new Set(["ip/neighbor", "ip/arp"]);

export const menuByPath: ReadonlyMap<string, MenuDefinition> = new Map(menus.map((menu) => [menu.path, menu]));

/** Commands that aren't a menu verb, handled by dispatch directly. */
export const standaloneCommands: ReadonlySet<string> = new Set(["ping", "interface/monitor-traffic", "ip/hotspot/active/login"]);

/** Every directory a command may pass through (`ip`, `ip/hotspot`, …), for the "no such command" segment. */
export const knownDirectories: ReadonlySet<string> = new Set(
  [...menus.map((menu) => menu.path), ...standaloneCommands].flatMap((path) => {
    const segments = path.split("/");
    return segments.map((_, index) => segments.slice(0, index + 1).join("/"));
  }),
);
