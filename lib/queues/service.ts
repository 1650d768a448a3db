import { and, asc, eq, inArray } from "drizzle-orm";
import { queueTreeNodes } from "@/lib/queues/schema";
import { routers, sites } from "@/lib/routers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { checkQueueNode, descendantsOf, type QueueNodeFields } from "@/lib/queues/rules";
import { plansUnder } from "@/lib/queues/tree";
import type { Db, DbOrTx, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

type RouterIds = { tenantId: string; routerId: string };

/** The router's desired queue tree with the names of linked sites and plans. */
export async function listQueueNodes(db: DbOrTx, { tenantId, routerId }: RouterIds) {
  if (!isUuid(routerId)) throw notFound("Router");
  return db
    .select({
      id: queueTreeNodes.id,
      name: queueTreeNodes.name,
      parentId: queueTreeNodes.parentId,
      parentInterface: queueTreeNodes.parentInterface,
      packetMark: queueTreeNodes.packetMark,
      maxLimitBps: queueTreeNodes.maxLimitBps,
      limitAtBps: queueTreeNodes.limitAtBps,
      priority: queueTreeNodes.priority,
      queueType: queueTreeNodes.queueType,
      siteId: queueTreeNodes.siteId,
      siteName: sites.name,
      planId: queueTreeNodes.planId,
      planName: servicePlans.name,
      comment: queueTreeNodes.comment,
    })
    .from(queueTreeNodes)
    .leftJoin(sites, eq(sites.id, queueTreeNodes.siteId))
    .leftJoin(servicePlans, eq(servicePlans.id, queueTreeNodes.planId))
    .where(and(eq(queueTreeNodes.tenantId, tenantId), eq(queueTreeNodes.routerId, routerId)))
    .orderBy(asc(queueTreeNodes.name));
}
export type QueueNodeRow = Awaited<ReturnType<typeof listQueueNodes>>[number];

/** Plans whose queue on this router hangs off the interface (see `plansUnder`), for an interface incident's impact. */
export async function plansQueuedUnder(db: DbOrTx, { tenantId, routerId, interfaceName }: RouterIds & { interfaceName: string }): Promise<string[]> {
  const nodes = await db
    .select({ id: queueTreeNodes.id, parentId: queueTreeNodes.parentId, parentInterface: queueTreeNodes.parentInterface, planId: queueTreeNodes.planId })
    .from(queueTreeNodes)
    .where(and(eq(queueTreeNodes.tenantId, tenantId), eq(queueTreeNodes.routerId, routerId)));
  return plansUnder(nodes, interfaceName);
}

/**
 * Locks the router row for the rest of the transaction: tree checks (cycles, limits) read every node of the
 * router, so two editors must not validate against the same snapshot and both commit.
 */
async function lockRouterTree(tx: Tx, { tenantId, routerId }: RouterIds) {
  if (!isUuid(routerId)) throw notFound("Router");
  const [router] = await tx
    .select({ id: routers.id })
    .from(routers)
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)))
    .for("update");
  if (!router) throw notFound("Router");
  return tx
    .select()
    .from(queueTreeNodes)
    .where(and(eq(queueTreeNodes.tenantId, tenantId), eq(queueTreeNodes.routerId, routerId)));
}

async function assertLinksInTenant(tx: Tx, tenantId: string, node: QueueNodeFields) {
  const errors: Record<string, string[]> = {};
  if (node.siteId) {
    const [site] = await tx
      .select({ id: sites.id })
      .from(sites)
      .where(and(eq(sites.tenantId, tenantId), eq(sites.id, node.siteId)));
    if (!site) errors.siteId = ["Choose one of your sites"];
  }
  if (node.planId) {
    const [plan] = await tx
      .select({ id: servicePlans.id })
      .from(servicePlans)
      .where(and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.id, node.planId)));
    if (!plan) errors.planId = ["Choose one of your plans"];
  }
  if (Object.keys(errors).length > 0) throw new AppError("validation", "Some fields need attention.", { fieldErrors: errors });
}

function assertFits(nodes: Parameters<typeof checkQueueNode>[0], candidate: Parameters<typeof checkQueueNode>[1]) {
  const fieldErrors = checkQueueNode(nodes, candidate);
  if (fieldErrors) throw new AppError("validation", "This queue doesn't fit the tree.", { fieldErrors });
}

const duplicateName = (name: string) =>
  new AppError("conflict", `A queue named “${name}” already exists on this router.`, { fieldErrors: { name: ["Already exists on this router"] } });

export async function createQueueNode(db: Db, actor: TenantActor, { routerId, node }: { routerId: string; node: QueueNodeFields }) {
  try {
    return await db.transaction(async (tx) => {
      const nodes = await lockRouterTree(tx, { tenantId: actor.tenantId, routerId });
      assertFits(nodes, node);
      await assertLinksInTenant(tx, actor.tenantId, node);
      const [created] = await tx
        .insert(queueTreeNodes)
        .values({ ...node, tenantId: actor.tenantId, routerId })
        .returning({ id: queueTreeNodes.id, name: queueTreeNodes.name });
      await recordAudit(tx, actor, { action: "queue_node.created", entityType: "queue_node", entityId: created.id, after: { ...node, routerId } });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(node.name);
    throw error;
  }
}

export async function updateQueueNode(
  db: Db,
  actor: TenantActor,
  { routerId, nodeId, node }: { routerId: string; nodeId: string; node: QueueNodeFields },
) {
  try {
    return await db.transaction(async (tx) => {
      const nodes = await lockRouterTree(tx, { tenantId: actor.tenantId, routerId });
      const before = nodes.find((n) => n.id === nodeId);
      if (!before) throw notFound("Queue");
      assertFits(nodes, { ...node, id: nodeId });
      await assertLinksInTenant(tx, actor.tenantId, node);
      await tx
        .update(queueTreeNodes)
        .set({ ...node, updatedAt: clock.now() })
        .where(and(eq(queueTreeNodes.tenantId, actor.tenantId), eq(queueTreeNodes.id, nodeId)));
      await recordAudit(tx, actor, { action: "queue_node.updated", entityType: "queue_node", entityId: nodeId, before, after: node });
      return { id: nodeId, name: node.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(node.name);
    throw error;
  }
}

/** Deletes a node; one with children is refused unless `withChildren`, which removes the whole branch. */
export async function deleteQueueNode(
  db: Db,
  actor: TenantActor,
  { routerId, nodeId, withChildren }: { routerId: string; nodeId: string; withChildren: boolean },
) {
  return db.transaction(async (tx) => {
    const nodes = await lockRouterTree(tx, { tenantId: actor.tenantId, routerId });
    const node = nodes.find((n) => n.id === nodeId);
    if (!node) throw notFound("Queue");
    const below = descendantsOf(nodes, nodeId);
    if (below.length > 0 && !withChildren)
      throw new AppError(
        "conflict",
        `“${node.name}” has ${below.length} ${below.length === 1 ? "queue" : "queues"} below it. Delete them too, or move them first.`,
        {
          details: { children: below.length },
        },
      );
    const removed = [node.id, ...below.map((n) => n.id)];
    await tx.delete(queueTreeNodes).where(and(eq(queueTreeNodes.tenantId, actor.tenantId), inArray(queueTreeNodes.id, removed)));
    await recordAudit(tx, actor, {
      action: "queue_node.deleted",
      entityType: "queue_node",
      entityId: node.id,
      before: { ...node, children: below.map((n) => n.name) },
    });
    return { deleted: removed.length };
  });
}
