import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "@/lib/routeros/client";
import { RouterOsTrapError } from "@/lib/routeros/errors";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { newWireguardKeyPair, wireguardPublicKey } from "./keys";
import { applyRouterTunnel } from "./router-config";
import type { RouterTunnelConfig } from "./rules";

let v7: RunningSimulator;
let v6: RunningSimulator;
let api: RouterOsClient;
let oldApi: RouterOsClient;
const router = newWireguardKeyPair();
const hub = newWireguardKeyPair();
const config: RouterTunnelConfig = {
  hub: { endpointHost: "hub.bayanfiber.ph", endpointPort: 51820, publicKey: hub.publicKey, prefix: "10.99.0.0/24" },
  privateKey: router.privateKey,
  address: "10.99.0.7",
  tcpPorts: [8728],
  udpPorts: [3799],
};

async function connect(simulator: RunningSimulator) {
  const client = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p", timeoutMs: 2000 });
  await client.connect();
  return client;
}

beforeAll(async () => {
  v7 = await startSimulator({ username: "u", password: "p", version: "7.19.2" });
  v6 = await startSimulator({ username: "u", password: "p", version: "6.49.10" });
  [api, oldApi] = await Promise.all([connect(v7), connect(v6)]);
});
afterAll(async () => {
  await Promise.all([api?.close(), oldApi?.close()]);
  await Promise.all([v7?.stop(), v6?.stop()]);
});

const rows = async (menu: string) => (await api.write(`${menu}/print`)).rows;

describe("the router's side of its tunnel, through the API", () => {
  it("makes what the script makes, with the firewall rules above the ISP's own, and nothing the second time", async () => {
    // The ISP's own input chain: an accept and a final drop that must stay below ours.
    await api.write("/ip/firewall/filter/add", {
      chain: "input",
      action: "accept",
      "connection-state": "established,related",
      comment: "isp: established",
    });
    await api.write("/ip/firewall/filter/add", { chain: "input", action: "drop", comment: "isp: drop the rest" });

    const changes = await applyRouterTunnel(api, config);
    expect(changes).toHaveLength(6);
    const [wg] = await rows("/interface/wireguard");
    expect(wg).toMatchObject({ name: "netsphere-hub", "listen-port": "13231", "public-key": router.publicKey });
    expect(wireguardPublicKey(wg["private-key"])).toBe(router.publicKey);
    expect((await rows("/interface/wireguard/peers"))[0]).toMatchObject({
      interface: "netsphere-hub",
      "public-key": hub.publicKey,
      "endpoint-address": "hub.bayanfiber.ph",
      "endpoint-port": "51820",
      "allowed-address": "10.99.0.1/32",
      "persistent-keepalive": "25s",
    });
    expect((await rows("/ip/address")).find((a) => a.comment === "netsphere tunnel")).toMatchObject({
      address: "10.99.0.7/24",
      network: "10.99.0.0",
      interface: "netsphere-hub",
    });
    expect((await rows("/ip/firewall/filter")).map((r) => r.comment)).toEqual([
      "netsphere tunnel: API",
      "netsphere tunnel: CoA",
      "netsphere tunnel: nothing else",
      "isp: established",
      "isp: drop the rest",
    ]);
    const api8728 = (await rows("/ip/firewall/filter"))[0];
    expect(api8728).toMatchObject({
      "src-address": "10.99.0.1",
      protocol: "tcp",
      "dst-port": "8728",
      "in-interface": "netsphere-hub",
      action: "accept",
    });

    expect(await applyRouterTunnel(api, config)).toEqual([]);
  });

  it("changes only what differs when the hub moves", async () => {
    const changes = await applyRouterTunnel(api, { ...config, hub: { ...config.hub, endpointHost: "203.0.113.40", endpointPort: 51900 } });
    expect(changes).toEqual(["/interface/wireguard/peers hub set (endpoint-address, endpoint-port)"]);
    expect(await rows("/interface/wireguard/peers")).toHaveLength(1);
  });

  it("refuses RouterOS 6, which has no WireGuard, and touches nothing", async () => {
    await expect(applyRouterTunnel(oldApi, config)).rejects.toThrow(/RouterOS 6, which has no WireGuard/);
    expect((await oldApi.write("/ip/firewall/filter/print")).rows).toEqual([]);
  });

  it("the simulated router refuses a key that is not one, as RouterOS does", async () => {
    const refused = api.write("/interface/wireguard/add", { name: "wg-bad", "private-key": "not-a-key" });
    await expect(refused).rejects.toBeInstanceOf(RouterOsTrapError);
    await expect(api.write("/ip/firewall/filter/add", { chain: "input", action: "drop", "place-before": "*FFFF" })).rejects.toThrow(/no such item/);
    await expect(
      api.write("/ip/firewall/filter/add", { chain: "input", action: "accept", protocol: "tcp", "dst-port": "70000" }),
    ).rejects.toBeInstanceOf(RouterOsTrapError);
  });
});
