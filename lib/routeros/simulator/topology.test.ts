import { describe, expect, it } from "vitest";
import { tick } from "./clock";
import { dispatch } from "./dispatch";
import { createRouterState, type RouterOptions, type RouterState } from "./router-state";
import { connectSession, loginHotspotUser } from "./sessions";
import { addNeighbourDevice, linkNeighbours, setInterfaceLink } from "./topology";

const run = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = []) =>
  dispatch(state, { command, attributes, api: {}, queries });
const rows = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = []) =>
  run(state, command, attributes, queries)
    .filter((reply) => reply.type === "!re")
    .map((reply) => reply.attributes);
const port = (state: RouterState, name: string) => rows(state, "/interface/print", {}, [`?name=${name}`])[0];

function router(identity: string, options: RouterOptions = {}): RouterState {
  return createRouterState({ identity, boardName: "CCR2004-1G-12S+2XS", ...options });
}

function pppoeRouter(options: RouterOptions = {}): RouterState {
  const state = router("access", { reconnectAfterSeconds: 5, autoDial: { afterSeconds: 2 }, ...options });
  run(state, "/ppp/secret/add", { name: "alice", password: "pw" });
  run(state, "/ppp/secret/add", { name: "bob", password: "pw" });
  connectSession(state, "alice", { callerId: "AA:BB:CC:00:00:01", address: "10.9.0.2" });
  connectSession(state, "bob", { callerId: "AA:BB:CC:00:00:02", address: "10.9.0.3" });
  return state;
}

