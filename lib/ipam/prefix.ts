/*
 * IPv4 and IPv6 addresses and prefixes as numbers (bigint), for IP address management: parse and print in the
 * canonical form, containment, overlap, size, and the next free address of a range. Pure; no Node APIs, so the
 * forms can check a typed address in the browser too.
 */

export type IpVersion = 4 | 6;
export type Address = { version: IpVersion; value: bigint };
/** A prefix with its host bits zero: `network` is its first address. */
export type Prefix = { version: IpVersion; network: bigint; length: number };

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

// No leading zeros (010 is octal to some tools and decimal to others), no signs, no spaces.
const IPV4 = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** One match and plain numbers (2^32 is exact in a double), one BigInt at the end: the conflict check parses 200,000. */
function parseIpv4(text: string): bigint | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  let value = 0;
  for (let index = 1; index <= 4; index++) {
    const octet = Number(match[index]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return BigInt(value);
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.includes(":::")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === "") return [];
    const groups: number[] = [];
    const pieces = half.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

export function parseAddress(text: string): Address | null {
  const trimmed = text.trim();
  if (trimmed.includes(":")) {
    const value = parseIpv6(trimmed);
    return value === null ? null : { version: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === null ? null : { version: 4, value };
}

export function formatAddress({ version, value }: Address): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt((7 - i) * 16)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups (the first of equals) becomes "::", hex in lower case.
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

const mask = (version: IpVersion, length: number) => ((1n << BigInt(BITS[version])) - 1n) ^ ((1n << BigInt(BITS[version] - length)) - 1n);

export type PrefixParse = { ok: true; prefix: Prefix } | { ok: false; error: string };

/** "100.64.0.0/10", "2001:db8::/32"; a bare address is its /32 or /128. Host bits set is an error, not rounded. */
export function parsePrefix(text: string): PrefixParse {
  const [addressText, lengthText, extra] = text.trim().split("/");
  if (extra !== undefined) return { ok: false, error: "Write one address and one length, like 100.64.0.0/10." };
  const address = parseAddress(addressText ?? "");
  if (!address) return { ok: false, error: "Not an IPv4 or IPv6 address." };
  const bits = BITS[address.version];
  const length = lengthText === undefined ? bits : /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : NaN;
  if (!Number.isInteger(length) || length < 0 || length > bits) return { ok: false, error: `The length must be 0 to ${bits}.` };
  const network = address.value & mask(address.version, length);
  if (network !== address.value) {
    return { ok: false, error: `Host bits are set: the network is ${formatPrefix({ version: address.version, network, length })}.` };
  }
  return { ok: true, prefix: { version: address.version, network, length } };
}

export const formatPrefix = (p: Prefix) => `${formatAddress({ version: p.version, value: p.network })}/${p.length}`;

/** How many addresses the prefix spans. */
export const prefixSize = (p: Prefix): bigint => 1n << BigInt(BITS[p.version] - p.length);

export const lastAddress = (p: Prefix): bigint => p.network + prefixSize(p) - 1n;

export function containsAddress(p: Prefix, a: Address): boolean {
  return p.version === a.version && a.value >= p.network && a.value <= lastAddress(p);
}

/** `outer` holds all of `inner` (a prefix holds itself). */
export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return outer.version === inner.version && outer.length <= inner.length && inner.network >= outer.network && lastAddress(inner) <= lastAddress(outer);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.version === b.version && a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** An inclusive range of addresses (a pool: "100.64.0.10-100.64.3.254"). */
export type Range = { version: IpVersion; first: bigint; last: bigint };

export type RangeParse = { ok: true; range: Range } | { ok: false; error: string };

/** "a-b" (RouterOS `/ip/pool` ranges), or a prefix meaning all of it. */
export function parseRange(text: string): RangeParse {
  const trimmed = text.trim();
  if (!trimmed.includes("-")) {
    const parsed = parsePrefix(trimmed);
    if (!parsed.ok) return parsed;
    return { ok: true, range: { version: parsed.prefix.version, first: parsed.prefix.network, last: lastAddress(parsed.prefix) } };
  }
  const [firstText, lastText, extra] = trimmed.split("-");
  const first = parseAddress(firstText ?? "");
  const last = parseAddress(lastText ?? "");
  if (extra !== undefined || !first || !last) return { ok: false, error: "Write a range as first-last, like 100.64.0.10-100.64.0.254." };
  if (first.version !== last.version) return { ok: false, error: "Both ends must be IPv4, or both IPv6." };
  if (last.value < first.value) return { ok: false, error: "The range ends before it starts." };
  return { ok: true, range: { version: first.version, first: first.value, last: last.value } };
}

export const formatRange = (r: Range) => `${formatAddress({ version: r.version, value: r.first })}-${formatAddress({ version: r.version, value: r.last })}`;

export const rangeSize = (r: Range): bigint => r.last - r.first + 1n;

export const rangeWithin = (r: Range, p: Prefix) => r.version === p.version && r.first >= p.network && r.last <= lastAddress(p);

export const rangesOverlap = (a: Range, b: Range) => a.version === b.version && a.first <= b.last && b.first <= a.last;

export const rangeContains = (r: Range, a: Address) => r.version === a.version && a.value >= r.first && a.value <= r.last;

/** The narrowest prefix holding the whole range: 100.64.10.2-100.64.10.254 → 100.64.10.0/24. */
export function smallestPrefixHolding(r: Range): Prefix {
  let length = BITS[r.version];
  while (length > 0 && (r.first & mask(r.version, length)) !== (r.last & mask(r.version, length))) length -= 1;
  return { version: r.version, network: r.first & mask(r.version, length), length };
}

/**
 * The lowest address of the range not in `used`, skipping an IPv4 prefix's network and broadcast addresses when the
 * range starts or ends on them (`within`: the prefix the range is in). Null when every address is taken.
 */
export function nextFree(range: Range, used: Iterable<bigint>, within?: Prefix): bigint | null {
  const taken = new Set(used);
  const skipEnds = within && within.version === 4 && within.length <= 30;
  for (let value = range.first; value <= range.last; value += 1n) {
    if (skipEnds && (value === within.network || value === lastAddress(within))) continue;
    if (!taken.has(value)) return value;
  }
  return null;
}

/** What kind of space an IPv4 prefix is in: shared CGNAT space (RFC 6598), private (RFC 1918), or public. */
export function addressSpace(p: Prefix): "cgnat" | "private" | "public" {
  if (p.version === 6) return (p.network >> 121n) === 0x7en ? "private" : "public"; // fc00::/7 unique local
  const cgnat = parsePrefixOrThrow("100.64.0.0/10");
  const privates = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parsePrefixOrThrow);
  if (containsPrefix(cgnat, p)) return "cgnat";
  if (privates.some((space) => containsPrefix(space, p))) return "private";
  return "public";
}

function parsePrefixOrThrow(text: string): Prefix {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw new Error(`bad built-in prefix ${text}`);
  return parsed.prefix;
}

/** Sorts prefixes as a tree reads: by version, network, then wider before narrower. */
export function comparePrefixes(a: Prefix, b: Prefix): number {
  if (a.version !== b.version) return a.version - b.version;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.length - b.length;
}
