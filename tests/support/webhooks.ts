/*
 * For the emitting domains' tests: an ISP's webhook endpoint inserted directly (test code owns no domain), and the
 * events queued for it, read back as the receiving system would get their bodies.
 */
import { and, asc, eq } from "drizzle-orm";
import { encryptSecret } from "@/lib/core/crypto";
import type { Db } from "@/lib/db/types";
import { webhookDeliveries, webhookEndpoints } from "@/lib/webhooks/schema";
import { generateWebhookSecret } from "@/lib/webhooks/signing";
import type { WebhookEventType } from "@/lib/webhooks/values";

/** An enabled endpoint of the ISP taking `events` (all when empty); nothing is sent unless a test runs the sender. */
export async function addWebhookEndpoint(db: Db, tenantId: string, events: WebhookEventType[] = []) {
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({ tenantId, url: "https://hooks.example.com/netsphere", events, secretEncrypted: encryptSecret(generateWebhookSecret()) })
    .returning();
  return endpoint;
}

export type QueuedEvent = { type: string; timestamp: string; data: Record<string, unknown> };

/** The bodies queued for the ISP's endpoints, oldest first, optionally of one type. */
export async function queuedWebhookEvents(db: Db, tenantId: string, type?: WebhookEventType): Promise<QueuedEvent[]> {
  const rows = await db
    .select({ payload: webhookDeliveries.payload })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), type ? eq(webhookDeliveries.eventType, type) : undefined))
    .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id));
  return rows.map((row) => row.payload as QueuedEvent);
}
