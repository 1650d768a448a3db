/*
 * Portal accounts: a password per subscriber (Better Auth's scrypt hash, like staff passwords), sign-in
 * with the account number or email, and a lockout after repeated failures. Every failure says the same
 * thing whether the account exists or not; unknown identifiers are counted and locked like real ones.
 */
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { clearFailedSignIns, LOCKOUT_MINUTES, lockoutRemainingMinutes, MAX_FAILED_SIGN_INS, recordFailedSignIn } from "@/lib/auth/lockout";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { AppError } from "@/lib/core/errors";
import type { Db, DbOrTx } from "@/lib/db/types";
import { portalAccounts, portalSessions, portalTokens } from "./schema";
import { GENERIC_SIGN_IN_ERROR, identifierKind, LOCKED_MESSAGE } from "./rules";
import { revokeCustomerSessions } from "./sessions";
import { guardPortalSignIn, releasePortalSignIn } from "./throttle";
import { clock } from "@/lib/core/clock";

/** A subscriber acting in the portal, as the audit log names them. */
export type CustomerActor = AuditActor & { tenantId: string; customerId: string };

export const customerActor = (s: { tenantId: string; customerId: string; customer: { name: string } }, ipAddress?: string | null): CustomerActor => ({
  tenantId: s.tenantId,
  customerId: s.customerId,
  userId: null,
  userName: `${s.customer.name} (subscriber portal)`,
  ipAddress: ipAddress ?? null,
});

/** Subscribers (not leads) of the tenant that an account number or email names; an email may name a few. */
export async function findCustomersByIdentifier(db: DbOrTx, { tenantId, identifier }: { tenantId: string; identifier: string }) {
  const value = identifier.trim();
  const match =
    identifierKind(value) === "email" ? eq(customers.email, value.toLowerCase()) : sql`upper(${customers.accountNumber}) = upper(${value})`;
  return db
    .select({
      customerId: customers.id,
      email: customers.email,
      passwordHash: portalAccounts.passwordHash,
      lockedUntil: portalAccounts.lockedUntil,
    })
    .from(customers)
    .leftJoin(portalAccounts, and(eq(portalAccounts.customerId, customers.id), eq(portalAccounts.tenantId, tenantId)))
    .where(and(eq(customers.tenantId, tenantId), ne(customers.status, "lead"), match))
    .orderBy(customers.accountNumber)
    .limit(3);
}

let dummyHash: Promise<string> | undefined;
/** Verifying against a throwaway hash keeps an unknown account as slow to refuse as a known one. */
const spendVerifyTime = (password: string) =>
  (dummyHash ??= hashPassword("not-a-real-password-0000")).then((hash) => verifyPassword({ hash, password }));

const lockKey = (tenantId: string, identifier: string) => `portal:${tenantId}:${identifier.trim().toLowerCase()}`;

/**
 * Checks an account number (or email) and password; returns the customer to open a session for.
 * Five failures in a row lock the identifier, and the account behind it, for 15 minutes; too many failures from
 * one address (or at one ISP) refuse every attempt from it for a while, whatever account it names (throttle.ts).
 */
export async function verifyPortalSignIn(
  db: Db,
  {
    tenantId,
    identifier,
    password,
    ipAddress,
    now = clock.now(),
  }: { tenantId: string; identifier: string; password: string; ipAddress: string | null; now?: Date },
): Promise<{ customerId: string }> {
  await guardPortalSignIn(db, { tenantId, ipAddress, now });
  const key = lockKey(tenantId, identifier);
  if ((await lockoutRemainingMinutes(db, key, now)) > 0) throw new AppError("rate_limited", LOCKED_MESSAGE);
  const candidates = (await findCustomersByIdentifier(db, { tenantId, identifier })).filter((c) => c.passwordHash);
  if (candidates.some((c) => c.lockedUntil && c.lockedUntil > now)) throw new AppError("rate_limited", LOCKED_MESSAGE);
  if (candidates.length === 0) await spendVerifyTime(password);
  const matched: string[] = [];
  for (const candidate of candidates) {
    if (await verifyPassword({ hash: candidate.passwordHash!, password })) matched.push(candidate.customerId);
  }
  if (matched.length === 0) {
    await recordFailedSignIn(db, key, now);
    for (const candidate of candidates) await recordAccountFailure(db, { tenantId, customerId: candidate.customerId, now });
    throw new AppError("unauthenticated", GENERIC_SIGN_IN_ERROR);
  }
  if (matched.length > 1)
    throw new AppError("validation", "Several accounts use this email. Sign in with your account number instead.", {
      fieldErrors: { identifier: ["Use your account number: several accounts share this email"] },
    });
  await clearFailedSignIns(db, key);
  await releasePortalSignIn(db, { tenantId, ipAddress, now });
  await db
    .update(portalAccounts)
    .set({ failedAttempts: 0, lockedUntil: null })
    .where(and(eq(portalAccounts.tenantId, tenantId), eq(portalAccounts.customerId, matched[0])));
  return { customerId: matched[0] };
}

