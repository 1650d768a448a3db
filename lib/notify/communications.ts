/*
 * A subscriber's communication log: every message the outbox holds for them (channel, event, status, error)
 * and the calls, visits and chats staff wrote down, merged newest first in one SQL query and paged there.
 */
import "server-only";
import { sql } from "drizzle-orm";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import { getCustomer } from "@/lib/customers/service";
import { zonedInstant } from "@/lib/core/time-zones";
import { tenantLocale } from "@/lib/tenants/queries";
import { rowsOf } from "@/lib/db/bulk";
import type { Db, DbOrTx } from "@/lib/db/types";
import { communicationEntries, type CommunicationKind, type NotificationChannel, type NotificationEvent, type OutboxStatus } from "./schema";
import { clock } from "@/lib/core/clock";

export type CommunicationItem =
  | {
      type: "message";
      id: string;
      at: Date;
      channel: NotificationChannel;
      event: NotificationEvent;
      status: OutboxStatus;
      recipient: string;
      subject: string;
      attempts: number;
      lastError: string | null;
      sentAt: Date | null;
    }
  | { type: "entry"; id: string; at: Date; kind: CommunicationKind; direction: "inbound" | "outbound"; summary: string; staffName: string };

export type CommunicationLog = { items: CommunicationItem[]; page: number; hasMore: boolean };

type Row = Record<string, unknown>;
const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

function itemOf(row: Row): CommunicationItem {
  if (row.type === "entry")
    return {
      type: "entry",
      id: String(row.id),
      at: date(row.at)!,
      kind: row.kind as CommunicationKind,
      direction: row.direction as "inbound" | "outbound",
      summary: String(row.summary),
      staffName: String(row.staff_name),
    };
  return {
    type: "message",
    id: String(row.id),
    at: date(row.at)!,
    channel: row.channel as NotificationChannel,
    event: row.event as NotificationEvent,
    status: row.status as OutboxStatus,
    recipient: String(row.recipient),
    subject: String(row.subject ?? ""),
    attempts: Number(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    sentAt: date(row.sent_at),
  };
}

export async function communicationLog(
  db: DbOrTx,
  { tenantId, customerId, page = 1, pageSize = 25 }: { tenantId: string; customerId: string; page?: number; pageSize?: number },
): Promise<CommunicationLog> {
  const current = Math.max(1, Math.floor(page));
  const result = await db.execute(sql`
    select * from (
      select 'message' as type, id, created_at as at, channel, event, status, recipient, subject, attempts, last_error, sent_at,
             null as kind, null as direction, null as summary, null as staff_name
      from notification_outbox where tenant_id = ${tenantId} and customer_id = ${customerId}
      union all
      select 'entry', id, occurred_at, null, null, null, null, null, null, null, null, kind, direction, summary, staff_name
      from communication_entries where tenant_id = ${tenantId} and customer_id = ${customerId}
    ) log
    order by at desc, id desc
    limit ${pageSize + 1} offset ${(current - 1) * pageSize}`);
  const rows = rowsOf<Row>(result);
  return { items: rows.slice(0, pageSize).map(itemOf), page: current, hasMore: rows.length > pageSize };
}

/** Writes down a call, visit or chat on the customer's log (audited on the customer). */
export async function addCommunicationEntry(
  db: Db,
  actor: TenantActor,
  input: { customerId: string; kind: CommunicationKind; direction: "inbound" | "outbound"; summary: string; occurredAt: string },
  now = clock.now(),
) {
  await getCustomer(db, { tenantId: actor.tenantId, customerId: input.customerId });
  const { timeZone } = await tenantLocale(db, { tenantId: actor.tenantId });
  let occurredAt = now;
  if (input.occurredAt) {
    const [day, time] = input.occurredAt.split("T");
    const [hours, minutes] = time.split(":").map(Number);
    occurredAt = new Date(zonedInstant(day, hours * 60 + minutes, timeZone));
    if (occurredAt.getTime() > now.getTime() + 5 * 60_000)
      throw new AppError("validation", "That time is in the future.", { fieldErrors: { occurredAt: ["That time is in the future"] } });
  }
  return db.transaction(async (tx) => {
    const [entry] = await tx
      .insert(communicationEntries)
      .values({
        tenantId: actor.tenantId,
        customerId: input.customerId,
        kind: input.kind,
        direction: input.direction,
        summary: input.summary.trim(),
        occurredAt,
        staffUserId: actor.userId ?? null,
        staffName: actor.userName ?? "Staff",
      })
      .returning({ id: communicationEntries.id });
    await recordAudit(tx, actor, {
      action: "communication.logged",
      entityType: "communication",
      entityId: entry.id,
      customerId: input.customerId,
      after: { kind: input.kind, direction: input.direction, summary: input.summary.trim(), occurredAt: occurredAt.toISOString() },
    });
    return { id: entry.id, occurredAt };
  });
}
