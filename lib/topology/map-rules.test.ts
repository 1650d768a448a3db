import { describe, expect, it } from "vitest";
import { buildNetworkMap, distanceM, heatCells, routersOfIncident, type MapInput } from "./map-rules";
import { SUBSCRIBER_IN_OUTAGE, SUBSCRIBER_ONLINE } from "./map-values";

const base = (): MapInput => ({
  sites: [
    { id: "site-a", name: "Tanauan POP", latitude: 14.086, longitude: 121.149 },
    { id: "site-b", name: "Lipa Tower", latitude: 13.956, longitude: 121.158 },
    { id: "site-x", name: "Planned site", latitude: null, longitude: null },
  ],
  routers: [
    { id: "r1", name: "Tanauan-CCR1", siteId: "site-a", latitude: null, longitude: null, status: "online" },
    { id: "r2", name: "Lipa-CCR2", siteId: "site-b", latitude: 13.9565, longitude: 121.1585, status: "offline" },
    { id: "r3", name: "Spare", siteId: null, latitude: null, longitude: null, status: "unknown" },
  ],
  customers: [
    { id: "c1", name: "Juan", accountNumber: "ACC-1", status: "active", latitude: 14.087, longitude: 121.15 },
    { id: "c2", name: "Maria", accountNumber: "ACC-2", status: "suspended", latitude: 13.95, longitude: 121.16 },
    { id: "c3", name: "Ana", accountNumber: "ACC-3", status: "lead", latitude: 13.97, longitude: 121.15 },
  ],
  subscriptions: [
    { id: "s1", customerId: "c1", routerId: "r1" },
    { id: "s2", customerId: "c2", routerId: "r2" },
  ],
  online: new Set(["s1"]),
  incidents: [],
  ticketsByCustomer: [],
});

describe("buildNetworkMap", () => {
  it("places a router without coordinates at its site, and leaves out what has no place at all", () => {
    const map = buildNetworkMap(base());
    expect(map.routers.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ["r1", 14.086, 121.149, 1],
      ["r2", 13.9565, 121.1585, 2],
    ]);
    expect(map.sites.map((s) => s[0])).toEqual(["site-a", "site-b"]);
    expect(map.bounds).toEqual([
      [13.95, 121.149],
      [14.087, 121.16],
    ]);
  });

  it("marks subscribers online from their subscriptions and codes their status", () => {
    const map = buildNetworkMap(base());
    expect(map.subscribers.map((s) => [s[0], s[5], s[6]])).toEqual([
      ["c1", 1, SUBSCRIBER_ONLINE],
      ["c2", 2, 0],
      ["c3", 0, 0],
    ]);
  });

  it("draws an open incident on a router as an area around it covering the subscribers behind it, and marks them", () => {
    const input = base();
    input.incidents = [{ id: "i1", number: 7, title: "Lipa-CCR2 unreachable", severity: "critical", routerId: "r2", siteId: null }];
    const map = buildNetworkMap(input);
    const [outage] = map.outages;
    expect(outage.slice(0, 6)).toEqual(["i1", 7, "Lipa-CCR2 unreachable", "critical", 13.9565, 121.1585]);
    const reach = distanceM({ lat: 13.9565, lng: 121.1585 }, { lat: 13.95, lng: 121.16 });
    expect(outage[6]).toBeGreaterThanOrEqual(Math.round(reach));
    expect(outage[7]).toBe(1);
    expect(map.subscribers.find((s) => s[0] === "c2")![6] & SUBSCRIBER_IN_OUTAGE).toBeTruthy();
    expect(map.subscribers.find((s) => s[0] === "c1")![6] & SUBSCRIBER_IN_OUTAGE).toBe(0);
    expect(map.routers.find((r) => r[0] === "r2")![6]).toBe(1);
    expect(map.sites.find((s) => s[0] === "site-b")![4]).toBe(1);
    expect(map.sites.find((s) => s[0] === "site-a")![4]).toBe(0);
  });

  it("takes a site's incident to every router of the site, and keeps a small area around a router nobody is behind", () => {
    const input = base();
    input.incidents = [
      { id: "i2", number: 8, title: "Tanauan POP power", severity: "major", routerId: null, siteId: "site-a" },
      { id: "i3", number: 9, title: "Spare down", severity: "minor", routerId: "r3", siteId: null },
    ];
    const map = buildNetworkMap(input);
    expect(map.outages.map((o) => [o[0], o[7]])).toEqual([["i2", 1]]);
    expect(map.subscribers.find((s) => s[0] === "c1")![6]).toBe(SUBSCRIBER_ONLINE | SUBSCRIBER_IN_OUTAGE);
    expect(map.outages[0][6]).toBeGreaterThanOrEqual(300);
  });

  it.each([
    [{ routerId: "r1", siteId: "site-b" }, ["r1"]],
    [{ routerId: null, siteId: "site-b" }, ["r2"]],
    [{ routerId: "gone", siteId: null }, []],
    [{ routerId: null, siteId: null }, []],
  ])("an incident on %j takes down %j", (incident, expected) => {
    expect(routersOfIncident(incident, base().routers)).toEqual(expected);
  });
});

describe("heatCells", () => {
  it("sums tickets of neighbours into one cell at their weighted centre, busiest first, and ignores empty weights", () => {
    const cells = heatCells([
      { lat: 14.0861, lng: 121.1491, weight: 1 },
      { lat: 14.0869, lng: 121.1499, weight: 3 },
      { lat: 13.95, lng: 121.16, weight: 1 },
      { lat: 13.97, lng: 121.17, weight: 0 },
    ]);
    expect(cells).toEqual([
      [14.0867, 121.1497, 4],
      [13.95, 121.16, 1],
    ]);
  });

  it("puts tickets of customers the map knows into the heat layer", () => {
    const input = base();
    input.ticketsByCustomer = [
      { customerId: "c1", tickets: 2 },
      { customerId: "no-place", tickets: 5 },
    ];
    expect(buildNetworkMap(input).heat).toEqual([[14.087, 121.15, 2]]);
  });
});
