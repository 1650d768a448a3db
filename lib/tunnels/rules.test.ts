import { describe, expect, it } from "vitest";
import { hubAddress, hubWireguardConfig, nextTunnelAddress, routerTunnelScript, tunnelHubSchema, type RouterTunnelConfig } from "@/lib/tunnels/rules";

const config: RouterTunnelConfig = {
  hub: { endpointHost: "hub.lipafiber.ph", endpointPort: 51820, publicKey: "HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=", prefix: "10.99.0.0/24" },
  privateKey: "<private-key>",
  address: "10.99.0.2",
  tcpPorts: [8728, 8728],
  udpPorts: [3799],
};

describe("tunnel hub settings", () => {
  it.each([
    ["10.99.0.0/24", "10.99.0.0/24"],
    [" 172.16.8.0/29 ", "172.16.8.0/29"],
  ])("takes %s as %s", (prefix, canonical) => {
    expect(tunnelHubSchema.parse({ endpointHost: "hub.example.net", endpointPort: "51820", prefix }).prefix).toBe(canonical);
  });

  it.each([
    ["10.99.0.0/30", "Use a prefix from /16 to /29."],
    ["10.0.0.0/8", "Use a prefix from /16 to /29."],
    ["fd00::/64", "The tunnel prefix must be IPv4 (RouterOS 7 routers reach the hub over IPv4)."],
    ["10.99.0", "Enter an IPv4 prefix such as 10.99.0.0/24."],
    ["10.99.0.7/24", "Host bits are set: the network is 10.99.0.0/24."],
  ])("refuses %s", (prefix, message) => {
    const parsed = tunnelHubSchema.safeParse({ endpointHost: "hub.example.net", endpointPort: 51820, prefix });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it("refuses an endpoint with a scheme or a port", () => {
    for (const endpointHost of ["https://hub.example.net", "hub.example.net:51820"])
      expect(tunnelHubSchema.safeParse({ endpointHost, endpointPort: 51820, prefix: "10.99.0.0/24" }).success).toBe(false);
  });
});

describe("tunnel addresses", () => {
  it("gives the hub the first address and routers the next free ones", () => {
    expect(hubAddress("10.99.0.0/24")).toBe("10.99.0.1");
    expect(nextTunnelAddress("10.99.0.0/24", [])).toBe("10.99.0.2");
    expect(nextTunnelAddress("10.99.0.0/24", ["10.99.0.2", "10.99.0.4"])).toBe("10.99.0.3");
  });

  it("has nothing left when every address but network, hub and broadcast is taken", () => {
    // A /29: .0 network, .1 hub, .2–.6 routers, .7 broadcast.
    const used = ["10.99.0.2", "10.99.0.3", "10.99.0.4", "10.99.0.5"];
    expect(nextTunnelAddress("10.99.0.0/29", used)).toBe("10.99.0.6");
    expect(nextTunnelAddress("10.99.0.0/29", [...used, "10.99.0.6"])).toBeNull();
  });
});

describe("the router's script", () => {
  it("makes the interface, the hub peer, the address and a firewall that lets only the hub in", () => {
    const script = routerTunnelScript(config, 7);
    expect(script).toContain('/interface/wireguard add name=netsphere-hub private-key="<private-key>" listen-port=13231');
    expect(script).toContain(
      '/interface/wireguard/peers add interface=netsphere-hub public-key="HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=" endpoint-address=hub.lipafiber.ph endpoint-port=51820 allowed-address=10.99.0.1/32 persistent-keepalive=25s',
    );
    expect(script).toContain("/ip/address add address=10.99.0.2/24 interface=netsphere-hub");
    expect(script).toContain("chain=input in-interface=netsphere-hub src-address=10.99.0.1 protocol=tcp dst-port=8728 action=accept");
    expect(script).toContain("src-address=10.99.0.1 protocol=udp dst-port=3799 action=accept");
    expect(script.split("\n").at(-1)).toContain("in-interface=netsphere-hub action=drop");
  });

  it("tells RouterOS 6 to upgrade or use SSTP/OpenVPN, with the limits", () => {
    const note = routerTunnelScript(config, 6);
    expect(note).toMatch(/RouterOS 6 has no WireGuard/);
    expect(note).toMatch(/SSTP or OpenVPN/);
    expect(note).not.toContain("/interface/wireguard");
    expect(note.split("\n").every((line) => line.startsWith("#"))).toBe(true);
  });
});

describe("the hub's configuration", () => {
  it("has the interface and one peer per router", () => {
    const text = hubWireguardConfig({ prefix: "10.99.0.0/24", endpointPort: 51820, privateKey: "hubkey=" }, [
      { routerName: "Tower 1", publicKey: "peer1=", address: "10.99.0.2", allowedIps: [] },
      { routerName: "Tower\n2", publicKey: "peer2=", address: "10.99.0.3", allowedIps: ["192.168.88.0/24"] },
    ]);
    expect(text).toBe(
      [
        "[Interface]",
        "Address = 10.99.0.1/24",
        "ListenPort = 51820",
        "PrivateKey = hubkey=",
        "",
        "# Tower 1",
        "[Peer]",
        "PublicKey = peer1=",
        "AllowedIPs = 10.99.0.2/32",
        "",
        "# Tower 2",
        "[Peer]",
        "PublicKey = peer2=",
        "AllowedIPs = 10.99.0.3/32, 192.168.88.0/24",
        "",
      ].join("\n"),
    );
  });
});
