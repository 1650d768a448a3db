import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { createRouter, updateRouter } from "@/lib/routers/service";
import { testRouterConnection } from "@/lib/routers/connection-test";
import { deviceKeyOf } from "@/lib/routers/device";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { releaseRouter } from "@/lib/routers/access";
import { routers } from "@/lib/routers/schema";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
const used: string[] = [];
/** The tenant that registers the device first, and its record. */
let owner: { fixture: Awaited<ReturnType<typeof createTenantFixture>>; routerId: string };
beforeAll(async () => {
  conn = await createTestDatabase();
  // One simulated device that answers on two addresses: the binary API and api-ssl.
  sim = await startSimulator({ port: 0, tlsPort: 0, username: "api", password: "s3cret", version: "7.19.2" });
});
afterAll(async () => {
  await Promise.all(used.map((id) => releaseRouter(id)));
  await sim?.stop();
  await conn?.close();
});

const input = (name: string, over: Partial<{ host: string; apiPort: number; useTls: boolean }> = {}) => ({
  name,
  host: "127.0.0.1",
  apiPort: sim.port,
  useTls: false,
  username: "api",
  password: "s3cret",
  siteId: null,
  ...over,
});

describe("one router record per device", () => {
  it("normalises the address: case, trailing dot, IPv6 form and each transport's default port", () => {
    expect(deviceKeyOf({ host: "Router.Example.PH.", apiPort: 8728 })).toBe("router.example.ph:8728");
    expect(deviceKeyOf({ host: "2001:DB8:0:0::1", apiPort: 8729, useTls: true })).toBe("[2001:db8::1]:8729");
    expect(deviceKeyOf({ host: "10.0.0.1", useTls: true })).toBe("10.0.0.1:8729");
    expect(deviceKeyOf({ host: "10.0.0.1", transport: "rest", apiPort: 8728 })).toBe("10.0.0.1:443");
  });

  it("refuses a second record for the same host and port, naming the tenant's own record but never another tenant's", async () => {
    const a = await createTenantFixture(conn.db);
    const b = await createTenantFixture(conn.db);
    const first = await createRouter(conn.db, actorOf(a.ctx.owner), input("Tanauan-CCR1"));
    used.push(first.id);
    owner = { fixture: a, routerId: first.id };

    await expect(createRouter(conn.db, actorOf(a.ctx.admin), input("Tanauan-copy"))).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining('already registered as "Tanauan-CCR1"'),
      fieldErrors: { host: [expect.any(String)] },
    });
    const otherTenant = createRouter(conn.db, actorOf(b.ctx.owner), input("Staging copy"));
    await expect(otherTenant).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already registered in NetSphere") });
    await expect(otherTenant).rejects.not.toMatchObject({ message: expect.stringContaining("Tanauan") });

    // Editing another record onto the device is refused too; the refused edit changes nothing.
    const elsewhere = await createRouter(conn.db, actorOf(b.ctx.owner), input("Lipa-hAP", { host: "10.20.0.1" }));
    await expect(updateRouter(conn.db, actorOf(b.ctx.owner), { routerId: elsewhere.id, input: input("Lipa-hAP") })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already registered in NetSphere"),
    });
    const [row] = await conn.db.select().from(routers).where(eq(routers.id, elsewhere.id));
    expect(row.host).toBe("10.20.0.1");
    expect(await conn.db.select({ id: routers.id }).from(routers).where(eq(routers.host, "127.0.0.1"))).toHaveLength(1);
  });

  it("recognises the device by its serial number when a second record reaches it on another address, and leaves it untouched", async () => {
    const a = owner.fixture;
    const b = await createTenantFixture(conn.db);
    await testRouterConnection(conn.db, actorOf(a.ctx.owner), { routerId: owner.routerId });
    const [known] = await conn.db.select().from(routers).where(eq(routers.id, owner.routerId));
    expect(known.deviceId).toBe(`serial:${sim.state.serialNumber}`);

    // A second record reaching it over api-ssl: in the same tenant the refusal names the record, in another it names none.
    const tlsInput = input("Via-TLS", { apiPort: sim.tlsPort!, useTls: true });
    const mine = await createRouter(conn.db, actorOf(a.ctx.owner), tlsInput);
    used.push(mine.id);
    await expect(testRouterConnection(conn.db, actorOf(a.ctx.owner), { routerId: mine.id })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining('already registered as "Tanauan-CCR1"'),
    });
    await conn.db.delete(routers).where(eq(routers.id, mine.id));
    const viaTls = await createRouter(conn.db, actorOf(b.ctx.owner), tlsInput);
    used.push(viaTls.id);
    const refusal = testRouterConnection(conn.db, actorOf(b.ctx.owner), { routerId: viaTls.id });
    await expect(refusal).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already registered in NetSphere") });
    await expect(refusal).rejects.not.toMatchObject({ message: expect.stringContaining("Tanauan") });
    const [refused] = await conn.db.select().from(routers).where(eq(routers.id, viaTls.id));
    expect(refused).toMatchObject({ deviceId: null, status: "offline", lastError: expect.stringContaining("already registered") });

    // Its reconcile reads who the device is first and stops there: nothing is added to the device.
    const plan = await insertPlan(conn.db, b.tenant.id, { name: "Fiber 50" });
    await insertSubscriber(conn.db, b.tenant.id, { planId: plan.id, routerId: viaTls.id, username: "intruder" });
    const run = await reconcileRouter(conn.db, { tenantId: b.tenant.id, routerId: viaTls.id, trigger: "manual" });
    expect(run).toMatchObject({ status: "failed", error: expect.stringContaining("already registered in NetSphere") });
    expect(findRowByName(sim.state, "ppp/secret", "intruder")).toBeUndefined();
    expect(findRowByName(sim.state, "ppp/profile", "ns-fiber-50")).toBeUndefined();
  });
});
