import { describe, expect, it } from "vitest";
import type { RouterOsRow } from "@/lib/routeros/api";
import {
  linkSeenRecently,
  matchNeighbor,
  neighborPort,
  neighborReadings,
  neighborsSignature,
  normaliseMac,
  orderedEnds,
  portReadings,
  utilisationPercent,
  type PortOwner,
} from "./rules";

describe("reading a router's ports", () => {
  it("keeps its own interfaces with MAC, link state and link-downs, and leaves PPPoE sessions out", () => {
    const rows: RouterOsRow[] = [
      { name: "ether1", type: "ether", dynamic: "false", running: "true", disabled: "false", "mac-address": "4c:5e:0c:11:22:33", "link-downs": "3" },
      { name: "bridge", type: "bridge", dynamic: "false", running: "true", disabled: "false", "mac-address": "4C:5E:0C:11:22:33" },
      { name: "<pppoe-juan>", type: "pppoe-in", dynamic: "true", running: "true", disabled: "false" },
      { name: "wg0", type: "wg", dynamic: "false", running: "false", disabled: "true" },
    ];
    expect(portReadings(rows)).toEqual([
      { name: "ether1", type: "ether", macAddress: "4C:5E:0C:11:22:33", running: true, disabled: false, linkDowns: 3 },
      { name: "bridge", type: "bridge", macAddress: "4C:5E:0C:11:22:33", running: true, disabled: false, linkDowns: 0 },
      { name: "wg0", type: "wg", macAddress: null, running: false, disabled: true, linkDowns: 0 },
    ]);
  });

  it.each([
    ["4c-5e-0c-11-22-33", "4C:5E:0C:11:22:33"],
    ["00:00:00:00:00:00", null],
    ["", null],
    ["not a mac", null],
  ])("reads MAC %j as %j", (raw, mac) => expect(normaliseMac(raw)).toBe(mac));
});

describe("reading /ip/neighbor", () => {
  it("reads RouterOS 6 rows (one interface, no discovered-by)", () => {
    const v6 = [
      {
        interface: "ether2",
        "mac-address": "4C:5E:0C:00:02:01",
        identity: "Lipa-CCR2",
        address: "10.255.1.2",
        address4: "10.255.1.2",
        platform: "MikroTik",
        board: "CCR1036-8G-2S+",
        version: "6.49.17 (long-term)",
      },
    ];
    expect(neighborReadings(v6)).toEqual([
      {
        interface: "ether2",
        macAddress: "4C:5E:0C:00:02:01",
        identity: "Lipa-CCR2",
        address: "10.255.1.2",
        platform: "MikroTik",
        board: "CCR1036-8G-2S+",
        version: "6.49.17 (long-term)",
        discoveredBy: "",
      },
    ]);
  });

  it("reads RouterOS 7 rows: the port out of 'ether2,bridge', address4, discovered-by; one row per port and MAC", () => {
    const v7: RouterOsRow[] = [
      {
        interface: "ether2,bridge",
        "mac-address": "4c:5e:0c:00:02:01",
        identity: "Lipa-CCR2",
        address4: "10.255.1.2",
        "discovered-by": "cdp,lldp,mndp",
      },
      { interface: "bridge,ether2", "mac-address": "4C:5E:0C:00:02:01", identity: "Lipa-CCR2", "discovered-by": "lldp" },
      { interface: "ether5", identity: "no MAC, no neighbour" },
    ];
    expect(neighborReadings(v7)).toEqual([
      expect.objectContaining({ interface: "ether2", macAddress: "4C:5E:0C:00:02:01", address: "", discoveredBy: "lldp", identity: "Lipa-CCR2" }),
    ]);
  });

  it.each([
    ["ether2", [], "ether2"],
    ["ether2,bridge", [], "ether2"],
    ["bridge1,sfp1", [], "sfp1"],
    ["lan,ether3", ["lan"], "ether3"],
    ["bridge", ["bridge"], "bridge"],
  ])("hears %j (bridges %j) on %j", (value, bridges, port) => expect(neighborPort(value, new Set(bridges))).toBe(port));

  it("gives the same signature whatever order the router lists its neighbours in, and another when one changes", () => {
    const [a, b] = neighborReadings([
      { interface: "ether1", "mac-address": "D4:CA:6D:AA:00:01", identity: "SW-1" },
      { interface: "ether2", "mac-address": "D4:CA:6D:AA:00:02", identity: "CPE" },
    ]);
    expect(neighborsSignature([a, b])).toBe(neighborsSignature([b, a]));
    expect(neighborsSignature([a, { ...b, identity: "CPE-renamed" }])).not.toBe(neighborsSignature([a, b]));
  });
});

