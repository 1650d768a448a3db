/** The outbox as admins see it, filtered and paged in SQL; and what the customer page and settings read. */
import "server-only";
import { and, count, desc, eq } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import type { DbOrTx } from "@/lib/db/types";
import type { OutboxFilter } from "./rules";
import { notificationOutbox, outboxStatuses, type NotificationChannel, type NotificationEvent, type OutboxStatus } from "./schema";

export const OUTBOX_PAGE_SIZE = 50;

export type OutboxRow = {
  id: string;
  createdAt: Date;
  event: NotificationEvent;
  channel: NotificationChannel;
  recipient: string;
  subject: string;
  body: string;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  customerId: string | null;
  customerName: string | null;
};

export type OutboxPage = { rows: OutboxRow[]; total: number; page: number; pageCount: number; counts: Record<OutboxStatus, number> };

const o = notificationOutbox;

export async function listOutbox(db: DbOrTx, { tenantId, filter }: { tenantId: string; filter: OutboxFilter }): Promise<OutboxPage> {
  const where = and(
    eq(o.tenantId, tenantId),
    filter.status ? eq(o.status, filter.status) : undefined,
    filter.channel ? eq(o.channel, filter.channel) : undefined,
  );
  const [byStatus, [{ total }]] = await Promise.all([
    db
      .select({ status: o.status, n: count() })
      .from(o)
      .where(and(eq(o.tenantId, tenantId), filter.channel ? eq(o.channel, filter.channel) : undefined))
      .groupBy(o.status),
    db.select({ total: count() }).from(o).where(where),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await db
    .select({
      id: o.id,
      createdAt: o.createdAt,
      event: o.event,
      channel: o.channel,
      recipient: o.recipient,
      subject: o.subject,
      body: o.body,
      status: o.status,
      attempts: o.attempts,
      maxAttempts: o.maxAttempts,
      nextAttemptAt: o.nextAttemptAt,
      lastError: o.lastError,
      sentAt: o.sentAt,
      customerId: o.customerId,
      customerName: customers.name,
    })
    .from(o)
    .leftJoin(customers, and(eq(customers.id, o.customerId), eq(customers.tenantId, tenantId)))
    .where(where)
    .orderBy(desc(o.createdAt), desc(o.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  const counts = Object.fromEntries(outboxStatuses.map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0])) as Record<OutboxStatus, number>;
  return { rows, total, page, pageCount, counts };
}
