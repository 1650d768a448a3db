import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { RouterOsError } from "../errors";
import type { ReplySentence } from "../types";
import { defaultFaults } from "./faults";
import { RawClient } from "./raw-client";
import { startSimulator, type RunningSimulator } from "./server";

let simulator: RunningSimulator;
const raws: RawClient[] = [];
const clients: RouterOsClient[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ username: "u", password: "p", streamIntervalMs: 5 });
});

afterEach(async () => {
  simulator.setFaults(defaultFaults());
  for (const raw of raws.splice(0)) raw.close();
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  await simulator.stop();
});

async function raw(): Promise<RawClient> {
  const opened = await RawClient.open(simulator.port);
  raws.push(opened);
  await opened.login("u", "p");
  return opened;
}

async function client(): Promise<RouterOsClient> {
  const opened = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p", timeoutMs: 2000 });
  clients.push(opened);
  await opened.connect();
  return opened;
}

async function failure(promise: Promise<unknown>): Promise<RouterOsError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RouterOsError);
  return error as RouterOsError;
}

const doneOrder = (replies: ReplySentence[]) => replies.filter((reply) => reply.type === "!done").map((reply) => reply.tag);

describe("malformed input (checklist 2)", () => {
  it.each(["F8", "FF", "F3"])("closes the connection on a first byte of 0x%s", async (byte) => {
    const api = await raw();
    api.sendBytes(Buffer.from([parseInt(byte, 16), 0x00, 0x00]));
    await api.closed;
  });

  it("ignores empty sentences", async () => {
    const api = await raw();
    api.sendBytes(Buffer.from([0x00, 0x00]));
    api.send("/system/identity/print", ".tag=1");
    expect((await api.untilDone("1")).map((reply) => reply.type)).toEqual(["!re", "!done"]);
  });
});

describe("per-command delay and jitter (checklist 13)", () => {
  it("lets a later command finish first when an earlier one is delayed", async () => {
    const api = await raw();
    simulator.setFaults({ delayedCommands: { "/interface/*": 60 } });
    api.send("/interface/print", ".tag=slow");
    api.send("/system/identity/print", ".tag=fast");
    expect(doneOrder(await api.untilDone("slow"))).toEqual(["fast", "slow"]);
  });

  it("reorders completions with seeded jitter, the same way on every run", async () => {
    const orders: (string | undefined)[][] = [];
    for (let run = 0; run < 2; run += 1) {
      const jittery = await startSimulator({ username: "u", password: "p", seed: 7, faults: { commandDelayMs: 5, commandJitterMs: 40 } });
      const api = await RawClient.open(jittery.port);
      await api.login("u", "p");
      const tags = ["1", "2", "3", "4", "5", "6"];
      for (const tag of tags) api.send("/system/identity/print", `.tag=${tag}`);
      let done = 0;
      const replies = await api.until((reply) => reply.type === "!done" && ++done === tags.length);
      orders.push(doneOrder(replies));
      api.close();
      await jittery.stop();
    }
    // Seed 7 draws delays of 14, 5, 16, 43, 33 and 29 ms for commands 1–6.
    expect(orders[0]).toEqual(["2", "1", "3", "6", "5", "4"]);
    expect(orders[1]).toEqual(orders[0]);
  });
});

describe("connection faults (checklist 25)", () => {
  it("sends !fatal in the middle of a stream and closes; the client fails with kind fatal", async () => {
    const api = await raw();
    simulator.setFaults({ fatalAfterSentences: 2 });
    api.send("/interface/monitor-traffic", "=interface=ether1", ".tag=m");
    const replies = await api.until((reply) => reply.type === "!fatal");
    expect(replies.map((reply) => reply.type)).toEqual(["!re", "!re", "!fatal"]);
    await api.closed;

    simulator.setFaults({ fatalAfterSentences: undefined });
    const routerClient = await client();
    simulator.setFaults({ fatalAfterSentences: 1 });
    const error = await failure(routerClient.write("/interface/print"));
    expect([error.kind, error.message]).toEqual(["fatal", "router sent !fatal: simulated router failure"]);
  });

  it("writes garbage bytes mid-reply; the client drops the connection with kind protocol", async () => {
    const routerClient = await client();
    simulator.setFaults({ garbageAfterSentences: 1 });
    const error = await failure(routerClient.write("/interface/print"));
    expect(error.kind).toBe("protocol");
    expect(routerClient.connected).toBe(false);
  });

  it("resets the TCP connection; the client fails with kind connection", async () => {
    const routerClient = await client();
    simulator.setFaults({ resetAfterSentences: 1 });
    const error = await failure(routerClient.write("/interface/print"));
    expect(error.kind).toBe("connection");
    expect((error.cause as NodeJS.ErrnoException | undefined)?.code).toBe("ECONNRESET");
  });

  it("writes replies byte by byte without corrupting interleaved commands", async () => {
    const routerClient = await client();
    simulator.setFaults({ byteByByteMs: 0 });
    const [interfaces, identity] = await Promise.all([routerClient.write("/interface/print"), routerClient.write("/system/identity/print")]);
    expect(interfaces.rows.map((row) => row.name)).toEqual(["ether1", "ether2", "ether3"]);
    expect(identity.rows).toEqual([{ name: "MikroTik" }]);
  });

  it("traps a command once, then lets it run", async () => {
    const routerClient = await client();
    simulator.setFaults({ trapOnce: { "/system/*": "failure: simulated blip" } });
    expect((await failure(routerClient.write("/system/identity/print"))).message).toBe("/system/identity/print: failure: simulated blip");
    expect((await routerClient.write("/system/identity/print")).rows).toEqual([{ name: "MikroTik" }]);
  });
});
