/*
 * The outbox sender. It claims due rows (`FOR UPDATE SKIP LOCKED`, so two senders never take one row) by
 * marking them `sending` with `locked_until` and one more attempt, sends each through its channel, then
 * marks it sent, schedules a retry with backoff (1, 5, 15, 60, 180 minutes…), or marks it dead: at once for
 * a permanent refusal, or after its last attempt. A sender that dies mid-send leaves rows `sending`; once
 * their lock has passed they are due again, so nothing is lost (a message may go out twice, never zero times).
 */
import "server-only";
import { and, asc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { logger } from "@/lib/core/logger";
import { eachLimited } from "@/lib/jobs/concurrency";
import type { Db } from "@/lib/db/types";
import { ChannelError, sendVia, type ChannelSettings } from "./channels";
import { channelLabels } from "./events";
import { retryDelayMs } from "./recipients";
import { loadChannelSettings } from "./settings";
import { notificationOutbox, type NotificationChannel, type OutboxMessage } from "./schema";
import { clock } from "@/lib/core/clock";

/** How long a claimed row stays with its sender: a batch of 20 at 4 at a time with 15 s timeouts fits well inside. */
export const OUTBOX_LOCK_MS = 3 * 60_000;
const CLAIM_BATCH = 20;
const CONCURRENCY = 4;

export type SendSummary = { sent: number; retrying: number; dead: number; skipped: number };
type Outcome = keyof SendSummary;

export type SendOptions = {
  now?: () => Date;
  /** Only these rows (an interactive "send now"). */
  ids?: string[];
  /** Stop after this many messages or this much time; the next run continues. */
  maxMessages?: number;
  budgetMs?: number;
  signal?: AbortSignal;
};

const o = notificationOutbox;

/** Claims up to `limit` due rows for this sender. */
export async function claimDueMessages(db: Db, { now, limit, ids }: { now: Date; limit: number; ids?: string[] }): Promise<OutboxMessage[]> {
  const due = db
    .select({ id: o.id })
    .from(o)
    .where(
      and(
        or(and(inArray(o.status, ["pending", "failed"]), lte(o.nextAttemptAt, now)), and(eq(o.status, "sending"), lte(o.lockedUntil, now))),
        lt(o.attempts, o.maxAttempts),
        ids ? inArray(o.id, ids) : undefined,
      ),
    )
    .orderBy(asc(o.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(o)
    .set({ status: "sending", lockedUntil: new Date(now.getTime() + OUTBOX_LOCK_MS), attempts: sql`${o.attempts} + 1`, updatedAt: now })
    .where(inArray(o.id, due))
    .returning();
}

/** Rows whose sender died during their last allowed attempt: dead letters now, for an admin to look at. */
async function buryAbandoned(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(o)
    .set({
      status: "dead",
      lockedUntil: null,
      lastError: sql`coalesce(${o.lastError} || ' ', '') || 'The sender stopped during the last attempt; it may or may not have gone out.'`,
      updatedAt: now,
    })
    .where(and(eq(o.status, "sending"), lte(o.lockedUntil, now), sql`${o.attempts} >= ${o.maxAttempts}`))
    .returning({ id: o.id });
  return rows.length;
}

/** Writes a claimed row's outcome, unless its lock ran out and another sender holds it now. */
async function finish(db: Db, message: OutboxMessage, values: Partial<typeof o.$inferInsert>) {
  await db
    .update(o)
    .set({ ...values, lockedUntil: null })
    .where(and(eq(o.id, message.id), eq(o.status, "sending"), message.lockedUntil ? eq(o.lockedUntil, message.lockedUntil) : undefined));
}

async function deliver(db: Db, message: OutboxMessage, settings: ChannelSettings, now: () => Date): Promise<Outcome> {
  if (!settings.enabled) {
    await finish(db, message, {
      status: "skipped",
      lastError: `${channelLabels[message.channel]} was switched off before this message went out.`,
      updatedAt: now(),
    });
    return "skipped";
  }
  try {
    const { providerMessageId } = await sendVia(
      message.channel,
      settings,
      { tenantId: message.tenantId, to: message.recipient, subject: message.subject, body: message.body, attachments: message.attachments },
      { db },
    );
    const at = now();
    await finish(db, message, { status: "sent", providerMessageId, sentAt: at, lastError: null, updatedAt: at });
    return "sent";
  } catch (error) {
    const failure =
      error instanceof ChannelError
        ? error
        : new ChannelError(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`, { retryable: true });
    const at = now();
    if (!failure.retryable || message.attempts >= message.maxAttempts) {
      await finish(db, message, { status: "dead", lastError: failure.message, updatedAt: at });
      logger.warn(
        { outboxId: message.id, channel: message.channel, attempts: message.attempts, error: failure.message },
        "notification dead-lettered",
      );
      return "dead";
    }
    await finish(db, message, {
      status: "failed",
      lastError: failure.message,
      nextAttemptAt: new Date(at.getTime() + retryDelayMs(message.attempts)),
      updatedAt: at,
    });
    return "retrying";
  }
}

/** Sends what is due, batch by batch, until nothing is due (or the limits say stop). Safe to run anywhere, any number at once. */
export async function sendDueNotifications(db: Db, options: SendOptions = {}): Promise<SendSummary> {
  const now = options.now ?? (() => clock.now());
  const started = performance.now();
  const summary: SendSummary = { sent: 0, retrying: 0, dead: 0, skipped: 0 };
  summary.dead += await buryAbandoned(db, now());
  const settings = new Map<string, Promise<Map<NotificationChannel, ChannelSettings>>>();
  const settingsOf = (tenantId: string) => {
    if (!settings.has(tenantId)) settings.set(tenantId, loadChannelSettings(db, { tenantId }));
    return settings.get(tenantId)!;
  };
  const max = options.maxMessages ?? 1000;
  let handled = 0;
  while (handled < max && !options.signal?.aborted && performance.now() - started < (options.budgetMs ?? 60_000)) {
    const batch = await claimDueMessages(db, { now: now(), limit: Math.min(CLAIM_BATCH, max - handled), ids: options.ids });
    if (batch.length === 0) break;
    handled += batch.length;
    // A claimed batch is finished even when asked to stop: each send is bounded by the provider timeout.
    await eachLimited(batch, CONCURRENCY, async (message) => {
      const channel = (await settingsOf(message.tenantId)).get(message.channel)!;
      summary[await deliver(db, message, channel, now)] += 1;
    });
  }
  return summary;
}
