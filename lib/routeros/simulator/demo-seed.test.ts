import { describe, expect, it } from "vitest";
import { dispatch } from "./dispatch";
import { seedDemoRouter } from "./demo-seed";
import { createRouterState } from "./router-state";
import { tick } from "./clock";

describe("seedDemoRouter", () => {
  it("seeds profiles, secrets and live sessions whose traffic moves", () => {
    const state = createRouterState({ version: "6.49.10" });
    seedDemoRouter(state, 2);
    const count = (command: string, queries: string[] = []) =>
      dispatch(state, { command, attributes: { "count-only": "" }, api: {}, queries })[0].attributes.ret;
    expect(count("/ppp/secret/print")).toBe("6");
    expect(count("/ppp/active/print")).toBe("4");
    expect(count("/ppp/profile/print", ["?name=isolir"])).toBe("1");
    expect(count("/ip/firewall/address-list/print", ["?list=isolir"])).toBe("1");
    tick(state, 2);
    const [uplink] = dispatch(state, { command: "/interface/print", attributes: {}, api: {}, queries: ["?name=ether1"] });
    expect(BigInt(uplink.attributes["rx-byte"])).toBeGreaterThan(0n);
  });
});
