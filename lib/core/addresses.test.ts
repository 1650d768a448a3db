import { describe, expect, it } from "vitest";
import { addressKind, allowlistProblem, cidrContains, parseCidr } from "@/lib/core/addresses";

describe("the kind of an address", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.88.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["100.128.0.1", "public"],
    ["169.254.169.254", "metadata"],
    ["169.254.1.1", "link_local"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["198.18.0.1", "reserved"],
  ])("IPv4 %s is %s", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each([
    ["2606:4700:4700::1111", "public"],
    ["[2606:4700:4700::1111]", "public"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fe80::1%eth0", "link_local"],
    ["ff02::1", "multicast"],
    ["fd00:ec2::254", "metadata"],
    ["2001:db8::1", "reserved"],
    ["2001:0:4136:e378::1", "reserved"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["[::ffff:169.254.169.254]", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "loopback"],
    ["::8.8.8.8", "reserved"],
    ["64:ff9b::192.168.1.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["2002:7f00:1::", "loopback"],
    ["2002:0808:0808::1", "public"],
    ["3fff::1", "public"],
    ["4000::1", "reserved"],
  ])("IPv6 %s is %s", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it("is null for what is not an address (names are judged after DNS)", () => {
    expect(addressKind("api.semaphore.co")).toBeNull();
    expect(addressKind("2130706433")).toBeNull();
    expect(addressKind("127.1")).toBeNull();
  });
});

describe("the operator's allowlist", () => {
  it("matches CIDR blocks, single addresses and IPv4-mapped IPv6 forms", () => {
    const block = parseCidr("10.0.0.0/8")!;
    expect(cidrContains(block, "10.20.30.40")).toBe(true);
    expect(cidrContains(block, "::ffff:10.20.30.40")).toBe(true);
    expect(cidrContains(block, "11.0.0.1")).toBe(false);
    expect(cidrContains(parseCidr("127.0.0.1")!, "127.0.0.1")).toBe(true);
    expect(cidrContains(parseCidr("127.0.0.1")!, "127.0.0.2")).toBe(false);
    expect(cidrContains(parseCidr("fd00::/8")!, "fd12::1")).toBe(true);
    expect(cidrContains(parseCidr("fd00::/8")!, "10.0.0.1")).toBe(false);
  });

  it("names a malformed entry", () => {
    expect(allowlistProblem("127.0.0.1, localhost,10.0.0.0/8 fd00::/8")).toBeNull();
    expect(allowlistProblem("10.0.0.0/33")).toBe('"10.0.0.0/33" is neither a host name nor a CIDR block such as 10.0.0.0/8');
    expect(allowlistProblem("http://sms.local")).toMatch(/neither a host name/);
  });
});
