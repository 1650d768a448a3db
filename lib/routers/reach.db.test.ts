import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { eq } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { createRouter } from "@/lib/routers/service";
import { CONNECTION_TESTS_PER_USER, testRouterConnection } from "@/lib/routers/connection-test";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import type { Connection } from "@/lib/db/connect";

/*
 * "Test connection" must not work as a port scanner of the server's own network: the answers name no socket
 * error codes, the server itself is refused in production, and each staff member gets a few tests a minute.
 */
let conn: Connection;
/** Routers started for the tests (one device per record: a second record of a device is refused). */
const sims: RunningSimulator[] = [];
async function simulatedRouter(): Promise<number> {
  const sim = await startSimulator({ port: 0, username: "api", password: "s3cret" });
  sims.push(sim);
  return sim.port;
}
const listeners: net.Server[] = [];
let connectionsSeen = 0;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.stop()));
  await Promise.all(listeners.map((listener) => new Promise((resolve) => listener.close(resolve))));
  await conn?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A service on the server that is not a router (a port of its own, as each router record needs): it counts connections and drops them. */
async function serviceOnServer(): Promise<number> {
  const listener = net.createServer((socket) => {
    connectionsSeen += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  listeners.push(listener);
  return (listener.address() as net.AddressInfo).port;
}

let n = 0;
const routerAt = (host: string, port: number, extra: { useTls?: boolean } = {}) => ({
  name: `R-${++n}`,
  host,
  apiPort: port,
  useTls: extra.useTls ?? false,
  username: "api",
  password: "s3cret",
  siteId: null,
});

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("the connection test passed");
    },
    (error: { code: string; message: string }) => error,
  );

const SOCKET_WORDS = /\bE[A-Z]{4,}\b|ERR_|SSL routines|wrong version number|socket hang up|errno|syscall|alert/;

describe("router connection test messages", () => {
  it("say a closed port did not accept a connection, in words, without socket error codes", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const router = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", closedPort));

    const error = await failureOf(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id }));

    expect(error).toMatchObject({ code: "router_unreachable" });
    expect(error.message).toBe(
      `Could not connect: the router did not accept a connection on port ${closedPort}. Check the address, the port and that the API service is enabled.`,
    );
  });

  it("say a port that drops the connection or fails TLS closed it, without TLS library text", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const dropping = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", await serviceOnServer()));
    const tlsToPlain = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", await serviceOnServer(), { useTls: true }));
    for (const router of [dropping, tlsToPlain]) {
      const error = await failureOf(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id }));
      expect(error.message).toMatch(
        /^Could not connect: the router (closed the connection|did not complete a secure \(TLS\) connection) on port \d+/,
      );
      expect(error.message).not.toMatch(SOCKET_WORDS);
    }
  });
});

describe("a router record pointing at the NetSphere server", () => {
  it("is refused in production before any connection, a literal address or a name for it", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const literal = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", await serviceOnServer()));
    const named = await createRouter(conn.db, actorOf(ctx.owner), routerAt("localhost", await serviceOnServer()));
    const mapped = await createRouter(conn.db, actorOf(ctx.owner), routerAt("::ffff:127.0.0.1", await serviceOnServer()));
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    const before = connectionsSeen;
    for (const router of [literal, named, mapped]) {
      const error = await failureOf(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id }));
      expect(error).toMatchObject({ code: "router_unreachable" });
      expect(error.message).toMatch(/^This address points back at the NetSphere server itself, not at a router/);
    }
    expect(connectionsSeen).toBe(before);
  });

  it("is refused on the server's own web port even outside production, when saved and when tested", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const webPort = "This is the NetSphere server's own web port, not a router. Enter the router's address and API port.";
    await expect(createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", 3000))).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { host: [webPort] },
    });
    // A record saved before this rule existed.
    const router = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", await serviceOnServer()));
    await conn.db.update(routers).set({ apiPort: 3000 }).where(eq(routers.id, router.id));
    const error = await failureOf(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id }));
    expect(error.message).toBe(webPort);
  });

  it("is allowed in production when the operator allows the address (a router tunnel on this server)", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const router = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", await simulatedRouter()));
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1/32");
    await expect(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id })).resolves.toMatchObject({ identity: expect.any(String) });
  });
});

describe("test connection's rate limit", () => {
  it(`answers ${CONNECTION_TESTS_PER_USER.max} tests a minute per staff member, then says to wait; others are not held up`, async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const router = await createRouter(conn.db, actorOf(ctx.owner), routerAt("127.0.0.1", await simulatedRouter()));
    for (let i = 0; i < CONNECTION_TESTS_PER_USER.max; i++) await testRouterConnection(conn.db, actorOf(ctx.technician), { routerId: router.id });
    const error = await failureOf(testRouterConnection(conn.db, actorOf(ctx.technician), { routerId: router.id }));
    expect(error).toMatchObject({ code: "rate_limited", message: "Too many connection tests in a short time. Try again in 1 minute." });
    await expect(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id })).resolves.toBeTruthy();
  });
});
