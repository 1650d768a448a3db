/** What admins do with a message that did not go out: send it again, or discard it. Both audited. */
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { Db, Tx } from "@/lib/db/types";
import { channelLabels, eventCatalog } from "./events";
import { notificationOutbox, type OutboxMessage } from "./schema";
import { clock } from "@/lib/core/clock";

const o = notificationOutbox;

async function lockMessage(tx: Tx, tenantId: string, id: string): Promise<OutboxMessage> {
  if (!isUuid(id)) throw notFound("Message");
  const [message] = await tx
    .select()
    .from(o)
    .where(and(eq(o.tenantId, tenantId), eq(o.id, id)))
    .for("update");
  if (!message) throw notFound("Message");
  return message;
}

const summaryOf = (m: OutboxMessage) => ({
  message: `${eventCatalog[m.event].label} · ${channelLabels[m.channel]}`,
  recipient: m.recipient,
  status: m.status,
  attempts: m.attempts,
});

/** A failed, dead or discarded message goes back in the queue with a fresh set of attempts. */
export async function retryOutboxMessage(db: Db, actor: TenantActor, { id }: { id: string }) {
  return db.transaction(async (tx) => {
    const message = await lockMessage(tx, actor.tenantId, id);
    if (message.status === "sent") throw new AppError("conflict", "This message was already sent.");
    if (message.status === "sending" || message.status === "pending") throw new AppError("conflict", "This message is already waiting to be sent.");
    const now = clock.now();
    await tx
      .update(o)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, lockedUntil: null, updatedAt: now })
      .where(and(eq(o.id, id), inArray(o.status, ["failed", "dead", "skipped"])));
    await recordAudit(tx, actor, {
      action: "notifications.outbox_retried",
      entityType: "notification",
      entityId: id,
      customerId: message.customerId,
      before: summaryOf(message),
      after: { status: "pending" },
    });
    return { id };
  });
}

/** A message that should not go out after all (wrong number, no longer relevant) stops being retried. */
export async function discardOutboxMessage(db: Db, actor: TenantActor, { id }: { id: string }) {
  return db.transaction(async (tx) => {
    const message = await lockMessage(tx, actor.tenantId, id);
    if (message.status === "sent") throw new AppError("conflict", "This message was already sent.");
    if (message.status === "skipped") throw new AppError("conflict", "This message was already discarded.");
    if (message.status === "sending") throw new AppError("conflict", "This message is being sent right now; try again in a minute.");
    const now = clock.now();
    await tx
      .update(o)
      .set({
        status: "skipped",
        lastError: `Discarded by ${actor.userName ?? "staff"}${message.lastError ? `; last error: ${message.lastError}` : ""}`,
        updatedAt: now,
      })
      .where(eq(o.id, id));
    await recordAudit(tx, actor, {
      action: "notifications.outbox_discarded",
      entityType: "notification",
      entityId: id,
      customerId: message.customerId,
      before: summaryOf(message),
      after: { status: "skipped" },
    });
    return { id };
  });
}
