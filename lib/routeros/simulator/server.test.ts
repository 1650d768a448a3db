import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ReplySentence } from "../types";
import { defaultFaults } from "./faults";
import { RawClient } from "./raw-client";
import { legacyLoginResponse, startSimulator, type RunningSimulator } from "./server";
import { connectSession } from "./sessions";

const servers: RunningSimulator[] = [];
const clients: RawClient[] = [];

async function simulator(version = "7.19.2", maxSessions?: number): Promise<RunningSimulator> {
  const server = await startSimulator({ username: "netsphere", password: "secret", version, streamIntervalMs: 15, maxSessions });
  servers.push(server);
  return server;
}

async function client(server: RunningSimulator): Promise<RawClient> {
  const opened = await RawClient.open(server.port);
  clients.push(opened);
  return opened;
}

const types = (replies: ReplySentence[]) => replies.map((reply) => reply.type);

let modern: RunningSimulator;

beforeAll(async () => {
  modern = await simulator();
});

afterEach(() => {
  modern.setFaults(defaultFaults());
  for (const opened of clients.splice(0)) opened.close();
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

describe("simulator server", () => {
  it("logs in with plain credentials and echoes tags on a tagged add and print", async () => {
    const api = await client(modern);
    await api.login();
    api.send("/ppp/secret/add", "=name=alice", "=password=s3", "=service=pppoe", ".tag=7");
    const added = await api.untilDone("7");
    expect(added).toHaveLength(1);
    expect(added[0].attributes.ret).toMatch(/^\*[0-9A-F]+$/);
    api.send("/ppp/secret/print", "=.proplist=.id,name", "?name=alice", ".tag=8");
    const printed = await api.untilDone("8");
    expect(printed.map((reply) => [reply.type, reply.tag, reply.attributes.name])).toEqual([
      ["!re", "8", "alice"],
      ["!done", "8", undefined],
    ]);
    api.send("/ppp/active/print", "?name=nobody", ".tag=9");
    expect(types(await api.untilDone("9"))).toEqual(["!empty", "!done"]);
  });

  it("does the legacy MD5 challenge login before 6.43", async () => {
    const legacy = await simulator("6.40.9");
    const api = await client(legacy);
    api.send("/login");
    const [challenge] = await api.untilDone();
    expect(challenge.attributes.ret).toMatch(/^[0-9a-f]{32}$/);
    api.send("/login", "=name=netsphere", `=response=${legacyLoginResponse("secret", challenge.attributes.ret)}`);
    expect(types(await api.untilDone())).toEqual(["!done"]);
    api.send("/system/identity/print");
    expect(types(await api.untilDone())).toEqual(["!re", "!done"]);
  });

  it("no longer answers a bare /login with a challenge from 6.45.1", async () => {
    const api = await client(await simulator("6.49.10"));
    api.send("/login");
    expect((await api.untilDone())[0].attributes.message).toBe("invalid user name or password (6)");
    await api.login();
  });

  it("closes connections beyond max-sessions", async () => {
    const limited = await simulator("7.19.2", 1);
    const first = await client(limited);
    await first.login();
    const second = await client(limited);
    await second.closed;
  });

  it("refuses a bad password and any command before login", async () => {
    const api = await client(modern);
    api.send("/login", "=name=netsphere", "=password=wrong");
    expect(await api.untilDone()).toEqual([
      { type: "!trap", attributes: { message: "invalid user name or password (6)" }, words: [] },
      { type: "!done", attributes: {}, words: [] },
    ]);
    api.send("/ppp/secret/print", ".tag=1");
    expect(types(await api.untilDone("1"))).toEqual(["!trap", "!done"]);
  });

  it("interleaves two tagged commands and cancels monitor-traffic by tag", async () => {
    const api = await client(modern);
    await api.login();
    api.send("/interface/monitor-traffic", "=interface=ether1", ".tag=m");
    api.send("/system/identity/print", ".tag=p");
    const beforeCancel = await api.untilDone("p");
    expect(beforeCancel.some((reply) => reply.tag === "m" && reply.type === "!re")).toBe(true);
    await api.until((reply) => reply.tag === "m");
    api.send("/cancel", "=tag=m", ".tag=c");
    const afterCancel = (await api.untilDone("m")).filter((reply) => reply.type !== "!re");
    expect(afterCancel).toEqual([
      { type: "!trap", attributes: { category: "2", message: "interrupted" }, tag: "m", words: [] },
      { type: "!done", attributes: {}, tag: "c", words: [] },
      { type: "!done", attributes: {}, tag: "m", words: [] },
    ]);
  });

  it("cancels every running command on an untagged /cancel", async () => {
    const api = await client(modern);
    await api.login();
    api.send("/interface/monitor-traffic", "=interface=ether1", ".tag=a");
    api.send("/ping", "=address=10.0.0.1", ".tag=b");
    await api.until((reply) => reply.tag === "b");
    api.send("/cancel");
    const replies = await api.untilDone("b");
    const tail = replies.filter((reply) => reply.type !== "!re");
    expect(tail.map((reply) => [reply.type, reply.tag])).toEqual([
      ["!trap", "a"],
      ["!trap", "b"],
      ["!done", undefined],
      ["!done", "a"],
      ["!done", "b"],
    ]);
  });

  it("pushes changes from another connection to listen and print =follow=, with .dead on removal", async () => {
    const watcher = await client(modern);
    const writer = await client(modern);
    await watcher.login();
    await writer.login();
    writer.send("/ip/pool/add", "=name=before", "=ranges=10.9.0.2-10.9.0.9", ".tag=a");
    await writer.untilDone("a");
    watcher.send("/ip/pool/listen", "=.proplist=.id,name", ".tag=L");
    watcher.send("/ip/pool/print", "=follow=", "?name=before", ".tag=F");
    const [followed] = await watcher.until((reply) => reply.tag === "F");
    expect(followed.attributes.name).toBe("before");
    writer.send("/ip/pool/add", "=name=after", "=ranges=10.9.1.2-10.9.1.9", ".tag=b");
    const added = (await writer.untilDone("b"))[0].attributes.ret;
    const [pushed] = await watcher.until((reply) => reply.tag === "L");
    expect(pushed.attributes).toEqual({ ".id": added, name: "after" });
    writer.send("/ip/pool/remove", `=.id=${added}`, ".tag=c");
    const [dead] = await watcher.until((reply) => reply.tag === "L");
    expect(dead.attributes).toEqual({ ".id": added, ".dead": "true" });
    watcher.send("/cancel");
    const ends = (await watcher.untilDone("F")).filter((reply) => reply.type !== "!re");
    expect(ends.map((reply) => [reply.type, reply.tag])).toEqual([
      ["!trap", "L"],
      ["!trap", "F"],
      ["!done", undefined],
      ["!done", "L"],
      ["!done", "F"],
    ]);
  });

  it("answers /quit with !fatal and closes the connection", async () => {
    const api = await client(modern);
    await api.login();
    api.send("/quit");
    const replies = await api.until((reply) => reply.type === "!fatal");
    expect(replies).toEqual([{ type: "!fatal", attributes: {}, words: ["session terminated on request"] }]);
    await api.closed;
  });

  it("takes words up to its size cap and answers a longer one with !fatal before closing", async () => {
    const capped = await startSimulator({ username: "netsphere", password: "secret", maxWordBytes: 1000 });
    servers.push(capped);
    const api = await client(capped);
    await api.login();
    api.send("/ppp/secret/add", "=name=long", `=comment=${"x".repeat(1000 - "=comment=".length)}`, ".tag=a");
    expect(types(await api.untilDone("a"))).toEqual(["!done"]);
    // Only the length prefix of a 5000-byte word: the simulator refuses it without waiting for the rest.
    api.sendBytes(Buffer.from([0x80 | (5000 >> 8), 5000 & 0xff]));
    const replies = await api.until((reply) => reply.type === "!fatal");
    expect(replies).toEqual([{ type: "!fatal", attributes: {}, words: ["word of 5000 bytes is over the 1000 byte limit"] }]);
    await api.closed;
  });

  it("monitors a live session's traffic once", async () => {
    const api = await client(modern);
    await api.login();
    api.send("/ppp/secret/add", "=name=bob", "=password=pw", ".tag=s");
    await api.untilDone("s");
    expect(connectSession(modern.state, "bob", { callerId: "AA:BB:CC:00:00:01", address: "10.0.0.2" }).ok).toBe(true);
    api.send("/interface/monitor-traffic", "=interface=<pppoe-bob>", "=once=", ".tag=o");
    const [row] = await api.untilDone("o");
    expect(Number(row.attributes["tx-bits-per-second"])).toBeGreaterThan(0);
  });

  describe("faults", () => {
    it("adds latency per reply sentence, so a shorter command overtakes a longer one", async () => {
      const api = await client(modern);
      await api.login();
      modern.setFaults({ latencyMs: 30 });
      const started = Date.now();
      api.send("/interface/print", ".tag=long");
      api.send("/system/identity/print", ".tag=short");
      const replies = await api.untilDone("long");
      expect(Date.now() - started).toBeGreaterThanOrEqual(100);
      const doneOrder = replies.filter((reply) => reply.type === "!done").map((reply) => reply.tag);
      expect(doneOrder).toEqual(["short", "long"]);
    });

    it("drops the connection mid-reply", async () => {
      const api = await client(modern);
      await api.login();
      modern.setFaults({ dropAfterSentences: 2 });
      api.send("/interface/print", ".tag=x");
      const replies = await api.untilDone("x");
      await api.closed;
      expect(types(replies)).toEqual(["!re", "!re"]);
      const streaming = await client(modern);
      modern.setFaults({ dropAfterSentences: undefined });
      await streaming.login();
      modern.setFaults({ dropAfterSentences: 2 });
      streaming.send("/interface/monitor-traffic", "=interface=ether1", ".tag=s");
      const streamed = await streaming.untilDone("s");
      expect(types(streamed)).toEqual(["!re", "!re"]);
    });

    it("stalls a chosen command until the client cancels it", async () => {
      const api = await client(modern);
      await api.login();
      modern.setFaults({ stalledCommands: ["/system/resource/print"] });
      api.send("/system/resource/print", ".tag=slow");
      api.send("/system/identity/print", ".tag=fast");
      expect(types(await api.untilDone("fast"))).toEqual(["!re", "!done"]);
      api.send("/cancel", "=tag=slow");
      expect(types(await api.untilDone("slow"))).toEqual(["!trap", "!done", "!done"]);
    });

    it("sends unknown reply words on demand", async () => {
      const api = await client(modern);
      await api.login();
      modern.setFaults({ unknownReplyWords: true });
      api.send("/system/identity/print", ".tag=u");
      expect(types(await api.untilDone("u"))).toEqual(["!re", "!done"]);
      expect(api.unknownReplies).toEqual([["!unknown-reply", ".tag=u"]]);
    });

    it("shuffles reply words without losing tags or attributes", async () => {
      const api = await client(modern);
      await api.login();
      modern.setFaults({ shuffleReplyWords: true });
      api.send("/system/resource/print", "=.proplist=version,board-name,platform,cpu-count", ".tag=r");
      const [row] = await api.untilDone("r");
      expect(row).toMatchObject({ type: "!re", tag: "r", attributes: { version: "7.19.2 (stable)", platform: "MikroTik", "cpu-count": "4" } });
    });

    it("refuses logins on demand", async () => {
      modern.setFaults({ refuseLogins: true });
      const api = await client(modern);
      api.send("/login", "=name=netsphere", "=password=secret");
      expect(types(await api.untilDone())).toEqual(["!trap", "!done"]);
    });

    it("traps a chosen command path", async () => {
      const api = await client(modern);
      await api.login();
      modern.setFaults({ trappedCommands: { "/ppp/secret/add": "failure: simulated outage" } });
      api.send("/ppp/secret/add", "=name=zed", ".tag=t");
      expect(await api.untilDone("t")).toEqual([
        { type: "!trap", attributes: { message: "failure: simulated outage" }, tag: "t", words: [] },
        { type: "!done", attributes: {}, tag: "t", words: [] },
      ]);
    });
  });
});
