/*
 * One type per writable property of every simulated menu (ROUTEROS.md §4), and the properties `add`
 * can't do without. dispatch checks every written value against this table before anything changes,
 * so a write a real router would refuse is refused here too, with the same trap.
 */
import {
  addressOrPool,
  byteCount,
  duration,
  durationOrNone,
  durationPair,
  flag,
  integer,
  ipAddress,
  ipList,
  ipPrefix,
  listAddress,
  macAddress,
  name,
  oneOf,
  orEmpty,
  poolRanges,
  prefixList,
  priorityPair,
  queueTarget,
  queueType,
  queueTypePair,
  rate,
  ratePair,
  rateLimit,
  reference,
  text,
  yesNo,
  type PropertyType,
} from "./value-types";

type TypeTable = Readonly<Record<string, PropertyType>>;

/** A WireGuard key: base64 of 32 bytes. */
function wireguardKeyType(): PropertyType {
  return { label: "WireGuard key (base64 of 32 bytes)", accept: (value) => (/^[A-Za-z0-9+/]{43}=$/.test(value) ? value : undefined) };
}

/** Firewall `dst-port`: ports and port ranges, comma separated (`8728,8729`, `1000-2000`). */
function portListType(): PropertyType {
  return {
  label: "comma list of ports or port ranges",
  accept: (value) =>
    value.split(",").every((part) => {
      const [low, high] = part.split("-").map(Number);
      const port = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n >= 0 && n <= 65535;
      return /^\d+(-\d+)?$/.test(part) && port(low) && (high === undefined || (port(high) && high >= low));
    })
      ? value
      : undefined,
  };
}

const wireguardKey = wireguardKeyType();
const portList = portListType();

const pool = reference(["ip/pool"], "none");
const queueNames = ["queue/simple", "queue/tree"];

