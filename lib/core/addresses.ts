/*
 * What kind of place an IP address is: the public internet, or somewhere a server must not be talked into
 * calling on a tenant's behalf (itself, a private network, a cloud's metadata service). Pure: no DNS, no
 * environment. Every IPv6 form that carries an IPv4 address (mapped, NAT64, 6to4) is judged by that address.
 */
import { isIPv4, isIPv6 } from "node:net";

export type AddressKind =
  | "public"
  | "loopback"
  | "unspecified"
  | "private"
  | "shared" // carrier-grade NAT, 100.64.0.0/10
  | "metadata" // a cloud server's instance metadata service
  | "link_local"
  | "multicast"
  | "broadcast"
  | "reserved";

type Range = { base: bigint; bits: number; kind: AddressKind };

/** An address as a number and its width (32 or 128 bits), or null when the text is not an IP address. */
export function parseIp(text: string): { value: bigint; width: 32 | 128 } | null {
  const address = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  if (isIPv4(address)) return { value: ipv4Value(address), width: 32 };
  if (!isIPv6(address)) return null;
  return { value: ipv6Value(address), width: 128 };
}

const ipv4Value = (address: string) => address.split(".").reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n);

function ipv6Value(address: string): bigint {
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:127.0.0.1) becomes its two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  return groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n);
}

const v4 = (cidr: string, kind: AddressKind): Range => {
  const [base, bits] = cidr.split("/");
  return { base: ipv4Value(base), bits: Number(bits), kind };
};
const v6 = (cidr: string, kind: AddressKind): Range => {
  const [base, bits] = cidr.split("/");
  return { base: ipv6Value(base), bits: Number(bits), kind };
};

// Most specific first: the first range that holds an address names its kind.
const ipv4Ranges: Range[] = [
  v4("169.254.169.254/32", "metadata"),
  v4("169.254.170.2/32", "metadata"),
  v4("255.255.255.255/32", "broadcast"),
  v4("0.0.0.0/8", "unspecified"),
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "shared"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link_local"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "reserved"),
  v4("192.0.2.0/24", "reserved"),
  v4("192.88.99.0/24", "reserved"),
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "reserved"),
  v4("198.51.100.0/24", "reserved"),
  v4("203.0.113.0/24", "reserved"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"),
];

const ipv6Ranges: Range[] = [
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("fd00:ec2::254/128", "metadata"),
  v6("100::/64", "reserved"),
  v6("2001::/32", "reserved"), // Teredo: an IPv4 address hidden in the bits
  v6("2001:db8::/32", "reserved"),
  v6("64:ff9b:1::/48", "reserved"),
  v6("fc00::/7", "private"),
  v6("fe80::/10", "link_local"),
  v6("fec0::/10", "private"),
  v6("ff00::/8", "multicast"),
];

const inRange = (value: bigint, width: number, range: Range) => value >> BigInt(width - range.bits) === range.base >> BigInt(width - range.bits);

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), or null. */
function embeddedIpv4(value: bigint): bigint | null {
  const top96 = value >> 32n;
  if (top96 === 0xffffn || top96 === 0n) return value & 0xffffffffn; // ::ffff:a.b.c.d and ::a.b.c.d
  if (top96 === 0x0064ff9b0000000000000000n) return value & 0xffffffffn; // NAT64 64:ff9b::a.b.c.d
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 6to4 2002:aabb:ccdd::
  return null;
}

function kindOfIpv4(value: bigint): AddressKind {
  return ipv4Ranges.find((range) => inRange(value, 32, range))?.kind ?? "public";
}

/** The kind of an IP address (IPv4, IPv6, with or without brackets); null when the text is not an address. */
export function addressKind(text: string): AddressKind | null {
  const ip = parseIp(text);
  if (!ip) return null;
  if (ip.width === 32) return kindOfIpv4(ip.value);
  const listed = ipv6Ranges.find((range) => inRange(ip.value, 128, range));
  if (listed) return listed.kind;
  const carried = embeddedIpv4(ip.value);
  if (carried !== null) {
    const kind = kindOfIpv4(carried);
    // ::a.b.c.d (IPv4-compatible) is obsolete: never a way to reach anything, even a public address.
    return kind === "public" && ip.value >> 32n === 0n ? "reserved" : kind;
  }
  // Only global unicast (2000::/3) is the public IPv6 internet.
  return ip.value >> 125n === 1n ? "public" : "reserved";
}

/** A CIDR block (`10.0.0.0/8`, `fd00::/8`) or single address, for the operator's allowlist; null when malformed. */
export function parseCidr(text: string): { value: bigint; width: 32 | 128; bits: number } | null {
  const [address, bitsText, extra] = text.split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(address);
  if (!ip) return null;
  const bits = bitsText === undefined ? ip.width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > ip.width || (bitsText !== undefined && !/^\d+$/.test(bitsText))) return null;
  return { ...ip, bits };
}

/** Whether an address lies in a CIDR block; an IPv4-mapped IPv6 address matches IPv4 blocks. */
export function cidrContains(block: { value: bigint; width: 32 | 128; bits: number }, text: string): boolean {
  const ip = parseIp(text);
  if (!ip) return false;
  let { value, width } = ip;
  if (width === 128 && block.width === 32 && value >> 32n === 0xffffn) {
    value &= 0xffffffffn;
    width = 32;
  }
  if (width !== block.width) return false;
  const shift = BigInt(width - block.bits);
  return value >> shift === block.value >> shift;
}

/** Why an operator's list of host names and CIDR blocks (OUTBOUND_ALLOWED_HOSTS) is malformed, or null. */
export function allowlistProblem(raw: string): string | null {
  for (const entry of raw.split(/[\s,]+/).filter(Boolean)) {
    if (entry.includes("/") ? !parseCidr(entry) : !/^[a-z0-9.:[\]-]+$/i.test(entry))
      return `"${entry}" is neither a host name nor a CIDR block such as 10.0.0.0/8`;
  }
  return null;
}
