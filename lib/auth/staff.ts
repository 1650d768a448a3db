import { aliasedTable, and, asc, desc, eq, gt, isNull, max, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { invitations, sessions, staffRoles, users, type StaffRole } from "@/lib/auth/schema";
import { tenants } from "@/lib/tenants/schema";
import { roleLabels } from "@/lib/auth/permissions";
import {
  INVITATION_TTL_DAYS,
  canManageRole,
  invitationProblem,
  invitationState,
  landingAfterJoin,
  type InvitationState,
  type acceptInvitationSchema,
  type changeRoleSchema,
  type inviteStaffSchema,
} from "@/lib/auth/invitations";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { sendEmail } from "@/lib/mail/send";
import { randomToken, sha256 } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { formatDateTime } from "@/lib/core/dates";
import { AppError, notFound } from "@/lib/core/errors";
import type { StaffContext } from "@/lib/auth/context";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

/*
 * Staff management: invitations, roles, activation and sessions. Pure database functions taking
 * `(db, actor, input)`; the Server Actions in lib/auth/actions only glue them to the session.
 * Every write is scoped to the actor's tenant (another tenant's user reads as "not found") and
 * audited in the same transaction.
 */

export type StaffActor = Pick<StaffContext, "tenantId" | "userId" | "userName" | "role" | "ipAddress">;

export const auditActor = (actor: StaffActor): AuditActor => ({
  tenantId: actor.tenantId,
  userId: actor.userId,
  userName: actor.userName,
  ipAddress: actor.ipAddress,
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** One staff change at a time per tenant, so "the last owner" checks cannot race each other. */
async function lockStaffOf(tx: DbOrTx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`staff:${tenantId}`}, 0))`);
}

/**
 * Whether the address is already a NetSphere account, in any ISP (emails are unique across ISPs). Staff work runs
 * as the app role, which cannot read other ISPs' staff, so the database answers with one boolean
 * (`email_has_account`, see the app_role migration).
 */
async function emailHasAccount(db: DbOrTx, email: string): Promise<boolean> {
  const result = (await db.execute(sql`select email_has_account(${email}) as taken`)) as unknown as { rows: Array<{ taken: boolean }> };
  return result.rows[0]?.taken === true;
}

/** The user who signed up owns the ISP account just created for them; run in the transaction that creates it. */
export async function makeTenantOwner(tx: DbOrTx, { userId, tenantId, name }: { userId: string; tenantId: string; name: string }) {
  await tx.update(users).set({ tenantId, role: "owner", name }).where(eq(users.id, userId));
}

// ---------------------------------------------------------------- invitations

/**
 * Invites someone by email. The link carries a random token; only its sha256 is stored.
 * A new invite for the same email replaces (revokes) the earlier pending one.
 */
export async function inviteStaff(
  db: Db,
  actor: StaffActor,
  input: z.output<typeof inviteStaffSchema>,
  options: { now?: Date; appUrl?: string } = {},
): Promise<{ invitationId: string; email: string; expiresAt: Date }> {
  if (!canManageRole(actor.role, input.role)) {
    throw new AppError("forbidden", "Only an owner can invite another owner.", { fieldErrors: { role: ["Only an owner can invite an owner"] } });
  }
  const now = options.now ?? clock.now();
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * DAY_MS);
  const link = `${options.appUrl ?? env().APP_URL}/invite/${token}`;

  return db.transaction(async (tx) => {
    await lockStaffOf(tx, actor.tenantId);
    if (await emailHasAccount(tx, input.email)) {
      throw new AppError("conflict", "This email already has a NetSphere account.", {
        fieldErrors: { email: ["Already has a NetSphere account"] },
      });
    }
    const [tenant] = await tx.select({ name: tenants.name, timezone: tenants.timezone }).from(tenants).where(eq(tenants.id, actor.tenantId));
    if (!tenant) throw notFound("ISP account");

    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.tenantId, actor.tenantId),
          eq(invitations.email, input.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, role: invitations.role });
    for (const old of replaced) {
      await recordAudit(tx, auditActor(actor), {
        action: "staff.invite_revoked",
        entityType: "invitation",
        entityId: old.id,
        before: { email: input.email, role: old.role },
        after: { reason: "replaced by a new invitation" },
      });
    }

    const [invitation] = await tx
      .insert(invitations)
      .values({
        tenantId: actor.tenantId,
        email: input.email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: actor.userId,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: invitations.id });
    await recordAudit(tx, auditActor(actor), {
      action: "staff.invited",
      entityType: "invitation",
      entityId: invitation.id,
      after: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    await sendEmail(tx, {
      tenantId: actor.tenantId,
      to: input.email,
      subject: `You are invited to join ${tenant.name} on NetSphere`,
      text: [
        `${actor.userName} invited you to join ${tenant.name} on NetSphere as ${roleLabels[input.role]}.`,
        "",
        `Accept the invitation and choose your password here (valid until ${formatDateTime(expiresAt, tenant.timezone)}):`,
        link,
        "",
        "If you did not expect this invitation, you can ignore this email.",
      ].join("\n"),
    });
    return { invitationId: invitation.id, email: input.email, expiresAt };
  });
}

/** Withdraws a pending invitation so its link stops working. */
export async function revokeInvitation(db: Db, actor: StaffActor, { invitationId }: { invitationId: string }, now = clock.now()) {
  return db.transaction(async (tx) => {
    await lockStaffOf(tx, actor.tenantId);
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.tenantId, actor.tenantId), eq(invitations.id, invitationId)));
    if (!invitation) throw notFound("Invitation");
    if (invitation.acceptedAt) throw new AppError("conflict", `${invitation.email} has already accepted this invitation.`);
    if (invitation.revokedAt) return;
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, invitation.id));
    await recordAudit(tx, auditActor(actor), {
      action: "staff.invite_revoked",
      entityType: "invitation",
      entityId: invitation.id,
      before: { email: invitation.email, role: invitation.role },
    });
  });
}

export type InvitationLookup =
  { state: "unknown" } | { state: InvitationState; email: string; role: StaffRole; tenantName: string; timeZone: string; expiresAt: Date };

/** What the invite page shows for a link. */
export async function findInvitationByToken(db: DbOrTx, token: string, now = clock.now()): Promise<InvitationLookup> {
  if (!token || token.length > 200) return { state: "unknown" };
  const [row] = await db
    .select({ invitation: invitations, tenantName: tenants.name, timeZone: tenants.timezone })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(eq(invitations.tokenHash, sha256(token)));
  if (!row) return { state: "unknown" };
  const { invitation } = row;
  return {
    state: invitationState(invitation, now),
    email: invitation.email,
    role: invitation.role,
    tenantName: row.tenantName,
    timeZone: row.timeZone,
    expiresAt: invitation.expiresAt,
  };
}

export type CreateUser = (body: { email: string; password: string; name: string }) => Promise<{ user: { id: string } }>;

/**
 * Accepts an invitation: checks the link, creates the login (through Better Auth, passed in as
 * `createUser` so it can sign the new user in), then joins it to the tenant with the invited role.
 * A link that cannot be used changes nothing.
 */
export async function acceptInvitation(
  db: Db,
  input: z.output<typeof acceptInvitationSchema>,
  createUser: CreateUser,
  now = clock.now(),
): Promise<{ userId: string; tenantId: string; role: StaffRole; redirectTo: string }> {
  const tokenHash = sha256(input.token);
  const [invitation] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash));
  if (!invitation) throw new AppError("not_found", invitationProblem.unknown);
  const state = invitationState(invitation, now);
  if (state !== "pending") throw new AppError("conflict", invitationProblem[state]);
  if (await emailHasAccount(db, invitation.email)) {
    throw new AppError("conflict", "An account with this email already exists. Sign in instead, or reset your password.");
  }

  let userId: string;
  try {
    ({
      user: { id: userId },
    } = await createUser({ email: invitation.email, password: input.password, name: input.name }));
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as { body?: { message?: unknown } } | null)?.body?.message;
    throw new AppError(
      "conflict",
      typeof message === "string" && message ? `We could not create your account: ${message}` : "We could not create your account. Try again.",
    );
  }

  try {
    await db.transaction(async (tx) => {
      await lockStaffOf(tx, invitation.tenantId);
      // Claim the invitation only if it is still pending: a link is good for one account.
      const [claimed] = await tx
        .update(invitations)
        .set({ acceptedAt: now })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
        .returning({ id: invitations.id });
      if (!claimed) throw new AppError("conflict", "This invitation is no longer valid. Ask for a new one.");
      // The invitation link reached this mailbox, which verifies the email.
      await tx
        .update(users)
        .set({ tenantId: invitation.tenantId, role: invitation.role, name: input.name, emailVerified: true, updatedAt: now })
        .where(eq(users.id, userId));
      await recordAudit(
        tx,
        { tenantId: invitation.tenantId, userId, userName: input.name },
        {
          action: "staff.invitation_accepted",
          entityType: "user",
          entityId: userId,
          after: { email: invitation.email, role: invitation.role, invitationId: invitation.id },
        },
      );
    });
  } catch (error) {
    // Without its tenant the login would be an orphan: remove it (its sessions go with it).
    await db.delete(users).where(eq(users.id, userId));
    throw error;
  }
  return { userId, tenantId: invitation.tenantId, role: invitation.role, redirectTo: landingAfterJoin(invitation.role) };
}

export type PendingInvitation = {
  id: string;
  email: string;
  role: StaffRole;
  expiresAt: Date;
  createdAt: Date;
  invitedByName: string | null;
  expired: boolean;
};

/** Invitations not yet accepted or revoked (expired ones too, so they can be re-sent). */
export async function listPendingInvitations(
  db: DbOrTx,
  { tenantId, now = clock.now() }: { tenantId: string; now?: Date },
): Promise<PendingInvitation[]> {
  const inviter = aliasedTable(users, "inviter");
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedByName: inviter.name,
    })
    .from(invitations)
    .leftJoin(inviter, eq(inviter.id, invitations.invitedBy))
    .where(and(eq(invitations.tenantId, tenantId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt));
  return rows.map((r) => ({ ...r, expired: r.expiresAt <= now }));
}

// ---------------------------------------------------------------- staff members

export type StaffMember = {
  id: string;
  name: string;
  email: string;
  role: StaffRole | null;
  twoFactorEnabled: boolean;
  active: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

/** The tenant's users, owners first; last sign-in is the newest session's start. */
export async function listStaff(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<StaffMember[]> {
  const lastSession = db
    .select({ userId: sessions.userId, at: max(sessions.createdAt).as("last_session_at") })
    .from(sessions)
    .groupBy(sessions.userId)
    .as("last_session");
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      twoFactorEnabled: users.twoFactorEnabled,
      active: users.active,
      createdAt: users.createdAt,
      lastSignInAt: lastSession.at,
    })
    .from(users)
    .leftJoin(lastSession, eq(lastSession.userId, users.id))
    .where(eq(users.tenantId, tenantId))
    .orderBy(asc(users.name));
  const rank = (role: StaffRole | null) => (role ? staffRoles.indexOf(role) : staffRoles.length);
  return rows
    .map((r) => ({ ...r, twoFactorEnabled: !!r.twoFactorEnabled, lastSignInAt: r.lastSignInAt ?? null }))
    .sort((a, b) => Number(b.active) - Number(a.active) || rank(a.role) - rank(b.role));
}

/** The ISP's active owners and admins: who hears about what needs an administrator (a webhook switched off, a domain lost). */
export async function ownersAndAdmins(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<StaffMember[]> {
  return (await listStaff(db, { tenantId })).filter((m) => m.active && (m.role === "owner" || m.role === "admin"));
}

export async function memberOf(tx: DbOrTx, actor: StaffActor, userId: string) {
  const [member] = await tx
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, active: users.active })
    .from(users)
    .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, userId)));
  if (!member) throw notFound("Staff member");
  return member;
}

async function otherActiveOwners(tx: DbOrTx, tenantId: string, exceptUserId: string) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, "owner"), eq(users.active, true), ne(users.id, exceptUserId)));
  return rows.length;
}

const lastOwner = (name: string, what: string) =>
  new AppError("conflict", `${name} is the last active owner and cannot be ${what}. Make someone else an owner first.`);

/** Changes a staff member's role. Only owners grant or remove "owner"; the last active owner stays. */
export async function changeStaffRole(db: Db, actor: StaffActor, input: z.output<typeof changeRoleSchema>) {
  return db.transaction(async (tx) => {
    await lockStaffOf(tx, actor.tenantId);
    const member = await memberOf(tx, actor, input.userId);
    if (member.role === input.role) return { changed: false };
    if (!canManageRole(actor.role, member.role) || !canManageRole(actor.role, input.role)) {
      throw new AppError("forbidden", "Only an owner can grant or remove the owner role.");
    }
    if (member.role === "owner" && member.active && (await otherActiveOwners(tx, actor.tenantId, member.id)) === 0) {
      throw lastOwner(member.name, "given another role");
    }
    await tx
      .update(users)
      .set({ role: input.role, updatedAt: clock.now() })
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, member.id)));
    await recordAudit(tx, auditActor(actor), {
      action: "staff.role_changed",
      entityType: "user",
      entityId: member.id,
      before: { email: member.email, role: member.role },
      after: { email: member.email, role: input.role },
    });
    return { changed: true };
  });
}

/** Deactivates a staff member and deletes their sessions, so they are signed out at once. */
export async function deactivateStaff(db: Db, actor: StaffActor, { userId }: { userId: string }) {
  return db.transaction(async (tx) => {
    await lockStaffOf(tx, actor.tenantId);
    const member = await memberOf(tx, actor, userId);
    if (member.id === actor.userId) throw new AppError("conflict", "You cannot deactivate your own account.");
    if (!canManageRole(actor.role, member.role)) throw new AppError("forbidden", "Only an owner can deactivate an owner.");
    if (!member.active) return { sessionsRevoked: 0 };
    if (member.role === "owner" && (await otherActiveOwners(tx, actor.tenantId, member.id)) === 0) throw lastOwner(member.name, "deactivated");
    await tx
      .update(users)
      .set({ active: false, updatedAt: clock.now() })
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, member.id)));
    const revoked = await tx.delete(sessions).where(eq(sessions.userId, member.id)).returning({ id: sessions.id });
    await recordAudit(tx, auditActor(actor), {
      action: "staff.deactivated",
      entityType: "user",
      entityId: member.id,
      before: { email: member.email, active: true },
      after: { email: member.email, active: false, sessionsRevoked: revoked.length },
    });
    return { sessionsRevoked: revoked.length };
  });
}

export async function reactivateStaff(db: Db, actor: StaffActor, { userId }: { userId: string }) {
  return db.transaction(async (tx) => {
    await lockStaffOf(tx, actor.tenantId);
    const member = await memberOf(tx, actor, userId);
    if (!canManageRole(actor.role, member.role)) throw new AppError("forbidden", "Only an owner can reactivate an owner.");
    if (member.active) return;
    await tx
      .update(users)
      .set({ active: true, updatedAt: clock.now() })
      .where(and(eq(users.tenantId, actor.tenantId), eq(users.id, member.id)));
    await recordAudit(tx, auditActor(actor), {
      action: "staff.reactivated",
      entityType: "user",
      entityId: member.id,
      before: { email: member.email, active: false },
      after: { email: member.email, active: true },
    });
  });
}

// ---------------------------------------------------------------- sessions
