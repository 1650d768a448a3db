import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { installationId } from "@/lib/provisioning/installation";
import { marker, markerOwner, ownerTag } from "@/lib/provisioning/desired";
import { releaseRouter } from "@/lib/routers/access";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { allocateId, findRowByName, insertRow, tableOf } from "@/lib/routeros/simulator/router-state";
import { connectSession } from "@/lib/routeros/simulator/sessions";
import { loginHotspotUser } from "@/lib/routeros/simulator/hotspot";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
const sims: RunningSimulator[] = [];
const routerIds: string[] = [];
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(routerIds.map((id) => releaseRouter(id)));
  await Promise.all(sims.map((s) => s.stop()));
  await conn?.close();
});

async function setup() {
  const sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  sims.push(sim);
  const { tenant } = await createTenantFixture(conn.db);
  const router = await insertRouter(conn.db, tenant.id, { port: sim.port, password: "s3cret" });
  routerIds.push(router.id);
  const plan = await insertPlan(conn.db, tenant.id, { name: "Fiber 50" });
  const owner = markerOwner(await installationId(conn.db), router.id);
  return { sim, tenant, router, plan, owner, ids: { tenantId: tenant.id, routerId: router.id } };
}

const addSecret = (sim: RunningSimulator, name: string, comment: string, profile = "default") =>
  insertRow(sim.state, "ppp/secret", {
    id: allocateId(sim.state),
    props: { name, password: "theirs", profile, service: "pppoe", comment, disabled: "false" },
  });

/** Every row of a menu as the simulator holds it, to compare before and after. */
const snapshot = (sim: RunningSimulator, menu: string) => JSON.stringify(tableOf(sim.state, menu).map((r) => [r.id, r.props]));

describe("entries of another installation or router record", () => {
  it("are never changed or removed, in dry run or apply, and the drift report lists them as foreign", async () => {
    const { sim, tenant, router, plan, ids } = await setup();
    // Another NetSphere (staging, a second instance on this machine) and another record of this installation use the device.
    const staging = markerOwner("stag01", randomUUID());
    const sibling = markerOwner(await installationId(conn.db), randomUUID());
    for (let i = 0; i < 40; i += 1) addSecret(sim, `staging-${i}`, marker(staging, "sub", randomUUID()));
    for (let i = 0; i < 5; i += 1) addSecret(sim, `sibling-${i}`, marker(sibling, "sub", randomUUID()));
    // A legacy marker naming a subscription that is not this router's.
    addSecret(sim, "old-install", `netsphere:sub:${randomUUID()}`);
    // The other installation's plan profile, and a secret wanting a name the other installation holds.
    insertRow(sim.state, "ppp/profile", {
      id: allocateId(sim.state),
      props: { name: "ns-staging-only", "rate-limit": "1M/1M", comment: marker(staging, "plan", randomUUID()) },
    });
    insertRow(sim.state, "ip/hotspot/user/profile", {
      id: allocateId(sim.state),
      props: { name: `ns-${ownerTag(staging)}-day-pass`, "rate-limit": "1M/1M" },
    });
    addSecret(sim, "shared-name", marker(staging, "sub", randomUUID()));
    await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "juan" });
    await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "shared-name" });
    const before = ["ppp/secret", "ppp/profile", "ip/hotspot/user/profile"].map((m) => snapshot(sim, m));

    const preview = await reconcileRouter(conn.db, { ...ids, trigger: "manual", dryRun: true });
    expect(preview.summary).toMatchObject({ add: 2, remove: 0, foreign: 47, conflict: 1 });
    expect(preview.changes.filter((c) => c.action === "remove")).toEqual([]);
    expect(preview.changes.find((c) => c.name === "staging-7")).toMatchObject({ action: "foreign", outcome: "skipped" });
    expect(preview.changes.find((c) => c.name === "old-install")).toMatchObject({ action: "foreign" });
    expect(preview.changes.find((c) => c.name === "shared-name")).toMatchObject({
      action: "conflict",
      reason: expect.stringContaining("another NetSphere installation"),
    });

    const applied = await reconcileRouter(conn.db, { ...ids, trigger: "manual" });
    expect(applied.summary).toMatchObject({ add: 2, remove: 0, foreign: 47, conflict: 1, failed: 0 });
    expect(findRowByName(sim.state, "ppp/secret", "juan")?.props.comment).toMatch(/^netsphere:[a-z0-9]+:[0-9a-f]{8}:sub:/);
    // Everything that was there is there as it was; only our own secret and profile were added.
    const after = ["ppp/secret", "ppp/profile", "ip/hotspot/user/profile"].map((m) => snapshot(sim, m));
    const stripOurs = (json: string) =>
      JSON.stringify((JSON.parse(json) as [string, Record<string, string>][]).filter(([, p]) => p.name !== "juan" && p.name !== "ns-fiber-50"));
    expect(after.map(stripOurs)).toEqual(before.map(stripOurs));
    expect(tableOf(sim.state, "ppp/secret")).toHaveLength(48);
  });
});

