/*
 * The sender. It claims due deliveries (`FOR UPDATE SKIP LOCKED`, then `locked_until` for the time a request may
 * take, so two senders never post one delivery at once and a sender that dies leaves it due again once the lock
 * passes), posts each stored body with its signature headers through the outbound policy (15 s, no redirects), and
 * in one transaction records the attempt, the delivery's outcome (delivered; retried on the schedule in rules.ts;
 * failed after the 8th attempt) and the endpoint's health. An endpoint that has only failed for a day is switched
 * off, audited, and its ISP's owners and admins are told through the outbox.
 */
import "server-only";
import { and, asc, eq, exists, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { ownersAndAdmins } from "@/lib/auth/staff";
import { clock } from "@/lib/core/clock";
import { decryptSecret } from "@/lib/core/crypto";
import { formatDateTime } from "@/lib/core/dates";
import { env } from "@/lib/core/env";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import { outboundFetch } from "@/lib/core/outbound";
import type { Db, DbOrTx } from "@/lib/db/types";
import { eachLimited } from "@/lib/jobs/concurrency";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { tenantLocale } from "@/lib/tenants/queries";
import { clipResponseBody, failedForADay, isDeliveredStatus, MAX_ATTEMPTS, retryDelayAfter } from "./rules";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "./schema";
import { signatureHeaders } from "./signing";
import { WEBHOOK_TEST_EVENT } from "./values";

/** How long a claim holds a delivery: far beyond one 15 s request, so a live sender always finishes first. */
export const DELIVERY_LOCK_MS = 2 * 60_000;
export const ATTEMPT_TIMEOUT_MS = 15_000;
/** Answers are read up to this size (the log keeps 2 KB); a larger one is recorded as a failed attempt. */
const MAX_ANSWER_BYTES = 256 * 1024;
const CLAIM_BATCH = 20;
const CONCURRENCY = 4;
const USER_AGENT = "NetSphere-Webhooks/1.0";

const d = webhookDeliveries;
const e = webhookEndpoints;

type Claimed = Pick<typeof d.$inferSelect, "id" | "tenantId" | "endpointId" | "eventType" | "payload" | "attempts" | "lockedUntil">;
const claimedColumns = { id: d.id, tenantId: d.tenantId, endpointId: d.endpointId, eventType: d.eventType, payload: d.payload, attempts: d.attempts, lockedUntil: d.lockedUntil };

export type AttemptOutcome = {
  deliveryId: string;
  status: "delivered" | "retrying" | "failed";
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
};

export type WebhookSendSummary = { delivered: number; retrying: number; failed: number };

/** Claims up to `limit` due deliveries of enabled endpoints for this sender. */
export async function claimDueDeliveries(db: DbOrTx, { now, limit }: { now: Date; limit: number }): Promise<Claimed[]> {
  const due = db
    .select({ id: d.id })
    .from(d)
    .where(
      and(
        eq(d.status, "pending"),
        lte(d.nextAttemptAt, now),
        or(isNull(d.lockedUntil), lte(d.lockedUntil, now)),
        lt(d.attempts, MAX_ATTEMPTS),
        exists(db.select({ one: sql`1` }).from(e).where(and(eq(e.id, d.endpointId), eq(e.enabled, true)))),
      ),
    )
    .orderBy(asc(d.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(d)
    .set({ lockedUntil: new Date(now.getTime() + DELIVERY_LOCK_MS), attempts: sql`${d.attempts} + 1`, lastAttemptAt: now })
    .where(inArray(d.id, due))
    .returning(claimedColumns);
}

/** Deliveries whose sender died during their last allowed attempt: failed now, saying so. */
async function buryAbandoned(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .update(d)
    .set({
      status: "failed",
      lockedUntil: null,
      lastError: sql`coalesce(${d.lastError} || ' ', '') || 'The sender stopped during the last attempt; it may or may not have arrived.'`,
    })
    .where(and(eq(d.status, "pending"), lte(d.nextAttemptAt, now), sql`${d.attempts} >= ${MAX_ATTEMPTS}`, isNotNull(d.lockedUntil), lte(d.lockedUntil, now)))
    .returning({ id: d.id });
  return rows.length;
}

type Target = { id: string; tenantId: string; url: string; enabled: boolean; secrets: string[] };

/** The endpoints of a batch with their signing secrets: the current one, and the previous one until it expires. */
async function targetsOf(db: DbOrTx, endpointIds: string[], now: Date): Promise<Map<string, Target>> {
  if (endpointIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: e.id,
      tenantId: e.tenantId,
      url: e.url,
      enabled: e.enabled,
      secret: e.secretEncrypted,
      previous: e.previousSecretEncrypted,
      previousExpiresAt: e.previousSecretExpiresAt,
    })
    .from(e)
    .where(inArray(e.id, [...new Set(endpointIds)]));
  return new Map(
    rows.map((row) => {
      const secrets = [decryptSecret(row.secret)];
      if (row.previous && row.previousExpiresAt && row.previousExpiresAt.getTime() > now.getTime()) secrets.push(decryptSecret(row.previous));
      return [row.id, { id: row.id, tenantId: row.tenantId, url: row.url, enabled: row.enabled, secrets }];
    }),
  );
}

type Exchange = { headers: Record<string, string>; at: Date; responseStatus: number | null; responseBody: string | null; durationMs: number; error: string | null };

/** One POST of the stored body, signed for this attempt; failures become words, never exceptions. */
async function post(delivery: Claimed, target: Target, now: () => Date): Promise<Exchange> {
  const body = JSON.stringify(delivery.payload);
  const at = now();
  const headers = {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    ...signatureHeaders({ deliveryId: delivery.id, timestamp: Math.floor(at.getTime() / 1000), body, secrets: target.secrets }),
  };
  const started = performance.now();
  let responseStatus: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    const response = await outboundFetch(target.url, { method: "POST", headers, body, redirect: "error" }, { timeoutMs: ATTEMPT_TIMEOUT_MS, maxBytes: MAX_ANSWER_BYTES });
    responseStatus = response.status;
    responseBody = clipResponseBody(new Uint8Array(await response.arrayBuffer()));
    if (!isDeliveredStatus(responseStatus)) error = `The endpoint answered ${responseStatus}${response.statusText ? ` ${response.statusText}` : ""}.`;
  } catch (failure) {
    if (failure instanceof AppError) error = failure.message;
    else {
      logger.warn({ err: failure, deliveryId: delivery.id }, "webhook attempt failed unexpectedly");
      error = "The request failed on our side; it will be tried again.";
    }
  }
  return { headers, at, responseStatus, responseBody, durationMs: Math.round(performance.now() - started), error };
}

/** Writes one attempt and what follows from it: the delivery's outcome and the endpoint's health, together. */
async function recordAttempt(db: Db, delivery: Claimed, target: Target, exchange: Exchange, finishedAt: Date): Promise<AttemptOutcome & { disabled: boolean }> {
  const delivered = exchange.error === null && isDeliveredStatus(exchange.responseStatus);
  // A test event is tried once: it answers "does this endpoint work now?".
  const retryIn = delivered || delivery.eventType === WEBHOOK_TEST_EVENT ? null : retryDelayAfter(delivery.attempts);
  const nextAttemptAt = retryIn === null ? null : new Date(finishedAt.getTime() + retryIn);
  const status = delivered ? "delivered" : nextAttemptAt ? "retrying" : "failed";
  // The attempt, the delivery's state and the endpoint's health stand or fall together.
  const disabled = await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      attemptedAt: exchange.at,
      requestHeaders: exchange.headers,
      responseStatus: exchange.responseStatus,
      responseBody: exchange.responseBody,
      durationMs: exchange.durationMs,
      error: exchange.error,
    });
    await tx
      .update(d)
      .set({
        status: delivered ? "delivered" : nextAttemptAt ? "pending" : "failed",
        ...(delivered ? { deliveredAt: finishedAt } : {}),
        ...(nextAttemptAt ? { nextAttemptAt } : {}),
        lastAttemptAt: exchange.at,
        lastResponseStatus: exchange.responseStatus,
        lastError: exchange.error,
        lockedUntil: null,
      })
      // Unless the lock ran out and another sender holds the delivery now: its outcome is the one to keep.
      .where(and(eq(d.id, delivery.id), delivery.lockedUntil ? eq(d.lockedUntil, delivery.lockedUntil) : undefined));
    if (delivered) {
      await tx.update(e).set({ failingSince: null }).where(and(eq(e.id, target.id), isNotNull(e.failingSince)));
      return false;
    }
    const [health] = await tx
      .update(e)
      .set({ failingSince: sql`coalesce(${e.failingSince}, ${exchange.at.toISOString()}::timestamptz)` })
      .where(eq(e.id, target.id))
      .returning({ failingSince: e.failingSince, enabled: e.enabled });
    if (!health?.enabled || !failedForADay(health.failingSince, finishedAt)) return false;
    return disableFailingEndpoint(tx, target, health.failingSince!, exchange.error ?? "no answer", finishedAt);
  });
  if (disabled) kickOutbox(db);
  return { deliveryId: delivery.id, status, responseStatus: exchange.responseStatus, error: exchange.error, nextAttemptAt, disabled };
}

