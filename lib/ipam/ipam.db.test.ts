/*
 * IP address management against the database: prefixes nest but never partly overlap, pools lie inside their
 * prefix and never overlap, an address is held by one subscription per ISP (even when two claim it at once), a
 * released address is quarantined before anyone else gets it, and the tree, search and conflicts read it back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { AppError } from "@/lib/core/errors";
import { clock, manualClock, withClock } from "@/lib/core/clock";
import { actorOf, type TenantActor } from "@/lib/audit/record";
import { subscriptions } from "@/lib/subscriptions/schema";
import { setStaticIp } from "@/lib/subscriptions/service";
import { terminateSubscription } from "@/lib/billing/termination";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { createPrefix, deletePrefix, nextFreeAddress, updatePrefix } from "./service";
import { createPool, deletePool } from "./pools";
import { sites } from "@/lib/routers/schema";
import { addressConflicts, findAddress, ipamTree } from "./queries";
import { ipAssignments } from "./schema";

let conn: Connection;
let tenantId: string;
let actor: TenantActor;
let other: { tenantId: string; actor: TenantActor };
let subs: Map<string, string>;
let cgnatPoolId: string;

const refusal = (run: Promise<unknown>) =>
  run.then(
    () => "accepted",
    (error: unknown) => (error instanceof AppError ? `${error.code}: ${error.message}` : `crashed: ${String(error)}`),
  );

const prefix = (text: string, status: "container" | "active" = "active") => createPrefix(conn.db, actor, { prefix: text, status, siteId: null, vlan: "", description: "" });
const staticIpOf = async (username: string) =>
  (await conn.db.select({ staticIp: subscriptions.staticIp }).from(subscriptions).where(eq(subscriptions.id, subs.get(username)!)))[0].staticIp;

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  tenantId = fixture.tenant.id;
  actor = actorOf(fixture.ctx.owner);
  const second = await createTenantFixture(conn.db, { name: "Other ISP" });
  other = { tenantId: second.tenant.id, actor: actorOf(second.ctx.owner) };
  const [router] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "Tower", port: 1, username: "u", password: "p" }]);
  subs = await insertSubscriptions(
    conn.db,
    tenantId,
    ["ana", "ben", "cora", "dan", "eli"].map((username) => ({ routerId: router.id, username })),
  );
});

afterAll(async () => {
  await conn?.close();
});

describe("prefixes and pools", () => {
  it("nests prefixes, refuses a duplicate and host bits", async () => {
    await prefix("100.64.0.0/10", "container");
    await prefix("100.64.0.0/22");
    await prefix("2001:db8::/32", "container");
    expect(await refusal(prefix("100.64.0.0/22"))).toBe("validation: 100.64.0.0/22 is already recorded.");
    expect(await refusal(prefix("100.64.0.1/22"))).toBe("validation: Host bits are set: the network is 100.64.0.0/22.");
    // Another ISP may hold the same space in its own records.
    expect(await refusal(createPrefix(conn.db, other.actor, { prefix: "100.64.0.0/22", status: "active", siteId: null, vlan: "", description: "" }))).toBe("accepted");
  });

  it("edits a prefix's status, site and notes, but only with the ISP's own site", async () => {
    const [row] = (await ipamTree(conn.db, { tenantId })).filter((p) => p.prefix === "2001:db8::/32");
    const edit = { prefixId: row.id, status: "reserved" as const, siteId: null, vlan: "200", description: "Not routed yet" };
    await updatePrefix(conn.db, actor, edit);
    expect((await ipamTree(conn.db, { tenantId })).find((p) => p.id === row.id)).toMatchObject({ status: "reserved", vlan: "200", description: "Not routed yet" });
    const [theirSite] = await conn.db.insert(sites).values({ tenantId: other.tenantId, name: "Their POP" }).returning();
    expect(await refusal(updatePrefix(conn.db, actor, { ...edit, siteId: theirSite.id }))).toBe("validation: Choose one of your sites.");
    expect(await refusal(updatePrefix(conn.db, other.actor, edit))).toBe("not_found: Prefix not found.");
  });

  it("puts a pool inside its prefix and never over another pool", async () => {
    const tree = await ipamTree(conn.db, { tenantId });
    const slash22 = tree.find((p) => p.prefix === "100.64.0.0/22")!;
    const pool = await createPool(conn.db, actor, { prefixId: slash22.id, name: "pppoe-pool", range: "100.64.0.0-100.64.0.3", quarantineDays: 30, description: "" });
    cgnatPoolId = pool.id;
    expect(await refusal(createPool(conn.db, actor, { prefixId: slash22.id, name: "other", range: "100.64.0.2-100.64.0.9", quarantineDays: 30, description: "" }))).toBe(
      "validation: It overlaps pool pppoe-pool (100.64.0.0-100.64.0.3).",
    );
    expect(await refusal(createPool(conn.db, actor, { prefixId: slash22.id, name: "outside", range: "100.64.8.1-100.64.8.9", quarantineDays: 30, description: "" }))).toBe(
      "validation: The range must lie inside 100.64.0.0/22.",
    );
    // Another ISP's prefix is not ours to put a pool in.
    const theirs = (await ipamTree(conn.db, { tenantId: other.tenantId }))[0];
    expect(await refusal(createPool(conn.db, actor, { prefixId: theirs.id, name: "x", range: "100.64.0.10-100.64.0.20", quarantineDays: 30, description: "" }))).toBe(
      "validation: Choose one of your prefixes.",
    );
    expect(await refusal(deletePrefix(conn.db, actor, { prefixId: slash22.id }))).toBe("conflict: Remove its pools first: pppoe-pool.");
  });
});

describe("addresses of subscriptions", () => {
  it("hands out the pool's next free address (never the subnet's network address) and puts it on the subscription", async () => {
    expect(await nextFreeAddress(conn.db, { tenantId, poolId: cgnatPoolId })).toBe("100.64.0.1");
    await setStaticIp(conn.db, actor, { subscriptionId: subs.get("ana")!, staticIp: null, poolId: cgnatPoolId });
    await setStaticIp(conn.db, actor, { subscriptionId: subs.get("ben")!, staticIp: null, poolId: cgnatPoolId });
    expect([await staticIpOf("ana"), await staticIpOf("ben")]).toEqual(["100.64.0.1", "100.64.0.2"]);
  });

  it("refuses an address another subscription holds, with the field named", async () => {
    const error = await setStaticIp(conn.db, actor, { subscriptionId: subs.get("cora")!, staticIp: "100.64.0.1", poolId: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toEqual({ staticIp: ["100.64.0.1 is assigned to another subscription."] });
    expect(await staticIpOf("cora")).toBeNull();
  });

  it("lets only one of two claims of one address win when they race", async () => {
    const results = await Promise.allSettled([
      setStaticIp(conn.db, actor, { subscriptionId: subs.get("cora")!, staticIp: "100.64.1.50", poolId: null }),
      setStaticIp(conn.db, actor, { subscriptionId: subs.get("dan")!, staticIp: "100.64.1.50", poolId: null }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const holders = await conn.db.select().from(ipAssignments).where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.address, "100.64.1.50")));
    expect(holders).toHaveLength(1);
    expect([await staticIpOf("cora"), await staticIpOf("dan")].filter(Boolean)).toEqual(["100.64.1.50"]);
  });

  it("quarantines a released address for the pool's days, then hands it out again", async () => {
    const released = clock.now();
    await setStaticIp(conn.db, actor, { subscriptionId: subs.get("ana")!, staticIp: null, poolId: null });
    expect(await staticIpOf("ana")).toBeNull();
    // 100.64.0.1 is quarantined: the pool's last free address is .3, then it is full.
    expect(await nextFreeAddress(conn.db, { tenantId, poolId: cgnatPoolId })).toBe("100.64.0.3");
    const refused = await refusal(setStaticIp(conn.db, actor, { subscriptionId: subs.get("eli")!, staticIp: "100.64.0.1", poolId: null }));
    expect(refused).toMatch(/^conflict: 100\.64\.0\.1 was released and is quarantined until \d{4}-\d{2}-\d{2}\.$/);
    await setStaticIp(conn.db, actor, { subscriptionId: subs.get("eli")!, staticIp: null, poolId: cgnatPoolId });
    expect(await refusal(setStaticIp(conn.db, actor, { subscriptionId: subs.get("ana")!, staticIp: null, poolId: cgnatPoolId }))).toBe("conflict: That pool has no free address left.");
    // 31 days on, the quarantine is over.
    await withClock(manualClock(new Date(released.getTime() + 31 * 86_400_000)), async () => {
      expect(await nextFreeAddress(conn.db, { tenantId, poolId: cgnatPoolId })).toBe("100.64.0.1");
    });
  });

  it("gives the address back when the subscription ends", async () => {
    await terminateSubscription(conn.db, actor, { subscriptionId: subs.get("ben")!, reason: "Moved away" });
    const [row] = await conn.db.select().from(ipAssignments).where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.address, "100.64.0.2")));
    expect(row).toMatchObject({ status: "quarantined" });
    expect(row.quarantineUntil!.getTime() - row.releasedAt!.getTime()).toBe(30 * 86_400_000);
  });

  it("refuses to remove a pool with assigned addresses", async () => {
    expect(await refusal(deletePool(conn.db, actor, { poolId: cgnatPoolId }))).toBe("conflict: Addresses of this pool are assigned (100.64.0.3, …): move those subscribers first.");
  });
});

describe("reading it back", () => {
  it("shows the tree with what each prefix and pool uses", async () => {
    const tree = await ipamTree(conn.db, { tenantId });
    expect(tree.map((p) => [p.prefix, p.depth, p.space])).toEqual([
      ["100.64.0.0/10", 0, "cgnat"],
      ["100.64.0.0/22", 1, "cgnat"],
      ["2001:db8::/32", 0, "public"],
    ]);
    const pool = tree[1].pools[0];
    // .0 is the subnet's network address: the pool hands out .1–.3; .1 and .2 are quarantined, .3 assigned.
    expect(pool).toMatchObject({ name: "pppoe-pool", size: 3n, used: 1, quarantined: 2, free: 0n, percent: 100 });
    expect(tree[1].used).toBe(4);
  });

  it("answers who holds an address, who released one, and that a third is free", async () => {
    const held = await findAddress(conn.db, { tenantId, address: "100.64.0.3" });
    expect(held).toMatchObject({ status: "assigned", poolName: "pppoe-pool", prefixes: ["100.64.0.0/10", "100.64.0.0/22"] });
    expect(held?.subscription?.username).toBe("eli");
    expect(await findAddress(conn.db, { tenantId, address: "100.64.0.2" })).toMatchObject({ status: "quarantined" });
    expect(await findAddress(conn.db, { tenantId, address: "100.64.2.9" })).toMatchObject({ status: "free", subscription: null });
    // Another ISP asking about our address learns nothing of our subscriber.
    expect(await findAddress(conn.db, { tenantId: other.tenantId, address: "100.64.0.3" })).toMatchObject({ status: "free", subscription: null });
  });

  it("reports an address on two subscriptions and one outside every prefix", async () => {
    // Records written before IP management (an import) can disagree with it.
    await conn.db.update(subscriptions).set({ staticIp: "100.64.0.3" }).where(eq(subscriptions.id, subs.get("ana")!));
    await conn.db.update(subscriptions).set({ staticIp: "203.0.113.9" }).where(eq(subscriptions.id, subs.get("dan")!));
    const conflicts = await addressConflicts(conn.db, { tenantId });
    expect(conflicts).toEqual(
      expect.arrayContaining([
        { kind: "duplicate", address: "100.64.0.3", usernames: ["ana", "eli"] },
        { kind: "unrecorded", address: "203.0.113.9", usernames: ["dan"] },
        { kind: "outside", address: "203.0.113.9", usernames: ["dan"] },
      ]),
    );
    expect(await addressConflicts(conn.db, { tenantId: other.tenantId })).toEqual([]);
  });
});
