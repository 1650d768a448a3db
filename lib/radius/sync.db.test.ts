import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { loadDesiredInput } from "@/lib/provisioning/desired-input";
import { radiusCheck, radiusGroupReply, radiusNas, radiusReply, radiusUserGroup } from "@/lib/radius/schema";
import { decryptForRadius, encryptForRadius } from "@/lib/radius/crypto";
import { radiusNasOf, syncRadiusRouter, tenantUsesRadius } from "@/lib/radius/sync";
import { isolationGroup, planGroup } from "@/lib/radius/rows";
import { withoutRadiusAccounts } from "@/lib/radius/reconcile";

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** Each router of this file its own source address (radius.nas.nasname is unique across ISPs). */
let routersMade = 0;

async function radiusRouter(name: string) {
  routersMade += 1;
  const { tenant } = await createTenantFixture(conn.db, { name });
  const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "x" });
  const [nas] = await conn.db
    .insert(radiusNas)
    .values({
      tenantId: tenant.id,
      routerId: router.id,
      nasname: `127.0.150.${routersMade}`,
      shortname: "r",
      secret: encryptForRadius("s3cret"),
    })
    .returning();
  const ids = { tenantId: tenant.id, routerId: router.id };
  return { tenant, router, nas, ids };
}

const rowsOf = async (tenantId: string) => ({
  check: await conn.db.select().from(radiusCheck).where(eq(radiusCheck.tenantId, tenantId)),
  reply: await conn.db.select().from(radiusReply).where(eq(radiusReply.tenantId, tenantId)),
  groups: await conn.db.select().from(radiusUserGroup).where(eq(radiusUserGroup.tenantId, tenantId)),
  groupReply: await conn.db.select().from(radiusGroupReply).where(eq(radiusGroupReply.tenantId, tenantId)),
});

