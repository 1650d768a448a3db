import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { executeAction } from "@/lib/core/action";
import { addSubscriptionAction } from "@/lib/customers/actions/save-customer";
import { reactivateServiceAction, suspendServiceAction } from "@/lib/provisioning/actions/suspension";
import { adoptFromRouterAction, previewAdoptionAction, reconcileRouterAction } from "@/lib/provisioning/actions/reconcile";
import { drainReconciles } from "@/lib/provisioning/trigger";
import { saveIsolationSettingsAction } from "@/lib/provisioning/actions/settings";
import { tenants } from "@/lib/tenants/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { customers } from "@/lib/customers/schema";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { allocateId, findRowByName, insertRow } from "@/lib/routeros/simulator/router-state";
import { marker, markerOwner } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
/** The router of the latest setup(): each tenant's router is its own device (one record per device). */
let sim: RunningSimulator;
const sims: RunningSimulator[] = [];
beforeAll(async () => {
  conn = await createTestDatabase();
  process.env.RECONCILE_ON_CHANGE = "true";
});
afterAll(async () => {
  process.env.RECONCILE_ON_CHANGE = "false";
  await drainReconciles();
  await Promise.all(sims.map((s) => s.stop()));
  await conn?.close();
});

async function setup() {
  const { tenant, ctx } = await createTenantFixture(conn.db);
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  sims.push(sim);
  const router = await insertRouter(conn.db, tenant.id, { port: sim.port, password: "s3cret" });
  const plan = await insertPlan(conn.db, tenant.id, { name: `Fiber ${tenant.id.slice(0, 6)}` });
  return { tenant, ctx, router, plan };
}

