import { describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { tick } from "./clock";
import { dispatch } from "./dispatch";
import { seedScaleFixture } from "./fixtures";
import { createRouterState, type RouterState } from "./router-state";
import { startSimulator } from "./server";

const count = (state: RouterState, command: string, queries: string[] = []) =>
  Number(dispatch(state, { command, attributes: { "count-only": "" }, api: {}, queries })[0].attributes.ret);

describe("scale fixtures (checklist 28)", () => {
  it("seeds 10,000 secrets in well under a second", () => {
    const state = createRouterState();
    const started = performance.now();
    seedScaleFixture(state, { secrets: 10_000 });
    expect(performance.now() - started).toBeLessThan(500);
    expect(count(state, "/ppp/secret/print")).toBe(10_000);
    const [last] = dispatch(state, { command: "/ppp/secret/print", attributes: {}, api: {}, queries: ["?name=SUB-010000"] });
    expect(last.attributes).toMatchObject({ profile: "fixture", disabled: "false", comment: "fixture subscriber 10000" });
  });

  it("seeds an ISP-sized router with live sessions, queues and a big address list, the same for the same seed", () => {
    const fixture = { secrets: 5000, sessions: 3000, queues: 5000, addressList: 100_000, seed: 42 };
    const [first, second] = [createRouterState(), createRouterState()];
    const started = performance.now();
    seedScaleFixture(first, fixture);
    expect(performance.now() - started).toBeLessThan(3000);
    seedScaleFixture(second, fixture);
    expect(count(first, "/ppp/active/print")).toBe(3000);
    // 5000 static queues plus one dynamic queue per session.
    expect(count(first, "/queue/simple/print")).toBe(8000);
    expect(count(first, "/ip/firewall/address-list/print", ["?list=fixture-blocklist"])).toBe(100_000);
    const tickStarted = performance.now();
    tick(first, 1);
    expect(performance.now() - tickStarted).toBeLessThan(500);
    tick(second, 1);
    const bytes = (state: RouterState) =>
      dispatch(state, { command: "/interface/print", attributes: { ".proplist": "rx-byte" }, api: {}, queries: ["?name=<pppoe-SUB-002999>"] })[0];
    expect(bytes(first).attributes).toEqual(bytes(second).attributes);
    expect(Number(bytes(first).attributes["rx-byte"])).toBeGreaterThan(0);
  });
});

describe("metrics", () => {
  it("counts commands, bytes and connections, and resets", async () => {
    const simulator = await startSimulator({ username: "u", password: "p", fixture: { secrets: 500 } });
    const client = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p" });
    await client.connect();
    simulator.resetMetrics();
    const started = Date.now();
    await Promise.all(Array.from({ length: 20 }, () => client.write("/ppp/secret/print", { ".proplist": ".id,name" })));
    const metrics = simulator.metrics();
    expect(metrics.commands).toBe(20);
    expect(metrics.commandsByPath).toEqual({ "/ppp/secret/print": 20 });
    expect(metrics.bytesOut).toBeGreaterThan(20 * 500 * 20);
    expect(metrics.bytesIn).toBeGreaterThan(20 * 20);
    expect(metrics.commandsPerSecond).toBeGreaterThanOrEqual((20 * 1000) / Math.max(1, Date.now() - started + 5));
    simulator.resetMetrics();
    expect(simulator.metrics()).toMatchObject({ commands: 0, bytesIn: 0, bytesOut: 0, connectionsAccepted: 0 });
    await client.close();
    await simulator.stop();
  });
});
