/*
 * Adopt from router, address pools: the router's hand-made `/ip/pool` entries are listed with their prefix and any
 * problem; adopting one records it in IP management as carried by that router and marks the entry, after which the
 * reconciler owns it and has nothing to change. Overlapping, several-range and unreadable pools are refused, marked
 * pools are never offered, and another ISP cannot adopt through our router.
 */
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { databaseWithSimulators } from "@/tests/support/simulators";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { adoptPoolsFromRouterAction, previewAdoptionAction } from "@/lib/provisioning/actions/reconcile";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { marker, markerOwner } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import { createPrefix } from "@/lib/ipam/service";
import { createPool } from "@/lib/ipam/pools";
import { ipPools, ipPrefixes } from "@/lib/ipam/schema";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import { dispatch } from "@/lib/routeros/simulator/dispatch";

const testbed = databaseWithSimulators();

/** An ISP with a router on its own simulator and the CGNAT block 100.64.0.0/16 recorded. */
async function setup() {
  const sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  testbed.sims.push(sim);
  const fixture = await createTenantFixture(testbed.conn.db);
  const tenantId = fixture.tenant.id;
  const actor = actorOf(fixture.ctx.owner);
  const router = await insertRouter(testbed.conn.db, tenantId, { port: sim.port, password: "s3cret", name: "Tower 1" });
  const cgnat = await createPrefix(testbed.conn.db, actor, { prefix: "100.64.0.0/16", status: "active", siteId: null, vlan: "", description: "" });
  const owner = markerOwner(await installationId(testbed.conn.db), router.id);
  return { sim, fixture, tenantId, actor, router, cgnat, owner, ids: { tenantId, routerId: router.id } };
}

const addRouterPool = (sim: RunningSimulator, attributes: Record<string, string>) =>
  dispatch(sim.state, { command: "/ip/pool/add", attributes, api: {}, queries: [] });

const routerPool = (sim: RunningSimulator, name: string) => findRowByName(sim.state, "ip/pool", name)?.props;

const poolsOf = (tenantId: string) => testbed.conn.db.select().from(ipPools).where(eq(ipPools.tenantId, tenantId));

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => "accepted",
    (error: unknown) => (error instanceof AppError ? { code: error.code, message: error.message } : `crashed: ${String(error)}`),
  );