async function waitFor<T>(probe: () => T | undefined, ms: number): Promise<{ value: T | undefined; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() - started > ms) return { value, elapsed: Date.now() - started };
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("provisioning actions", () => {
  it("activating a subscriber provisions the secret on the router within seconds", async () => {
    const { tenant, ctx, router, plan } = await setup();
    const [customer] = await conn.db.insert(customers).values({ tenantId: tenant.id, accountNumber: "ACC-77", name: "Ana" }).returning();
    await executeAction(addSubscriptionAction.definition, ctx.support, {
      customerId: customer.id,
      subscription: { planId: plan.id, routerId: router.id, username: "ana77", startDate: "2026-11-25", status: "active" },
    });
    const { value, elapsed } = await waitFor(() => findRowByName(sim.state, "ppp/secret", "ana77"), 5000);
    expect(value?.props.comment).toMatch(/^netsphere:[a-z0-9]+:[0-9a-f]{8}:sub:/);
    expect(elapsed).toBeLessThan(5000);
    await drainReconciles();
    const [sub] = await conn.db.select().from(subscriptions).where(eq(subscriptions.customerId, customer.id));
    expect(sub.provisionState).toBe("synced");
  });

  it("bulk suspension needs a reason and the confirmed count, and technicians may not suspend", async () => {
    const { tenant, ctx, router, plan } = await setup();
    const a = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: `bulk-a-${tenant.id.slice(0, 4)}` });
    const b = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: `bulk-b-${tenant.id.slice(0, 4)}` });
    const customerIds = [a.customer.id, b.customer.id];
    await expect(executeAction(suspendServiceAction.definition, ctx.technician, { customerIds, reason: "Unpaid" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(executeAction(suspendServiceAction.definition, ctx.billing, { customerIds, reason: "" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { reason: [expect.stringContaining("reason")] },
    });
    await expect(
      executeAction(suspendServiceAction.definition, ctx.billing, { customerIds, reason: "Unpaid", confirmCount: 3 }),
    ).rejects.toMatchObject({ code: "validation" });
    const untouched = await conn.db.select().from(subscriptions).where(eq(subscriptions.tenantId, tenant.id));
    expect(untouched.every((s) => s.status === "active")).toBe(true);

    const result = await executeAction(suspendServiceAction.definition, ctx.billing, { customerIds, reason: "Unpaid", confirmCount: 2 });
    expect(result.changed).toBe(2);
    const suspended = await conn.db.select().from(customers).where(eq(customers.tenantId, tenant.id));
    expect(suspended.map((c) => c.status)).toEqual(["suspended", "suspended"]);
    const back = await executeAction(reactivateServiceAction.definition, ctx.support, {
      subscriptionIds: [a.subscription.id],
      reason: "Paid at the office",
    });
    expect(back).toMatchObject({ changed: 1, routers: [expect.objectContaining({ status: "applied" })] });
    expect(findRowByName(sim.state, "ppp/secret", a.subscription.username)?.props.profile).toMatch(/^ns-fiber/);
  });

  it("another tenant's subscriptions are refused by suspension and not touched", async () => {
    const one = await setup();
    const other = await setup();
    const theirs = await insertSubscriber(conn.db, other.tenant.id, {
      planId: other.plan.id,
      routerId: other.router.id,
      username: `iso-${other.tenant.id.slice(0, 6)}`,
    });
    await expect(
      executeAction(suspendServiceAction.definition, one.ctx.owner, { subscriptionIds: [theirs.subscription.id], reason: "Trying" }),
    ).rejects.toMatchObject({ code: "not_found" });
    const [row] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, theirs.subscription.id));
    expect(row.status).toBe("active");
  });

  it("adopts accounts found on the router: preview with a suggested plan, then customers created and entries marked", async () => {
    const { tenant, ctx, router, plan } = await setup();
    insertRow(sim.state, "ppp/profile", { id: allocateId(sim.state), props: { name: "PLAN-50M", "rate-limit": "25M/50M", default: "false" } });
    insertRow(sim.state, "ppp/secret", {
      id: allocateId(sim.state),
      props: { name: "lolo.ramos", password: "oldpass1", profile: "PLAN-50M", service: "pppoe", comment: "Lolo Ramos, Purok 3", disabled: "false" },
    });
    insertRow(sim.state, "ppp/secret", {
      id: allocateId(sim.state),
      props: { name: "BadName", password: "x", profile: "default", service: "any", comment: "", disabled: "false" },
    });
    const preview = await executeAction(previewAdoptionAction.definition, ctx.admin, { routerId: router.id });
    expect(preview.accounts.find((c) => c.name === "lolo.ramos")).toMatchObject({ suggestedPlanId: plan.id, problem: null, comment: "Lolo Ramos, Purok 3" });
    expect(preview.accounts.find((c) => c.name === "BadName")?.problem).toMatch(/rename/);

    const adopted = await executeAction(adoptFromRouterAction.definition, ctx.admin, {
      routerId: router.id,
      items: [{ name: "lolo.ramos", kind: "pppoe", planId: plan.id, customerName: "Lolo Ramos" }],
    });
    expect(adopted.adopted).toBe(1);
    await drainReconciles();
    const [sub] = await conn.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.username, "lolo.ramos")));
    expect(sub.provisionState).toBe("synced");
    const entry = findRowByName(sim.state, "ppp/secret", "lolo.ramos")!.props;
    expect(entry).toMatchObject({ comment: marker(markerOwner(await installationId(conn.db), router.id), "sub", sub.id), password: "oldpass1" });
    // The next reconcile owns it: the plan's profile replaces the hand-made one.
    const run = await executeAction(reconcileRouterAction.definition, ctx.admin, { routerId: router.id, dryRun: false });
    expect(run.status).toBe("succeeded");
    expect(findRowByName(sim.state, "ppp/secret", "lolo.ramos")!.props.profile).toMatch(/^ns-fiber/);
  });

  it("isolation settings: RouterOS-style values only, saved with an audit entry, and suspension follows them", async () => {
    const { tenant, ctx, router, plan } = await setup();
    await expect(
      executeAction(saveIsolationSettingsAction.definition, ctx.owner, {
        isolationMode: "both",
        isolationProfile: "has space",
        isolationAddressList: "isolir",
        isolationRateLimit: "fast",
      }),
    ).rejects.toMatchObject({ fieldErrors: { isolationProfile: [expect.any(String)], isolationRateLimit: [expect.stringContaining("256k/256k")] } });
    await expect(
      executeAction(saveIsolationSettingsAction.definition, ctx.support, {
        isolationMode: "both",
        isolationProfile: "isolir",
        isolationAddressList: "isolir",
        isolationRateLimit: "1M/1M",
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await executeAction(saveIsolationSettingsAction.definition, ctx.owner, {
      isolationMode: "profile",
      isolationProfile: "unpaid",
      isolationAddressList: "unpaid-list",
      isolationRateLimit: "1M/1M",
    });
    const [row] = await conn.db.select().from(tenants).where(eq(tenants.id, tenant.id));
    expect(row).toMatchObject({ isolationMode: "profile", isolationProfile: "unpaid", isolationRateLimit: "1M/1M" });
    const sub = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: `iso-set-${tenant.id.slice(0, 4)}` });
    await executeAction(suspendServiceAction.definition, ctx.owner, { subscriptionIds: [sub.subscription.id], reason: "Testing isolation" });
    // The settings change queued a reconcile of the router; suspension applies now or right after it.
    await drainReconciles();
    expect(findRowByName(sim.state, "ppp/secret", sub.subscription.username)?.props.profile).toBe("unpaid");
    expect(findRowByName(sim.state, "ppp/profile", "unpaid")?.props["rate-limit"]).toBe("1M/1M");
  });
});
