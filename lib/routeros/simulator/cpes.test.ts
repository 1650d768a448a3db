import { describe, expect, it } from "vitest";
import { tick } from "./clock";
import { cpeMacAddress, freePoolAddress, setCpePower } from "./cpes";
import { seedDemoRouter } from "./demo-seed";
import { dispatch } from "./dispatch";
import { createRouterState, type RouterOptions, type RouterState } from "./router-state";

const run = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = []) =>
  dispatch(state, { command, attributes, api: {}, queries });
const active = (state: RouterState, name: string) => run(state, "/ppp/active/print", {}, [`?name=${name}`]).find((r) => r.type === "!re")?.attributes;
const count = (state: RouterState, command: string) => Number(run(state, command, { "count-only": "" })[0].attributes.ret);

function router(options: RouterOptions = {}): RouterState {
  const state = createRouterState({ autoDial: { afterSeconds: 2 }, ...options });
  run(state, "/ip/pool/add", { name: "pool", ranges: "10.20.0.2-10.20.0.254" });
  run(state, "/ppp/profile/add", { name: "10M", "remote-address": "pool", "rate-limit": "5M/10M" });
  run(state, "/ppp/profile/add", { name: "isolir", "remote-address": "pool", "rate-limit": "512k/512k" });
  return state;
}

describe("auto-dialling CPEs", () => {
  it("dials a new enabled secret in after afterSeconds, with a MAC from its name and a pool address", () => {
    const state = router();
    run(state, "/ppp/secret/add", { name: "alice", password: "pw", profile: "10M" });
    run(state, "/ppp/secret/add", { name: "fixed", password: "pw", profile: "10M", "remote-address": "10.99.0.7" });
    tick(state, 1);
    expect(active(state, "alice")).toBeUndefined();
    tick(state, 2);
    expect(active(state, "alice")).toMatchObject({ "caller-id": cpeMacAddress("alice"), address: "10.20.0.2", service: "pppoe" });
    expect(active(state, "fixed")).toMatchObject({ address: "10.99.0.7" });
    expect(run(state, "/queue/simple/print", {}, ["?name=<pppoe-alice>"])[0].attributes["max-limit"]).toBe("5000000/10000000");
    expect(cpeMacAddress("alice")).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    expect(cpeMacAddress("alice")).toBe(cpeMacAddress("alice"));
  });

  it("never dials a disabled secret, even when it is kicked", () => {
    const state = router({ reconnectAfterSeconds: 1 });
    run(state, "/ppp/secret/add", { name: "bob", password: "pw", profile: "10M", disabled: "yes" });
    tick(state, 30);
    expect(active(state, "bob")).toBeUndefined();
    run(state, "/ppp/secret/enable", { ".id": "bob" });
    tick(state, 1);
    tick(state, 2);
    const session = active(state, "bob");
    expect(session).toBeDefined();
    run(state, "/ppp/secret/disable", { ".id": "bob" });
    run(state, "/ppp/active/remove", { ".id": session![".id"] });
    tick(state, 30);
    expect(active(state, "bob")).toBeUndefined();
  });

  it("brings a kicked session back on the new profile", () => {
    const state = router();
    run(state, "/ppp/secret/add", { name: "carol", password: "pw", profile: "10M" });
    tick(state, 1);
    tick(state, 2);
    run(state, "/ppp/secret/set", { ".id": "carol", profile: "isolir" });
    expect(run(state, "/queue/simple/print", {}, ["?name=<pppoe-carol>"])[0].attributes["max-limit"]).toBe("5000000/10000000");
    run(state, "/ppp/active/remove", { ".id": active(state, "carol")![".id"] });
    tick(state, 1);
    tick(state, 2);
    expect(run(state, "/queue/simple/print", {}, ["?name=<pppoe-carol>"])[0].attributes["max-limit"]).toBe("512000/512000");
  });

  it("keeps a switched-off CPE offline until it is switched on", () => {
    const state = router();
    run(state, "/ppp/secret/add", { name: "dave", password: "pw", profile: "10M" });
    tick(state, 1);
    tick(state, 2);
    expect(active(state, "dave")).toBeDefined();
    setCpePower(state, "dave", false);
    expect(active(state, "dave")).toBeUndefined();
    tick(state, 30);
    expect(active(state, "dave")).toBeUndefined();
    setCpePower(state, "dave", true);
    tick(state, 1);
    tick(state, 2);
    expect(active(state, "dave")).toBeDefined();
  });

  it("logs hotspot users in only when asked to, and never past their limits", () => {
    const vouchers = router();
    run(vouchers, "/ip/hotspot/user/add", { name: "V1", password: "1" });
    tick(vouchers, 10);
    expect(count(vouchers, "/ip/hotspot/active/print")).toBe(0);

    const users = router({ autoDial: { afterSeconds: 2, hotspotUsers: true } });
    run(users, "/ip/hotspot/user/add", { name: "V1", password: "1", "limit-uptime": "5s" });
    run(users, "/ip/hotspot/user/add", { name: "V2", password: "2", disabled: "true" });
    tick(users, 1);
    tick(users, 2);
    expect(
      run(users, "/ip/hotspot/active/print")
        .filter((r) => r.type === "!re")
        .map((r) => r.attributes.user),
    ).toEqual(["V1"]);
    tick(users, 5);
    tick(users, 5);
    expect(count(users, "/ip/hotspot/active/print")).toBe(0);
  });

  it("hands out free pool addresses", () => {
    const state = router();
    expect(freePoolAddress(state, "pool", new Set(["10.20.0.2", "10.20.0.3"]))).toBe("10.20.0.4");
    expect(freePoolAddress(state, "missing", new Set())).toBeUndefined();
  });

  it("keeps the demo seed as it was: four online, one offline CPE, one disabled secret", () => {
    const state = createRouterState({ autoDial: { afterSeconds: 2 }, reconnectAfterSeconds: 5 });
    seedDemoRouter(state, 1);
    for (let second = 0; second < 10; second += 1) tick(state, 1);
    expect(count(state, "/ppp/active/print")).toBe(4);
    run(state, "/ppp/secret/add", { name: "NEW-0007", password: "pw", profile: "10M" });
    for (let second = 0; second < 3; second += 1) tick(state, 1);
    expect(active(state, "NEW-0007")?.address).toBe("10.1.0.2");
  });
});

