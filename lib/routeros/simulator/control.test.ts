import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { controlPortFromEnv } from "./control";
import { startDemoRouters, UNMANAGED_NEIGHBOUR } from "./demo-routers";

type Demo = Awaited<ReturnType<typeof startDemoRouters>>;
const demos: Demo[] = [];

afterEach(async () => {
  await Promise.all(demos.splice(0).map((demo) => demo.stop()));
});

async function demo(controlPort?: number): Promise<Demo> {
  const started = await startDemoRouters({ basePort: 0, controlPort });
  demos.push(started);
  return started;
}

async function read(demoRouters: Demo, router: number, command: string, attributes: Record<string, string> = {}, queries: string[] = []) {
  const { port, username, password } = demoRouters.routers[router - 1];
  const client = new RouterOsClient({ host: "127.0.0.1", port, username, password });
  await client.connect();
  try {
    return (await client.write(command, attributes, queries)).rows;
  } finally {
    await client.close();
  }
}

const post = (port: number, path: string, body: unknown = {}) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address !== null ? address.port : 0;
}

describe("the demo routers", () => {
  it("are cabled in a chain, with a switch NetSphere does not manage on router 1", async () => {
    const routers = await demo();
    const neighbours = (router: number) =>
      read(routers, router, "/ip/neighbor/print", { ".proplist": "interface,identity,mac-address,interface-name" });
    const mac = async (router: number, port: string) => (await read(routers, router, "/interface/print", {}, [`?name=${port}`]))[0]["mac-address"];
    expect(await neighbours(1)).toEqual([
      { interface: "ether2", identity: "Lipa-CCR2", "mac-address": await mac(2, "ether1"), "interface-name": "ether1" },
      { interface: "ether1", identity: UNMANAGED_NEIGHBOUR.identity, "mac-address": UNMANAGED_NEIGHBOUR.macAddress, "interface-name": "ether24" },
    ]);
    expect(await neighbours(2)).toEqual([
      { interface: "ether1", identity: "Tanauan-CCR1", "mac-address": await mac(1, "ether2"), "interface-name": "ether2" },
      { interface: "ether2", identity: "Santo-CCR3", "mac-address": await mac(3, "ether1"), "interface-name": "ether1" },
    ]);
    expect(await neighbours(3)).toEqual([
      { interface: "ether1", identity: "Lipa-CCR2", "mac-address": await mac(2, "ether2"), "interface-name": "ether2" },
    ]);
    expect(routers.controlPort).toBeUndefined();
  });
});

describe("the control endpoint", () => {
  it("is off unless SIMULATOR_CONTROL_PORT is set, and refuses ports it cannot use", async () => {
    expect(controlPortFromEnv({})).toBeUndefined();
    expect(controlPortFromEnv({ SIMULATOR_CONTROL_PORT: "" })).toBeUndefined();
    expect(controlPortFromEnv({ SIMULATOR_CONTROL_PORT: "18799" })).toBe(18799);
    expect(() => controlPortFromEnv({ SIMULATOR_CONTROL_PORT: "80" })).toThrow(/1024 to 65535/);
    expect(() => controlPortFromEnv({ SIMULATOR_CONTROL_PORT: "abc" })).toThrow();
    const port = await freePort();
    const routers = await demo();
    expect(routers.controlPort).toBeUndefined();
    await expect(post(port, "/routers/1/down")).rejects.toThrow();
    expect(routers.simulators[0].isDown()).toBe(false);
  });

  it("takes a router down and back, a port's link down and up, and pins health, over loopback", async () => {
    const routers = await demo(0);
    const port = routers.controlPort as number;
    const [first, second] = routers.simulators;

    const down = await post(port, "/routers/2/down");
    expect(down.status).toBe(200);
    expect(await down.json()).toMatchObject({ router: 2, identity: "Lipa-CCR2", down: true });
    await expect(read(routers, 2, "/system/identity/print")).rejects.toThrow();
    expect(await read(routers, 1, "/ip/neighbor/print", { ".proplist": "identity" })).toEqual([{ identity: UNMANAGED_NEIGHBOUR.identity }]);
    expect((await post(port, "/routers/2/up")).status).toBe(200);
    expect(await read(routers, 2, "/system/identity/print")).toEqual([{ name: "Lipa-CCR2" }]);

    expect(first.state.sessions.size).toBe(4);
    const linkDown = await post(port, "/routers/1/interfaces/ether3/down");
    expect((await linkDown.json()).interfaces).toMatchObject({ ether1: "up", ether3: "down" });
    expect(await read(routers, 1, "/interface/print", { ".proplist": "running,link-downs" }, ["?name=ether3"])).toEqual([
      { running: "false", "link-downs": "1" },
    ]);
    expect(first.state.sessions.size).toBe(0);
    await post(port, "/routers/1/interfaces/ether3/up");
    expect(first.state.accessInterface).toBe("ether3");
    expect((await post(port, "/routers/1/interfaces/ether9/down")).status).toBe(404);

    expect((await post(port, "/routers/2/health", { temperature: 88, voltage: 21.5, cpu: 99, memory: 95 })).status).toBe(200);
    const health = await read(routers, 2, "/system/health/print", { ".proplist": "name,value" });
    expect(health).toEqual(
      expect.arrayContaining([
        { name: "temperature", value: "88" },
        { name: "voltage", value: "21.5" },
      ]),
    );
    expect(await read(routers, 2, "/system/resource/print", { ".proplist": "cpu-load" })).toEqual([{ "cpu-load": "99" }]);
    expect(Number(second.state.health.memoryUsedPercent)).toBe(95);
    // RouterOS 6 on router 3: one row with a property per sensor.
    await post(port, "/routers/3/health", { temperature: 70 });
    expect(await read(routers, 3, "/system/health/print", { ".proplist": "temperature" })).toEqual([{ temperature: "70" }]);

    expect((await post(port, "/routers/2/health", { temperature: "hot" })).status).toBe(400);
    expect((await post(port, "/routers/9/down")).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/routers/1/down`, { method: "POST" })).status).toBe(415);
    const listing = await (await fetch(`http://127.0.0.1:${port}/routers`)).json();
    expect(listing.map((router: { identity: string; down: boolean }) => [router.identity, router.down])).toEqual([
      ["Tanauan-CCR1", false],
      ["Lipa-CCR2", false],
      ["Santo-CCR3", false],
    ]);
  });

  it("answers only requests addressed to 127.0.0.1 or localhost", async () => {
    const routers = await demo(0);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port: routers.controlPort,
          path: "/routers/1/down",
          method: "POST",
          headers: { Host: "evil.example", "Content-Type": "application/json" },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end("{}");
    });
    expect(status).toBe(403);
    expect(routers.simulators[0].isDown()).toBe(false);
  });
});