async function recordAccountFailure(db: DbOrTx, { tenantId, customerId, now }: { tenantId: string; customerId: string; now: Date }) {
  const at = now.toISOString();
  const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
  // An expired lock starts the count again; the fifth failure in a row sets a new lock.
  const expired = sql`${portalAccounts.lockedUntil} is not null and ${portalAccounts.lockedUntil} <= ${at}::timestamptz`;
  await db
    .update(portalAccounts)
    .set({
      failedAttempts: sql`case when ${expired} then 1 else ${portalAccounts.failedAttempts} + 1 end`,
      lockedUntil: sql`case when ${expired} then null
        when ${portalAccounts.failedAttempts} + 1 >= ${MAX_FAILED_SIGN_INS} then ${lockUntil}::timestamptz else ${portalAccounts.lockedUntil} end`,
      updatedAt: now,
    })
    .where(and(eq(portalAccounts.tenantId, tenantId), eq(portalAccounts.customerId, customerId)));
}

/** Sets a customer's portal password (creating the account) and lifts any lockout. */
export async function setPortalPassword(db: DbOrTx, { tenantId, customerId, password }: { tenantId: string; customerId: string; password: string }) {
  const passwordHash = await hashPassword(password);
  const now = clock.now();
  await db
    .insert(portalAccounts)
    .values({ tenantId, customerId, passwordHash })
    .onConflictDoUpdate({ target: portalAccounts.customerId, set: { passwordHash, failedAttempts: 0, lockedUntil: null, updatedAt: now } });
}

/** The signed-in subscriber changes their password: the current one is checked, their other sessions end. */
export async function changePortalPassword(
  db: Db,
  actor: CustomerActor,
  { current, password, keepSessionId }: { current: string; password: string; keepSessionId: string },
) {
  const [account] = await db
    .select({ passwordHash: portalAccounts.passwordHash })
    .from(portalAccounts)
    .where(and(eq(portalAccounts.tenantId, actor.tenantId), eq(portalAccounts.customerId, actor.customerId)));
  if (!account?.passwordHash || !(await verifyPassword({ hash: account.passwordHash, password: current })))
    throw new AppError("validation", "Your current password is not right.", { fieldErrors: { current: ["This is not your current password"] } });
  await db.transaction(async (tx) => {
    await setPortalPassword(tx, { tenantId: actor.tenantId, customerId: actor.customerId, password });
    await revokeCustomerSessions(tx, { tenantId: actor.tenantId, customerId: actor.customerId, keepSessionId });
    await recordAudit(tx, actor, {
      action: "portal.password_changed",
      entityType: "customer",
      entityId: actor.customerId,
      customerId: actor.customerId,
    });
  });
}

export type PortalAccessState = {
  status: "none" | "invited" | "active" | "locked";
  hasEmail: boolean;
  lastSignInAt: Date | null;
  lockedUntil: Date | null;
  inviteExpiresAt: Date | null;
  activeSessions: number;
};

/** What staff see about a customer's portal access: set up or not, invited, locked, signed in when. */
export async function portalAccessState(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<PortalAccessState> {
  const now = clock.now();
  const [[customer], [account], [invite], [sessions]] = await Promise.all([
    db
      .select({ email: customers.email })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId))),
    db
      .select()
      .from(portalAccounts)
      .where(and(eq(portalAccounts.tenantId, tenantId), eq(portalAccounts.customerId, customerId))),
    db
      .select({ expiresAt: sql<Date>`max(${portalTokens.expiresAt})`.mapWith(portalTokens.expiresAt) })
      .from(portalTokens)
      .where(
        and(
          eq(portalTokens.tenantId, tenantId),
          eq(portalTokens.customerId, customerId),
          eq(portalTokens.kind, "invite"),
          sql`${portalTokens.usedAt} is null and ${portalTokens.expiresAt} > ${now.toISOString()}::timestamptz`,
        ),
      ),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(portalSessions)
      .where(
        and(
          eq(portalSessions.tenantId, tenantId),
          eq(portalSessions.customerId, customerId),
          sql`${portalSessions.expiresAt} > ${now.toISOString()}::timestamptz`,
        ),
      ),
  ]);
  const lockedUntil = account?.lockedUntil && account.lockedUntil > now ? account.lockedUntil : null;
  const inviteExpiresAt = invite?.expiresAt ?? null;
  return {
    status: lockedUntil ? "locked" : account?.passwordHash ? "active" : inviteExpiresAt ? "invited" : "none",
    hasEmail: !!customer?.email,
    lastSignInAt: account?.lastSignInAt ?? null,
    lockedUntil,
    inviteExpiresAt,
    activeSessions: Number(sessions?.n ?? 0),
  };
}

/** Demo data: every subscriber of the tenant signs in to the portal with `password` (one hash, one statement). */
export async function seedPortalDemo(db: DbOrTx, tenantId: string, password = "NetSphere-demo-2026"): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.execute(sql`
    insert into portal_accounts (customer_id, tenant_id, password_hash)
    select id, tenant_id, ${passwordHash} from customers where tenant_id = ${tenantId} and status <> 'lead'
    on conflict (customer_id) do update set password_hash = excluded.password_hash, failed_attempts = 0, locked_until = null, updated_at = now()`);
}