describe("traffic that moves like real subscribers'", () => {
  const perSecond = (state: RouterState, name: string) => {
    const before = Number(run(state, "/interface/print", {}, [`?name=<pppoe-${name}>`])[0].attributes["tx-byte"]);
    tick(state, 1);
    return Number(run(state, "/interface/print", {}, [`?name=<pppoe-${name}>`])[0].attributes["tx-byte"]) - before;
  };

  it("swings around the nominal rate second by second when asked to, and repeats exactly", () => {
    const readings = (vary: boolean) => {
      const state = router({ varyTraffic: vary });
      run(state, "/ppp/secret/add", { name: "maria", password: "x", profile: "10M" });
      tick(state, 1);
      tick(state, 3);
      expect(active(state, "maria")).toBeDefined();
      return Array.from({ length: 20 }, () => perSecond(state, "maria"));
    };
    const varied = readings(true);
    expect(new Set(varied).size).toBeGreaterThan(10);
    const mean = varied.reduce((sum, value) => sum + value, 0) / varied.length;
    const nominal = readings(false);
    expect(new Set(nominal).size).toBe(1);
    expect(mean / nominal[0]).toBeGreaterThan(0.6);
    expect(mean / nominal[0]).toBeLessThan(1.4);
    expect(Math.min(...varied)).toBeGreaterThan(0);
    expect(readings(true)).toEqual(varied);
  });
});
