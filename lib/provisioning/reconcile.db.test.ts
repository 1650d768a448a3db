import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { databaseWithSimulators } from "@/tests/support/simulators";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { actorOf } from "@/lib/audit/record";
import { reconcileRouter, RUN_LEASE_MS } from "@/lib/provisioning/reconcile";
import { reconcileRuns } from "@/lib/provisioning/schema";
import { clock } from "@/lib/core/clock";
import { reactivateSubscriptions, suspendSubscriptions } from "@/lib/provisioning/suspension";
import { routers } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { auditLog } from "@/lib/audit/schema";
import { releaseRouter, ROUTER_TIMEOUT_MS } from "@/lib/routers/access";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { connectSession } from "@/lib/routeros/simulator/sessions";
import { findRowByName, insertRow, allocateId, tableOf } from "@/lib/routeros/simulator/router-state";
import { voucherBatches, vouchers } from "@/lib/hotspot/schema";
import { loginHotspotUser } from "@/lib/routeros/simulator/hotspot";
import { tick } from "@/lib/routeros/simulator/clock";
import { marker, markerOwner, ownerTag } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

const testbed = databaseWithSimulators();

/** A tenant with a plan and a router backed by its own simulator. */
async function setup(version = "7.19.2") {
  const sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version });
  testbed.sims.push(sim);
  const { tenant, ctx } = await createTenantFixture(testbed.conn.db);
  const router = await insertRouter(testbed.conn.db, tenant.id, { port: sim.port, password: "s3cret" });
  const plan = await insertPlan(testbed.conn.db, tenant.id, { name: "Fiber 50" });
  return { sim, tenant, ctx, router, plan, ids: { tenantId: tenant.id, routerId: router.id } };
}

const secret = (sim: RunningSimulator, name: string) => findRowByName(sim.state, "ppp/secret", name)?.props;

