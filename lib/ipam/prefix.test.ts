import { describe, expect, it } from "vitest";
import {
  addressSpace,
  comparePrefixes,
  containsAddress,
  containsPrefix,
  formatAddress,
  formatPrefix,
  nextFree,
  overlaps,
  parseAddress,
  parsePrefix,
  parseRange,
  prefixSize,
  rangeSize,
  rangeWithin,
  smallestPrefixHolding,
  type Prefix,
} from "./prefix";

const prefix = (text: string): Prefix => {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.prefix;
};
const address = (text: string) => parseAddress(text)!;

describe("addresses", () => {
  it.each([
    ["192.0.2.1", "192.0.2.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:db8:0:0:0:0:0:1", "2001:db8::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["2001:db8:0:1:0:0:0:0", "2001:db8:0:1::"],
    // The first of two equal zero runs is shortened; a single zero group is not.
    ["2001:0:0:1:0:0:2:3", "2001::1:0:0:2:3"],
    ["2001:db8:1:2:3:4:0:5", "2001:db8:1:2:3:4:0:5"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
  ])("%s reads back as %s", (text, canonical) => {
    expect(formatAddress(address(text))).toBe(canonical);
  });

  it.each(["256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", " ", "2001:db8:::1", "2001::db8::1", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7::8:9"])(
    "%j is not an address",
    (text) => {
      expect(parseAddress(text)).toBeNull();
    },
  );
});

describe("prefixes", () => {
  it.each([
    ["100.64.0.0/10", 4, 4_194_304n],
    ["192.0.2.7", 4, 1n],
    ["0.0.0.0/0", 4, 4_294_967_296n],
    ["2001:db8::/32", 6, 2n ** 96n],
    ["2001:db8:0:1::/64", 6, 2n ** 64n],
  ])("%s is IPv%d with %d addresses", (text, version, size) => {
    const p = prefix(text);
    expect(p.version).toBe(version);
    expect(prefixSize(p)).toBe(size);
  });

  it.each([
    ["100.64.0.1/10", "Host bits are set: the network is 100.64.0.0/10."],
    ["2001:db8::1/64", "Host bits are set: the network is 2001:db8::/64."],
    ["10.0.0.0/33", "The length must be 0 to 32."],
    ["2001:db8::/129", "The length must be 0 to 128."],
    ["10.0.0.0/x", "The length must be 0 to 32."],
    ["10.0.0/8", "Not an IPv4 or IPv6 address."],
    ["10.0.0.0/8/9", "Write one address and one length, like 100.64.0.0/10."],
  ])("%s is refused: %s", (text, error) => {
    expect(parsePrefix(text)).toEqual({ ok: false, error });
  });

  it.each([
    ["100.64.0.0/10", "100.64.3.17", true],
    ["100.64.0.0/10", "100.128.0.0", false],
    ["100.64.0.0/10", "100.127.255.255", true],
    ["2001:db8::/32", "2001:db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::", false],
    // An IPv4 prefix never holds an IPv6 address, whatever the numbers.
    ["0.0.0.0/0", "::1", false],
  ])("%s holds %s: %s", (p, a, expected) => {
    expect(containsAddress(prefix(p), address(a))).toBe(expected);
  });

  it.each([
    ["10.0.0.0/8", "10.1.0.0/16", true, true],
    ["10.1.0.0/16", "10.0.0.0/8", false, true],
    ["10.0.0.0/16", "10.1.0.0/16", false, false],
    ["10.0.0.0/16", "10.0.0.0/16", true, true],
    ["10.0.255.0/24", "10.0.0.0/16", false, true],
    ["2001:db8::/48", "2001:db8:0:ff::/64", true, true],
    ["2001:db8::/48", "2001:db8:1::/48", false, false],
  ])("%s holds %s: %s; they overlap: %s", (a, b, holds, overlap) => {
    expect(containsPrefix(prefix(a), prefix(b))).toBe(holds);
    expect(overlaps(prefix(a), prefix(b))).toBe(overlap);
    expect(overlaps(prefix(b), prefix(a))).toBe(overlap);
  });

  it("sorts as a tree reads: IPv4 first, by network, wider first", () => {
    const sorted = ["2001:db8::/32", "10.1.0.0/16", "10.0.0.0/8", "100.64.0.0/10", "10.0.0.0/16"].map(prefix).sort(comparePrefixes).map(formatPrefix);
    expect(sorted).toEqual(["10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16", "100.64.0.0/10", "2001:db8::/32"]);
  });

  it.each([
    ["100.64.0.0/10", "cgnat"],
    ["100.64.8.0/22", "cgnat"],
    ["10.20.0.0/16", "private"],
    ["172.16.0.0/12", "private"],
    ["172.32.0.0/16", "public"],
    ["203.0.113.0/24", "public"],
    ["fd00:1::/48", "private"],
    ["2001:db8::/32", "public"],
  ])("%s is %s space", (p, space) => {
    expect(addressSpace(prefix(p))).toBe(space);
  });
});

describe("ranges and the next free address", () => {
  it("reads RouterOS pool ranges and prefixes", () => {
    const parsed = parseRange("100.64.0.10-100.64.0.20");
    expect(parsed.ok && rangeSize(parsed.range)).toBe(11n);
    const whole = parseRange("100.64.0.0/24");
    expect(whole.ok && rangeSize(whole.range)).toBe(256n);
    expect(parseRange("100.64.0.20-100.64.0.10")).toEqual({ ok: false, error: "The range ends before it starts." });
    expect(parseRange("100.64.0.1-2001:db8::1")).toEqual({ ok: false, error: "Both ends must be IPv4, or both IPv6." });
    const range = parseRange("100.64.0.10-100.64.1.20");
    expect(range.ok && rangeWithin(range.range, prefix("100.64.0.0/23"))).toBe(true);
    expect(range.ok && rangeWithin(range.range, prefix("100.64.0.0/24"))).toBe(false);
  });

  it.each([
    ["100.64.10.2-100.64.10.254", "100.64.10.0/24"],
    ["100.64.0.0/22", "100.64.0.0/22"],
    ["10.0.0.200-10.0.1.10", "10.0.0.0/23"],
    ["10.0.0.5-10.0.0.5", "10.0.0.5/32"],
    ["127.255.255.255-128.0.0.0", "0.0.0.0/0"],
    ["2001:db8::10-2001:db8::ff", "2001:db8::/120"],
  ])("the narrowest prefix holding %s is %s", (text, expected) => {
    const parsed = parseRange(text);
    expect(parsed.ok && formatPrefix(smallestPrefixHolding(parsed.range))).toBe(expected);
  });

  it("gives the lowest unused address, skipping an IPv4 subnet's network and broadcast", () => {
    const p = prefix("203.0.113.0/30");
    const all = { version: 4 as const, first: p.network, last: p.network + 3n };
    expect(formatAddress({ version: 4, value: nextFree(all, [], p)! })).toBe("203.0.113.1");
    expect(formatAddress({ version: 4, value: nextFree(all, [p.network + 1n], p)! })).toBe("203.0.113.2");
    expect(nextFree(all, [p.network + 1n, p.network + 2n], p)).toBeNull();
    // A /31 (point-to-point) and a /32 use every address.
    const p31 = prefix("203.0.113.8/31");
    expect(nextFree({ version: 4, first: p31.network, last: p31.network + 1n }, [], p31)).toBe(p31.network);
  });

  it("works in IPv6 without skipping anything", () => {
    const p = prefix("2001:db8::/64");
    const range = { version: 6 as const, first: p.network, last: p.network + 10n };
    expect(formatAddress({ version: 6, value: nextFree(range, [p.network, p.network + 1n], p)! })).toBe("2001:db8::2");
  });
});
