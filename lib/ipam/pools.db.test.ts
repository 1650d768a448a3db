/*
 * Pools on routers and with a fee: a pool names one of the ISP's routers (never another ISP's, never two pools of a
 * name on one router), its settings can be edited (audited), and the reconciler keeps the router's `/ip/pool` as the
 * address plan says: added before the profiles that name it, set when its range changes, removed when it leaves the
 * router, and a hand-made pool of the same name left alone.
 */
import { describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { databaseWithSimulators } from "@/tests/support/simulators";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { setStaticIp } from "@/lib/subscriptions/service";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { marker, markerOwner } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import { startSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import { dispatch } from "@/lib/routeros/simulator/dispatch";
import { createPoolAction, updatePoolAction } from "./actions/ipam";
import { createPrefix } from "./service";
import { createPool, deletePool, updatePool } from "./pools";
import { poolsOnRouter } from "./queries";
import { ipPools } from "./schema";

const testbed = databaseWithSimulators();

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => "accepted",
    (error: unknown) => (error instanceof AppError ? { code: error.code, fieldErrors: error.fieldErrors } : `crashed: ${String(error)}`),
  );

/** An ISP with a router on its own simulator, a CGNAT block and a public block. */
async function setup() {
  const sim = await startSimulator({ port: 0, username: "api", password: "s3cret" });
  testbed.sims.push(sim);
  const fixture = await createTenantFixture(testbed.conn.db);
  const tenantId = fixture.tenant.id;
  const actor = actorOf(fixture.ctx.owner);
  const router = await insertRouter(testbed.conn.db, tenantId, { port: sim.port, password: "s3cret", name: "Tower 1" });
  const cgnat = await createPrefix(testbed.conn.db, actor, { prefix: "100.64.0.0/22", status: "active", siteId: null, vlan: "", description: "" });
  const v6 = await createPrefix(testbed.conn.db, actor, { prefix: "2001:db8::/48", status: "active", siteId: null, vlan: "", description: "" });
  return { sim, fixture, tenantId, actor, router, cgnat, v6, ids: { tenantId, routerId: router.id } };
}

const poolRow = async (id: string) => (await testbed.conn.db.select().from(ipPools).where(eq(ipPools.id, id)))[0];

describe("a pool's router and fee", () => {
  it("adds a pool on one of the ISP's routers with its fee in pesos, audited", async () => {
    const env = await setup();
    const input = {
      prefixId: env.cgnat.id,
      name: "static-pool",
      range: "100.64.0.10-100.64.0.99",
      routerId: env.router.id,
      monthlyFee: "500",
      quarantineDays: "30",
      description: "",
    };
    const { id } = await executeAction(createPoolAction.definition, env.fixture.ctx.owner, input);
    expect(await poolRow(id)).toMatchObject({ routerId: env.router.id, monthlyFeeCentavos: 50_000 });
    const [entry] = await testbed.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, env.tenantId), eq(auditLog.entityId, id)));
    expect(entry).toMatchObject({
      action: "ipam.pool_created",
      after: expect.objectContaining({ routerId: env.router.id, monthlyFeeCentavos: 50_000 }),
    });
    // Blank is free; "Not on a router" is blank too.
    const free = await executeAction(createPoolAction.definition, env.fixture.ctx.owner, {
      ...input,
      name: "free-pool",
      range: "100.64.1.10-100.64.1.99",
      routerId: "",
      monthlyFee: "",
    });
    expect(await poolRow(free.id)).toMatchObject({ routerId: null, monthlyFeeCentavos: null });
  });

  it("refuses another ISP's router, a second pool of the name on the router, and a fee that is not an amount, with the field named", async () => {
    const env = await setup();
    const theirs = await setup();
    const input = {
      prefixId: env.cgnat.id,
      name: "static-pool",
      range: "100.64.0.10-100.64.0.99",
      routerId: theirs.router.id,
      monthlyFee: "",
      quarantineDays: "30",
      description: "",
    };
    expect(await refusal(executeAction(createPoolAction.definition, env.fixture.ctx.owner, input))).toEqual({
      code: "validation",
      fieldErrors: { routerId: ["Choose one of your routers."] },
    });
    expect(
      await refusal(
        executeAction(createPoolAction.definition, env.fixture.ctx.owner, { ...input, routerId: env.router.id, monthlyFee: "five hundred" }),
      ),
    ).toEqual({
      code: "validation",
      fieldErrors: { monthlyFee: ["An amount like 500.00 (at most 1,000,000.00), or blank for free."] },
    });
    await executeAction(createPoolAction.definition, env.fixture.ctx.owner, { ...input, routerId: env.router.id });
    // Another prefix may reuse the name, but not on the same router: its /ip/pool names are unique.
    const other = await createPrefix(testbed.conn.db, env.actor, { prefix: "100.64.4.0/22", status: "active", siteId: null, vlan: "", description: "" });
    expect(
      await refusal(
        executeAction(createPoolAction.definition, env.fixture.ctx.owner, {
          ...input,
          prefixId: other.id,
          range: "100.64.4.10-100.64.4.99",
          routerId: env.router.id,
        }),
      ),
    ).toEqual({
      code: "validation",
      fieldErrors: { routerId: ["This router already carries a pool named static-pool (100.64.0.10-100.64.0.99)."] },
    });
    expect(await testbed.conn.db.select().from(ipPools).where(eq(ipPools.tenantId, env.tenantId))).toHaveLength(1);
  });

  it("edits the range, router, fee, quarantine and notes, naming the routers to reconcile; never leaves an assigned address outside", async () => {
    const env = await setup();
    const plan = await insertPlan(testbed.conn.db, env.tenantId);
    const { subscription } = await insertSubscriber(testbed.conn.db, env.tenantId, { planId: plan.id, routerId: env.router.id, username: "ana" });
    const pool = await createPool(testbed.conn.db, env.actor, {
      prefixId: env.cgnat.id,
      name: "static-pool",
      range: "100.64.0.10-100.64.0.99",
      quarantineDays: 30,
      description: "",
    });
    await setStaticIp(testbed.conn.db, env.actor, { subscriptionId: subscription.id, staticIp: "100.64.0.50", poolId: null });
    const edit = {
      poolId: pool.id,
      range: "100.64.0.10-100.64.0.199",
      routerId: env.router.id,
      monthlyFee: "750.50",
      quarantineDays: "14",
      description: "Business statics",
    };
    await executeAction(updatePoolAction.definition, env.fixture.ctx.owner, edit);
    expect(await poolRow(pool.id)).toMatchObject({
      range: "100.64.0.10-100.64.0.199",
      routerId: env.router.id,
      monthlyFeeCentavos: 75_050,
      quarantineDays: 14,
      description: "Business statics",
    });
    const [entry] = await testbed.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, pool.id), eq(auditLog.action, "ipam.pool_updated")))
      .orderBy(desc(auditLog.createdAt));
    expect(entry).toMatchObject({
      before: expect.objectContaining({ routerId: null, monthlyFeeCentavos: null }),
      after: expect.objectContaining({ routerId: env.router.id, monthlyFeeCentavos: 75_050 }),
    });

    const parsed = (fields: Partial<typeof edit>) => updatePoolAction.definition.input.parse({ ...edit, ...fields });
    // Only the fee changes: no router to touch. The range changes: its router. Off the router: that router.
    expect(await updatePool(testbed.conn.db, env.actor, parsed({ monthlyFee: "800" }))).toEqual({ routersToReconcile: [] });
    expect(await updatePool(testbed.conn.db, env.actor, parsed({ range: "100.64.0.10-100.64.0.149" }))).toEqual({ routersToReconcile: [env.router.id] });
    expect(await refusal(updatePool(testbed.conn.db, env.actor, parsed({ range: "100.64.0.60-100.64.0.149" })))).toEqual({
      code: "validation",
      fieldErrors: { range: ["100.64.0.50 is assigned and would fall outside: move that subscriber first."] },
    });
    expect(await updatePool(testbed.conn.db, env.actor, parsed({ range: "100.64.0.10-100.64.0.149", routerId: "" }))).toEqual({
      routersToReconcile: [env.router.id],
    });
    const other = await setup();
    expect(await refusal(updatePool(testbed.conn.db, other.actor, parsed({})))).toMatchObject({ code: "not_found" });
  });
});