describe("reconciler against the simulator", () => {
  it("provisions a new subscriber (profile, then secret), records the run, and the next run changes nothing", async () => {
    for (const version of ["7.19.2", "6.49.10"]) {
      const { sim, tenant, router, plan, ids } = await setup(version);
      const { subscription } = await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "juan" });
      const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" });
      expect(run).toMatchObject({ status: "succeeded", summary: expect.objectContaining({ add: 2, failed: 0 }) });
      expect(secret(sim, "juan")).toMatchObject({
        profile: "ns-fiber-50",
        password: "pw-juan",
        service: "pppoe",
        comment: marker(markerOwner(await installationId(testbed.conn.db), router.id), "sub", subscription.id),
      });
      expect(findRowByName(sim.state, "ppp/profile", "ns-fiber-50")?.props["rate-limit"]).toBe("25M/50M");
      const [sub] = await testbed.conn.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
      expect(sub.provisionState).toBe("synced");
      const again = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" });
      expect(again.summary).toMatchObject({ add: 0, set: 0, remove: 0, kick: 0, unchanged: 2 });
      const [row] = await testbed.conn.db.select().from(routers).where(eq(routers.id, router.id));
      expect(row).toMatchObject({ status: "online", reconcileFailures: 0 });
    }
  });

  it("dry run shows the plan and leaves the router untouched", async () => {
    const { sim, tenant, router, plan, ids } = await setup();
    await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "maria" });
    const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual", dryRun: true });
    expect(run.changes.map((c) => [c.action, c.name, c.outcome])).toEqual([
      ["add", "ns-fiber-50", "planned"],
      ["add", "maria", "planned"],
    ]);
    expect(secret(sim, "maria")).toBeUndefined();
  });

  it("suspends onto the isolation profile and kicks the session; reactivation restores the plan and kicks again — audited", async () => {
    const { sim, tenant, ctx, router, plan, ids } = await setup();
    const { subscription, customer } = await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "pedro" });
    await reconcileRouter(testbed.conn.db, { ...ids, trigger: "change" });
    expect(connectSession(sim.state, "pedro", { callerId: "AA:BB:CC:00:00:01", address: "10.10.0.2" }).ok).toBe(true);

    const suspended = await suspendSubscriptions(testbed.conn.db, actorOf(ctx.billing), { subscriptionIds: [subscription.id], reason: "Unpaid November" });
    expect(suspended).toMatchObject({ changed: 1, routers: [expect.objectContaining({ status: "applied" })] });
    expect(secret(sim, "pedro")?.profile).toBe("netsphere-isolir");
    expect(findRowByName(sim.state, "ppp/profile", "netsphere-isolir")?.props).toMatchObject({
      "rate-limit": "256k/256k",
      "address-list": "netsphere-isolir",
    });
    expect(tableOf(sim.state, "ppp/active").some((r) => r.props.name === "pedro")).toBe(false);

    expect(connectSession(sim.state, "pedro", { callerId: "AA:BB:CC:00:00:01", address: "10.10.0.2" }).ok).toBe(true);
    const restored = await reactivateSubscriptions(testbed.conn.db, actorOf(ctx.billing), { subscriptionIds: [subscription.id], reason: "Paid" });
    expect(restored.routers[0].status).toBe("applied");
    expect(secret(sim, "pedro")?.profile).toBe("ns-fiber-50");
    expect(tableOf(sim.state, "ppp/active").some((r) => r.props.name === "pedro")).toBe(false);

    const audit = await testbed.conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.customerId, customer.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["subscription.reactivated", "subscription.suspended"]);
    expect(audit.find((a) => a.action === "subscription.suspended")?.after).toMatchObject({ reason: "Unpaid November" });
  });

  it("reports a clash with an unmanaged router entry as a conflict and leaves it as it was", async () => {
    const { sim, tenant, router, plan, ids } = await setup();
    insertRow(sim.state, "ppp/secret", {
      id: allocateId(sim.state),
      props: { name: "rosa", password: "theirs", profile: "default", service: "any", comment: "added in Winbox", disabled: "false" },
    });
    const { subscription } = await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "rosa" });
    const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" });
    expect(run.summary?.conflict).toBe(1);
    expect(secret(sim, "rosa")).toMatchObject({ password: "theirs", profile: "default", comment: "added in Winbox" });
    const [sub] = await testbed.conn.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(sub.provisionState).toBe("conflict");
  });

  it("shows a router trap with RouterOS's own message and marks only that subscriber as failed", async () => {
    const { sim, tenant, router, plan, ids } = await setup();
    await reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" });
    sim.setFaults({ trappedCommands: { "/ppp/secret/add": "failure: could not add secret (simulated)" } });
    const { subscription } = await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "lito" });
    const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "change" });
    expect(run.status).toBe("partial");
    expect(run.changes.find((c) => c.name === "lito")).toMatchObject({ outcome: "failed", error: "failure: could not add secret (simulated)" });
    const [sub] = await testbed.conn.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(sub).toMatchObject({ provisionState: "error", provisionError: "failure: could not add secret (simulated)", status: "active" });
    sim.setFaults({ trappedCommands: {} });
    expect((await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" })).status).toBe("succeeded");
  });

  it("marks an unreachable router offline with backoff, keeps our records, converges when it is back, and tells webhooks both", async () => {
    const { sim, tenant, router, plan, ids } = await setup();
    const { subscription } = await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "nena" });
    await addWebhookEndpoint(testbed.conn.db, tenant.id, ["router.down", "router.up"]);
    await testbed.conn.db.update(routers).set({ apiPort: 1, status: "online", updatedAt: new Date() }).where(eq(routers.id, router.id));
    const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "change" });
    expect(run).toMatchObject({ status: "failed", error: expect.stringContaining("Could not connect") });
    const [down] = await testbed.conn.db.select().from(routers).where(eq(routers.id, router.id));
    expect(down).toMatchObject({ status: "offline", reconcileFailures: 1 });
    expect(down.nextReconcileAt!.getTime()).toBeGreaterThan(Date.now());
    const [sub] = await testbed.conn.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(sub.status).toBe("active");
    const [wentDown] = await queuedWebhookEvents(testbed.conn.db, tenant.id, "router.down");
    expect(wentDown.data).toMatchObject({ id: router.id, status: "offline", previousStatus: "online", lastError: expect.stringContaining("Could not connect") });
    // Still down at the next failed try: nothing more to tell.
    await releaseRouter(router.id);
    await reconcileRouter(testbed.conn.db, { ...ids, trigger: "change" });
    expect(await queuedWebhookEvents(testbed.conn.db, tenant.id)).toHaveLength(1);

    await testbed.conn.db.update(routers).set({ apiPort: sim.port, updatedAt: new Date() }).where(eq(routers.id, router.id));
    await releaseRouter(router.id);
    expect((await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" })).status).toBe("succeeded");
    expect(secret(sim, "nena")).toBeDefined();
    const [cameUp] = await queuedWebhookEvents(testbed.conn.db, tenant.id, "router.up");
    expect(cameUp.data).toMatchObject({ id: router.id, status: "online", previousStatus: "offline", lastError: null });
  });

  it("survives a connection dropped mid-print: the run fails, nothing of ours changes, the next run converges", async () => {
    const { sim, tenant, router, plan, ids } = await setup();
    for (let i = 0; i < 20; i++) await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: `drop${i}` });
    // The profile print (two built-in rows) is cut halfway through its second sentence.
    sim.setFaults({ dropAfterSentences: 1 });
    const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "change" });
    expect(run.status).toBe("failed");
    sim.setFaults({ dropAfterSentences: undefined });
    await releaseRouter(router.id);
    const next = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" });
    expect(next.status).toBe("succeeded");
    expect(tableOf(sim.state, "ppp/secret").filter((r) => r.props.name.startsWith("drop"))).toHaveLength(20);
  });

  it("refuses a second reconcile of the same router while one runs, never interleaving", async () => {
    const { tenant, router, plan, ids, sim } = await setup();
    for (let i = 0; i < 5; i++) await insertSubscriber(testbed.conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: `busy${i}` });
    sim.setFaults({ latencyMs: 50 });
    const first = reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" });
    await new Promise((r) => setTimeout(r, 20));
    await expect(reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" })).rejects.toMatchObject({ code: "conflict" });
    expect((await first).status).toBe("succeeded");
    sim.setFaults({ latencyMs: 0 });
  });

  it("gives up on a router that does not answer after one router timeout, not one per menu it would read", async () => {
    const { sim, ids } = await setup();
    sim.setFaults({ latencyMs: 60_000 });
    const started = performance.now();
    const run = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" });
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/did not answer in time/);
    expect(performance.now() - started).toBeLessThan(2 * ROUTER_TIMEOUT_MS);
    sim.setFaults({ latencyMs: 0 });
    await releaseRouter(ids.routerId);
  });

  it("takes over a router whose run lost its heartbeat (a killed worker) within the lease, but not a live run", async () => {
    const { ids } = await setup();
    const [orphan] = await testbed.conn.db
      .insert(reconcileRuns)
      .values({ ...ids, trigger: "schedule", heartbeatAt: new Date(clock.ms() - RUN_LEASE_MS + 5_000) })
      .returning();
    await expect(reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" })).rejects.toMatchObject({ code: "conflict" });
    await testbed.conn.db
      .update(reconcileRuns)
      .set({ heartbeatAt: new Date(clock.ms() - RUN_LEASE_MS - 1_000) })
      .where(eq(reconcileRuns.id, orphan.id));
    expect((await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" })).status).toBe("succeeded");
    const [abandoned] = await testbed.conn.db.select().from(reconcileRuns).where(eq(reconcileRuns.id, orphan.id));
    expect(abandoned).toMatchObject({ status: "failed", error: "Abandoned: the process running it stopped." });
    expect(RUN_LEASE_MS).toBeLessThanOrEqual(15_000);
  });

  it("pushes vouchers as hotspot users with their validity, and records when one is used", async () => {
    const { sim, tenant, router, ids } = await setup();
    const hotspot = await insertPlan(testbed.conn.db, tenant.id, { name: "Piso WiFi 1 Day", type: "hotspot", downloadKbps: 5000, uploadKbps: 2000 });
    const [batch] = await testbed.conn.db
      .insert(voucherBatches)
      .values({
        tenantId: tenant.id,
        routerId: router.id,
        planId: hotspot.id,
        name: "Sari-sari store",
        count: 2,
        priceCentavos: 2000,
        validitySeconds: 3600,
      })
      .returning();
    const codes = await testbed.conn.db
      .insert(vouchers)
      .values(["K7PX9M", "R4TQ2W"].map((code) => ({ tenantId: tenant.id, batchId: batch.id, routerId: router.id, code })))
      .returning();
    const first = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "change" });
    expect(first.changes.filter((c) => c.outcome === "failed")).toEqual([]);
    const owner = markerOwner(await installationId(testbed.conn.db), router.id);
    const profile = `ns-${ownerTag(owner)}-piso-wifi-1-day`;
    expect(findRowByName(sim.state, "ip/hotspot/user/profile", profile)?.props["rate-limit"]).toBe("2M/5M");
    const user = tableOf(sim.state, "ip/hotspot/user").find((r) => r.props.name === "K7PX9M")!;
    expect(user.props).toMatchObject({ profile, comment: marker(owner, "voucher", codes[0].id) });

    expect(loginHotspotUser(sim.state, "K7PX9M", { address: "192.168.88.20", macAddress: "DE:AD:BE:EF:00:01", password: "" }).ok).toBe(true);
    tick(sim.state, 120);
    await reconcileRouter(testbed.conn.db, { ...ids, trigger: "schedule" });
    const rows = await testbed.conn.db.select().from(vouchers).where(eq(vouchers.batchId, batch.id));
    expect(rows.find((v) => v.code === "K7PX9M")).toMatchObject({ status: "active", firstUsedAt: expect.any(Date) });
    expect(rows.find((v) => v.code === "R4TQ2W")?.status).toBe("unused");
  });

  it("over api-ssl pins the router's certificate on first use and refuses a different one later", async () => {
    const sim = await startSimulator({ port: 0, tlsPort: 0, username: "api", password: "s3cret", version: "7.19.2" });
    testbed.sims.push(sim);
    const { tenant } = await createTenantFixture(testbed.conn.db);
    const router = await insertRouter(testbed.conn.db, tenant.id, { port: sim.tlsPort!, password: "s3cret" });
    await testbed.conn.db.update(routers).set({ useTls: true, updatedAt: new Date() }).where(eq(routers.id, router.id));
    const ids = { tenantId: tenant.id, routerId: router.id };
    expect((await reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" })).status).toBe("succeeded");
    const [pinned] = await testbed.conn.db.select().from(routers).where(eq(routers.id, router.id));
    expect(pinned.tlsFingerprint).toBe(sim.certificateFingerprint);

    await testbed.conn.db
      .update(routers)
      .set({ tlsFingerprint: "AA:".repeat(31) + "AA", updatedAt: new Date() })
      .where(eq(routers.id, router.id));
    await releaseRouter(router.id);
    const refused = await reconcileRouter(testbed.conn.db, { ...ids, trigger: "manual" });
    expect(refused).toMatchObject({ status: "failed", error: expect.stringContaining("certificate changed") });
  });
});
