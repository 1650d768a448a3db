import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog } from "@/lib/audit/schema";
import { reconcileRuns } from "@/lib/provisioning/schema";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { subscriptions } from "@/lib/subscriptions/schema";
import { addDays, todayIn } from "@/lib/core/calendar";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const listRoute = await import("@/app/api/v1/subscriptions/route");
const oneRoute = await import("@/app/api/v1/subscriptions/[id]/route");
const suspendRoute = await import("@/app/api/v1/subscriptions/[id]/suspend/route");
const reactivateRoute = await import("@/app/api/v1/subscriptions/[id]/reactivate/route");
const changePlanRoute = await import("@/app/api/v1/subscriptions/[id]/change-plan/route");
const terminateRoute = await import("@/app/api/v1/subscriptions/[id]/terminate/route");
const activateRoute = await import("@/app/api/v1/subscriptions/[id]/activate/route");

type Fixture = Awaited<ReturnType<typeof createTenantFixture>>;
let sim: RunningSimulator;
let isp: Fixture;
let other: Fixture;
let plan: Awaited<ReturnType<typeof insertPlan>>;
let fasterPlan: Awaited<ReturnType<typeof insertPlan>>;
let router: Awaited<ReturnType<typeof insertRouter>>;
let theirs: { planId: string; customerId: string; subscriptionId: string };
let reader: string;
let writer: string;
const subscribers: Awaited<ReturnType<typeof insertSubscriber>>[] = [];

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret" });
  isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  other = await createTenantFixture(conn.db, { name: "Other ISP" });
  plan = await insertPlan(conn.db, isp.tenant.id, { name: "Fiber 50" });
  fasterPlan = await insertPlan(conn.db, isp.tenant.id, { name: "Fiber 100", downloadKbps: 100_000, priceCentavos: 199_900 });
  router = await insertRouter(conn.db, isp.tenant.id, { port: sim.port, password: "s3cret", name: "Core-1" });
  for (const username of ["ana", "ben", "cora", "dado", "elma"]) subscribers.push(await insertSubscriber(conn.db, isp.tenant.id, { planId: plan.id, routerId: router.id, username }));
  const theirPlan = await insertPlan(conn.db, other.tenant.id);
  const theirRouter = await insertRouter(conn.db, other.tenant.id, { port: 1, password: "x" });
  const theirSub = await insertSubscriber(conn.db, other.tenant.id, { planId: theirPlan.id, routerId: theirRouter.id, username: "theirs" });
  theirs = { planId: theirPlan.id, customerId: theirSub.customer.id, subscriptionId: theirSub.subscription.id };
  reader = (await apiKeyFor(conn.db, isp.tenant.id, ["subscriptions:read"])).key;
  writer = (await apiKeyFor(conn.db, isp.tenant.id, ["subscriptions:write"], { name: "Billing system" })).key;
});
afterAll(async () => {
  await sim?.stop();
  await conn?.close();
});

const path = (id: string, action = "") => ({ path: `/subscriptions/${id}${action}`, params: { id } });
const countOf = async (tenantId: string) =>
  (await conn.db.select({ n: sql<number>`count(*)::int` }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId)))[0].n;
const today = () => todayIn("Asia/Manila");

describe("reading subscriptions", () => {
  it("pages by cursor without repeats, and never answers the service password", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await callApi(listRoute.GET, { path: `/subscriptions?limit=2&sort=username${cursor ? `&cursor=${cursor}` : ""}`, key: reader });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((s: { username: string }) => s.username));
      cursor = page.body.nextCursor;
      pages++;
      expect(JSON.stringify(page.body)).not.toMatch(/password|pw-/i);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["ana", "ben", "cora", "dado", "elma"]);
  });

  it("filters by customer, status, plan and router", async () => {
    const first = subscribers[0];
    const byCustomer = await callApi(listRoute.GET, { path: `/subscriptions?customerId=${first.customer.id}`, key: reader });
    expect(byCustomer.body.data.map((s: { id: string }) => s.id)).toEqual([first.subscription.id]);
    expect((await callApi(listRoute.GET, { path: `/subscriptions?planId=${plan.id}&limit=100`, key: reader })).body.data).toHaveLength(5);
    expect((await callApi(listRoute.GET, { path: `/subscriptions?planId=${fasterPlan.id}`, key: reader })).body.data).toHaveLength(0);
    expect((await callApi(listRoute.GET, { path: `/subscriptions?routerId=${router.id}&status=terminated`, key: reader })).body.data).toHaveLength(0);
    // Another ISP's ids as filters find nothing of theirs.
    expect((await callApi(listRoute.GET, { path: `/subscriptions?customerId=${theirs.customerId}`, key: reader })).body.data).toEqual([]);
    const bad = await callApi(listRoute.GET, { path: "/subscriptions?status=sleeping&planId=nope", key: reader });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["planId", "status"]);
  });

  it("reads one, and another ISP's subscription is a 404", async () => {
    const { subscription, customer } = subscribers[1];
    const one = await callApi(oneRoute.GET, { ...path(subscription.id), key: reader });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: subscription.id, customerId: customer.id, planId: plan.id, routerId: router.id, username: "ben", status: "active" });
    expect(one.body).not.toHaveProperty("passwordEncrypted");
    expect((await callApi(oneRoute.GET, { ...path(theirs.subscriptionId), key: reader })).status).toBe(404);
  });
});