describe("RADIUS tables kept in step with subscriptions", () => {
  it("writes the plan's group with its burst rate and pool, active users into it, suspended ones into isolation, nobody else", async () => {
    const { tenant, router, ids } = await radiusRouter("Lipa Fiber");
    expect(await radiusNasOf(conn.db, ids)).not.toBeNull();
    expect(await tenantUsesRadius(conn.db, tenant.id)).toBe(true);
    const plan = await insertPlan(conn.db, tenant.id, {
      name: "Fiber 50",
      addressPool: "pool-fiber",
      burstDownloadKbps: 80_000,
      burstUploadKbps: 40_000,
      burstThresholdDownloadKbps: 40_000,
      burstThresholdUploadKbps: 20_000,
      burstTimeSeconds: 16,
    });
    const hotspot = await insertPlan(conn.db, tenant.id, { name: "Hotspot Day", type: "hotspot", sharedUsers: 3 });
    const juan = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "juan", staticIp: "10.20.0.9" });
    const maria = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "maria", status: "suspended" });
    await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "pedro", status: "terminated" });
    await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "lead", status: "pending" });
    await insertSubscriber(conn.db, tenant.id, { planId: hotspot.id, routerId: router.id, username: "cafe" });

    const input = await loadDesiredInput(conn.db, ids);
    const result = await syncRadiusRouter(conn.db, { tenantId: tenant.id, input, radiusMode: true });
    expect(result.users.map((u) => [u.username, u.change]).sort()).toEqual([
      ["cafe", "added"],
      ["juan", "added"],
      ["maria", "added"],
    ]);

    const rows = await rowsOf(tenant.id);
    const password = rows.check.find((r) => r.username === "juan" && r.attribute === "Cleartext-Password")!;
    // Never in the clear at rest; the RADIUS key opens it.
    expect(password.value).not.toContain("pw-juan");
    expect(password).toMatchObject({ encrypted: true, op: ":=" });
    expect(decryptForRadius(password.value)).toBe("pw-juan");
    expect(rows.check.find((r) => r.username === "juan" && r.attribute === "Simultaneous-Use")?.value).toBe("1");
    expect(rows.check.find((r) => r.username === "cafe" && r.attribute === "Simultaneous-Use")?.value).toBe("3");
    expect(rows.reply.map((r) => [r.username, r.attribute, r.value])).toEqual([["juan", "Framed-IP-Address", "10.20.0.9"]]);
    expect(Object.fromEntries(rows.groups.map((g) => [g.username, g.groupname]))).toEqual({
      juan: planGroup(plan.id),
      maria: isolationGroup(tenant.id),
      cafe: planGroup(hotspot.id),
    });
    expect(rows.groups.find((g) => g.username === "juan")?.subscriptionId).toBe(juan.subscription.id);
    const replyOf = (group: string) => Object.fromEntries(rows.groupReply.filter((r) => r.groupname === group).map((r) => [r.attribute, r.value]));
    expect(replyOf(planGroup(plan.id))).toEqual({ "Mikrotik-Rate-Limit": "25M/50M 40M/80M 20M/40M 16/16", "Framed-Pool": "pool-fiber" });
    expect(replyOf(isolationGroup(tenant.id))).toEqual({ "Mikrotik-Rate-Limit": "256k/256k", "Mikrotik-Address-List": "netsphere-isolir" });

    // Nothing changed: nothing is rewritten.
    const again = await syncRadiusRouter(conn.db, { tenantId: tenant.id, input: await loadDesiredInput(conn.db, ids), radiusMode: true });
    expect(again).toMatchObject({ users: [], changedGroups: [] });
    expect((await rowsOf(tenant.id)).check.map((r) => r.id).sort()).toEqual(rows.check.map((r) => r.id).sort());

    // The router keeps no PPPoE or hotspot account of ours in RADIUS mode.
    expect(withoutRadiusAccounts(input).subscriptions).toEqual([]);
    expect(maria.subscription.status).toBe("suspended");
  });

  it("reports a suspension as a group change and a plan's new speed as a changed group; API mode removes the rows", async () => {
    const { tenant, router, ids } = await radiusRouter("Tanauan Wireless");
    const plan = await insertPlan(conn.db, tenant.id, { name: "Fiber 25", downloadKbps: 25_000, uploadKbps: 10_000 });
    await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "ana" });
    const input = await loadDesiredInput(conn.db, ids);
    await syncRadiusRouter(conn.db, { tenantId: tenant.id, input, radiusMode: true });

    const suspended = { ...input, subscriptions: input.subscriptions.map((s) => ({ ...s, status: "suspended" as const })) };
    const dry = await syncRadiusRouter(conn.db, { tenantId: tenant.id, input: suspended, radiusMode: true, dryRun: true });
    expect(dry.users).toEqual([
      expect.objectContaining({
        username: "ana",
        change: "changed",
        groupBefore: planGroup(plan.id),
        groupAfter: isolationGroup(tenant.id),
        accountChanged: false,
      }),
    ]);
    // A dry run writes nothing.
    expect((await rowsOf(tenant.id)).groups.map((g) => g.groupname)).toEqual([planGroup(plan.id)]);

    const faster = { ...input, plans: input.plans.map((p) => ({ ...p, downloadKbps: 100_000 })) };
    const sped = await syncRadiusRouter(conn.db, { tenantId: tenant.id, input: faster, radiusMode: true });
    expect(sped).toMatchObject({ users: [], changedGroups: [planGroup(plan.id)] });
    expect((await rowsOf(tenant.id)).groupReply.find((r) => r.groupname === planGroup(plan.id) && r.attribute === "Mikrotik-Rate-Limit")?.value).toBe(
      "10M/100M",
    );

    const back = await syncRadiusRouter(conn.db, { tenantId: tenant.id, input, radiusMode: false });
    expect(back.users).toEqual([expect.objectContaining({ username: "ana", change: "removed" })]);
    const rows = await rowsOf(tenant.id);
    expect([rows.check, rows.reply, rows.groups]).toEqual([[], [], []]);
  });

  it("keeps two ISPs' users apart even with the same user name", async () => {
    const a = await radiusRouter("ISP A");
    const b = await radiusRouter("ISP B");
    for (const { tenant, router, ids } of [a, b]) {
      const plan = await insertPlan(conn.db, tenant.id, { name: "Home" });
      await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "shared-name" });
      await syncRadiusRouter(conn.db, { tenantId: tenant.id, input: await loadDesiredInput(conn.db, ids), radiusMode: true });
    }
    const [rowsA, rowsB] = [await rowsOf(a.tenant.id), await rowsOf(b.tenant.id)];
    expect(rowsA.groups).toHaveLength(1);
    expect(rowsB.groups).toHaveLength(1);
    expect(rowsA.groups[0].groupname).not.toBe(rowsB.groups[0].groupname);
    // Removing A's user leaves B's alone.
    await syncRadiusRouter(conn.db, { tenantId: a.tenant.id, input: await loadDesiredInput(conn.db, a.ids), radiusMode: false });
    expect((await rowsOf(a.tenant.id)).groups).toEqual([]);
    expect((await rowsOf(b.tenant.id)).groups).toHaveLength(1);
  });
});
