import { describe, expect, it } from "vitest";
import type { RequestSentence } from "../types";
import { dispatch } from "./dispatch";
import { createRouterState, type RouterState } from "./router-state";
import { tick } from "./clock";
import { connectSession, kickSession, loginHotspotUser } from "./sessions";

function request(command: string, attributes: Record<string, string> = {}, queries: string[] = [], tag?: string): RequestSentence {
  return { command, attributes, api: tag === undefined ? {} : { tag }, queries };
}

const run = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = [], tag?: string) =>
  dispatch(state, request(command, attributes, queries, tag));

const types = (replies: ReturnType<typeof run>) => replies.map((reply) => reply.type);

function addSecret(state: RouterState, name: string, extra: Record<string, string> = {}): string {
  const [reply] = run(state, "/ppp/secret/add", { name, password: "pw", service: "pppoe", ...extra });
  expect(reply.type).toBe("!done");
  return reply.attributes.ret;
}

describe("dispatch", () => {
  it("hands out uppercase hex ids that are unique per router and never reused", () => {
    const state = createRouterState();
    const ids = Array.from({ length: 30 }, (_, index) => addSecret(state, `user${index}`));
    expect(new Set(ids).size).toBe(30);
    expect(ids.every((id) => /^\*[0-9A-F]+$/.test(id))).toBe(true);
    expect(ids).toContain("*1A");
    run(state, "/ppp/secret/remove", { ".id": ids[29] });
    expect(addSecret(state, "again")).not.toBe(ids[29]);
  });

  it("answers an empty print with !empty from 7.18 and a bare !done before", () => {
    for (const [version, expected] of [
      ["7.19.2", ["!empty", "!done"]],
      ["7.18", ["!empty", "!done"]],
      ["7.16.1", ["!done"]],
      ["6.49.10", ["!done"]],
    ] as const) {
      const replies = run(createRouterState({ version }), "/ppp/active/print", {}, ["?name=nobody"], "9");
      expect(types(replies)).toEqual(expected);
      expect(replies.every((reply) => reply.tag === "9")).toBe(true);
    }
  });

  it("counts with count-only and leaves out missing properties under .proplist", () => {
    const state = createRouterState();
    addSecret(state, "alice", { comment: "vip" });
    addSecret(state, "bob");
    expect(run(state, "/ppp/secret/print", { "count-only": "" })).toEqual([{ type: "!done", attributes: { ret: "2" }, words: [] }]);
    const rows = run(state, "/ppp/secret/print", { ".proplist": "name,comment" }).filter((reply) => reply.type === "!re");
    expect(rows.map((row) => row.attributes)).toEqual([{ name: "alice", comment: "vip" }, { name: "bob" }]);
    const bare = run(state, "/ppp/secret/print", { ".proplist": "remote-address" }, ["?name=bob"]);
    expect(bare[0]).toEqual({ type: "!re", attributes: {}, words: [] });
  });

  it("refuses with the exact trap texts of ROUTEROS.md §4", () => {
    const state = createRouterState({ version: "7.16.1" });
    addSecret(state, "alice");
    const trapOf = (replies: ReturnType<typeof run>) => {
      expect(types(replies).at(-1)).toBe("!done");
      return replies[0].attributes;
    };
    expect(trapOf(run(state, "/ppp/secret/add", { name: "alice" })).message).toBe("failure: secret with the same name already exists");
    run(state, "/ip/hotspot/user/add", { name: "v1" });
    expect(trapOf(run(state, "/ip/hotspot/user/add", { name: "v1" })).message).toBe("failure: already have user with this name for this server");
    run(state, "/queue/simple/add", { name: "q", target: "10.0.0.8" });
    expect(trapOf(run(state, "/queue/simple/add", { name: "q", target: "10.0.0.9" })).message).toBe("failure: already have such name");
    run(state, "/ip/firewall/address-list/add", { list: "isolir", address: "10.0.0.8" });
    expect(trapOf(run(state, "/ip/firewall/address-list/add", { list: "isolir", address: "10.0.0.8" })).message).toBe(
      "failure: already have such entry",
    );
    expect(trapOf(run(state, "/ppp/secret/set", { ".id": "*FFFF", comment: "x" })).message).toBe("no such item");
    expect(trapOf(run(state, "/ppp/secret/set", { ".id": "alice", bogus: "x" })).message).toBe("unknown parameter bogus");
    expect(trapOf(run(createRouterState({ version: "6.49.10" }), "/ppp/secret/add", { name: "x", bogus: "1" })).message).toBe("unknown parameter");
    expect(trapOf(run(state, "/ppp/secret/add", { name: "carol", profile: "nope" }))).toEqual({
      category: "1",
      message: "input does not match any value of profile",
    });
    expect(trapOf(run(state, "/ppp/secret/set", { ".id": "alice", "last-logged-out": "x" })).message).toBe("unknown parameter last-logged-out");
  });

  it("answers unknown commands and CHR's routerboard with two traps then !done", () => {
    const chr = createRouterState({ isChr: true });
    const replies = run(chr, "/system/routerboard/print", {}, [], "4");
    expect(replies).toEqual([
      { type: "!trap", attributes: { category: "0", message: "no such command or directory (routerboard)" }, tag: "4", words: [] },
      { type: "!trap", attributes: { message: "no such command prefix" }, tag: "4", words: [] },
      { type: "!done", attributes: {}, tag: "4", words: [] },
    ]);
    expect(run(createRouterState(), "/system/routerboard/print")[0].attributes.routerboard).toBe("true");
    expect(run(chr, "/ppp/active/add")[0].attributes.message).toBe("no such command or directory (add)");
    expect(run(chr, "/ip/nothing/print")[0].attributes.message).toBe("no such command or directory (nothing)");
  });

  it("keeps the built-in PPP profiles and removes comma lists by id or name", () => {
    const state = createRouterState();
    expect(run(state, "/ppp/profile/remove", { ".id": "default" })[0].type).toBe("!trap");
    expect(run(state, "/ppp/profile/remove", { numbers: "*FFFFFFFE" })[0].type).toBe("!trap");
    const first = addSecret(state, "a");
    addSecret(state, "b");
    addSecret(state, "c");
    expect(types(run(state, "/ppp/secret/remove", { ".id": `${first},b` }))).toEqual(["!done"]);
    expect(
      run(state, "/ppp/secret/print")
        .filter((reply) => reply.type === "!re")
        .map((reply) => reply.attributes.name),
    ).toEqual(["c"]);
  });

  it("sets, disables, enables and unsets, and normalises queue values", () => {
    const state = createRouterState();
    const id = addSecret(state, "alice", { "remote-address": "10.0.0.5" });
    run(state, "/ppp/secret/disable", { ".id": id });
    expect(run(state, "/ppp/secret/print", {}, ["?disabled=true"])).toHaveLength(2);
    run(state, "/ppp/secret/enable", { numbers: "alice" });
    run(state, "/ppp/secret/unset", { ".id": id, "value-name": "remote-address" });
    const [row] = run(state, "/ppp/secret/print", {}, [`?.id=${id}`]);
    expect(row.attributes).toMatchObject({ disabled: "false", profile: "default" });
    expect(row.attributes["remote-address"]).toBeUndefined();
    run(state, "/queue/simple/add", { name: "q", target: "10.0.0.8", "max-limit": "10M/5M" });
    expect(run(state, "/queue/simple/print", {}, ["?name=q"])[0].attributes).toMatchObject({
      target: "10.0.0.8/32",
      "max-limit": "10000000/5000000",
    });
  });

  it("refuses to connect a disabled or missing secret, and kicking removes the session", () => {
    const state = createRouterState();
    addSecret(state, "alice", { disabled: "true" });
    expect(connectSession(state, "alice", { callerId: "AA:BB:CC:00:00:01", address: "10.0.0.2" }).ok).toBe(false);
    expect(connectSession(state, "ghost", { callerId: "AA:BB:CC:00:00:02", address: "10.0.0.3" }).ok).toBe(false);
    run(state, "/ppp/secret/enable", { ".id": "alice" });
    expect(connectSession(state, "alice", { callerId: "AA:BB:CC:00:00:01", address: "10.0.0.2" }).ok).toBe(true);
    // Disabling a secret leaves the live session alone (ROUTEROS.md §5.1).
    run(state, "/ppp/secret/disable", { ".id": "alice" });
    const [active] = run(state, "/ppp/active/print", { ".proplist": ".id,name" }, ["?name=alice"]);
    expect(active.attributes.name).toBe("alice");
    expect(run(state, "/interface/print", {}, ["?name=<pppoe-alice>"])[0].attributes.type).toBe("pppoe-in");
    expect(types(run(state, "/ppp/active/remove", { ".id": active.attributes[".id"] }))).toEqual(["!done"]);
    expect(types(run(state, "/ppp/active/print"))).toEqual(["!empty", "!done"]);
    expect(run(state, "/interface/print", { "count-only": "" })[0].attributes.ret).toBe("3");
    expect(run(state, "/ppp/active/remove", { ".id": active.attributes[".id"] })[0].attributes.message).toBe("no such item");
  });

  it("moves interface and queue counters and uptime on tick", () => {
    const state = createRouterState();
    run(state, "/ppp/profile/add", { name: "10M", "rate-limit": "5M/10M" });
    addSecret(state, "alice", { profile: "10M" });
    connectSession(state, "alice", { callerId: "AA", address: "10.0.0.2", uploadBytesPerSecond: 1000, downloadBytesPerSecond: 5000 });
    tick(state, 3);
    expect(run(state, "/interface/print", {}, ["?name=<pppoe-alice>"])[0].attributes).toMatchObject({ "rx-byte": "3000", "tx-byte": "15000" });
    expect(run(state, "/queue/simple/print", {}, ["?name=<pppoe-alice>"])[0].attributes).toMatchObject({
      bytes: "3000/15000",
      "max-limit": "5000000/10000000",
      dynamic: "true",
    });
    expect(run(state, "/ppp/active/print")[0].attributes.uptime).toBe("3s");
    tick(state, 3600);
    expect(run(state, "/ppp/active/print")[0].attributes.uptime).toBe("1h3s");
    expect(run(state, "/system/resource/print")[0].attributes.uptime).toBe("1h3s");
  });

  it("redials a kicked client with its new profile, and keeps a disabled one offline until enabled", () => {
    const state = createRouterState({ reconnectAfterSeconds: 5 });
    run(state, "/ppp/profile/add", { name: "isolir", "rate-limit": "512k/512k" });
    addSecret(state, "alice");
    const first = connectSession(state, "alice", { callerId: "AA", address: "10.0.0.2" }) as { activeId: string };
    run(state, "/ppp/secret/set", { ".id": "alice", profile: "isolir" });
    expect(run(state, "/queue/simple/print", { "count-only": "" })[0].attributes.ret).toBe("0");
    run(state, "/ppp/active/remove", { ".id": first.activeId });
    tick(state, 5);
    expect(run(state, "/queue/simple/print", {}, ["?name=<pppoe-alice>"])[0].attributes["max-limit"]).toBe("512000/512000");
    const [active] = run(state, "/ppp/active/print", {}, ["?name=alice"]);
    run(state, "/ppp/secret/disable", { ".id": "alice" });
    run(state, "/ppp/active/remove", { ".id": active.attributes[".id"] });
    tick(state, 10);
    expect(run(state, "/ppp/active/print", { "count-only": "" })[0].attributes.ret).toBe("0");
    run(state, "/ppp/secret/enable", { ".id": "alice" });
    tick(state, 5);
    expect(run(state, "/ppp/active/print", { "count-only": "" })[0].attributes.ret).toBe("1");
  });

  it("expires address-list entries added with a timeout", () => {
    const state = createRouterState();
    run(state, "/ip/firewall/address-list/add", { list: "trial", address: "10.0.0.9", timeout: "00:01:00" });
    run(state, "/ip/firewall/address-list/add", { list: "isolir", address: "10.0.0.8" });
    tick(state, 45);
    expect(run(state, "/ip/firewall/address-list/print", {}, ["?list=trial"])[0].attributes).toMatchObject({ timeout: "15s", dynamic: "true" });
    tick(state, 15);
    expect(run(state, "/ip/firewall/address-list/print", {}, ["?list=trial"]).map((reply) => reply.type)).toEqual(["!empty", "!done"]);
    expect(run(state, "/ip/firewall/address-list/print", { "count-only": "" })[0].attributes.ret).toBe("1");
  });

  it("logs a hotspot user out when limit-uptime is used up, keeping cumulative counters", () => {
    const state = createRouterState();
    run(state, "/ip/hotspot/user/add", { name: "V001", password: "1", "limit-uptime": "1m" });
    expect(loginHotspotUser(state, "V001", { address: "192.168.1.20", macAddress: "DE:AD:BE:EF:00:01" }).ok).toBe(true);
    tick(state, 30);
    expect(run(state, "/ip/hotspot/active/print")[0].attributes).toMatchObject({ user: "V001", uptime: "30s" });
    tick(state, 30);
    expect(run(state, "/ip/hotspot/active/print", { "count-only": "" })[0].attributes.ret).toBe("0");
    expect(run(state, "/ip/hotspot/user/print", {}, ["?name=V001"])[0].attributes).toMatchObject({ uptime: "1m", "bytes-out": "7500000" });
  });

  it("formats last-logged-out by version", () => {
    for (const [version, expected] of [
      ["7.16.1", "2026-01-05 08:00:10"],
      ["6.49.10", "jan/05/2026 08:00:10"],
    ]) {
      const state = createRouterState({ version });
      addSecret(state, "alice");
      const { activeId } = connectSession(state, "alice", { callerId: "AA", address: "10.0.0.2" }) as { activeId: string };
      tick(state, 10);
      kickSession(state, activeId);
      expect(run(state, "/ppp/secret/print")[0].attributes["last-logged-out"]).toBe(expected);
    }
  });

  it("pings count times and monitors traffic once", () => {
    const state = createRouterState();
    expect(types(run(state, "/ping", { address: "10.0.0.1", count: "3" }))).toEqual(["!re", "!re", "!re", "!done"]);
    addSecret(state, "alice");
    connectSession(state, "alice", { callerId: "AA", address: "10.0.0.2", uploadBytesPerSecond: 100, downloadBytesPerSecond: 200 });
    const replies = run(state, "/interface/monitor-traffic", { interface: "<pppoe-alice>", once: "" });
    expect(types(replies)).toEqual(["!re", "!done"]);
    expect(replies[0].attributes).toMatchObject({ "rx-bits-per-second": "800", "tx-bits-per-second": "1600" });
    expect(run(state, "/interface/monitor-traffic", { interface: "nope", once: "" })[0].attributes.message).toBe(
      "input does not match any value of interface",
    );
  });

  it("reports identity, version and board", () => {
    const state = createRouterState({ version: "6.49.10", identity: "core-1" });
    expect(run(state, "/system/identity/print")[0].attributes).toEqual({ name: "core-1" });
    run(state, "/system/identity/set", { name: "core-2" });
    expect(run(state, "/system/identity/print")[0].attributes.name).toBe("core-2");
    expect(run(state, "/system/resource/print")[0].attributes.version).toBe("6.49.10 (long-term)");
  });
});