describe("creating a subscription", () => {
  it("adds it to the customer through the customers room: username from the account number, audited as the key", async () => {
    const customer = subscribers[2].customer;
    const created = await callApi(listRoute.POST, { path: "/subscriptions", key: writer, body: { customerId: customer.id, planId: fasterPlan.id, startDate: today(), password: "secret-pw-1" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ customerId: customer.id, planId: fasterPlan.id, routerId: null, status: "active", startDate: today() });
    expect(created.body.username).toBe(customer.accountNumber.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""));
    expect(JSON.stringify(created.body)).not.toContain("secret-pw-1");
    const [entry] = await conn.db.select().from(auditLog).where(and(eq(auditLog.action, "subscription.created"), eq(auditLog.entityId, created.body.id)));
    expect(entry.actorLabel).toBe("API key “Billing system”");
  });

  it("refuses another ISP's customer or plan (404) and a bad body (422), creating nothing", async () => {
    const before = await countOf(isp.tenant.id);
    const theirCustomer = await callApi(listRoute.POST, { path: "/subscriptions", key: writer, body: { customerId: theirs.customerId, planId: plan.id, startDate: today() } });
    expect(theirCustomer.status).toBe(404);
    const theirPlan = await callApi(listRoute.POST, {
      path: "/subscriptions",
      key: writer,
      body: { customerId: subscribers[0].customer.id, planId: theirs.planId, startDate: today() },
    });
    expect(theirPlan.status).toBe(404);
    expect(theirPlan.body.errors).toEqual([expect.objectContaining({ field: "planId" })]);
    const bad = await callApi(listRoute.POST, { path: "/subscriptions", key: writer, body: { customerId: subscribers[0].customer.id, startDate: "soon", status: "terminated" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["planId", "startDate", "status"]);
    expect(await countOf(isp.tenant.id)).toBe(before);
    const readOnly = await callApi(listRoute.POST, { path: "/subscriptions", key: reader, body: { customerId: subscribers[0].customer.id, planId: plan.id, startDate: today() } });
    expect(readOnly.status).toBe(403);
  });
});

describe("moving a subscription through its lifecycle", () => {
  it("suspends onto the isolation profile with the router's answer, refuses a second suspension (409), and reactivates", async () => {
    const { subscription } = subscribers[3];
    await reconcileRouter(conn.db, { tenantId: isp.tenant.id, routerId: router.id, trigger: "manual" });
    expect(findRowByName(sim.state, "ppp/secret", "dado")?.props.profile).toBe("ns-fiber-50");

    const suspended = await callApi(suspendRoute.POST, { ...path(subscription.id, "/suspend"), key: writer, body: { reason: "Unpaid November" } });
    expect(suspended.status).toBe(200);
    expect(suspended.body.subscription).toMatchObject({ id: subscription.id, status: "suspended", suspendedReason: "Unpaid November", suspensionSource: "manual" });
    expect(suspended.body.routers).toEqual([{ routerId: router.id, routerName: "Core-1", status: "applied", message: "Applied on Core-1." }]);
    expect(findRowByName(sim.state, "ppp/secret", "dado")?.props.profile).toBe("netsphere-isolir");
    const runs = await conn.db.select().from(reconcileRuns).where(and(eq(reconcileRuns.routerId, router.id), eq(reconcileRuns.trigger, "suspension")));
    expect(runs).toHaveLength(1);

    const again = await callApi(suspendRoute.POST, { ...path(subscription.id, "/suspend"), key: writer, body: { reason: "Twice" } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe("This subscription is already suspended.");

    const back = await callApi(reactivateRoute.POST, { ...path(subscription.id, "/reactivate"), key: writer });
    expect(back.status).toBe(200);
    expect(back.body.subscription.status).toBe("active");
    expect(back.body.routers[0].status).toBe("applied");
    expect(findRowByName(sim.state, "ppp/secret", "dado")?.props.profile).toBe("ns-fiber-50");
    const notSuspended = await callApi(reactivateRoute.POST, { ...path(subscription.id, "/reactivate"), key: writer, body: { reason: "Again" } });
    expect(notSuspended.status).toBe(409);
    expect(notSuspended.body.detail).toMatch(/Only a suspended subscription can be reactivated; this one is active/);
  });

  it("suspending another ISP's subscription is a 404 and changes nothing; a short reason is a 422", async () => {
    const refused = await callApi(suspendRoute.POST, { ...path(theirs.subscriptionId, "/suspend"), key: writer, body: { reason: "Not yours" } });
    expect(refused.status).toBe(404);
    const [row] = await conn.db.select({ status: subscriptions.status }).from(subscriptions).where(eq(subscriptions.id, theirs.subscriptionId));
    expect(row.status).toBe("active");
    const short = await callApi(suspendRoute.POST, { ...path(subscribers[4].subscription.id, "/suspend"), key: writer, body: { reason: "x" } });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].field).toBe("reason");
  });

  it("changes the plan through billing's plan change; another ISP's plan is a 404 and the plan stays", async () => {
    const created = await callApi(listRoute.POST, { path: "/subscriptions", key: writer, body: { customerId: subscribers[4].customer.id, planId: plan.id, startDate: today() } });
    const id = created.body.id;
    const foreign = await callApi(changePlanRoute.POST, { ...path(id, "/change-plan"), key: writer, body: { planId: theirs.planId } });
    expect(foreign.status).toBe(404);
    expect((await callApi(oneRoute.GET, { ...path(id), key: reader })).body.planId).toBe(plan.id);

    const changed = await callApi(changePlanRoute.POST, { ...path(id, "/change-plan"), key: writer, body: { planId: fasterPlan.id } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ subscription: { id, planId: fasterPlan.id }, currency: "PHP" });
    const same = await callApi(changePlanRoute.POST, { ...path(id, "/change-plan"), key: writer, body: { planId: fasterPlan.id } });
    expect(same.status).toBe(422);
    expect(same.body.errors[0]).toEqual({ field: "planId", message: "Already on this plan" });
  });

  it("activates a pending subscription: service and billing start today, the router gets the account, a second activation is a 409", async () => {
    const planned = addDays(today(), -6);
    const created = await callApi(listRoute.POST, {
      path: "/subscriptions",
      key: writer,
      body: { customerId: subscribers[1].customer.id, planId: plan.id, routerId: router.id, startDate: planned, status: "pending", username: "ben-2" },
    });
    expect(created.body).toMatchObject({ status: "pending", startDate: planned });
    const id = created.body.id;
    await reconcileRouter(conn.db, { tenantId: isp.tenant.id, routerId: router.id, trigger: "manual" });
    expect(findRowByName(sim.state, "ppp/secret", "ben-2")).toBeUndefined();

    expect((await callApi(activateRoute.POST, { ...path(id, "/activate"), key: reader })).status).toBe(403);
    const activated = await callApi(activateRoute.POST, { ...path(id, "/activate"), key: writer, body: { reason: "ONU installed" } });
    expect(activated.status).toBe(200);
    expect(activated.body.subscription).toMatchObject({ id, status: "active", startDate: today(), provisionState: "pending" });
    const [entry] = await conn.db.select().from(auditLog).where(and(eq(auditLog.action, "subscription.activated"), eq(auditLog.entityId, id)));
    expect(entry.after).toMatchObject({ status: "active", startDate: today(), note: "ONU installed" });
    await reconcileRouter(conn.db, { tenantId: isp.tenant.id, routerId: router.id, trigger: "manual" });
    expect(findRowByName(sim.state, "ppp/secret", "ben-2")?.props.profile).toBe("ns-fiber-50");

    const twice = await callApi(activateRoute.POST, { ...path(id, "/activate"), key: writer });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe("Only a pending subscription can be activated; this one is active.");
    expect((await callApi(activateRoute.POST, { ...path(theirs.subscriptionId, "/activate"), key: writer })).status).toBe(404);
  });

  it("terminates once; a second termination and any move after it are 409s", async () => {
    const created = await callApi(listRoute.POST, { path: "/subscriptions", key: writer, body: { customerId: subscribers[0].customer.id, planId: plan.id, startDate: today() } });
    const id = created.body.id;
    const ended = await callApi(terminateRoute.POST, { ...path(id, "/terminate"), key: writer, body: { reason: "Moved to Cebu" } });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ subscription: { id, status: "terminated", endDate: today() }, creditNoteNumber: null, creditCentavos: 0 });
    const twice = await callApi(terminateRoute.POST, { ...path(id, "/terminate"), key: writer, body: { reason: "Again" } });
    expect(twice.status).toBe(409);
    expect((await callApi(changePlanRoute.POST, { ...path(id, "/change-plan"), key: writer, body: { planId: fasterPlan.id } })).status).toBe(409);
    expect((await callApi(suspendRoute.POST, { ...path(id, "/suspend"), key: writer, body: { reason: "Late" } })).status).toBe(409);
  });
});
