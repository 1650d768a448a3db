import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { executeAction } from "@/lib/core/action";
import { createRouter, createSite } from "@/lib/routers/service";
import { listQueueNodes } from "@/lib/queues/service";
import { createQueueNodeAction, deleteQueueNodeAction, updateQueueNodeAction } from "@/lib/queues/actions/queue-nodes";
import { requestReconcile } from "@/lib/provisioning/trigger";
import type { Connection } from "@/lib/db/connect";

vi.mock("@/lib/provisioning/trigger", () => ({ requestReconcile: vi.fn() }));

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());
beforeEach(() => vi.mocked(requestReconcile).mockClear());

// Every router is its own device: one device is registered once per installation.
let devices = 0;
async function setup() {
  const fixture = await createTenantFixture(conn.db);
  const actor = actorOf(fixture.ctx.owner);
  devices += 1;
  const base = { apiPort: 8728, useTls: false, username: "api", password: "pw", siteId: null };
  const router = await createRouter(conn.db, actor, { ...base, host: `10.0.${devices}.1`, name: "Core-CCR" });
  const second = await createRouter(conn.db, actor, { ...base, host: `10.0.${devices}.2`, name: "Edge-hAP" });
  const site = await createSite(conn.db, actor, { name: "Lipa Tower", address: "" });
  return { ...fixture, routerId: router.id, secondRouterId: second.id, siteId: site.id };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const add = (s: Setup, node: Record<string, unknown>, role: keyof Setup["ctx"] = "admin", routerId = s.routerId) =>
  executeAction(createQueueNodeAction.definition, s.ctx[role], { routerId, node });
const names = async (s: Setup) => (await listQueueNodes(conn.db, { tenantId: s.tenant.id, routerId: s.routerId })).map((n) => n.name).sort();

describe("queue tree editor", () => {
  it("builds a tree in Mbps, stores bps, links a site, audits each change and asks for a reconcile", async () => {
    const s = await setup();
    const total = await add(s, { name: "total-down", parentInterface: "ether1", maxLimitMbps: "100", packetMark: "down" });
    const site = await add(s, { name: "lipa-down", parentId: total.id, maxLimitMbps: "60", limitAtMbps: "20", priority: "3", siteId: s.siteId });
    const [listed] = (await listQueueNodes(conn.db, { tenantId: s.tenant.id, routerId: s.routerId })).filter((n) => n.id === site.id);
    expect(listed).toMatchObject({
      parentId: total.id,
      parentInterface: "global",
      maxLimitBps: 60_000_000,
      limitAtBps: 20_000_000,
      priority: 3,
      siteName: "Lipa Tower",
    });
    expect(requestReconcile).toHaveBeenCalledTimes(2);
    // The reconcile runs on the handle of the staff request: bound to the ISP.
    expect(requestReconcile).toHaveBeenLastCalledWith(s.ctx.admin.db, { tenantId: s.tenant.id, routerId: s.routerId, trigger: "change" });

    await executeAction(updateQueueNodeAction.definition, s.ctx.admin, {
      routerId: s.routerId,
      nodeId: site.id,
      node: { name: "lipa-down", parentId: total.id, maxLimitMbps: "50" },
    });
    const audits = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, s.tenant.id), eq(auditLog.entityType, "queue_node")))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(["queue_node.created", "queue_node.created", "queue_node.updated"]);
    expect(audits[2]).toMatchObject({ entityId: site.id, before: { maxLimitBps: 60_000_000 }, after: { maxLimitBps: 50_000_000 } });
  });

  it("refuses duplicates, cycles and limits that don't fit, with field errors", async () => {
    const s = await setup();
    const total = await add(s, { name: "total", maxLimitMbps: "100" });
    const child = await add(s, { name: "child", parentId: total.id, maxLimitMbps: "40" });
    const grandchild = await add(s, { name: "grandchild", parentId: child.id, maxLimitMbps: "10" });
    const update = (nodeId: string, node: Record<string, unknown>) =>
      executeAction(updateQueueNodeAction.definition, s.ctx.admin, { routerId: s.routerId, nodeId, node });

    await expect(add(s, { name: "child" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { name: ["A queue named “child” already exists on this router"] },
    });
    await expect(add(s, { name: "big", parentId: child.id, maxLimitMbps: "41" })).rejects.toMatchObject({
      fieldErrors: { maxLimitMbps: [expect.stringContaining("parent's (child: 40 Mbps)")] },
    });
    await expect(add(s, { name: "odd", maxLimitMbps: "5", limitAtMbps: "6" })).rejects.toMatchObject({
      fieldErrors: { "node.limitAtMbps": ["Limit at can't be above max limit"] },
    });
    await expect(update(total.id, { name: "total", parentId: grandchild.id, maxLimitMbps: "100" })).rejects.toMatchObject({
      fieldErrors: { parentId: ["A queue can't hang below itself or one of its own children"] },
    });
    await expect(update(child.id, { name: "child", parentId: total.id, maxLimitMbps: "5" })).rejects.toMatchObject({
      fieldErrors: { maxLimitMbps: ["A child queue has a higher max limit (grandchild: 10 Mbps)"] },
    });
    // The same name on another router is fine: names are unique per router.
    await expect(add(s, { name: "child" }, "admin", s.secondRouterId)).resolves.toMatchObject({ name: "child" });
    // A parent on another router is not a parent here.
    const elsewhere = (await listQueueNodes(conn.db, { tenantId: s.tenant.id, routerId: s.secondRouterId }))[0];
    await expect(add(s, { name: "stray", parentId: elsewhere.id })).rejects.toMatchObject({
      fieldErrors: { parentId: ["Choose a parent queue on this router"] },
    });
    expect(await names(s)).toEqual(["child", "grandchild", "total"]);
  });

  it("asks before deleting a queue with children, then deletes the whole branch", async () => {
    const s = await setup();
    const total = await add(s, { name: "total", maxLimitMbps: "100" });
    const child = await add(s, { name: "child", parentId: total.id });
    await add(s, { name: "grandchild", parentId: child.id });
    await add(s, { name: "other" });
    const remove = (nodeId: string, withChildren?: boolean) =>
      executeAction(deleteQueueNodeAction.definition, s.ctx.admin, { routerId: s.routerId, nodeId, withChildren });

    await expect(remove(total.id)).rejects.toMatchObject({
      code: "conflict",
      message: "“total” has 2 queues below it. Delete them too, or move them first.",
      details: { children: 2 },
    });
    expect(await names(s)).toEqual(["child", "grandchild", "other", "total"]);
    expect(await remove(total.id, true)).toEqual({ deleted: 3 });
    expect(await names(s)).toEqual(["other"]);
    const [audit] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, s.tenant.id), eq(auditLog.action, "queue_node.deleted")));
    expect(audit.before).toMatchObject({ name: "total", children: expect.arrayContaining(["child", "grandchild"]) });
  });

  it("needs queues:write and keeps other tenants' routers, nodes, sites and plans out of reach", async () => {
    const a = await setup();
    const b = await setup();
    for (const role of ["technician", "support", "billing"] as const)
      await expect(add(a, { name: "x" }, role)).rejects.toMatchObject({ code: "forbidden" });
    const node = await add(a, { name: "total" });
    await expect(add(b, { name: "mine" }, "admin", a.routerId)).rejects.toMatchObject({ code: "not_found" });
    await expect(
      executeAction(updateQueueNodeAction.definition, b.ctx.admin, { routerId: b.routerId, nodeId: node.id, node: { name: "taken" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(deleteQueueNodeAction.definition, b.ctx.admin, { routerId: a.routerId, nodeId: node.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(add(b, { name: "linked", siteId: a.siteId })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { siteId: ["Choose one of your sites"] },
    });
    await expect(listQueueNodes(conn.db, { tenantId: b.tenant.id, routerId: a.routerId })).resolves.toEqual([]);
    expect(await names(a)).toEqual(["total"]);
  });
});
