/*
 * Throttles: how many attempts one address (or one ISP) may make in a window, counted in Postgres so every app
 * instance shares the count. The per-account lockout (lockout.ts) stops guessing at one account; these stop one
 * source from trying a password on many accounts (spraying) and from flooding link requests.
 *
 * An attempt is counted before any work is done (so a burst of parallel requests cannot all slip through), and a
 * rule that counts only failures gives the attempt back when it succeeds: subscribers behind one carrier-grade
 * NAT address sign in all day without using up the limit.
 */
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { requestThrottles } from "@/lib/auth/schema";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

export type ThrottleRule = { name: string; max: number; windowMinutes: number };

export type ThrottleOutcome = { allowed: true } | { allowed: false; retryInMinutes: number };

/** Rows whose window ended this long ago are removed whenever a new window starts. */
const KEEP_ROWS_MS = 24 * 60 * 60_000;

const keyOf = (rule: ThrottleRule, subject: string) => `${rule.name}:${subject}`;

/** Counts one attempt of `subject` (an address key, an ISP id) under `rule`; refused past `rule.max`. */
export async function takeThrottle(db: DbOrTx, rule: ThrottleRule, subject: string, now = clock.now()): Promise<ThrottleOutcome> {
  const { count, resetsAt } = await countAttempt(db, rule, subject, now);
  if (count <= rule.max) return { allowed: true };
  return { allowed: false, retryInMinutes: Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 60_000)) };
}

/**
 * Counts one attempt and says where the window stands: the attempts in it so far (this one included) and when it
 * ends. For limits that report themselves to the caller (the API's `RateLimit-*` headers).
 */
export async function countAttempt(db: DbOrTx, rule: ThrottleRule, subject: string, now = clock.now()): Promise<{ count: number; resetsAt: Date }> {
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000).toISOString();
  const expired = sql`${requestThrottles.windowStartedAt} <= ${windowStart}::timestamptz`;
  const [row] = await db
    .insert(requestThrottles)
    .values({ key: keyOf(rule, subject), count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: requestThrottles.key,
      set: {
        count: sql`case when ${expired} then 1 else ${requestThrottles.count} + 1 end`,
        windowStartedAt: sql`case when ${expired} then ${now.toISOString()}::timestamptz else ${requestThrottles.windowStartedAt} end`,
      },
    })
    .returning({ count: requestThrottles.count, windowStartedAt: requestThrottles.windowStartedAt });
  if (row.count === 1) await db.delete(requestThrottles).where(lt(requestThrottles.windowStartedAt, new Date(now.getTime() - KEEP_ROWS_MS)));
  return { count: row.count, resetsAt: new Date(row.windowStartedAt.getTime() + rule.windowMinutes * 60_000) };
}

/** Gives back an attempt that succeeded, for rules that count failures only. */
export async function giveBackThrottle(db: DbOrTx, rule: ThrottleRule, subject: string, now = clock.now()): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowMinutes * 60_000);
  await db
    .update(requestThrottles)
    .set({ count: sql`greatest(${requestThrottles.count} - 1, 0)` })
    .where(and(eq(requestThrottles.key, keyOf(rule, subject)), gt(requestThrottles.windowStartedAt, windowStart)));
}

export const minutesWord = (minutes: number) => `${minutes} minute${minutes === 1 ? "" : "s"}`;

/** What a refused sign-in from one address is told. */
export const networkThrottledMessage = (minutes: number) => `Too many sign-in attempts from your network. Try again in ${minutesWord(minutes)}.`;

/** Staff: failed sign-ins per address (the staff sign-in form), and password-reset requests per address. */
export const STAFF_SIGN_IN_PER_ADDRESS: ThrottleRule = { name: "staff-sign-in:address", max: 30, windowMinutes: 15 };
export const STAFF_RESET_PER_ADDRESS: ThrottleRule = { name: "staff-reset:address", max: 10, windowMinutes: 15 };
