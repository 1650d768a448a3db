/** What Settings → Webhooks reads: endpoints with their last delivery, one endpoint's log paged in SQL, a delivery's attempts. */
import "server-only";
import { and, asc, count, desc, eq, sql } from "drizzle-orm";
import { notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import type { DeliveryFilter } from "./forms";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "./schema";
import { deliveryStatuses, type DeliveryStatus } from "./values";

export const DELIVERY_PAGE_SIZE = 25;

const e = webhookEndpoints;
const d = webhookDeliveries;

/** An endpoint as pages show it: never its secrets. */
const endpointColumns = {
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  disabledAt: e.disabledAt,
  failingSince: e.failingSince,
  previousSecretExpiresAt: e.previousSecretExpiresAt,
  createdAt: e.createdAt,
};

export type EndpointSummary = Awaited<ReturnType<typeof listEndpoints>>[number];

/** The ISP's endpoints, oldest first, each with its latest delivery's outcome. */
export async function listEndpoints(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const last = db
    .select({
      status: d.status,
      eventType: d.eventType,
      lastResponseStatus: d.lastResponseStatus,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt,
      createdAt: d.createdAt,
    })
    .from(d)
    .where(and(eq(d.endpointId, e.id), eq(d.tenantId, tenantId)))
    .orderBy(desc(d.createdAt))
    .limit(1)
    .as("last");
  const rows = await db
    .select({
      ...endpointColumns,
      lastStatus: last.status,
      lastEventType: last.eventType,
      lastResponseStatus: last.lastResponseStatus,
      lastError: last.lastError,
      lastAttemptAt: last.lastAttemptAt,
      lastCreatedAt: last.createdAt,
    })
    .from(e)
    .leftJoinLateral(last, sql`true`)
    .where(eq(e.tenantId, tenantId))
    .orderBy(asc(e.createdAt), asc(e.id));
  return rows.map(({ lastStatus, lastEventType, lastResponseStatus, lastError, lastAttemptAt, lastCreatedAt, ...endpoint }) => ({
    ...endpoint,
    last:
      lastStatus && lastEventType && lastCreatedAt
        ? { status: lastStatus, eventType: lastEventType, responseStatus: lastResponseStatus, error: lastError, attemptedAt: lastAttemptAt, createdAt: lastCreatedAt }
        : null,
  }));
}

export async function getEndpoint(db: DbOrTx, { tenantId, endpointId }: { tenantId: string; endpointId: string }) {
  if (!isUuid(endpointId)) throw notFound("Webhook endpoint");
  const [endpoint] = await db
    .select(endpointColumns)
    .from(e)
    .where(and(eq(e.tenantId, tenantId), eq(e.id, endpointId)));
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>["rows"][number];

/** One endpoint's deliveries, newest first, filtered by status and event type and paged in SQL; with counts per status. */
export async function listDeliveries(db: DbOrTx, { tenantId, endpointId, filter }: { tenantId: string; endpointId: string; filter: DeliveryFilter }) {
  const mine = and(eq(d.tenantId, tenantId), eq(d.endpointId, endpointId), filter.type ? eq(d.eventType, filter.type) : undefined);
  const where = and(mine, filter.status ? eq(d.status, filter.status) : undefined);
  const byStatus = await db.select({ status: d.status, n: count() }).from(d).where(mine).groupBy(d.status);
  const counts = Object.fromEntries(deliveryStatuses.map((s) => [s, byStatus.find((r) => r.status === s)?.n ?? 0])) as Record<DeliveryStatus, number>;
  const total = filter.status ? counts[filter.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const pageCount = Math.max(1, Math.ceil(total / DELIVERY_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await db
    .select({
      id: d.id,
      eventType: d.eventType,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      lastAttemptAt: d.lastAttemptAt,
      lastResponseStatus: d.lastResponseStatus,
      lastError: d.lastError,
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
    })
    .from(d)
    .where(where)
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(DELIVERY_PAGE_SIZE)
    .offset((page - 1) * DELIVERY_PAGE_SIZE);
  return { rows, counts, total, page, pageCount };
}

/** One delivery with its body and every attempt, newest first. */
export async function getDelivery(db: DbOrTx, { tenantId, endpointId, deliveryId }: { tenantId: string; endpointId: string; deliveryId: string }) {
  if (!isUuid(deliveryId)) throw notFound("Delivery");
  const [delivery] = await db
    .select()
    .from(d)
    .where(and(eq(d.tenantId, tenantId), eq(d.endpointId, endpointId), eq(d.id, deliveryId)));
  if (!delivery) throw notFound("Delivery");
  const attempts = await db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.tenantId, tenantId), eq(webhookAttempts.deliveryId, deliveryId)))
    .orderBy(desc(webhookAttempts.attemptedAt), desc(webhookAttempts.id));
  return { delivery, attempts };
}