/** Switches an endpoint off after a day of failures, audited, and tells the ISP's owners and admins. */
async function disableFailingEndpoint(tx: DbOrTx, target: Target, failingSince: Date, lastError: string, at: Date): Promise<boolean> {
  const { timeZone } = await tenantLocale(tx, { tenantId: target.tenantId });
  const since = formatDateTime(failingSince, timeZone);
  const reason = `Every delivery failed for 24 hours (since ${since}); the last one: ${lastError} Fix the receiver, then switch the endpoint on again: waiting deliveries resume.`;
  const [switched] = await tx
    .update(e)
    .set({ enabled: false, disabledReason: reason, disabledAt: at, updatedAt: at })
    .where(and(eq(e.id, target.id), eq(e.enabled, true)))
    .returning({ id: e.id });
  // Another sender's failure switched it off first, and told everyone.
  if (!switched) return false;
  await recordAudit(tx, { tenantId: target.tenantId, userId: null, userName: "Webhooks" }, {
    action: "webhook_endpoint.disabled",
    entityType: "webhook_endpoint",
    entityId: target.id,
    before: { enabled: true },
    after: { enabled: false, url: target.url, reason },
  });
  for (const member of await ownersAndAdmins(tx, { tenantId: target.tenantId })) {
    await enqueueNotification(tx, {
      tenantId: target.tenantId,
      event: "webhook_endpoint_disabled",
      userId: member.id,
      data: {
        endpointUrl: target.url,
        failingSince: since,
        lastError,
        settingsUrl: `${env().APP_URL.replace(/\/+$/, "")}/settings/webhooks/${target.id}`,
      },
      dedupeKey: `webhook_endpoint_disabled:${target.id}:${at.toISOString()}:${member.id}`,
    });
  }
  return true;
}

