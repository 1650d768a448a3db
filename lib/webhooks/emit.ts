/*
 * Queueing events: a domain calls these inside the transaction of the change it reports, so an event exists if and
 * only if its change committed. Each call reads the ISP's enabled endpoints once (indexed by tenant; nothing is cached
 * across transactions, so an endpoint added a moment ago gets the next event) and writes one `webhook_deliveries` row
 * per endpoint that wants the event (an empty `events` list wants all). An ISP without endpoints pays that one read.
 * The body is fixed here: `{ type, timestamp, data }`, `timestamp` from the clock; the sender posts it as stored.
 */
import "server-only";
import { and, eq, sql, type SQL } from "drizzle-orm";
import { clock } from "@/lib/core/clock";
import { arrayLiteral, insertMany } from "@/lib/db/bulk";
import type { DbOrTx } from "@/lib/db/types";
import { kickWebhooks } from "./kick";
import { webhookDeliveries, webhookEndpoints } from "./schema";
import type { DeliveredEventType, WebhookEventType } from "./values";

/** An event's `data`: the object's id and key fields, camelCase, amounts in minor units beside `currency`, ISO 8601 times. */
export type WebhookData = Record<string, unknown>;
export type WebhookEvent = { type: WebhookEventType; data: WebhookData };

type EndpointChoice = { id: string; events: string[] };

/** The ISP's endpoints that are switched on, with what each subscribed to. */
async function enabledEndpoints(db: DbOrTx, tenantId: string): Promise<EndpointChoice[]> {
  return db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.enabled, true)));
}

const wants = (endpoint: EndpointChoice, type: string) => endpoint.events.length === 0 || endpoint.events.includes(type);

/** The stored body; a round trip through JSON makes dates ISO strings and drops undefined fields, as the receiver will see them. */
export const eventBody = (type: DeliveredEventType, timestamp: Date, data: WebhookData) => ({
  type,
  timestamp: timestamp.toISOString(),
  data: JSON.parse(JSON.stringify(data)) as WebhookData,
});

/** Queues several events of one ISP (a CSV import's customers) in one statement. Returns how many deliveries were written. */
export async function queueWebhookEvents(db: DbOrTx, tenantId: string, events: WebhookEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await enabledEndpoints(db, tenantId);
  if (endpoints.length === 0) return 0;
  const now = clock.now();
  const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const event of events) {
    const payload = eventBody(event.type, now, event.data);
    for (const endpoint of endpoints) {
      if (!wants(endpoint, event.type)) continue;
      rows.push({ tenantId, endpointId: endpoint.id, eventType: event.type, payload, status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now });
    }
  }
  if (rows.length === 0) return 0;
  await insertMany(db, webhookDeliveries, rows);
  kickWebhooks();
  return rows.length;
}

/** Queues one event, inside the transaction of its change. */
export function queueWebhookEvent(db: DbOrTx, { tenantId, type, data }: { tenantId: string; type: WebhookEventType; data: WebhookData }): Promise<number> {
  return queueWebhookEvents(db, tenantId, [{ type, data }]);
}

/** `insert into webhook_deliveries … select` for the rows of `source` (columns `type text`, `data jsonb`) and the endpoints `endpoints` yields (`id`, `events`). */
function insertFromSource(tenantId: string, source: SQL, endpoints: SQL): SQL {
  const now = clock.now().toISOString();
  return sql`insert into webhook_deliveries (tenant_id, endpoint_id, event_type, payload, status, attempts, next_attempt_at, created_at)
    select ${tenantId}::uuid, e.id, s.type, jsonb_build_object('type', s.type, 'timestamp', ${now}::text, 'data', s.data), 'pending', 0,
      ${now}::timestamptz, ${now}::timestamptz
    from (${source}) s join (${endpoints}) e on cardinality(e.events) = 0 or s.type = any(e.events)`;
}

/**
 * One event of `type` per row of `source` (a SELECT with one jsonb column `data`), in one INSERT … SELECT: the billing
 * run's thousands of invoices per batch are never turned into rows in JavaScript. Without an endpoint that wants
 * `type`, only the endpoint read runs.
 */
export async function queueWebhookEventsFrom(db: DbOrTx, { tenantId, type, source }: { tenantId: string; type: WebhookEventType; source: SQL }) {
  const endpoints = (await enabledEndpoints(db, tenantId)).filter((endpoint) => wants(endpoint, type));
  if (endpoints.length === 0) return;
  // Already chosen for `type` above: each takes every row.
  const chosen = sql`select id, '{}'::text[] as events from unnest(${arrayLiteral(endpoints.map((e) => e.id))}::text::uuid[]) as c(id)`;
  await db.execute(insertFromSource(tenantId, sql`select ${type}::text as type, d.data from (${source}) d`, chosen));
  kickWebhooks();
}

/**
 * A step for a larger statement (`with …, events as (<this>)`) that records a change without a transaction (the
 * poller's router status): queues an event for each row of `source` (columns `type text`, `data jsonb`; none when
 * nothing changed) to the ISP's enabled endpoints that want it, read in the same statement. The event is written
 * only if the change is, and an unchanged router costs no extra round trip.
 */
export function webhookEventsStep({ tenantId, source }: { tenantId: string; source: SQL }): SQL {
  const endpoints = sql`select id, events from webhook_endpoints where tenant_id = ${tenantId}::uuid and enabled`;
  return sql`${insertFromSource(tenantId, source, endpoints)} returning 1`;
}
