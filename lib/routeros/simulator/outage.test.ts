import { afterEach, describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { RawClient } from "./raw-client";
import { startSimulator, type RunningSimulator } from "./server";
import { connectSession } from "./sessions";
import { linkNeighbours } from "./topology";

const running: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.stop()));
});

async function simulator(identity: string): Promise<RunningSimulator> {
  const started = await startSimulator({
    username: "netsphere",
    password: "secret",
    tlsPort: 0,
    restPort: 0,
    router: { identity, reconnectAfterSeconds: 5 },
  });
  running.push(started);
  return started;
}

/** How a connection attempt ends, and how long it took. */
async function connectOutcome(port: number): Promise<{ code: string; ms: number }> {
  const started = performance.now();
  const code = await RawClient.open(port).then(
    (client) => {
      client.close();
      return "connected";
    },
    (error: NodeJS.ErrnoException) => error.code ?? "error",
  );
  return { code, ms: performance.now() - started };
}

describe("a router going down and coming back", () => {
  it("closes open connections and refuses new ones at once, then takes logins again with its state intact", async () => {
    const router = await simulator("Core-1");
    const open = await RawClient.open(router.port);
    await open.login();
    open.send("/ppp/secret/add", "=name=alice", "=password=pw");
    await open.untilDone();
    connectSession(router.state, "alice", { callerId: "AA:BB:CC:00:00:01", address: "10.9.0.2" });

    await router.goDown();
    expect(router.isDown()).toBe(true);
    await open.closed;
    for (const port of [router.port, router.tlsPort as number, router.restPort as number]) {
      const outcome = await connectOutcome(port);
      expect(outcome.code).toBe("ECONNREFUSED");
      expect(outcome.ms).toBeLessThan(1000);
    }
    const client = new RouterOsClient({ host: "127.0.0.1", port: router.port, username: "netsphere", password: "secret" });
    await expect(client.connect()).rejects.toThrow();
    expect(router.state.sessions.size).toBe(0);

    await router.comeBack();
    const again = new RouterOsClient({ host: "127.0.0.1", port: router.port, username: "netsphere", password: "secret" });
    await again.connect();
    expect((await again.write("/ppp/secret/print", { ".proplist": "name" })).rows).toEqual([{ name: "alice" }]);
    router.advance(5);
    expect((await again.write("/ppp/active/print", { ".proplist": "name" })).rows).toEqual([{ name: "alice" }]);
    await again.close();
    expect((await connectOutcome(router.tlsPort as number)).code).toBe("connected");
  });

  it("disappears from its neighbours while down; a reboot restarts its uptime", async () => {
    const core = await simulator("Core-1");
    const edge = await simulator("Edge-2");
    linkNeighbours(core, "ether2", edge, "ether1");
    core.advance(600);
    edge.advance(600);
    const client = new RouterOsClient({ host: "127.0.0.1", port: edge.port, username: "netsphere", password: "secret" });
    await client.connect();
    const neighbours = async () => (await client.write("/ip/neighbor/print", { ".proplist": "identity,uptime" })).rows;
    expect(await neighbours()).toEqual([{ identity: "Core-1", uptime: "10m" }]);
    await core.goDown();
    expect(await neighbours()).toEqual([]);
    await core.comeBack({ reboot: true });
    expect(await neighbours()).toEqual([{ identity: "Core-1", uptime: "0s" }]);
    await client.close();
  });
});
