import { describe, expect, it } from "vitest";
import type { TopologyLink } from "@/lib/topology/queries";
import { linkTrafficEnd, linkTrafficHref } from "@/components/network/topology/look";

const tanauan = "7d3c5a4e-1f2b-4c6d-8e9f-0a1b2c3d4e5f";
const lipa = "0b7f3c1e-8d2a-4f5b-9c6d-1e2f3a4b5c6d";

function link(aInterface: string, bInterface: string): TopologyLink {
  return {
    id: "l1",
    a: { routerId: tanauan, name: "Tanauan-CCR1", interface: aInterface },
    b: { routerId: lipa, name: "Lipa-CCR2", interface: bInterface },
    medium: "fibre",
    source: "discovered",
    capacityMbps: 1000,
    label: "",
    lastSeenAt: null,
    seen: true,
    utilisation: null,
    peakBps: null,
  };
}

describe("a topology link's traffic link", () => {
  it.each([
    ["both ports known: the first end's port", link("ether2", "ether1"), `/routers/${tanauan}/traffic?interface=ether2`],
    ["only the far port known: that router's port", link("", "ether1"), `/routers/${lipa}/traffic?interface=ether1`],
    ["neither port known: the first router's page with its default port", link("", ""), `/routers/${tanauan}/traffic`],
    [
      "a port name with spaces and symbols is encoded",
      link("sfp-sfpplus1 (uplink)&x", ""),
      `/routers/${tanauan}/traffic?interface=sfp-sfpplus1+%28uplink%29%26x`,
    ],
  ])("%s", (_, value, href) => {
    expect(linkTrafficHref(value)).toBe(href);
    expect(new URL(href, "http://app.test").searchParams.get("interface") ?? "").toBe(linkTrafficEnd(value).interface);
  });
});
