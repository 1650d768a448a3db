/*
 * A technician's visit report: arrival and departure, notes, materials used and photos. Written on the
 * phone (often without signal) under an id the phone makes, then synced; the id makes a replayed sync a
 * no-op, so an entry is stored once however many times it arrives.
 */
import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { tickets, workLogs, type WorkLog } from "@/lib/tickets/schema";
import { users } from "@/lib/auth/schema";
import { storedFiles } from "@/lib/storage/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { isUuid } from "@/lib/core/ids";
import { AppError, notFound } from "@/lib/core/errors";
import type { Db, DbOrTx } from "@/lib/db/types";
import type { WorkLogInput } from "./work-log-rules";

export { materialSchema, workLogInputSchema, type WorkLogInput } from "./work-log-rules";

async function loadTicket(db: DbOrTx, tenantId: string, ticketId: string) {
  if (!isUuid(ticketId)) throw notFound("Ticket");
  const [ticket] = await db
    .select({ id: tickets.id, number: tickets.number, customerId: tickets.customerId, status: tickets.status })
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)));
  if (!ticket) throw notFound("Ticket");
  return ticket;
}

/** Stores the entry once: a second arrival of the same `clientId` returns the stored one (`created: false`). */
export async function recordWorkLog(db: Db, actor: TenantActor, input: WorkLogInput): Promise<{ workLog: WorkLog; created: boolean }> {
  return db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, actor.tenantId, input.ticketId);
    const [created] = await tx
      .insert(workLogs)
      .values({
        tenantId: actor.tenantId,
        ticketId: ticket.id,
        technicianId: actor.userId,
        clientId: input.clientId,
        arrivedAt: input.arrivedAt ? new Date(input.arrivedAt) : null,
        departedAt: input.departedAt ? new Date(input.departedAt) : null,
        notes: input.notes,
        materials: input.materials,
        recordedAt: new Date(input.recordedAt),
      })
      .onConflictDoNothing({ target: [workLogs.tenantId, workLogs.clientId] })
      .returning();
    if (!created) {
      const [existing] = await tx
        .select()
        .from(workLogs)
        .where(and(eq(workLogs.tenantId, actor.tenantId), eq(workLogs.clientId, input.clientId)));
      if (existing.ticketId !== ticket.id) throw new AppError("conflict", "This entry was already saved on another ticket.");
      return { workLog: existing, created: false };
    }
    await recordAudit(tx, actor, {
      action: "ticket.work_logged",
      entityType: "ticket",
      entityId: ticket.id,
      customerId: ticket.customerId ?? undefined,
      after: {
        ticket: ticket.number,
        arrivedAt: input.arrivedAt,
        departedAt: input.departedAt,
        materials: input.materials.map((m) => `${m.quantity}${m.unit ? ` ${m.unit}` : ""} ${m.item}`),
        notes: input.notes.slice(0, 200),
      },
    });
    return { workLog: created, created: true };
  });
}

/** The entry a photo belongs to, by the phone's id (the entry is always synced before its photos). */
export async function workLogByClientId(db: DbOrTx, { tenantId, clientId }: { tenantId: string; clientId: string }) {
  if (!isUuid(clientId)) throw notFound("Work log");
  const [row] = await db
    .select({ id: workLogs.id, ticketId: workLogs.ticketId, customerId: tickets.customerId })
    .from(workLogs)
    .innerJoin(tickets, eq(tickets.id, workLogs.ticketId))
    .where(and(eq(workLogs.tenantId, tenantId), eq(workLogs.clientId, clientId)));
  if (!row) throw notFound("Work log");
  return row;
}

export type WorkLogEntry = WorkLog & { technicianName: string | null; photos: { id: string; filename: string }[] };

/** A ticket's visits, oldest first, with who made them and their photos. */
export async function listWorkLogs(db: DbOrTx, { tenantId, ticketId }: { tenantId: string; ticketId: string }): Promise<WorkLogEntry[]> {
  const rows = await db
    .select({ log: workLogs, technicianName: users.name })
    .from(workLogs)
    .leftJoin(users, eq(users.id, workLogs.technicianId))
    .where(and(eq(workLogs.tenantId, tenantId), eq(workLogs.ticketId, ticketId)))
    .orderBy(asc(workLogs.recordedAt));
  if (rows.length === 0) return [];
  const photos = await db
    .select({ id: storedFiles.id, filename: storedFiles.filename, workLogId: storedFiles.workLogId })
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.tenantId, tenantId),
        inArray(
          storedFiles.workLogId,
          rows.map((r) => r.log.id),
        ),
        isNull(storedFiles.deletedAt),
      ),
    );
  return rows.map(({ log, technicianName }) => ({
    ...log,
    technicianName,
    photos: photos.filter((p) => p.workLogId === log.id).map(({ id, filename }) => ({ id, filename })),
  }));
}
