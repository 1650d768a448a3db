/*
 * Staff's changes to the topology: links drawn by hand (or a discovered link's medium, capacity and label), and the
 * positions routers are pinned at on the drawing. Each change is audited in its own transaction.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { clock } from "@/lib/core/clock";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { getRouter } from "@/lib/routers/service";
import { networkLinks, topologyPositions, type NetworkLink } from "./schema";
import type { LinkFields } from "./forms";
import { orderedEnds } from "./rules";

async function loadLink(db: DbOrTx, { tenantId, linkId }: { tenantId: string; linkId: string }): Promise<NetworkLink> {
  if (!isUuid(linkId)) throw notFound("Link");
  const [link] = await db
    .select()
    .from(networkLinks)
    .where(and(eq(networkLinks.tenantId, tenantId), eq(networkLinks.id, linkId)));
  if (!link) throw notFound("Link");
  return link;
}

const alreadyLinked = () =>
  new AppError("conflict", "These two routers are already linked on these ports.", {
    fieldErrors: { bInterface: ["Already linked on these ports"] },
  });

/**
 * Adds a manual link, or edits a link (`linkId`). A discovered link's ends are what the routers reported, so only
 * its medium, capacity and label change; a manual link's ends may move too.
 */
export async function saveLink(db: Db, actor: TenantActor, { linkId, link }: { linkId?: string; link: LinkFields }): Promise<{ id: string }> {
  const tenantId = actor.tenantId;
  const [a, b] = await Promise.all([getRouter(db, { tenantId, routerId: link.aRouterId }), getRouter(db, { tenantId, routerId: link.bRouterId })]);
  const ends = orderedEnds({ routerId: a.id, interface: link.aInterface }, { routerId: b.id, interface: link.bInterface });
  const details = { medium: link.medium, capacityMbps: link.capacityMbps, label: link.label };
  try {
    return await db.transaction(async (tx) => {
      if (!linkId) {
        const [created] = await tx
          .insert(networkLinks)
          .values({
            tenantId,
            aRouterId: ends.a.routerId,
            aInterface: ends.a.interface,
            bRouterId: ends.b.routerId,
            bInterface: ends.b.interface,
            source: "manual",
            ...details,
          })
          .returning();
        await recordAudit(tx, actor, {
          action: "topology.link_added",
          entityType: "network_link",
          entityId: created.id,
          after: { ...link, routers: [a.name, b.name] },
        });
        return { id: created.id };
      }
      const before = await loadLink(tx, { tenantId, linkId });
      const moved = { aRouterId: ends.a.routerId, aInterface: ends.a.interface, bRouterId: ends.b.routerId, bInterface: ends.b.interface };
      const sameEnds =
        before.aRouterId === moved.aRouterId &&
        before.aInterface === moved.aInterface &&
        before.bRouterId === moved.bRouterId &&
        before.bInterface === moved.bInterface;
      if (before.source === "discovered" && !sameEnds) {
        throw new AppError("validation", "A discovered link joins the ports the routers reported; change its medium, capacity or label only.", {
          fieldErrors: { aRouterId: ["Discovered ends cannot change"] },
        });
      }
      await tx
        .update(networkLinks)
        .set({ ...details, ...(before.source === "manual" ? moved : {}) })
        .where(and(eq(networkLinks.tenantId, tenantId), eq(networkLinks.id, linkId)));
      await recordAudit(tx, actor, {
        action: "topology.link_changed",
        entityType: "network_link",
        entityId: linkId,
        before: { ...moved, medium: before.medium, capacityMbps: before.capacityMbps, label: before.label },
        after: { ...link, routers: [a.name, b.name] },
      });
      return { id: linkId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyLinked();
    throw error;
  }
}

/** Removes a link; a discovered one comes back if the routers still see each other. */
export async function removeLink(db: Db, actor: TenantActor, { linkId }: { linkId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const link = await loadLink(tx, { tenantId: actor.tenantId, linkId });
    await tx.delete(networkLinks).where(and(eq(networkLinks.tenantId, actor.tenantId), eq(networkLinks.id, linkId)));
    await recordAudit(tx, actor, { action: "topology.link_removed", entityType: "network_link", entityId: linkId, before: link });
  });
}

/** Pins a router where staff dropped it on the drawing. */
export async function savePosition(db: Db, actor: TenantActor, { routerId, x, y }: { routerId: string; x: number; y: number }): Promise<void> {
  const router = await getRouter(db, { tenantId: actor.tenantId, routerId });
  const position = { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  await db.transaction(async (tx) => {
    await tx
      .insert(topologyPositions)
      .values({ routerId: router.id, tenantId: actor.tenantId, ...position, updatedAt: clock.now() })
      .onConflictDoUpdate({ target: topologyPositions.routerId, set: { ...position, updatedAt: clock.now() } });
    await recordAudit(tx, actor, {
      action: "topology.position_pinned",
      entityType: "router",
      entityId: router.id,
      after: { router: router.name, ...position },
    });
  });
}

/** Unpins every router: the drawing is laid out afresh. */
export async function clearPositions(db: Db, actor: TenantActor): Promise<{ cleared: number }> {
  return db.transaction(async (tx) => {
    const cleared = await tx
      .delete(topologyPositions)
      .where(eq(topologyPositions.tenantId, actor.tenantId))
      .returning({ routerId: topologyPositions.routerId });
    await recordAudit(tx, actor, { action: "topology.positions_cleared", entityType: "topology", after: { cleared: cleared.length } });
    return { cleared: cleared.length };
  });
}
