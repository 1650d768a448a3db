import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RouterOsPool } from "./pool";
import { SentenceDecoder, decodeWords, encodeSentence, parseRequest } from "./protocol";

/* A loopback router that knows login, one print and /quit; it counts the connections it accepted. */
let server: net.Server;
let port = 0;
let deadPort = 0;
let accepted = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const decoder = new SentenceDecoder();
    socket.on("data", (chunk: Buffer) => {
      for (const sentence of decoder.push(chunk)) {
        const request = parseRequest(decodeWords(sentence));
        const tag = `.tag=${request.api.tag}`;
        if (request.command === "/login") {
          if (request.attributes.password !== "s3cret") socket.write(encodeSentence(["!trap", "=message=invalid user name or password (6)", tag]));
          socket.write(encodeSentence(["!done", tag]));
        } else if (request.command === "/quit") {
          socket.end(encodeSentence(["!fatal", "session terminated on request"]));
        } else {
          socket.write(Buffer.concat([encodeSentence(["!re", "=name=MikroTik", tag]), encodeSentence(["!done", tag])]));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  deadPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let pool: RouterOsPool;
afterEach(async () => {
  await pool.closeAll();
  accepted = 0;
});

function makePool(settings: Record<string, { port: number; password?: string }>, now = () => 0) {
  const resolve = vi.fn((key: string) => ({
    host: "127.0.0.1",
    port: settings[key].port,
    username: "admin",
    password: settings[key].password ?? "s3cret",
    timeoutMs: 1000,
  }));
  pool = new RouterOsPool({ resolve, now, random: () => 0.5, minBackoffMs: 100, maxBackoffMs: 1000 });
  return resolve;
}

describe("RouterOsPool", () => {
  it("shares one connection per key, even between concurrent callers", async () => {
    makePool({ a: { port }, b: { port } });
    const [first, second] = await Promise.all([pool.get("a"), pool.get("a")]);
    expect(first).toBe(second);
    expect(await pool.get("a")).toBe(first);
    expect(await pool.get("b")).not.toBe(first);
    expect(accepted).toBe(2);
    await expect(pool.use("a", (client) => client.write("/system/identity/print"))).resolves.toEqual({ rows: [{ name: "MikroTik" }] });
  });

  it("reconnects on the next get after the connection is lost", async () => {
    makePool({ a: { port } });
    const client = await pool.get("a");
    await expect(client.write("/quit")).rejects.toMatchObject({ kind: "fatal" });
    const replacement = await pool.get("a");
    expect(replacement).not.toBe(client);
    expect(replacement.connected).toBe(true);
    expect(accepted).toBe(2);
  });

  it("backs off after a failure instead of retrying at once", async () => {
    let now = 0;
    const resolve = makePool({ a: { port: deadPort } }, () => now);
    await expect(pool.get("a")).rejects.toMatchObject({ kind: "connection" });
    await expect(pool.get("a")).rejects.toThrow(/next attempt in 100 ms/);
    expect(resolve).toHaveBeenCalledTimes(1);
    now = 100;
    await expect(pool.get("a")).rejects.toMatchObject({ kind: "connection" });
    expect(resolve).toHaveBeenCalledTimes(2);
    now = 150;
    await expect(pool.get("a")).rejects.toThrow(/next attempt in 150 ms/);
  });

  it("backs off after a refused login too", async () => {
    const resolve = makePool({ a: { port, password: "wrong" } });
    await expect(pool.get("a")).rejects.toMatchObject({ kind: "auth" });
    await expect(pool.get("a")).rejects.toMatchObject({ kind: "auth" });
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it("doubles the delay per failure up to the ceiling", () => {
    makePool({});
    expect([1, 2, 3, 4, 5, 10].map((failures) => pool.backoffMs(failures))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
