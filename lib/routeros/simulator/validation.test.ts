import { describe, expect, it } from "vitest";
import type { RequestSentence } from "../types";
import { dispatch } from "./dispatch";
import { menus } from "./menus";
import { propertyTypes } from "./menu-types";
import { createRouterState, type RouterState } from "./router-state";

/* Every written value is checked against its type (menu-types.ts), as a router refuses what it can't store. */

function run(state: RouterState, command: string, attributes: Record<string, string>) {
  const request: RequestSentence = { command, attributes, api: {}, queries: [] };
  return dispatch(state, request);
}

function router(): RouterState {
  const state = createRouterState({ version: "7.19.2" });
  for (const [command, attributes] of [
    ["/ip/pool/add", { name: "pppoe-pool", ranges: "10.1.0.2-10.1.3.254" }],
    ["/ppp/profile/add", { name: "10M", "remote-address": "pppoe-pool", "rate-limit": "5M/10M" }],
    ["/ip/hotspot/user/profile/add", { name: "1-day", "rate-limit": "2M/5M" }],
    ["/queue/simple/add", { name: "tower", target: "10.3.0.0/16" }],
  ] as const) {
    expect(run(state, command, attributes).map((reply) => reply.type)).toEqual(["!done"]);
  }
  return state;
}

const refusal = (property: string) => ({ category: "1", message: `input does not match any value of ${property}` });

type Case = [label: string, command: string, attributes: Record<string, string>, refused: string];

// One bad value per type; each would have been stored as written before values were typed.
const refused: Case[] = [
  ["enum", "/ppp/secret/add", { name: "a", service: "bogus" }, "service"],
  ["IP address", "/ppp/secret/add", { name: "a", "remote-address": "banana" }, "remote-address"],
  ["IP address out of range", "/ppp/secret/add", { name: "a", "local-address": "10.0.0.300" }, "local-address"],
  ["flag", "/ppp/secret/add", { name: "a", disabled: "maybe" }, "disabled"],
  ["byte count", "/ppp/secret/add", { name: "a", "limit-bytes-in": "lots" }, "limit-bytes-in"],
  ["reference", "/ppp/secret/add", { name: "a", profile: "nope" }, "profile"],
  ["address or pool", "/ppp/profile/add", { name: "p", "remote-address": "banana" }, "remote-address"],
  ["yes/no/default", "/ppp/profile/add", { name: "p", "only-one": "perhaps" }, "only-one"],
  ["rate-limit", "/ppp/profile/add", { name: "p", "rate-limit": "fast" }, "rate-limit"],
  ["rate-limit priority", "/ppp/profile/add", { name: "p", "rate-limit": "1M/2M 2M/4M 1M/2M 8/8 9" }, "rate-limit"],
  ["duration", "/ppp/profile/add", { name: "p", "session-timeout": "soon" }, "session-timeout"],
  ["IP list", "/ppp/profile/add", { name: "p", "dns-server": "8.8.8.8,dns" }, "dns-server"],
  ["parent queue", "/ppp/profile/add", { name: "p", "parent-queue": "nowhere" }, "parent-queue"],
  ["queue type", "/ppp/profile/add", { name: "p", "queue-type": "turbo" }, "queue-type"],
  ["hotspot profile", "/ip/hotspot/user/add", { name: "v", profile: "2-day" }, "profile"],
  ["MAC address", "/ip/hotspot/user/add", { name: "v", "mac-address": "AA:BB:CC" }, "mac-address"],
  ["limit-uptime", "/ip/hotspot/user/add", { name: "v", "limit-uptime": "a while" }, "limit-uptime"],
  ["hotspot server", "/ip/hotspot/user/add", { name: "v", server: "hs-nowhere" }, "server"],
  ["integer", "/ip/hotspot/user/profile/add", { name: "h", "shared-users": "many" }, "shared-users"],
  ["address pool", "/ip/hotspot/user/profile/add", { name: "h", "address-pool": "missing-pool" }, "address-pool"],
  ["rate pair", "/queue/simple/add", { name: "q", target: "10.0.0.8", "max-limit": "fast" }, "max-limit"],
  ["rate pair of three", "/queue/simple/add", { name: "q", target: "10.0.0.8", "max-limit": "1M/2M/3M" }, "max-limit"],
  ["queue target", "/queue/simple/add", { name: "q", target: "<pppoe-nobody>" }, "target"],
  ["priority pair", "/queue/simple/add", { name: "q", target: "10.0.0.8", priority: "0/9" }, "priority"],
  ["simple queue parent", "/queue/simple/add", { name: "q", target: "10.0.0.8", parent: "ghost" }, "parent"],
  ["queue tree rate", "/queue/tree/add", { name: "t", parent: "global", "max-limit": "10M/10M" }, "max-limit"],
  ["queue tree parent", "/queue/tree/add", { name: "t", parent: "ether9" }, "parent"],
  ["list address", "/ip/firewall/address-list/add", { list: "isolir", address: "10.0.0.1/40" }, "address"],
  ["pool ranges", "/ip/pool/add", { name: "x", ranges: "10.0.0.1-banana" }, "ranges"],
  ["next pool", "/ip/pool/add", { name: "x", ranges: "10.9.0.1-10.9.0.9", "next-pool": "ghost" }, "next-pool"],
  ["mtu", "/interface/set", { ".id": "ether1", mtu: "huge" }, "mtu"],
  ["service port", "/ip/service/set", { ".id": "api", port: "70000" }, "port"],
  ["set", "/ppp/secret/set", { ".id": "alice", service: "bogus" }, "service"],
];

