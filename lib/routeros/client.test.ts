import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RouterOsClient, legacyLoginResponse, type RouterOsClientOptions } from "./client";
import { RouterOsError, RouterOsTrapError } from "./errors";
import { SentenceDecoder, decodeWords, encodeSentence, encodeWord, parseRequest } from "./protocol";
import type { RequestSentence } from "./types";

/*
 * A tiny scripted router on loopback that speaks the real wire format through our codec.
 * Each command path below plays one scenario from ROUTEROS.md §1.4–§2.
 */
const PASSWORD = "s3cret";
const CHALLENGE = "0123456789abcdef0123456789abcdef";
const received: RequestSentence[] = [];
const sockets = new Set<net.Socket>();
let server: net.Server;
let port = 0;

function handleConnection(socket: net.Socket): void {
  sockets.add(socket);
  socket.setNoDelay(true); // Nagle plus delayed ACKs would add 40 ms pauses between reply sentences
  const decoder = new SentenceDecoder();
  const held: Array<{ id: string; tag: string }> = [];
  const streams = new Map<string, NodeJS.Timeout>();
  const deaf = new Set<string>();
  socket.on("close", () => {
    sockets.delete(socket);
    for (const timer of streams.values()) clearInterval(timer);
  });
  socket.on("error", () => {});
  const send = (...words: string[]) => {
    if (!socket.destroyed) socket.write(encodeSentence(words));
  };

  socket.on("data", (chunk: Buffer) => {
    for (const sentence of decoder.push(chunk)) answer(parseRequest(decodeWords(sentence)));
  });

  function answer(request: RequestSentence): void {
    {
      received.push(request);
      const tagWord = request.api.tag === undefined ? [] : [`.tag=${request.api.tag}`];
      const reply = (type: string, ...words: string[]) => send(type, ...words, ...tagWord);
      const { attributes } = request;
      switch (request.command) {
        case "/login":
          if (attributes.name === "legacy") {
            if (attributes.response === undefined) return reply("!done", `=ret=${CHALLENGE}`);
            if (attributes.response === legacyLoginResponse(Buffer.from(PASSWORD), CHALLENGE)) return reply("!done");
            reply("!trap", "=message=cannot log in");
            return reply("!done");
          }
          if (attributes.name === "admin" && attributes.password === PASSWORD) return reply("!done");
          reply("!trap", "=message=invalid user name or password (6)");
          return reply("!done");
        case "/ppp/secret/add":
          return reply("!done", "=ret=*1A");
        case "/ppp/secret/print":
          reply("!re", "=.id=*1", "=name=08123456789", "=comment=José");
          reply("!re", "=.id=*2", "=name=bob", "=password=iu=c3Eeg");
          reply("!re", "=.id=*3", "=name=carol");
          return reply("!done");
        case "/ppp/active/print":
          reply("!empty");
          return reply("!done");
        case "/system/routerboard/print":
          reply("!trap", "=category=0", "=message=no such command or directory (routerboard)");
          reply("!trap", "=message=no such command prefix");
          return reply("!done");
        case "/ip/address/print":
          send("!done"); // untagged, as after an untagged /cancel
          send("!bogus", "=x=y"); // a reply word from some future version
          reply("!re", "=address=10.0.0.1/24");
          return reply("!done");
        case "/held":
          // Hold both commands, then answer them interleaved and in reverse order.
          held.push({ id: attributes.id, tag: request.api.tag });
          if (held.length < 2) return;
          for (const step of [
            [1, "!re"],
            [0, "!re"],
            [1, "!done"],
            [0, "!re"],
            [0, "!done"],
          ] as const) {
            const { id, tag } = held[step[0]];
            if (step[1] === "!re") send("!re", `=id=${id}`, `.tag=${tag}`);
            else send("!done", `.tag=${tag}`);
          }
          return;
        case "/never":
          return;
        case "/interface/monitor-traffic": {
          let second = 0;
          const tag = request.api.tag;
          streams.set(
            tag,
            setInterval(() => send("!re", `=name=${attributes.interface}`, `=rx-bits-per-second=${++second}`, `.tag=${tag}`), 2),
          );
          return;
        }
        case "/deaf":
          return void deaf.add(request.api.tag);
        case "/cancel": {
          if (deaf.has(attributes.tag)) return; // a command that ignores even /cancel
          clearInterval(streams.get(attributes.tag));
          streams.delete(attributes.tag);
          send("!trap", "=category=2", "=message=interrupted", `.tag=${attributes.tag}`);
          reply("!done");
          return send("!done", `.tag=${attributes.tag}`);
        }
        case "/system/reboot":
          reply("!re", "=status=rebooting");
          send("!fatal", "session terminated on request");
          return void socket.end();
        case "/drop":
          reply("!re", "=a=1");
          socket.write(encodeWord("!re")); // half a sentence, then the line goes dead
          return void socket.destroy();
        default:
          reply("!trap", "=category=0", "=message=no such command");
          return reply("!done");
      }
    }
  }
}

