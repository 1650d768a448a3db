import { eq, sql } from "drizzle-orm";
import { loginAttempts } from "@/lib/auth/schema";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;

/** Minutes left on a temporary lockout for this email, or 0. */
export async function lockoutRemainingMinutes(db: Db, email: string, now = clock.now()): Promise<number> {
  const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.email, email.toLowerCase()));
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 60_000);
}

/** Counts a failed sign-in; the fifth in a row locks the email for fifteen minutes. */
export async function recordFailedSignIn(db: Db, email: string, now = clock.now()) {
  const key = email.toLowerCase();
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
  await db
    .insert(loginAttempts)
    .values({ email: key, failedCount: 1, lastFailedAt: now })
    .onConflictDoUpdate({
      target: loginAttempts.email,
      set: {
        // a lockout that has expired starts the count again
        failedCount: sql`case when ${loginAttempts.lockedUntil} is not null and ${loginAttempts.lockedUntil} <= ${now.toISOString()}::timestamptz then 1 else ${loginAttempts.failedCount} + 1 end`,
        lockedUntil: sql`case when ${loginAttempts.lockedUntil} is not null and ${loginAttempts.lockedUntil} <= ${now.toISOString()}::timestamptz then null
          when ${loginAttempts.failedCount} + 1 >= ${MAX_FAILED_SIGN_INS} then ${lockUntil.toISOString()}::timestamptz else ${loginAttempts.lockedUntil} end`,
        lastFailedAt: now,
      },
    });
}

export async function clearFailedSignIns(db: Db, email: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.email, email.toLowerCase()));
}
