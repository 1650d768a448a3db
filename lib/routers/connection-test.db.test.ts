import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { createRouter } from "@/lib/routers/service";
import { testRouterConnection } from "@/lib/routers/connection-test";
import { routers } from "@/lib/routers/schema";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import type { Connection } from "@/lib/db/connect";
import { pollRouters } from "@/lib/monitoring/jobs";
import { releaseRouter } from "@/lib/routers/access";

let conn: Connection;
let sim: RunningSimulator;
beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({
    port: 0,
    username: "api",
    password: "s3cret",
    version: "7.19.2",
    router: { identity: "Lipa-CCR9", boardName: "CCR2004-1G-12S+2XS" },
  });
});
afterAll(async () => {
  await sim?.stop();
  await conn?.close();
});

const routerInput = (port: number, password: string) => ({
  name: `R-${port}-${password}`,
  host: "127.0.0.1",
  apiPort: port,
  useTls: false,
  username: "api",
  password,
  siteId: null,
});

describe("router connection test", () => {
  it("logs in with the stored (encrypted) password, reads identity and version, and marks the router online", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const router = await createRouter(conn.db, actorOf(ctx.owner), routerInput(sim.port, "s3cret"));
    const health = await testRouterConnection(conn.db, actorOf(ctx.technician), { routerId: router.id });
    expect(health).toMatchObject({ identity: "Lipa-CCR9", version: expect.stringContaining("7.19.2") });
    const [row] = await conn.db.select().from(routers).where(eq(routers.id, router.id));
    expect(row.status).toBe("online");
    expect(row.lastSeenAt).toBeInstanceOf(Date);
    expect(row.lastError).toBeNull();
  });

  it("reports a wrong password and an unreachable port clearly and marks the router offline", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const guarded = await startSimulator({ port: 0, username: "api", password: "s3cret" });
    const wrong = await createRouter(conn.db, actorOf(ctx.owner), routerInput(guarded.port, "wrong-one"));
    await expect(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: wrong.id })).rejects.toMatchObject({
      code: "router_unreachable",
      message: "The router refused the API username or password.",
    });
    const closedPort = await startSimulator({ port: 0, username: "api", password: "x" });
    const port = closedPort.port;
    await closedPort.stop();
    const down = await createRouter(conn.db, actorOf(ctx.owner), routerInput(port, "x"));
    await expect(testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: down.id })).rejects.toMatchObject({ code: "router_unreachable" });
    await guarded.stop();
    const statuses = await conn.db
      .select({ status: routers.status, lastError: routers.lastError })
      .from(routers)
      .where(eq(routers.tenantId, ctx.owner.tenantId))
      .orderBy(routers.createdAt);
    expect(statuses.map((s) => s.status)).toEqual(["offline", "offline"]);
    expect(statuses[0].lastError).toBe("The router refused the API username or password.");
    expect(statuses[1].lastError).toMatch(/^Could not connect/);
  });

  it("the poller records the same reason for a wrong password as the test gives, and a correct password clears it", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const own = await startSimulator({ port: 0, username: "api", password: "s3cret" });
    const router = await createRouter(conn.db, actorOf(ctx.owner), routerInput(own.port, "not-the-password"));
    const tested = await testRouterConnection(conn.db, actorOf(ctx.owner), { routerId: router.id }).catch((error: Error) => error.message);
    expect(tested).toBe("The router refused the API username or password.");
    await conn.db.update(routers).set({ lastError: null }).where(eq(routers.id, router.id));
    await pollRouters(conn.db, { routerIds: [router.id] });
    const [polled] = await conn.db.select().from(routers).where(eq(routers.id, router.id));
    expect(polled.status).toBe("offline");
    expect(polled.lastError).toBe(tested);
    await releaseRouter(router.id);
    await own.stop();
  });

  it("treats another tenant's router as not found", async () => {
    const a = await createTenantFixture(conn.db);
    const b = await createTenantFixture(conn.db);
    const router = await createRouter(conn.db, actorOf(a.ctx.owner), { ...routerInput(sim.port, "s3cret"), host: "10.0.0.1" });
    await expect(testRouterConnection(conn.db, actorOf(b.ctx.owner), { routerId: router.id })).rejects.toMatchObject({ code: "not_found" });
  });
});