/** Posts one claimed delivery and records what happened. */
async function deliverClaimed(db: Db, delivery: Claimed, target: Target | undefined, now: () => Date): Promise<AttemptOutcome> {
  // The endpoint was deleted while the delivery waited: the delivery went with it.
  if (!target) return { deliveryId: delivery.id, status: "failed", responseStatus: null, error: "The endpoint was deleted.", nextAttemptAt: null };
  const exchange = await post(delivery, target, now);
  return recordAttempt(db, delivery, target, exchange, now());
}

export type SendOptions = {
  /** Stop after this many deliveries or this much time; the next run continues. */
  maxDeliveries?: number;
  budgetMs?: number;
  signal?: AbortSignal;
};

/** Sends what is due, batch by batch, until nothing is due or the limits say stop. Safe to run anywhere, any number at once. */
export async function sendDueWebhooks(db: Db, options: SendOptions = {}): Promise<WebhookSendSummary> {
  const now = () => clock.now();
  const started = performance.now();
  const summary: WebhookSendSummary = { delivered: 0, retrying: 0, failed: 0 };
  summary.failed += await buryAbandoned(db, now());
  const max = options.maxDeliveries ?? 1000;
  let handled = 0;
  while (handled < max && !options.signal?.aborted && performance.now() - started < (options.budgetMs ?? 60_000)) {
    const batch = await claimDueDeliveries(db, { now: now(), limit: Math.min(CLAIM_BATCH, max - handled) });
    if (batch.length === 0) break;
    handled += batch.length;
    const targets = await targetsOf(db, batch.map((row) => row.endpointId), now());
    // A claimed batch is finished even when asked to stop: each request is bounded by its timeout.
    await eachLimited(batch, CONCURRENCY, async (delivery) => {
      summary[(await deliverClaimed(db, delivery, targets.get(delivery.endpointId), now)).status] += 1;
    });
  }
  return summary;
}

/**
 * A new attempt of one delivery now, whatever its state ("Send again", "Send a test event"); refused while a sender
 * holds it. A failure after the last scheduled attempt leaves it failed; one before it keeps its retries.
 */
export async function sendDeliveryNow(db: Db, { tenantId, deliveryId }: { tenantId: string; deliveryId: string }): Promise<AttemptOutcome> {
  if (!isUuid(deliveryId)) throw notFound("Delivery");
  const at = clock.now();
  const [claimed] = await db
    .update(d)
    .set({ status: "pending", lockedUntil: new Date(at.getTime() + DELIVERY_LOCK_MS), attempts: sql`${d.attempts} + 1`, lastAttemptAt: at })
    .where(and(eq(d.tenantId, tenantId), eq(d.id, deliveryId), or(isNull(d.lockedUntil), lte(d.lockedUntil, at))))
    .returning(claimedColumns);
  if (!claimed) {
    const [known] = await db
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.tenantId, tenantId), eq(d.id, deliveryId)));
    if (!known) throw notFound("Delivery");
    throw new AppError("conflict", "This delivery is being sent right now. Look again in a moment.");
  }
  const targets = await targetsOf(db, [claimed.endpointId], at);
  return deliverClaimed(db, claimed, targets.get(claimed.endpointId), () => clock.now());
}

/** Writes a delivery already claimed by this caller and attempts it now (a test event): no other sender can take it first. */
export async function insertAndSendNow(
  db: Db,
  row: Pick<typeof d.$inferInsert, "tenantId" | "endpointId" | "eventType" | "payload">,
): Promise<AttemptOutcome> {
  const at = clock.now();
  const [claimed] = await db
    .insert(d)
    .values({ ...row, status: "pending", attempts: 1, nextAttemptAt: at, lastAttemptAt: at, lockedUntil: new Date(at.getTime() + DELIVERY_LOCK_MS), createdAt: at })
    .returning(claimedColumns);
  const targets = await targetsOf(db, [claimed.endpointId], at);
  return deliverClaimed(db, claimed, targets.get(claimed.endpointId), () => clock.now());
}
