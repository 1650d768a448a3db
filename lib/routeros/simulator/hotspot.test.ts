import { describe, expect, it } from "vitest";
import { tick } from "./clock";
import { dispatch } from "./dispatch";
import { loginHotspotUser } from "./hotspot";
import { createRouterState, type RouterState } from "./router-state";

const run = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = []) =>
  dispatch(state, { command, attributes, api: {}, queries });
const online = (state: RouterState, user: string) =>
  run(state, "/ip/hotspot/active/print", {}, [`?user=${user}`]).filter((r) => r.type === "!re").length;
const client = (n: number) => ({ address: `192.168.7.${n}`, macAddress: `DE:AD:BE:EF:00:0${n}` });

describe("read-only properties", () => {
  it("refuses writes to counters and other read-only fields, naming them on v7", () => {
    const state = createRouterState();
    run(state, "/ip/hotspot/user/add", { name: "ro" });
    run(state, "/queue/tree/add", { name: "tree", parent: "global" });
    expect(
      run(state, "/ip/hotspot/user/set", { ".id": run(state, "/ip/hotspot/user/print")[0].attributes[".id"], "bytes-in": "0" })[0].attributes.message,
    ).toBe("unknown parameter bytes-in");
    expect(run(state, "/queue/tree/set", { ".id": "tree", rate: "1" })[0].attributes.message).toBe("unknown parameter rate");
    expect(run(state, "/ppp/active/add", { name: "x" })[0].attributes.message).toBe("no such command or directory (add)");
  });
});

describe("hotspot limits (checklist 20)", () => {
  it("logs a user out when limit-bytes-total is used up and refuses the next login", () => {
    // Default traffic is 25 kB/s up and 125 kB/s down, so 1.5 MB lasts 10 s.
    const state = createRouterState();
    run(state, "/ip/hotspot/user/add", { name: "V-bytes", password: "1", "limit-bytes-total": "1500000" });
    expect(loginHotspotUser(state, "V-bytes", client(1)).ok).toBe(true);
    tick(state, 9);
    expect(online(state, "V-bytes")).toBe(1);
    tick(state, 1);
    expect(online(state, "V-bytes")).toBe(0);
    expect(run(state, "/ip/hotspot/user/print", {}, ["?name=V-bytes"])[0].attributes).toMatchObject({ "bytes-in": "250000", "bytes-out": "1250000" });
    expect(loginHotspotUser(state, "V-bytes", client(1))).toEqual({ ok: false, reason: "user V-bytes has reached traffic limit" });
  });

  it("enforces limit-bytes-in and limit-uptime at login too", () => {
    const state = createRouterState();
    run(state, "/ip/hotspot/user/add", { name: "V-in", "limit-bytes-in": "50000" });
    loginHotspotUser(state, "V-in", client(1));
    tick(state, 2);
    expect(online(state, "V-in")).toBe(0);
    run(state, "/ip/hotspot/user/add", { name: "V-time", "limit-uptime": "30s" });
    loginHotspotUser(state, "V-time", client(2));
    tick(state, 20);
    expect(run(state, "/ip/hotspot/active/print", {}, ["?user=V-time"])[0].attributes["session-time-left"]).toBe("10s");
    tick(state, 10);
    expect(loginHotspotUser(state, "V-time", client(2))).toEqual({ ok: false, reason: "user V-time has reached uptime limit" });
  });

  it("allows as many concurrent logins as the profile's shared-users", () => {
    const state = createRouterState();
    run(state, "/ip/hotspot/user/profile/add", { name: "family", "shared-users": "2" });
    run(state, "/ip/hotspot/user/add", { name: "home", password: "pw", profile: "family" });
    run(state, "/ip/hotspot/user/add", { name: "solo", password: "pw" });
    expect(loginHotspotUser(state, "home", client(1)).ok).toBe(true);
    expect(loginHotspotUser(state, "home", client(2)).ok).toBe(true);
    expect(loginHotspotUser(state, "home", client(3))).toEqual({ ok: false, reason: "no more sessions are allowed for user home" });
    expect(loginHotspotUser(state, "solo", client(4)).ok).toBe(true);
    expect(loginHotspotUser(state, "solo", client(5)).ok).toBe(false);
  });

  it("logs in from the API with /ip/hotspot/active/login, checking the password", () => {
    const state = createRouterState();
    run(state, "/ip/hotspot/user/add", { name: "api-user", password: "secret" });
    expect(run(state, "/ip/hotspot/active/login", { user: "api-user", password: "nope", ip: "192.168.7.9" })[0].attributes.message).toBe(
      "invalid username or password",
    );
    expect(run(state, "/ip/hotspot/active/login", { user: "api-user", password: "secret", ip: "192.168.7.9" }).map((r) => r.type)).toEqual(["!done"]);
    const [active] = run(state, "/ip/hotspot/active/print", {}, ["?user=api-user"]);
    expect(active.attributes).toMatchObject({ address: "192.168.7.9", "login-by": "http-chap" });
    run(state, "/ip/hotspot/active/remove", { ".id": active.attributes[".id"] });
    expect(online(state, "api-user")).toBe(0);
  });
});
