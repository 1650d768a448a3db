import { describe, expect, it } from "vitest";
import { requestLease } from "./dhcp";
import { dispatch } from "./dispatch";
import { createRouterState, type RouterState } from "./router-state";

const run = (state: RouterState, command: string, attributes: Record<string, string> = {}, queries: string[] = []) =>
  dispatch(state, { command, attributes, api: {}, queries });
const rows = (state: RouterState, queries: string[] = []) =>
  run(state, "/ip/dhcp-server/lease/print", { ".proplist": "address,mac-address,status,dynamic,host-name" }, queries)
    .filter((reply) => reply.type === "!re")
    .map((reply) => reply.attributes);

describe("/ip/dhcp-server/lease", () => {
  it("keeps a static lease waiting until its device asks, then shows it bound with the device's host name", () => {
    const state = createRouterState({ identity: "access" });
    run(state, "/ip/dhcp-server/lease/add", { address: "203.0.113.7", "mac-address": "50:C7:BF:12:34:56", comment: "ACC-0042" });
    expect(rows(state)).toEqual([
      { address: "203.0.113.7", "mac-address": "50:C7:BF:12:34:56", status: "waiting", dynamic: "false", "host-name": "" },
    ]);
    // The device asks for another address: the static lease decides.
    expect(requestLease(state, { macAddress: "50:c7:bf:12:34:56", address: "192.168.88.254", hostName: "archer-c6" })).toBe("203.0.113.7");
    expect(rows(state, ["?status=bound"])).toEqual([
      { address: "203.0.113.7", "mac-address": "50:C7:BF:12:34:56", status: "bound", dynamic: "false", "host-name": "archer-c6" },
    ]);
  });

  it("gives a device without a static lease a dynamic one, and refuses a second static lease for the same client", () => {
    const state = createRouterState({ identity: "access" });
    requestLease(state, { macAddress: "04:18:D6:00:00:01", address: "10.20.0.5" });
    expect(rows(state)).toEqual([{ address: "10.20.0.5", "mac-address": "04:18:D6:00:00:01", status: "bound", dynamic: "true", "host-name": "" }]);
    run(state, "/ip/dhcp-server/lease/add", { address: "10.20.0.9", "mac-address": "DC:2C:6E:00:00:02" });
    const again = run(state, "/ip/dhcp-server/lease/add", { address: "10.20.0.10", "mac-address": "DC:2C:6E:00:00:02" });
    expect(again[0]).toMatchObject({ type: "!trap", attributes: { message: "failure: already have static lease for this client" } });
  });

  it("does not let the API write what the server decides", () => {
    const state = createRouterState({ identity: "access" });
    const added = run(state, "/ip/dhcp-server/lease/add", { address: "10.20.0.9", "mac-address": "DC:2C:6E:00:00:02", status: "bound" });
    expect(added[0].type).toBe("!trap");
    expect(rows(state)).toEqual([]);
  });

  it("leaves a device whose static lease is disabled without an address", () => {
    const state = createRouterState({ identity: "access" });
    run(state, "/ip/dhcp-server/lease/add", { address: "10.20.0.9", "mac-address": "DC:2C:6E:00:00:02", disabled: "yes" });
    expect(requestLease(state, { macAddress: "DC:2C:6E:00:00:02", address: "10.20.0.9" })).toBeNull();
    expect(rows(state, ["?status=bound"])).toEqual([]);
  });
});