beforeAll(async () => {
  server = net.createServer(handleConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const clients: RouterOsClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  received.length = 0;
});

function makeClient(overrides: Partial<RouterOsClientOptions> = {}): RouterOsClient {
  const client = new RouterOsClient({ host: "127.0.0.1", port, username: "admin", password: PASSWORD, timeoutMs: 1000, ...overrides });
  clients.push(client);
  return client;
}

async function connected(overrides: Partial<RouterOsClientOptions> = {}): Promise<RouterOsClient> {
  const client = makeClient(overrides);
  await client.connect();
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<RouterOsError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RouterOsError);
  return error as RouterOsError;
}

describe("RouterOsClient login", () => {
  it("logs in with name and password (6.43+)", async () => {
    const client = await connected();
    expect(client.connected).toBe(true);
    expect(received).toEqual([{ command: "/login", attributes: { name: "admin", password: PASSWORD }, api: { tag: "1" }, queries: [] }]);
  });

  it("falls back to the MD5 challenge when !done carries =ret=", async () => {
    const client = await connected({ username: "legacy" });
    expect(client.connected).toBe(true);
    expect(received.map((request) => request.attributes.response)).toEqual([undefined, legacyLoginResponse(Buffer.from(PASSWORD), CHALLENGE)]);
  });

  it("reports refused credentials as kind auth with the router's message", async () => {
    const error = await rejection(makeClient({ password: "wrong" }).connect());
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("invalid user name or password (6)");
    expect(error.cause).toBeInstanceOf(RouterOsTrapError);
  });

  it("reports a refused legacy response as kind auth", async () => {
    const error = await rejection(makeClient({ username: "legacy", password: "wrong" }).connect());
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("cannot log in");
  });

  it("reports an unreachable router as kind connection", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(makeClient({ port: deadPort }).connect());
    expect(error.kind).toBe("connection");
  });
});