describe("interfaces", () => {
  it("give every port a stable MikroTik MAC that differs between routers", () => {
    const first = router("one");
    const second = router("two");
    const macs = (state: RouterState) => rows(state, "/interface/print", { ".proplist": "mac-address" }).map((row) => row["mac-address"]);
    expect(macs(first)).toHaveLength(3);
    for (const mac of [...macs(first), ...macs(second)]) expect(mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    expect(new Set([...macs(first), ...macs(second)]).size).toBe(6);
    expect(macs(createRouterState({ serialNumber: "HE4ABC0001" }))).toEqual(macs(createRouterState({ serialNumber: "HE4ABC0001" })));
  });

  it("take a link down: running=false, link-downs + 1, counters frozen; up again: running=true and counting", () => {
    const state = pppoeRouter();
    tick(state, 1);
    expect(port(state, "ether1")).toMatchObject({ running: "true", "link-downs": "0" });
    setInterfaceLink(state, "ether1", false);
    const frozen = port(state, "ether1");
    expect(frozen).toMatchObject({ running: "false", "link-downs": "1" });
    expect(frozen["last-link-down-time"]).toBe("2026-01-05 08:00:01");
    tick(state, 10);
    expect(port(state, "ether1")["rx-byte"]).toBe(frozen["rx-byte"]);
    expect(run(state, "/interface/monitor-traffic", { interface: "ether1", once: "" })[0].attributes["rx-bits-per-second"]).toBe("0");
    setInterfaceLink(state, "ether1", false);
    expect(port(state, "ether1")["link-downs"]).toBe("1");
    setInterfaceLink(state, "ether1", true);
    tick(state, 1);
    const after = port(state, "ether1");
    expect(after).toMatchObject({ running: "true", "link-downs": "1", "last-link-up-time": "2026-01-05 08:00:11" });
    expect(BigInt(after["rx-byte"])).toBeGreaterThan(BigInt(frozen["rx-byte"]));
    expect(() => setInterfaceLink(state, "ether9", false)).toThrow(/no port ether9/);
  });

  it("drop the PPPoE sessions when the access port goes down; the CPEs dial in again once it is up", () => {
    const state = pppoeRouter();
    const sessions = () => rows(state, "/ppp/active/print", { ".proplist": "name" }).map((row) => row.name);
    expect(sessions()).toEqual(["alice", "bob"]);
    setInterfaceLink(state, "ether2", false);
    expect(sessions()).toEqual(["alice", "bob"]);
    setInterfaceLink(state, "ether3", false);
    expect(sessions()).toEqual([]);
    expect(rows(state, "/interface/print", {}, ["?name=<pppoe-alice>"])).toEqual([]);
    expect(rows(state, "/ppp/secret/print", {}, ["?name=alice"])[0]["last-disconnect-reason"]).toBe("lost-carrier");
    tick(state, 30);
    expect(sessions()).toEqual([]);
    setInterfaceLink(state, "ether3", true);
    tick(state, 5);
    expect(sessions().sort()).toEqual(["alice", "bob"]);
    expect(port(state, "ether3")["link-downs"]).toBe("1");
  });

  it("count the sessions' traffic on the access port as well as the uplink", () => {
    const state = pppoeRouter();
    tick(state, 2);
    expect(BigInt(port(state, "ether3")["rx-byte"])).toBe(2n * 2n * 25_000n);
    expect(BigInt(port(state, "ether1")["tx-byte"])).toBe(2n * 2n * 25_000n);
  });
});

describe("/ip/neighbor", () => {
  it("shows a linked router on both sides with its identity, board, version, port MAC and address", () => {
    const core = router("Core-1", { version: "7.19.2" });
    const edge = router("Edge-2", { version: "6.49.10", boardName: "RB4011iGS+" });
    linkNeighbours(core, "ether2", edge, "ether1", { addresses: ["10.255.1.1", "10.255.1.2"] });
    tick(core, 100);
    tick(edge, 100);
    const [seenByCore] = rows(core, "/ip/neighbor/print");
    expect(seenByCore).toEqual({
      ".id": "*1",
      interface: "ether2",
      address: "10.255.1.2",
      address4: "10.255.1.2",
      "mac-address": port(edge, "ether1")["mac-address"],
      identity: "Edge-2",
      platform: "MikroTik",
      version: "6.49.10 (long-term)",
      unpack: "none",
      age: "10s",
      uptime: "1m40s",
      "software-id": edge.softwareId,
      board: "RB4011iGS+",
      "interface-name": "ether1",
      "system-description": "MikroTik 6.49.10 (long-term) RB4011iGS+",
      "system-caps": "bridge,router",
      "system-caps-enabled": "router",
      "discovered-by": "cdp,lldp,mndp",
    });
    const [seenByEdge] = rows(edge, "/ip/neighbor/print");
    expect(seenByEdge).toMatchObject({
      interface: "ether1",
      address: "10.255.1.1",
      "mac-address": port(core, "ether2")["mac-address"],
      identity: "Core-1",
      version: "7.19.2 (stable)",
      board: "CCR2004-1G-12S+2XS",
      "interface-name": "ether2",
    });
    // discovered-by arrived with RouterOS 7.
    expect(seenByEdge).not.toHaveProperty("discovered-by");
    run(core, "/system/identity/set", { name: "Core-1b" });
    expect(rows(edge, "/ip/neighbor/print")[0].identity).toBe("Core-1b");
  });

  it("honours .proplist, queries and count-only, and answers an empty list with !empty from 7.18", () => {
    const core = router("Core-1");
    const edge = router("Edge-2");
    linkNeighbours(core, "ether2", edge, "ether1");
    addNeighbourDevice(core, "ether1", {
      identity: "SW-Core-Unmanaged",
      macAddress: "48:A9:8A:00:00:01",
      address: "10.254.0.2",
      interfaceName: "ether24",
    });
    expect(rows(core, "/ip/neighbor/print", { ".proplist": "identity,interface" })).toEqual([
      { identity: "Edge-2", interface: "ether2" },
      { identity: "SW-Core-Unmanaged", interface: "ether1" },
    ]);
    expect(rows(core, "/ip/neighbor/print", { ".proplist": "identity" }, ["?interface=ether1"])).toEqual([{ identity: "SW-Core-Unmanaged" }]);
    expect(rows(core, "/ip/neighbor/print", { ".proplist": "identity" }, ["?identity=Edge-2", "?identity=nobody", "?#|!"])).toEqual([
      { identity: "SW-Core-Unmanaged" },
    ]);
    expect(run(core, "/ip/neighbor/print", { "count-only": "" })[0].attributes.ret).toBe("2");
    expect(run(router("alone"), "/ip/neighbor/print").map((reply) => reply.type)).toEqual(["!empty", "!done"]);
    expect(run(router("alone", { version: "7.16.1" }), "/ip/neighbor/print").map((reply) => reply.type)).toEqual(["!done"]);
  });

  it("is read-only: add, set and remove are no commands there", () => {
    const core = router("Core-1");
    for (const verb of ["add", "set", "remove"]) {
      const replies = run(core, `/ip/neighbor/${verb}`, { ".id": "*1", identity: "x" });
      expect(replies.map((reply) => [reply.type, reply.attributes.message])).toEqual([
        ["!trap", `no such command or directory (${verb})`],
        ["!trap", "no such command prefix"],
        ["!done", undefined],
      ]);
    }
  });

  it("loses a neighbour on both sides while either end's port is down, and finds it again as a new entry", () => {
    const core = router("Core-1");
    const edge = router("Edge-2");
    linkNeighbours(core, "ether2", edge, "ether1");
    const names = (state: RouterState) => rows(state, "/ip/neighbor/print").map((row) => `${row[".id"]} ${row.identity}`);
    expect(names(core)).toEqual(["*1 Edge-2"]);
    setInterfaceLink(edge, "ether1", false);
    expect(names(core)).toEqual([]);
    expect(names(edge)).toEqual([]);
    // The far end's port keeps its own state (a link through a switch).
    expect(port(core, "ether2").running).toBe("true");
    tick(core, 40);
    tick(edge, 40);
    setInterfaceLink(edge, "ether1", true);
    expect(names(core)).toEqual(["*2 Edge-2"]);
    expect(rows(core, "/ip/neighbor/print")[0].age).toBe("0s");
    run(core, "/interface/disable", { ".id": "ether2" });
    expect(names(core)).toEqual([]);
    expect(names(edge)).toEqual([]);
  });

  it("lists no neighbour through an unlinked port and refuses to link a router to itself", () => {
    const core = router("Core-1");
    expect(() => linkNeighbours(core, "ether1", core, "ether2")).toThrow(/own neighbour/);
    expect(() => linkNeighbours(core, "ether7", router("x"), "ether1")).toThrow(/no port ether7/);
  });
});

describe("/ip/arp", () => {
  it("lists the neighbours and the hotspot clients as dynamic entries, with status on v7 and the complete flag on v6", () => {
    for (const version of ["7.19.2", "6.49.10"]) {
      const core = router("Core-1", { version });
      const edge = router("Edge-2");
      linkNeighbours(core, "ether2", edge, "ether1", { addresses: ["10.255.1.1", "10.255.1.2"] });
      run(core, "/ip/hotspot/user/add", { name: "V001", password: "1" });
      loginHotspotUser(core, "V001", { address: "192.168.5.20", macAddress: "DE:AD:BE:EF:00:01" });
      const entries = rows(core, "/ip/arp/print");
      const modern = version.startsWith("7.");
      expect(entries).toEqual([
        {
          ".id": "*1",
          address: "10.255.1.2",
          "mac-address": port(edge, "ether1")["mac-address"],
          interface: "ether2",
          published: "false",
          invalid: "false",
          DHCP: "false",
          dynamic: "true",
          complete: "true",
          ...(modern ? { status: "reachable" } : {}),
          disabled: "false",
        },
        expect.objectContaining({ ".id": "*2", address: "192.168.5.20", "mac-address": "DE:AD:BE:EF:00:01", interface: "ether3" }),
      ]);
      expect(rows(core, "/ip/arp/print", { ".proplist": "address" }, ["?interface=ether2"])).toEqual([{ address: "10.255.1.2" }]);
      setInterfaceLink(edge, "ether1", false);
      expect(rows(core, "/ip/arp/print", { ".proplist": "address" })).toEqual([{ address: "192.168.5.20" }]);
    }
  });
});
