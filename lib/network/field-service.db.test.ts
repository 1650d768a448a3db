import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { auditLog } from "@/lib/audit/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { executeAction } from "@/lib/core/action";
import { decryptSecret } from "@/lib/core/crypto";
import { releaseRouter } from "@/lib/routers/access";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { connectSession } from "@/lib/routeros/simulator/ppp-sessions";
import { findRowByName } from "@/lib/routeros/simulator/router-state";
import { subscriberStatus } from "@/lib/network/subscriber-status";
import { changeMacBindingAction, kickSubscriberAction, reprovisionAction, resetServicePasswordAction } from "@/lib/network/actions/field";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let routerId: string;
let subscriptionId: string;
let customerId: string;
let deadRouterId: string;
let deadSubscriptionId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.16.1" });
  fixture = await createTenantFixture(conn.db);
  const tenantId = fixture.tenant.id;
  const router = await insertRouter(conn.db, tenantId, { port: sim.port, password: "s3cret", name: "Lipa-CCR1" });
  routerId = router.id;
  const plan = await insertPlan(conn.db, tenantId);
  const { customer, subscription } = await insertSubscriber(conn.db, tenantId, { planId: plan.id, routerId, username: "alice" });
  customerId = customer.id;
  subscriptionId = subscription.id;
  await reconcileRouter(conn.db, { tenantId, routerId, trigger: "manual" });
  expect(
    connectSession(sim.state, "alice", {
      callerId: "4C:5E:0C:00:00:01",
      address: "10.10.0.5",
      downloadBytesPerSecond: 1_250_000,
      uploadBytesPerSecond: 250_000,
    }),
  ).toMatchObject({ ok: true });
  // A router nobody answers on: port 1 on loopback refuses connections at once.
  const dead = await insertRouter(conn.db, tenantId, { port: 1, password: "x", name: "Down-CCR9" });
  deadRouterId = dead.id;
  deadSubscriptionId = (await insertSubscriber(conn.db, tenantId, { planId: plan.id, routerId: dead.id, username: "bob" })).subscription.id;
});
afterAll(async () => {
  await releaseRouter(routerId);
  await releaseRouter(deadRouterId);
  await sim?.stop();
  await conn?.close();
});

const audits = (action: string) =>
  conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, fixture.tenant.id), eq(auditLog.action, action)));
const secret = (name: string) => findRowByName(sim.state, "ppp/secret", name)?.props ?? {};
const subscription = async () => (await conn.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)))[0];