describe("RouterOsClient commands", () => {
  it("returns =ret= of add and sends attributes as given", async () => {
    const client = await connected();
    await expect(client.write("/ppp/secret/add", { name: "alice", password: "s3", profile: "10M" })).resolves.toEqual({ rows: [], ret: "*1A" });
    expect(received[1]).toEqual({
      command: "/ppp/secret/add",
      attributes: { name: "alice", password: "s3", profile: "10M" },
      api: { tag: "2" },
      queries: [],
    });
  });

  it("collects every !re as a string row, never coercing values", async () => {
    const client = await connected();
    const { rows, ret } = await client.write("/ppp/secret/print", { ".proplist": ".id,name" }, ["?disabled=false"]);
    expect(ret).toBeUndefined();
    expect(rows).toEqual([
      { ".id": "*1", name: "08123456789", comment: "José" },
      { ".id": "*2", name: "bob", password: "iu=c3Eeg" },
      { ".id": "*3", name: "carol" },
    ]);
    expect(received[1].queries).toEqual(["?disabled=false"]);
  });

  it("treats !empty as zero rows", async () => {
    const client = await connected();
    await expect(client.write("/ppp/active/print", {}, ["?name=nobody"])).resolves.toEqual({ rows: [] });
  });

  it("collects several traps before the one !done and stays in step", async () => {
    const client = await connected();
    const error = await rejection(client.write("/system/routerboard/print"));
    expect(error).toBeInstanceOf(RouterOsTrapError);
    const trap = error as RouterOsTrapError;
    expect(trap.kind).toBe("trap");
    expect(trap.category).toBe("0");
    expect(trap.traps).toEqual([{ category: "0", message: "no such command or directory (routerboard)" }, { message: "no such command prefix" }]);
    await expect(client.write("/ppp/secret/add", { name: "x" })).resolves.toEqual({ rows: [], ret: "*1A" });
  });

  it("tolerates untagged replies and unknown reply words", async () => {
    const client = await connected();
    await expect(client.write("/ip/address/print")).resolves.toEqual({ rows: [{ address: "10.0.0.1/24" }] });
  });

  it("routes interleaved replies of concurrent commands by tag", async () => {
    const client = await connected();
    const [first, second] = await Promise.all([client.write("/held", { id: "a" }), client.write("/held", { id: "b" })]);
    expect(first.rows).toEqual([{ id: "a" }, { id: "a" }]);
    expect(second.rows).toEqual([{ id: "b" }]);
    expect(new Set(received.map((request) => request.api.tag)).size).toBe(received.length);
  });

  it("times out a silent command, sends /cancel for its tag and keeps the connection usable", async () => {
    const client = await connected();
    const error = await rejection(client.write("/never", {}, [], { timeoutMs: 30 }));
    expect(error.kind).toBe("timeout");
    const tag = received.find((request) => request.command === "/never")?.api.tag;
    await vi.waitFor(() => expect(received.find((request) => request.command === "/cancel")?.attributes).toEqual({ tag }));
    await expect(client.write("/ppp/secret/add", { name: "y" })).resolves.toEqual({ rows: [], ret: "*1A" });
    expect(client.connected).toBe(true);
  });

  it("drops the connection when a timed-out command ignores /cancel too", async () => {
    const client = await connected();
    const other = rejection(client.write("/never", {}, [], { timeoutMs: 0 }));
    expect((await rejection(client.write("/deaf", {}, [], { timeoutMs: 20 }))).kind).toBe("timeout");
    const error = await other;
    expect(error.kind).toBe("connection");
    expect(error.message).toContain("ignored /cancel");
    expect(client.connected).toBe(false);
  });

  it("fails every pending command with kind fatal on !fatal", async () => {
    const client = await connected();
    const silent = rejection(client.write("/never"));
    const reboot = rejection(client.write("/system/reboot"));
    expect((await reboot).kind).toBe("fatal");
    expect((await reboot).message).toContain("session terminated on request");
    expect((await silent).kind).toBe("fatal");
    expect(client.connected).toBe(false);
    expect((await rejection(client.write("/ppp/secret/add"))).kind).toBe("fatal");
  });

  it("rejects pending commands with kind connection when the line drops mid-reply", async () => {
    const client = await connected();
    const silent = rejection(client.write("/never"));
    expect((await rejection(client.write("/drop"))).kind).toBe("connection");
    expect((await silent).kind).toBe("connection");
    expect(client.connected).toBe(false);
  });

  it("rejects a word the charset can't hold without sending anything", async () => {
    const client = await connected();
    expect((await rejection(client.write("/ppp/secret/add", { comment: "日本" }))).kind).toBe("encoding");
    expect(received).toHaveLength(1);
  });

  it("rejects commands after close()", async () => {
    const client = await connected();
    await client.close();
    expect((await rejection(client.write("/ppp/secret/add"))).kind).toBe("connection");
  });
});

describe("RouterOsClient streams", () => {
  it("yields rows until the loop breaks, then cancels the command", async () => {
    const client = await connected();
    const seen: string[] = [];
    for await (const row of client.stream("/interface/monitor-traffic", { interface: "ether1" })) {
      seen.push(row["rx-bits-per-second"]);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(["1", "2", "3"]);
    const tag = received.find((request) => request.command === "/interface/monitor-traffic")?.api.tag;
    await vi.waitFor(() => expect(received.find((request) => request.command === "/cancel")?.attributes).toEqual({ tag }));
    await expect(client.write("/ppp/secret/add", { name: "z" })).resolves.toEqual({ rows: [], ret: "*1A" });
  });

  it("ends the iteration with the error when the connection is lost", async () => {
    const client = await connected();
    const rows = client.stream("/interface/monitor-traffic", { interface: "ether1" });
    await rows.next();
    await client.write("/drop").catch(() => undefined);
    const error = await (async () => {
      try {
        for await (const row of rows) expect(row.name).toBe("ether1");
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect((error as RouterOsError).kind).toBe("connection");
  });
});
