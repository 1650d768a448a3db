/*
 * An ISP's webhook endpoints: add, edit, switch on or off, rotate the signing secret, delete, and send a test event.
 * Each change is one transaction with its audit entry. A secret is encrypted at rest and given back in plain text
 * only by `createEndpoint` and `rotateEndpointSecret`, for the page to show once.
 */
import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import { encryptSecret } from "@/lib/core/crypto";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { hostAllowedByOperator, outboundUrlProblem } from "@/lib/core/outbound";
import type { Db, DbOrTx } from "@/lib/db/types";
import { insertAndSendNow, type AttemptOutcome } from "./deliver";
import { eventBody } from "./emit";
import { webhookDeliveries, webhookEndpoints } from "./schema";
import { generateWebhookSecret } from "./signing";
import { MAX_ENDPOINTS, WEBHOOK_TEST_EVENT, type WebhookEventType } from "./values";

/** A rotated-out secret keeps signing beside the new one this long, so receivers can switch without losing events. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 60 * 60_000;

export type EndpointFields = { url: string; description: string; events: WebhookEventType[] };

const e = webhookEndpoints;

/**
 * Why NetSphere would not post to this address, or null: https only (plain http only to a host the operator allowed),
 * and the outbound policy's refusals (private, loopback and metadata addresses). Checked again at every send.
 */
export function endpointUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full address, like https://example.com/netsphere/webhooks";
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && hostAllowedByOperator(url.hostname)))
    return "Use an https:// address: events carry your customers' details.";
  return outboundUrlProblem(url);
}

function checkUrl(url: string) {
  const problem = endpointUrlProblem(url);
  if (problem) throw new AppError("validation", problem, { fieldErrors: { url: [problem] } });
}

async function loadEndpoint(db: DbOrTx, tenantId: string, endpointId: string) {
  if (!isUuid(endpointId)) throw notFound("Webhook endpoint");
  const [endpoint] = await db
    .select()
    .from(e)
    .where(and(eq(e.tenantId, tenantId), eq(e.id, endpointId)))
    .for("update");
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

const described = (fields: EndpointFields) => ({ url: fields.url, description: fields.description, events: fields.events.length === 0 ? "all" : fields.events });

/** A new endpoint, on at once; returns it with its secret in plain text, to show once. */
export async function createEndpoint(db: Db, actor: TenantActor, fields: EndpointFields) {
  checkUrl(fields.url);
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    // One ISP adding endpoints twice at once still stops at the limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`webhook_endpoints:${actor.tenantId}`}, 0))`);
    const [{ n }] = await tx.select({ n: count() }).from(e).where(eq(e.tenantId, actor.tenantId));
    if (n >= MAX_ENDPOINTS) throw new AppError("conflict", `An ISP can have at most ${MAX_ENDPOINTS} webhook endpoints; delete one you no longer use.`);
    const now = clock.now();
    const [endpoint] = await tx
      .insert(e)
      .values({ tenantId: actor.tenantId, ...fields, secretEncrypted: encryptSecret(secret), createdAt: now, updatedAt: now })
      .returning({ id: e.id, url: e.url });
    await recordAudit(tx, actor, { action: "webhook_endpoint.created", entityType: "webhook_endpoint", entityId: endpoint.id, after: described(fields) });
    return { ...endpoint, secret };
  });
}

export async function updateEndpoint(db: Db, actor: TenantActor, { endpointId, ...fields }: EndpointFields & { endpointId: string }) {
  checkUrl(fields.url);
  return db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, actor.tenantId, endpointId);
    await tx
      .update(e)
      .set({ ...fields, updatedAt: clock.now() })
      .where(and(eq(e.tenantId, actor.tenantId), eq(e.id, endpointId)));
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.updated",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      before: described(before as EndpointFields),
      after: described(fields),
    });
    return { id: endpointId, url: fields.url };
  });
}

/**
 * Switches an endpoint on or off. Switching on clears why NetSphere switched it off and its run of failures, and
 * sends the deliveries that waited at once rather than at their next retry.
 */
export async function setEndpointEnabled(db: Db, actor: TenantActor, { endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  return db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, actor.tenantId, endpointId);
    if (before.enabled === enabled) return { id: endpointId, enabled, released: 0 };
    const now = clock.now();
    await tx
      .update(e)
      .set(enabled ? { enabled, disabledReason: null, disabledAt: null, failingSince: null, updatedAt: now } : { enabled, disabledAt: now, updatedAt: now })
      .where(and(eq(e.tenantId, actor.tenantId), eq(e.id, endpointId)));
    const released = enabled
      ? await tx
          .update(webhookDeliveries)
          .set({ nextAttemptAt: now })
          .where(and(eq(webhookDeliveries.tenantId, actor.tenantId), eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending")))
          .returning({ id: webhookDeliveries.id })
      : [];
    await recordAudit(tx, actor, {
      action: enabled ? "webhook_endpoint.enabled" : "webhook_endpoint.disabled",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      before: { enabled: before.enabled, ...(before.disabledReason ? { disabledReason: before.disabledReason } : {}) },
      after: { enabled, url: before.url, ...(enabled ? { released: released.length } : {}) },
    });
    return { id: endpointId, enabled, released: released.length };
  });
}

/** A new signing secret; the old one keeps signing beside it for a day. Returns the new secret, to show once. */
export async function rotateEndpointSecret(db: Db, actor: TenantActor, { endpointId }: { endpointId: string }) {
  const secret = generateWebhookSecret();
  return db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, actor.tenantId, endpointId);
    const now = clock.now();
    const previousExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS);
    await tx
      .update(e)
      .set({ secretEncrypted: encryptSecret(secret), previousSecretEncrypted: before.secretEncrypted, previousSecretExpiresAt: previousExpiresAt, updatedAt: now })
      .where(and(eq(e.tenantId, actor.tenantId), eq(e.id, endpointId)));
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.secret_rotated",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      after: { url: before.url, previousSecretValidUntil: previousExpiresAt.toISOString() },
    });
    return { id: endpointId, secret, previousExpiresAt };
  });
}

/** Deletes an endpoint with its deliveries and their log. */
export async function deleteEndpoint(db: Db, actor: TenantActor, { endpointId }: { endpointId: string }) {
  return db.transaction(async (tx) => {
    const before = await loadEndpoint(tx, actor.tenantId, endpointId);
    await tx.delete(e).where(and(eq(e.tenantId, actor.tenantId), eq(e.id, endpointId)));
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.deleted",
      entityType: "webhook_endpoint",
      entityId: endpointId,
      before: described(before as EndpointFields),
    });
    return { id: endpointId, url: before.url };
  });
}

/** "Send a test event": a `webhook.test` delivery to this endpoint (whatever it subscribed to), attempted now. */
export async function sendTestEvent(db: Db, actor: TenantActor, { endpointId }: { endpointId: string }): Promise<AttemptOutcome> {
  const endpoint = await loadEndpoint(db, actor.tenantId, endpointId);
  return insertAndSendNow(db, {
    tenantId: actor.tenantId,
    endpointId,
    eventType: WEBHOOK_TEST_EVENT,
    payload: eventBody(WEBHOOK_TEST_EVENT, clock.now(), { endpointId, url: endpoint.url, message: `A test event sent by ${actor.userName ?? "staff"} from NetSphere.` }),
  });
}