describe("legacy markers (netsphere:<kind>:<id>)", () => {
  it("of this router's records are rewritten in place on the first reconcile: no remove, no add, no disconnect", async () => {
    const { sim, tenant, router, plan, owner, ids } = await setup();
    const { subscription } = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "maria" });
    const { subscription: gone } = await insertSubscriber(conn.db, tenant.id, {
      planId: plan.id,
      routerId: router.id,
      username: "former",
      status: "terminated",
    });
    const hotspotPlan = await insertPlan(conn.db, tenant.id, { name: "Day Pass", type: "hotspot" });
    const { subscription: guest } = await insertSubscriber(conn.db, tenant.id, { planId: hotspotPlan.id, routerId: router.id, username: "guest" });
    // What an earlier NetSphere left: legacy markers, the plan's profile and the hotspot profile owned by its bare "ns-" name.
    insertRow(sim.state, "ppp/profile", {
      id: allocateId(sim.state),
      props: { name: "ns-fiber-50", "rate-limit": "25M/50M", "remote-address": "", "only-one": "yes", comment: `netsphere:plan:${plan.id}` },
    });
    insertRow(sim.state, "ppp/secret", {
      id: allocateId(sim.state),
      props: {
        name: "maria",
        password: "pw-maria",
        profile: "ns-fiber-50",
        service: "pppoe",
        disabled: "false",
        comment: `netsphere:sub:${subscription.id}`,
      },
    });
    addSecret(sim, "former", `netsphere:sub:${gone.id}`, "ns-fiber-50");
    insertRow(sim.state, "ip/hotspot/user/profile", {
      id: allocateId(sim.state),
      props: { name: "ns-day-pass", "rate-limit": "25M/50M", "shared-users": "1", "address-pool": "none" },
    });
    insertRow(sim.state, "ip/hotspot/user", {
      id: allocateId(sim.state),
      props: {
        name: "guest",
        password: "pw-guest",
        profile: "ns-day-pass",
        "mac-address": "00:00:00:00:00:00",
        comment: `netsphere:sub:${guest.id}`,
      },
    });
    expect(connectSession(sim.state, "maria", { callerId: "AA:BB:CC:00:00:07", address: "10.10.0.7" }).ok).toBe(true);
    loginHotspotUser(sim.state, "guest", { address: "192.168.88.20", macAddress: "DE:AD:BE:EF:00:07" });
    const idOf = (menu: string, name: string) => findRowByName(sim.state, menu, name)?.id;
    const before = { maria: idOf("ppp/secret", "maria"), profile: idOf("ppp/profile", "ns-fiber-50"), guest: idOf("ip/hotspot/user", "guest") };

    const preview = await reconcileRouter(conn.db, { ...ids, trigger: "manual", dryRun: true });
    const ours = (kind: "plan" | "sub", id: string) => marker(owner, kind, id);
    expect(preview.changes.map((c) => [c.action, c.menu, c.name])).toEqual([
      ["set", "ppp/profile", "ns-fiber-50"],
      ["add", "ip/hotspot/user/profile", `ns-${ownerTag(owner)}-day-pass`],
      ["set", "ppp/secret", "maria"],
      ["set", "ip/hotspot/user", "guest"],
      ["remove", "ppp/secret", "former"],
    ]);
    expect(preview.changes.find((c) => c.name === "maria")?.fields).toEqual({
      comment: [`netsphere:sub:${subscription.id}`, ours("sub", subscription.id)],
    });
    expect(preview.summary).toMatchObject({ foreign: 0, kick: 0 });

    const applied = await reconcileRouter(conn.db, { ...ids, trigger: "manual" });
    expect(applied.summary).toMatchObject({ failed: 0, kick: 0 });
    expect(findRowByName(sim.state, "ppp/secret", "maria")).toMatchObject({
      id: before.maria,
      props: expect.objectContaining({ comment: ours("sub", subscription.id) }),
    });
    expect(findRowByName(sim.state, "ppp/profile", "ns-fiber-50")).toMatchObject({
      id: before.profile,
      props: expect.objectContaining({ comment: ours("plan", plan.id) }),
    });
    expect(findRowByName(sim.state, "ip/hotspot/user", "guest")).toMatchObject({
      id: before.guest,
      props: expect.objectContaining({ profile: `ns-${ownerTag(owner)}-day-pass`, comment: ours("sub", guest.id) }),
    });
    expect(findRowByName(sim.state, "ppp/secret", "former")).toBeUndefined();
    // The sessions stayed up.
    expect(tableOf(sim.state, "ppp/active").map((r) => r.props.name)).toEqual(["maria"]);
    expect(tableOf(sim.state, "ip/hotspot/active").map((r) => r.props.user)).toEqual(["guest"]);

    const again = await reconcileRouter(conn.db, { ...ids, trigger: "schedule" });
    expect(again.summary).toMatchObject({ add: 0, set: 0, remove: 0, kick: 0, foreign: 0 });
  });
});
