import { and, desc, eq, gt, inArray, ne } from "drizzle-orm";
import { sessions, users } from "@/lib/auth/schema";
import { sessionTokenHash } from "@/lib/auth/hashed-sessions";
import { auditActor, memberOf, type StaffActor } from "@/lib/auth/staff";
import { recordAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/core/errors";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

/* Sessions of staff: your own devices, and (for admins) any member's, each revocation audited. */

export type SessionInfo = {
  id: string;
  userId: string;
  userAgent: string | null;
  ipAddress: string | null;
  createdAt: Date;
  expiresAt: Date;
  current: boolean;
};

const sessionColumns = {
  id: sessions.id,
  userId: sessions.userId,
  token: sessions.token,
  userAgent: sessions.userAgent,
  ipAddress: sessions.ipAddress,
  createdAt: sessions.createdAt,
  expiresAt: sessions.expiresAt,
};

/** Session hashes never leave this module: callers get ids and a "this device" flag (tokens are stored as hashes). */
const toInfo = (currentToken: string | null) => {
  const currentHash = currentToken ? sessionTokenHash(currentToken) : null;
  return (row: { token: string } & Omit<SessionInfo, "current">): SessionInfo => {
    const { token, ...rest } = row;
    return { ...rest, current: !!currentHash && token === currentHash };
  };
};

/** The signed-in user's live sessions, newest first. */
export async function listOwnSessions(
  db: DbOrTx,
  { userId, currentToken, now = clock.now() }: { userId: string; currentToken: string | null; now?: Date },
): Promise<SessionInfo[]> {
  const rows = await db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
  return rows.map(toInfo(currentToken));
}

/** Live sessions of every staff member of the tenant (the staff page, for admins). */
export async function listTenantSessions(
  db: DbOrTx,
  { tenantId, currentToken = null, now = clock.now() }: { tenantId: string; currentToken?: string | null; now?: Date },
): Promise<SessionInfo[]> {
  const rows = await db
    .select(sessionColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(users.tenantId, tenantId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
  return rows.map(toInfo(currentToken));
}

async function auditSessionRevoked(tx: DbOrTx, actor: StaffActor, entry: { userId: string; sessionIds: string[]; scope: string }) {
  await recordAudit(tx, auditActor(actor), {
    action: "staff.session_revoked",
    entityType: "user",
    entityId: entry.userId,
    after: { sessions: entry.sessionIds.length, sessionIds: entry.sessionIds, scope: entry.scope },
  });
}

/** Signs one of your own devices out. */
export async function revokeOwnSession(db: Db, actor: StaffActor, { sessionId }: { sessionId: string }) {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.userId), eq(sessions.id, sessionId)))
      .returning({ id: sessions.id });
    if (deleted.length === 0) throw notFound("Session");
    await auditSessionRevoked(tx, actor, { userId: actor.userId, sessionIds: [sessionId], scope: "own device" });
  });
}

/** "Sign out everywhere else": every session of yours but the one making the request. */
export async function revokeOtherOwnSessions(db: Db, actor: StaffActor, { currentToken }: { currentToken: string }) {
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.userId), ne(sessions.token, sessionTokenHash(currentToken))))
      .returning({ id: sessions.id });
    if (deleted.length > 0) {
      await auditSessionRevoked(tx, actor, { userId: actor.userId, sessionIds: deleted.map((d) => d.id), scope: "all other devices" });
    }
    return { revoked: deleted.length };
  });
}

/** An admin signs a staff member of the same tenant out of one device. */
export async function revokeStaffSession(db: Db, actor: StaffActor, { userId, sessionId }: { userId: string; sessionId: string }) {
  return db.transaction(async (tx) => {
    const member = await memberOf(tx, actor, userId);
    const deleted = await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, member.id),
          eq(sessions.id, sessionId),
          inArray(sessions.userId, tx.select({ id: users.id }).from(users).where(eq(users.tenantId, actor.tenantId))),
        ),
      )
      .returning({ id: sessions.id });
    if (deleted.length === 0) throw notFound("Session");
    await auditSessionRevoked(tx, actor, { userId: member.id, sessionIds: [sessionId], scope: `device of ${member.email}` });
  });
}

/** Signs every staff member of a tenant out at once (NetSphere suspended the ISP); run inside the caller's transaction. */
export async function revokeTenantStaffSessions(tx: DbOrTx, { tenantId }: { tenantId: string }) {
  await tx.delete(sessions).where(inArray(sessions.userId, tx.select({ id: users.id }).from(users).where(eq(users.tenantId, tenantId))));
}