describe("which router a neighbour is", () => {
  const self = "00000000-0000-4000-8000-000000000001";
  const lipa = "00000000-0000-4000-8000-000000000002";
  const tomas = "00000000-0000-4000-8000-000000000003";
  const owners = (...list: [string, string, string, string][]) => {
    const map = new Map<string, PortOwner[]>();
    for (const [mac, routerId, name, type] of list) map.set(mac, [...(map.get(mac) ?? []), { routerId, name, type }]);
    return map;
  };
  const byName = new Map([
    ["Lipa-CCR2", [lipa]],
    ["Tomas-CCR3", [tomas]],
    ["Tanauan-CCR1", [self]],
  ]);

  it.each([
    [
      "by its port's MAC",
      { macAddress: "M2", identity: "renamed" },
      owners(["M2", lipa, "ether1", "ether"]),
      { routerId: lipa, interface: "ether1", by: "mac" },
    ],
    [
      "by the physical port when a bridge shares the MAC",
      { macAddress: "M2", identity: "" },
      owners(["M2", lipa, "bridge", "bridge"], ["M2", lipa, "ether1", "ether"]),
      { routerId: lipa, interface: "ether1", by: "mac" },
    ],
    [
      "by its name when no port has the MAC",
      { macAddress: "M9", identity: "Tomas-CCR3" },
      owners(),
      { routerId: tomas, interface: null, by: "identity" },
    ],
    [
      "not at all when two routers have the MAC",
      { macAddress: "M2", identity: "Lipa-CCR2" },
      owners(["M2", lipa, "ether1", "ether"], ["M2", tomas, "ether1", "ether"]),
      null,
    ],
    ["never as itself", { macAddress: "M1", identity: "Tanauan-CCR1" }, owners(["M1", self, "ether1", "ether"]), null],
    ["not an unknown switch", { macAddress: "M7", identity: "SW-Core-Unmanaged" }, owners(), null],
  ])("matches %s", (_, n, portsByMac, expected) => {
    expect(matchNeighbor(n, { selfRouterId: self, portsByMac, routersByName: byName })).toEqual(expected);
  });

  it("stores a link's ends in id order", () => {
    expect(orderedEnds({ routerId: tomas, interface: "ether1" }, { routerId: lipa, interface: "ether2" })).toEqual({
      a: { routerId: lipa, interface: "ether2" },
      b: { routerId: tomas, interface: "ether1" },
    });
  });
});

describe("link state", () => {
  it.each([
    [250_000_000, 1000, 25],
    [999_000_000, 1000, 99.9],
    [1_200_000_000, 1000, 120],
    [250_000_000, null, null],
    [null, 1000, null],
  ])("%j bps on %j Mbps is %j %", (peak, capacity, percent) => expect(utilisationPercent(peak, capacity)).toBe(percent));

  it("counts a link as seen for two refreshes and a poll", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    expect(linkSeenRecently(new Date(now.getTime() - 10 * 60_000), now)).toBe(true);
    expect(linkSeenRecently(new Date(now.getTime() - 12 * 60_000), now)).toBe(false);
    expect(linkSeenRecently(null, now)).toBe(false);
  });
});