describe("adopting a router's address pools", () => {
  it("lists a hand-made pool with its prefix, adopts it as a pool this router carries with the entry marked, audited, and the next reconcile changes nothing", async () => {
    const env = await setup();
    addRouterPool(env.sim, { name: "overflow", ranges: "100.64.11.2-100.64.11.254" });
    addRouterPool(env.sim, { name: "pppoe-pool", ranges: "100.64.10.2-100.64.10.254", "next-pool": "overflow", comment: "Main PPPoE" });

    const preview = await executeAction(previewAdoptionAction.definition, env.fixture.ctx.support, { routerId: env.router.id });
    expect(preview.pools.find((p) => p.name === "pppoe-pool")).toEqual({
      name: "pppoe-pool",
      ranges: "100.64.10.2-100.64.10.254",
      nextPool: "overflow",
      comment: "Main PPPoE",
      prefix: "100.64.0.0/16",
      newPrefix: null,
      recordedPool: null,
      adoptAs: "new",
      problem: null,
    });

    const adopted = await executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.support, {
      routerId: env.router.id,
      pools: [{ name: "pppoe-pool", ranges: "100.64.10.2-100.64.10.254" }],
    });
    expect(adopted).toEqual({ adopted: 1, prefixesCreated: [] });
    const [pool] = await poolsOf(env.tenantId);
    expect(pool).toMatchObject({
      name: "pppoe-pool",
      range: "100.64.10.2-100.64.10.254",
      routerId: env.router.id,
      prefixId: env.cgnat.id,
      description: "Router comment: Main PPPoE; next pool on the router: overflow",
    });
    expect(routerPool(env.sim, "pppoe-pool")).toMatchObject({
      ranges: "100.64.10.2-100.64.10.254",
      "next-pool": "overflow",
      comment: marker(env.owner, "pool", pool.id),
    });
    const [entry] = await testbed.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, env.tenantId), eq(auditLog.entityId, pool.id)));
    expect(entry).toMatchObject({
      action: "ipam.pool_adopted",
      actorUserId: env.fixture.ctx.support.userId,
      after: expect.objectContaining({ routerId: env.router.id, routerEntry: expect.objectContaining({ name: "pppoe-pool" }) }),
    });

    const run = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "adopt" });
    expect(run.status).toBe("succeeded");
    expect(run.changes).toEqual([]);
    expect(run.summary).toMatchObject({ unchanged: 1 });
    // Once marked, it is no longer offered; the pool still by hand is.
    const again = await executeAction(previewAdoptionAction.definition, env.fixture.ctx.support, { routerId: env.router.id });
    expect(again.pools.map((p) => p.name)).toEqual(["overflow"]);
  });

  it("records the narrowest prefix holding a pool no recorded prefix holds, and writes a prefix-form range as ours with the same addresses", async () => {
    const env = await setup();
    addRouterPool(env.sim, { name: "lan-pool", ranges: "10.20.0.0/24" });
    const preview = await executeAction(previewAdoptionAction.definition, env.fixture.ctx.admin, { routerId: env.router.id });
    expect(preview.pools).toEqual([
      expect.objectContaining({ name: "lan-pool", prefix: null, newPrefix: "10.20.0.0/24", adoptAs: "new", problem: null }),
    ]);
    const adopted = await executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.admin, {
      routerId: env.router.id,
      pools: [{ name: "lan-pool", ranges: "10.20.0.0/24" }],
    });
    expect(adopted).toEqual({ adopted: 1, prefixesCreated: ["10.20.0.0/24"] });
    const [prefix] = await testbed.conn.db
      .select()
      .from(ipPrefixes)
      .where(and(eq(ipPrefixes.tenantId, env.tenantId), eq(ipPrefixes.prefix, "10.20.0.0/24")));
    expect(prefix.status).toBe("active");
    expect((await poolsOf(env.tenantId)).find((p) => p.name === "lan-pool")).toMatchObject({ prefixId: prefix.id, range: "10.20.0.0-10.20.0.255" });
    expect(routerPool(env.sim, "lan-pool")?.ranges).toBe("10.20.0.0-10.20.0.255");
    const run = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "adopt" });
    expect(run.changes).toEqual([]);
  });

  it("takes a pool retyped by hand as the entry's: the reconciler's conflict is gone and nothing changes", async () => {
    const env = await setup();
    addRouterPool(env.sim, { name: "biz-pool", ranges: "100.64.20.2-100.64.20.99" });
    const typed = await createPool(testbed.conn.db, env.actor, {
      prefixId: env.cgnat.id,
      name: "biz-pool",
      range: "100.64.20.2-100.64.20.99",
      quarantineDays: 30,
      description: "",
      routerId: env.router.id,
    });
    const before = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "manual", dryRun: true });
    expect(before.changes.map((c) => [c.action, c.name])).toEqual([["conflict", "biz-pool"]]);

    const preview = await executeAction(previewAdoptionAction.definition, env.fixture.ctx.owner, { routerId: env.router.id });
    expect(preview.pools).toEqual([
      expect.objectContaining({
        name: "biz-pool",
        adoptAs: "existing",
        recordedPool: { range: "100.64.20.2-100.64.20.99", carried: "this_router" },
        problem: null,
      }),
    ]);
    await executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.owner, {
      routerId: env.router.id,
      pools: [{ name: "biz-pool", ranges: "100.64.20.2-100.64.20.99" }],
    });
    expect(await poolsOf(env.tenantId)).toEqual([expect.objectContaining({ id: typed.id, routerId: env.router.id })]);
    expect(routerPool(env.sim, "biz-pool")?.comment).toBe(marker(env.owner, "pool", typed.id));
    const after = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "adopt" });
    expect(after.changes).toEqual([]);
  });

  it("lists overlapping, several-range and unreadable pools with the reason and refuses to adopt them, writing nothing", async () => {
    const env = await setup();
    await createPool(testbed.conn.db, env.actor, {
      prefixId: env.cgnat.id,
      name: "static-pool",
      range: "100.64.30.10-100.64.30.99",
      quarantineDays: 30,
      description: "",
    });
    addRouterPool(env.sim, { name: "pppoe-pool", ranges: "100.64.30.2-100.64.30.254" });
    addRouterPool(env.sim, { name: "split-pool", ranges: "100.64.40.2-100.64.40.99,100.64.41.2-100.64.41.99" });
    addRouterPool(env.sim, { name: "odd-pool", ranges: "100.64.50.9/24" });

    const preview = await executeAction(previewAdoptionAction.definition, env.fixture.ctx.admin, { routerId: env.router.id });
    const problemOf = (name: string) => preview.pools.find((p) => p.name === name)?.problem;
    expect(problemOf("pppoe-pool")).toBe("It overlaps our pool static-pool (100.64.30.10-100.64.30.99).");
    expect(problemOf("split-pool")).toMatch(/^It has 2 ranges; a NetSphere pool holds one/);
    expect(problemOf("odd-pool")).toMatch(/^Its range "100\.64\.50\.9\/24" can't be read: Host bits are set/);
    expect(preview.pools.every((p) => p.adoptAs === null)).toBe(true);

    for (const pool of [
      { name: "pppoe-pool", ranges: "100.64.30.2-100.64.30.254" },
      { name: "split-pool", ranges: "100.64.40.2-100.64.40.99,100.64.41.2-100.64.41.99" },
    ]) {
      const outcome = await refusal(
        executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.admin, { routerId: env.router.id, pools: [pool] }),
      );
      expect(outcome).toMatchObject({ code: "validation", message: expect.stringContaining(`${pool.name}: It `) });
    }
    expect((await poolsOf(env.tenantId)).map((p) => p.name)).toEqual(["static-pool"]);
    expect(routerPool(env.sim, "pppoe-pool")?.comment).toBeUndefined();
  });

  it("never offers a pool carrying a NetSphere marker, of any installation, and refuses one changed since the preview", async () => {
    const env = await setup();
    addRouterPool(env.sim, { name: "theirs", ranges: "100.64.60.2-100.64.60.254", comment: "netsphere:otherinstall:0badc0de:pool:42" });
    addRouterPool(env.sim, { name: "mine", ranges: "100.64.61.2-100.64.61.254" });
    const preview = await executeAction(previewAdoptionAction.definition, env.fixture.ctx.admin, { routerId: env.router.id });
    expect(preview.pools.map((p) => p.name)).toEqual(["mine"]);
    expect(
      await refusal(
        executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.admin, {
          routerId: env.router.id,
          pools: [{ name: "theirs", ranges: "100.64.60.2-100.64.60.254" }],
        }),
      ),
    ).toMatchObject({ code: "conflict", message: expect.stringContaining("changed on the router since the preview: theirs") });
    expect(
      await refusal(
        executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.admin, {
          routerId: env.router.id,
          pools: [{ name: "mine", ranges: "100.64.61.2-100.64.61.100" }],
        }),
      ),
    ).toMatchObject({ code: "conflict" });
    expect(await poolsOf(env.tenantId)).toEqual([]);
  });

  it("another ISP's staff can neither read nor adopt our router's pools, and staff without reconcile rights cannot adopt", async () => {
    const env = await setup();
    const other = await setup();
    addRouterPool(env.sim, { name: "pppoe-pool", ranges: "100.64.10.2-100.64.10.254" });
    const input = { routerId: env.router.id, pools: [{ name: "pppoe-pool", ranges: "100.64.10.2-100.64.10.254" }] };
    expect(await refusal(executeAction(previewAdoptionAction.definition, other.fixture.ctx.owner, { routerId: env.router.id }))).toMatchObject({
      code: "not_found",
    });
    expect(await refusal(executeAction(adoptPoolsFromRouterAction.definition, other.fixture.ctx.owner, input))).toMatchObject({ code: "not_found" });
    expect(await refusal(executeAction(adoptPoolsFromRouterAction.definition, env.fixture.ctx.technician, input))).toMatchObject({
      code: "forbidden",
    });
    expect(await poolsOf(env.tenantId)).toEqual([]);
    expect(await poolsOf(other.tenantId)).toEqual([]);
    expect(routerPool(env.sim, "pppoe-pool")?.comment).toBeUndefined();
  });
});