describe("typed property values", () => {
  it.each(refused)("refuses a bad %s with category 1 and changes nothing", (_label, command, attributes, property) => {
    const state = router();
    run(state, "/ppp/secret/add", { name: "alice", profile: "10M" });
    const snapshot = () => JSON.stringify([...state.tables].filter(([, rows]) => rows.length > 0));
    const before = snapshot();
    const replies = run(state, command, attributes);
    expect(replies.map((reply) => reply.type)).toEqual(["!trap", "!done"]);
    expect(replies[0].attributes).toEqual(refusal(property));
    expect(snapshot()).toBe(before);
  });

  it("refuses a nameless secret, hotspot user and list entry, and a target-less queue", () => {
    const state = router();
    for (const [command, attributes, missing] of [
      ["/ppp/secret/add", { password: "pw" }, "name"],
      ["/ip/hotspot/user/add", { password: "pw" }, "name"],
      ["/ip/firewall/address-list/add", { address: "10.0.0.1" }, "list"],
      ["/queue/simple/add", { name: "q" }, "target"],
    ] as const) {
      const replies = run(state, command, attributes);
      expect(replies[0].attributes).toEqual({ category: "1", message: `failure: missing value of ${missing}` });
    }
    expect(run(state, "/ppp/secret/add", { name: "" })[0].attributes).toEqual(refusal("name"));
  });

  it("accepts every form the router does and stores it the router's way", () => {
    const state = router();
    const stored = (command: string, attributes: Record<string, string>, menu: string, property: string) => {
      const replies = run(state, command, attributes);
      expect(replies.map((reply) => reply.type)).toEqual(["!done"]);
      return state.tables.get(menu)!.find((row) => row.id === replies[0].attributes.ret)!.props[property];
    };
    expect(stored("/ppp/secret/add", { name: "s1", disabled: "yes" }, "ppp/secret", "disabled")).toBe("true");
    expect(stored("/ppp/secret/add", { name: "s2", disabled: "no", "limit-bytes-in": "1073741824" }, "ppp/secret", "disabled")).toBe("false");
    expect(stored("/ppp/secret/add", { name: "s3", "remote-address": "" }, "ppp/secret", "remote-address")).toBe("");
    expect(stored("/ppp/profile/add", { name: "p1", "only-one": "true" }, "ppp/profile", "only-one")).toBe("yes");
    expect(stored("/ppp/profile/add", { name: "p2", "remote-address": "10.9.0.1", "local-address": "pppoe-pool" }, "ppp/profile", "local-address")).toBe(
      "pppoe-pool",
    );
    const burst = "10M/20M 20M/40M 8M/16M 8/8 5 1M/2M";
    expect(stored("/ppp/profile/add", { name: "p3", "rate-limit": burst }, "ppp/profile", "rate-limit")).toBe(burst);
    expect(stored("/ppp/profile/add", { name: "p4", "session-timeout": "00:05:00", "idle-timeout": "none" }, "ppp/profile", "session-timeout")).toBe(
      "00:05:00",
    );
    expect(stored("/ip/hotspot/user/add", { name: "v1", "mac-address": "aa:bb:cc:dd:ee:ff", "limit-uptime": "1d" }, "ip/hotspot/user", "mac-address")).toBe(
      "AA:BB:CC:DD:EE:FF",
    );
    expect(stored("/queue/simple/add", { name: "q1", target: "10.0.0.8,ether1", "max-limit": "10M" }, "queue/simple", "target")).toBe("10.0.0.8/32,ether1");
    expect(stored("/queue/simple/add", { name: "q2", target: "10.0.0.9", "max-limit": "10M" }, "queue/simple", "max-limit")).toBe("10000000/10000000");
    expect(stored("/queue/simple/add", { name: "q3", target: "10.0.0.10", parent: "tower", priority: "3" }, "queue/simple", "priority")).toBe("3/3");
    expect(stored("/queue/tree/add", { name: "t1", parent: "ether1", "max-limit": "1.5M" }, "queue/tree", "max-limit")).toBe("1500000");
    expect(stored("/ip/firewall/address-list/add", { list: "l", address: "blocked.example.com" }, "ip/firewall/address-list", "address")).toBe(
      "blocked.example.com",
    );
  });

  it("gives every writable property of every menu a type", () => {
    for (const menu of menus) {
      for (const property of menu.writable) expect(propertyTypes[menu.path]?.[property], `${menu.path} ${property}`).toBeDefined();
    }
  });
});

describe("uniqueness at scale", () => {
  it("still refuses duplicates after renames and removals, and checks 10,000 adds quickly", () => {
    const state = router();
    const ok = (command: string, attributes: Record<string, string>) => expect(run(state, command, attributes).map((reply) => reply.type)).toEqual(["!done"]);
    const duplicate = (attributes: Record<string, string>) =>
      expect(run(state, "/ppp/secret/add", attributes)[0].attributes.message).toBe("failure: secret with the same name already exists");
    ok("/ppp/secret/add", { name: "alice" });
    ok("/ppp/secret/set", { ".id": "alice", name: "bob" });
    ok("/ppp/secret/add", { name: "alice" });
    duplicate({ name: "bob" });
    ok("/ppp/secret/remove", { ".id": "bob" });
    ok("/ppp/secret/add", { name: "bob" });
    const started = performance.now();
    for (let i = 0; i < 10_000; i += 1) ok("/ppp/secret/add", { name: `sub-${i}`, profile: "10M" });
    duplicate({ name: "sub-9999" });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