describe("a subscriber's live status", () => {
  it("reads the session from the router: online, address, CPE MAC, uptime and current rates", async () => {
    const status = await subscriberStatus(conn.db, { tenantId: fixture.tenant.id, subscriptionId });
    expect(status).toMatchObject({ state: "online", username: "alice", service: "ppp", routerName: "Lipa-CCR1", message: null });
    expect(status.session).toMatchObject({ address: "10.10.0.5", macAddress: "4C:5E:0C:00:00:01" });
    expect(status.session?.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(status.session?.downloadBps).toBe(10_000_000);
    expect(status.session?.uploadBps).toBe(2_000_000);
  });

  it("reports a router that does not answer instead of failing", async () => {
    const status = await subscriberStatus(conn.db, { tenantId: fixture.tenant.id, subscriptionId: deadSubscriptionId });
    expect(status.state).toBe("unreachable");
    expect(status.message).toMatch(/connect/i);
  });

  it("reads another tenant's subscription as not found", async () => {
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    await expect(subscriberStatus(conn.db, { tenantId: other.tenant.id, subscriptionId })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(kickSubscriberAction.definition, other.ctx.technician, { subscriptionId })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("field changes by a technician", () => {
  it("kicks the session: the subscriber goes offline with a disconnect reason, audited on the customer", async () => {
    const outcome = await executeAction(kickSubscriberAction.definition, fixture.ctx.technician, { subscriptionId });
    expect(outcome).toEqual({ removed: 1, alreadyGone: false });
    const status = await subscriberStatus(conn.db, { tenantId: fixture.tenant.id, subscriptionId });
    expect(status.state).toBe("offline");
    expect(status.lastDisconnect).toMatchObject({ callerId: "4C:5E:0C:00:00:01" });
    expect(status.lastDisconnect?.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const [audit] = await audits("router.session_kicked");
    expect(audit).toMatchObject({ customerId, actorUserId: fixture.ctx.technician.userId });
  });

  it("binds the MAC (normalised) and the router follows; a malformed MAC changes nothing", async () => {
    await expect(
      executeAction(changeMacBindingAction.definition, fixture.ctx.technician, { subscriptionId, macAddress: "not-a-mac" }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { macAddress: [expect.stringMatching(/MAC address/)] } });
    expect((await subscription()).macAddress).toBeNull();
    const result = await executeAction(changeMacBindingAction.definition, fixture.ctx.technician, {
      subscriptionId,
      macAddress: "4c-5e-0c-aa-bb-cc",
    });
    expect(result).toEqual({ macAddress: "4C:5E:0C:AA:BB:CC", changed: true });
    await reconcileRouter(conn.db, { tenantId: fixture.tenant.id, routerId, trigger: "change" });
    expect(secret("alice")["caller-id"]).toBe("4C:5E:0C:AA:BB:CC");
    const [audit] = await audits("subscription.mac_binding_changed");
    expect(audit).toMatchObject({ customerId, before: { macAddress: null }, after: { macAddress: "4C:5E:0C:AA:BB:CC" } });
    // Empty unbinds.
    await executeAction(changeMacBindingAction.definition, fixture.ctx.technician, { subscriptionId, macAddress: "" });
    await reconcileRouter(conn.db, { tenantId: fixture.tenant.id, routerId, trigger: "change" });
    expect(secret("alice")["caller-id"] ?? "").toBe("");
  });

  it("sets a new service password, shown once and never written to the audit log", async () => {
    const { password } = await executeAction(resetServicePasswordAction.definition, fixture.ctx.technician, { subscriptionId, password: "" });
    expect(password).toMatch(/^\S{10}$/);
    expect(decryptSecret((await subscription()).passwordEncrypted)).toBe(password);
    await reconcileRouter(conn.db, { tenantId: fixture.tenant.id, routerId, trigger: "change" });
    expect(secret("alice").password).toBe(password);
    const chosen = await executeAction(resetServicePasswordAction.definition, fixture.ctx.technician, { subscriptionId, password: "Field-2026" });
    expect(chosen.password).toBe("Field-2026");
    const rows = await audits("subscription.password_reset");
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(password);
    expect(JSON.stringify(rows)).not.toContain("Field-2026");
    await expect(
      executeAction(resetServicePasswordAction.definition, fixture.ctx.technician, { subscriptionId, password: "has space" }),
    ).rejects.toMatchObject({ code: "validation" });
  });

  it("re-provisions now and answers with the subscription's state on the router", async () => {
    findRowByName(sim.state, "ppp/secret", "alice")!.props.profile = "default";
    const result = await executeAction(reprovisionAction.definition, fixture.ctx.technician, { subscriptionId });
    expect(result).toEqual({ provisionState: "synced", provisionError: null, routerError: null });
    expect(secret("alice").profile).not.toBe("default");
    expect(await audits("subscription.reprovisioned")).toHaveLength(1);
  });

  it("keeps our records when the router is down: the change is stored and the router is reported", async () => {
    await executeAction(changeMacBindingAction.definition, fixture.ctx.technician, {
      subscriptionId: deadSubscriptionId,
      macAddress: "AA:BB:CC:DD:EE:FF",
    });
    const [row] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, deadSubscriptionId));
    expect(row.macAddress).toBe("AA:BB:CC:DD:EE:FF");
    const result = await executeAction(reprovisionAction.definition, fixture.ctx.technician, { subscriptionId: deadSubscriptionId });
    expect(result.provisionState).toBe("pending");
    expect(result.routerError).toMatch(/connect/i);
    await expect(
      executeAction(kickSubscriberAction.definition, fixture.ctx.technician, { subscriptionId: deadSubscriptionId }),
    ).rejects.toMatchObject({
      code: "router_unreachable",
    });
  });

  it("is refused to roles without the permission", async () => {
    await expect(executeAction(reprovisionAction.definition, fixture.ctx.billing, { subscriptionId })).rejects.toMatchObject({ code: "forbidden" });
    await expect(executeAction(kickSubscriberAction.definition, fixture.ctx.billing, { subscriptionId })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