export const propertyTypes: Readonly<Record<string, TypeTable>> = {
  "ppp/secret": {
    name,
    password: text,
    service: oneOf("any", "async", "l2tp", "ovpn", "pppoe", "pptp", "sstp"),
    profile: reference(["ppp/profile"]),
    "local-address": orEmpty(ipAddress),
    "remote-address": orEmpty(ipAddress),
    // A MAC lock for PPPoE, an address for PPTP/L2TP: the router keeps it as text.
    "caller-id": text,
    routes: text,
    "limit-bytes-in": byteCount,
    "limit-bytes-out": byteCount,
    comment: text,
    disabled: flag,
  },
  "ppp/profile": {
    name,
    "local-address": addressOrPool,
    "remote-address": addressOrPool,
    "rate-limit": rateLimit,
    "address-list": text,
    "dns-server": orEmpty(ipList),
    "only-one": yesNo("default"),
    "session-timeout": orEmpty(durationOrNone),
    "idle-timeout": orEmpty(durationOrNone),
    "parent-queue": reference(queueNames, "none"),
    "insert-queue-before": reference(queueNames, "first", "bottom"),
    "queue-type": queueType,
    "on-up": text,
    "on-down": text,
    "use-encryption": yesNo("default", "required"),
    "change-tcp-mss": yesNo("default"),
    comment: text,
  },
  "ip/hotspot/user": {
    name,
    password: text,
    profile: reference(["ip/hotspot/user/profile"]),
    // The simulator has no /ip/hotspot servers, so `all` is the only server there is.
    server: oneOf("all"),
    "mac-address": macAddress,
    address: orEmpty(ipAddress),
    "limit-uptime": duration,
    "limit-bytes-in": byteCount,
    "limit-bytes-out": byteCount,
    "limit-bytes-total": byteCount,
    email: text,
    routes: text,
    comment: text,
    disabled: flag,
  },
  "ip/hotspot/user/profile": {
    name,
    "rate-limit": rateLimit,
    "shared-users": integer(1, 1000, "unlimited"),
    "session-timeout": durationOrNone,
    "idle-timeout": durationOrNone,
    "keepalive-timeout": durationOrNone,
    "address-pool": pool,
    "address-list": text,
    "parent-queue": reference(queueNames, "none"),
    "insert-queue-before": reference(queueNames, "first", "bottom"),
    "add-mac-cookie": yesNo(),
    "mac-cookie-timeout": duration,
    "on-login": text,
    "on-logout": text,
    "status-autorefresh": duration,
  },
  "queue/simple": {
    name,
    target: queueTarget,
    dst: orEmpty(queueTarget),
    "max-limit": ratePair,
    "limit-at": ratePair,
    "burst-limit": ratePair,
    "burst-threshold": ratePair,
    "burst-time": durationPair,
    priority: priorityPair,
    queue: queueTypePair,
    parent: reference(["queue/simple"], "none"),
    "packet-marks": text,
    comment: text,
    disabled: flag,
  },
  "queue/tree": {
    name,
    // Interfaces, `global` or another tree queue: checked against the tables by checkQueueTreeParent.
    parent: reference(["interface", "queue/tree"], "global"),
    "packet-mark": text,
    "max-limit": rate,
    "limit-at": rate,
    "burst-limit": rate,
    "burst-threshold": rate,
    "burst-time": duration,
    priority: integer(1, 8),
    queue: queueType,
    "bucket-size": type01(),
    comment: text,
    disabled: flag,
  },
  "ip/firewall/address-list": {
    list: name,
    address: listAddress,
    timeout: orEmpty(duration),
    comment: text,
    disabled: flag,
  },
  "ip/pool": { name, ranges: poolRanges, "next-pool": pool, comment: text },
  "ip/dhcp-server/lease": { address: ipAddress, "mac-address": macAddress, "client-id": text, server: text, comment: text, disabled: flag },
  interface: { name, mtu: integer(64, 65535), comment: text, disabled: flag },
  "interface/wireguard": { name, "private-key": wireguardKey, "listen-port": integer(1, 65535), mtu: integer(1280, 65535), comment: text, disabled: flag },
  "interface/wireguard/peers": {
    interface: reference(["interface/wireguard"]),
    "public-key": wireguardKey,
    "endpoint-address": orEmpty(listAddress),
    "endpoint-port": integer(0, 65535),
    "allowed-address": orEmpty(prefixList),
    "persistent-keepalive": orEmpty(duration),
    "preshared-key": orEmpty(wireguardKey),
    comment: text,
    disabled: flag,
  },
  "ip/address": { address: ipPrefix, interface: reference(["interface", "interface/wireguard"]), network: ipAddress, comment: text, disabled: flag },
  "ip/firewall/filter": {
    chain: name,
    action: oneOf("accept", "drop", "reject", "jump", "return", "log", "passthrough", "fasttrack-connection", "tarpit", "add-src-to-address-list", "add-dst-to-address-list"),
    protocol: oneOf("tcp", "udp", "icmp", "gre", "ipsec-esp", "ipsec-ah", "ospf", "vrrp"),
    "src-address": ipPrefix,
    "dst-address": ipPrefix,
    "dst-port": portList,
    "in-interface": reference(["interface", "interface/wireguard"], "all"),
    "out-interface": reference(["interface", "interface/wireguard"], "all"),
    "connection-state": text,
    comment: text,
    disabled: flag,
    "place-before": text,
  },
  "ip/service": {
    port: integer(1, 65535),
    address: orEmpty(prefixList),
    "max-sessions": integer(1, 1000),
    certificate: text,
    "tls-version": oneOf("any", "only-1.2"),
    vrf: text,
    disabled: flag,
  },
  "system/identity": { name },
  "ip/hotspot/profile": {
    name,
    "hotspot-address": orEmpty(ipAddress),
    "dns-name": text,
    "login-by": text,
    "use-radius": yesNo(),
    "radius-accounting": yesNo(),
    "radius-interim-update": orEmpty(durationOrReceived()),
    "nas-port-type": oneOf("ethernet", "wireless-802.11", "cable", "xdsl", "virtual"),
    comment: text,
  },
  radius: {
    service: serviceList("ppp", "hotspot", "login", "wireless", "dhcp", "ipsec", "dot1x"),
    address: ipAddress,
    secret: text,
    "authentication-port": integer(1, 65535),
    "accounting-port": integer(1, 65535),
    timeout: duration,
    "src-address": ipAddress,
    // `no | yes-for-request-resp` (7.15+): require a Message-Authenticator in answers, and send one in requests.
    "require-message-auth": oneOf("no", "yes-for-request-resp"),
    "called-id": text,
    domain: text,
    realm: text,
    protocol: oneOf("udp", "radsec"),
    "accounting-backup": yesNo(),
    certificate: text,
    comment: text,
    disabled: flag,
  },
  "radius/incoming": { accept: yesNo(), port: integer(1, 65535), vrf: text },
  "ppp/aaa": {
    "use-radius": yesNo(),
    accounting: yesNo(),
    "interim-update": duration,
    "use-circuit-id-in-nas-port-id": yesNo(),
  },
};

/** `/radius` `service`: a comma list of the services that ask the server (`ppp,hotspot`). */
function serviceList(...services: string[]): PropertyType {
  return {
    label: `comma list of ${services.join("|")}`,
    accept: (value) => (value === "" || value.split(",").every((part) => services.includes(part)) ? value : undefined),
  };
}

/** The hotspot profile's `radius-interim-update`: a duration or `received` (whatever the server sent). */
function durationOrReceived(): PropertyType {
  return { label: "duration or received", accept: (value, state) => (value === "received" ? value : duration.accept(value, state)) };
}

/** Queue tree `bucket-size`: a ratio from 0.1 to 10. */
function type01(): PropertyType {
  return {
    label: "number 0.1..10",
    accept: (value) => (/^\d+(\.\d+)?$/.test(value) && Number(value) >= 0.1 && Number(value) <= 10 ? value : undefined),
  };
}

/** What `add` refuses to go without (ROUTEROS.md §4: a secret's or hotspot user's `name`, a list entry's list and address). */
export const requiredOnAdd: Readonly<Record<string, readonly string[]>> = {
  "ppp/secret": ["name"],
  "ppp/profile": ["name"],
  "ip/hotspot/user": ["name"],
  "ip/hotspot/user/profile": ["name"],
  "queue/simple": ["target"],
  "queue/tree": ["name", "parent"],
  "ip/firewall/address-list": ["list", "address"],
  "ip/pool": ["name", "ranges"],
  "ip/dhcp-server/lease": ["address", "mac-address"],
  "interface/wireguard/peers": ["interface", "public-key"],
  "ip/address": ["address", "interface"],
  "ip/firewall/filter": ["chain"],
};