describe("pools on the router, through the reconciler", () => {
  it("adds the pool before the profile naming it, sets a changed range, leaves a hand-made pool of the same name, and removes ours when it leaves the router", async () => {
    const env = await setup();
    const owner = markerOwner(await installationId(testbed.conn.db), env.router.id);
    const plan = await insertPlan(testbed.conn.db, env.tenantId, { name: "Business", addressPool: "biz-pool" });
    await insertSubscriber(testbed.conn.db, env.tenantId, { planId: plan.id, routerId: env.router.id, username: "juan" });
    const pool = await createPool(testbed.conn.db, env.actor, {
      prefixId: env.cgnat.id,
      name: "biz-pool",
      range: "100.64.0.10-100.64.0.99",
      quarantineDays: 30,
      description: "",
      routerId: env.router.id,
    });
    // An IPv6 pool is kept in our records only.
    await createPool(testbed.conn.db, env.actor, {
      prefixId: env.v6.id,
      name: "v6-pool",
      range: "2001:db8::10-2001:db8::ff",
      quarantineDays: 30,
      description: "",
      routerId: env.router.id,
    });
    expect((await poolsOnRouter(testbed.conn.db, env.ids)).map((p) => p.name)).toEqual(["biz-pool"]);

    const first = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "manual" });
    expect(first.changes.map((c) => [c.action, c.menu, c.name, c.outcome])).toEqual([
      ["add", "ip/pool", "biz-pool", "applied"],
      ["add", "ppp/profile", "ns-business", "applied"],
      ["add", "ppp/secret", "juan", "applied"],
    ]);
    expect(findRowByName(env.sim.state, "ip/pool", "biz-pool")?.props).toMatchObject({
      ranges: "100.64.0.10-100.64.0.99",
      comment: marker(owner, "pool", pool.id),
    });
    expect(findRowByName(env.sim.state, "ppp/profile", "ns-business")?.props["remote-address"]).toBe("biz-pool");

    const edit = {
      poolId: pool.id,
      range: "100.64.0.10-100.64.1.254",
      routerId: env.router.id,
      monthlyFee: null,
      quarantineDays: 30,
      description: "",
    };
    await updatePool(testbed.conn.db, env.actor, edit);
    const second = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "change" });
    expect(second.changes.map((c) => [c.action, c.menu, c.name, c.outcome])).toEqual([["set", "ip/pool", "biz-pool", "applied"]]);
    expect(findRowByName(env.sim.state, "ip/pool", "biz-pool")?.props.ranges).toBe("100.64.0.10-100.64.1.254");

    // A pool staff made by hand on the router under a name the address plan also uses: reported, never overwritten.
    dispatch(env.sim.state, {
      command: "/ip/pool/add",
      attributes: { name: "dhcp-pool", ranges: "192.168.88.10-192.168.88.254" },
      api: {},
      queries: [],
    });
    const dhcp = await createPool(testbed.conn.db, env.actor, {
      prefixId: env.cgnat.id,
      name: "dhcp-pool",
      range: "100.64.2.10-100.64.2.99",
      quarantineDays: 30,
      description: "",
      routerId: env.router.id,
    });
    const third = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "change" });
    expect(third.changes.map((c) => [c.action, c.name, c.outcome])).toEqual([["conflict", "dhcp-pool", "skipped"]]);
    expect(findRowByName(env.sim.state, "ip/pool", "dhcp-pool")?.props.ranges).toBe("192.168.88.10-192.168.88.254");

    await deletePool(testbed.conn.db, env.actor, { poolId: dhcp.id });
    await updatePool(testbed.conn.db, env.actor, { ...edit, routerId: null });
    const fourth = await reconcileRouter(testbed.conn.db, { ...env.ids, trigger: "change" });
    expect(fourth.changes.map((c) => [c.action, c.menu, c.name, c.outcome])).toEqual([["remove", "ip/pool", "biz-pool", "applied"]]);
    expect(findRowByName(env.sim.state, "ip/pool", "biz-pool")).toBeUndefined();
    expect(findRowByName(env.sim.state, "ip/pool", "dhcp-pool")).toBeDefined();
  });
});
