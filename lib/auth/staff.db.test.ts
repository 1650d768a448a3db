import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, count, desc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { accounts, invitations, sessions, users, type StaffRole } from "@/lib/auth/schema";
import { auditLog } from "@/lib/audit/schema";
import { sentEmails } from "@/lib/mail/schema";
import { executeAction } from "@/lib/core/action";
import { sha256 } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { inviteStaff } from "@/lib/auth/actions/invite-staff";
import { revokeInvitation } from "@/lib/auth/actions/revoke-invitation";
import { changeStaffRole } from "@/lib/auth/actions/change-staff-role";
import { deactivateStaff } from "@/lib/auth/actions/deactivate-staff";
import { reactivateStaff } from "@/lib/auth/actions/reactivate-staff";
import { revokeStaffSession } from "@/lib/auth/actions/revoke-staff-session";
import { revokeSession } from "@/lib/auth/actions/revoke-session";
import {
  acceptInvitation,
  findInvitationByToken,
  inviteStaff as inviteStaffDirect,
  listPendingInvitations,
  listStaff,
  type CreateUser,
} from "@/lib/auth/staff";
import { listOwnSessions, listTenantSessions, revokeOtherOwnSessions } from "@/lib/auth/staff-sessions";
import { listMailbox } from "@/lib/mail/queries";
import { MAX_FAILED_SIGN_INS } from "@/lib/auth/lockout";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";

const PASSWORD = "correct-horse-battery";

let conn: Connection;
let auth: Auth;
beforeAll(async () => {
  conn = await createTestDatabase();
  auth = createAuth(conn.db, { rateLimit: false });
});
afterAll(async () => conn?.close());

const createUser: CreateUser = (body) => auth.api.signUpEmail({ body });
const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;

/** The invite token, read the way the invitee gets it: from the link in the stored email. */
async function inviteLinkTo(email: string) {
  const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.to, email)).orderBy(desc(sentEmails.createdAt)).limit(1);
  expect(mail, `an email to ${email}`).toBeDefined();
  const match = mail.text.match(/(https?:\/\/\S+\/invite\/([A-Za-z0-9_-]+))/);
  expect(match, "an invite link in the email").not.toBeNull();
  return { mail, link: match![1], token: match![2] };
}

/** Row counts of everything an accept or a refused action could write. */
async function snapshot() {
  const c = async (table: typeof users | typeof sessions | typeof accounts | typeof auditLog | typeof sentEmails) =>
    (await conn.db.select({ n: count() }).from(table))[0].n;
  const accepted = (await conn.db.select({ acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt }).from(invitations)).map(
    (i) => `${i.acceptedAt?.toISOString()}|${i.revokedAt?.toISOString()}`,
  );
  return {
    users: await c(users),
    sessions: await c(sessions),
    accounts: await c(accounts),
    audit: await c(auditLog),
    emails: await c(sentEmails),
    invitations: accepted.sort(),
  };
}

/** A staff member with a real password (fixture users have none), already in the tenant. */
async function staffWithLogin(tenantId: string, role: StaffRole) {
  const email = uniqueEmail(role);
  const { user } = await auth.api.signUpEmail({ body: { email, password: PASSWORD, name: `${role} with login` } });
  await conn.db.update(users).set({ tenantId, role }).where(eq(users.id, user.id));
  return { id: user.id, email };
}

async function auditActions(tenantId: string) {
  return (await conn.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.tenantId, tenantId))).map((a) => a.action);
}

async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}

async function signInError(email: string, password: string) {
  return auth.api.signInEmail({ body: { email, password } }).then(
    () => null,
    (e: { status?: string; statusCode?: number; body?: { message?: string }; message?: string }) => ({
      status: e.statusCode,
      message: e.body?.message ?? e.message,
    }),
  );
}

describe("invitations", () => {
  it("invites by email, stores the link, and accepting joins the right tenant with the right role", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db, { name: "Bayanihan Fiber" });
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const email = uniqueEmail("new.tech");

    const result = await executeAction(inviteStaff.definition, ctx.admin, { email: `  ${email.toUpperCase()} `, role: "technician" });
    expect(result.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    expect(result).not.toHaveProperty("token");

    const { mail, link, token } = await inviteLinkTo(email);
    expect(mail).toMatchObject({ tenantId: tenant.id, transport: "dev", status: "stored" });
    expect(mail.subject).toContain("Bayanihan Fiber");
    expect(mail.text).toContain("Technician");
    expect(link).toBe(`${env().APP_URL}/invite/${token}`);

    const [stored] = await conn.db.select().from(invitations).where(eq(invitations.id, result.invitationId));
    expect(stored).toMatchObject({ tenantId: tenant.id, email, role: "technician", invitedBy: ctx.admin.userId, acceptedAt: null });
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(await findInvitationByToken(conn.db, token)).toMatchObject({ state: "pending", email, role: "technician", tenantName: "Bayanihan Fiber" });
    expect((await listPendingInvitations(conn.db, { tenantId: tenant.id })).map((i) => i.email)).toEqual([email]);
    expect(await listPendingInvitations(conn.db, { tenantId: other.tenant.id })).toEqual([]);
    // The invite email is in this tenant's mailbox only.
    expect((await listMailbox(conn.db, { tenantId: tenant.id })).map((m) => m.to)).toContain(email);
    expect((await listMailbox(conn.db, { tenantId: other.tenant.id })).map((m) => m.to)).not.toContain(email);

    const joined = await acceptInvitation(conn.db, { token, name: "Nena Technician", password: PASSWORD }, createUser);
    expect(joined).toMatchObject({ tenantId: tenant.id, role: "technician", redirectTo: "/dashboard" });
    const [user] = await conn.db.select().from(users).where(eq(users.id, joined.userId));
    expect(user).toMatchObject({ email, name: "Nena Technician", tenantId: tenant.id, role: "technician", active: true, emailVerified: true });
    const [after] = await conn.db.select().from(invitations).where(eq(invitations.id, result.invitationId));
    expect(after.acceptedAt).toBeInstanceOf(Date);
    expect(await listPendingInvitations(conn.db, { tenantId: tenant.id })).toEqual([]);
    expect(await auditActions(tenant.id)).toEqual(expect.arrayContaining(["staff.invited", "staff.invitation_accepted"]));

    // The new member shows on the staff list and can sign in with the chosen password.
    expect((await listStaff(conn.db, { tenantId: tenant.id })).find((m) => m.id === joined.userId)).toMatchObject({
      role: "technician",
      active: true,
      twoFactorEnabled: false,
    });
    const signIn = await auth.api.signInEmail({ body: { email, password: PASSWORD } });
    expect(signIn.user.id).toBe(joined.userId);
    const [newest] = await conn.db.select().from(sessions).where(eq(sessions.userId, joined.userId)).orderBy(desc(sessions.createdAt)).limit(1);
    const listed = (await listStaff(conn.db, { tenantId: tenant.id })).find((m) => m.id === joined.userId)!;
    expect(listed.lastSignInAt?.getTime()).toBe(newest.createdAt.getTime());
    expect((await listStaff(conn.db, { tenantId: tenant.id })).find((m) => m.id === ctx.support.userId)?.lastSignInAt).toBeNull();
  });

  it("sends owners and admins to two-factor enrolment after joining", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const email = uniqueEmail("new.admin");
    await executeAction(inviteStaff.definition, ctx.owner, { email, role: "admin" });
    const { token } = await inviteLinkTo(email);
    const joined = await acceptInvitation(conn.db, { token, name: "New Admin", password: PASSWORD }, createUser);
    expect(joined).toMatchObject({ role: "admin", redirectTo: "/two-factor/setup" });
  });

  it("refuses unknown, expired, reused and revoked links with a clear message and writes nothing", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const spy = vi.fn(createUser);
    const accept = (token: string) => acceptInvitation(conn.db, { token, name: "Someone", password: PASSWORD }, spy);

    // unknown
    let before = await snapshot();
    await expectAppError(accept("not-a-real-token"), "not_found", /not valid/);
    expect(await snapshot()).toEqual(before);

    // expired: sent eight days ago
    const expiredEmail = uniqueEmail("late");
    await inviteStaffDirect(conn.db, ctx.owner, { email: expiredEmail, role: "support" }, { now: new Date(Date.now() - 8 * 24 * 3600_000) });
    const expired = await inviteLinkTo(expiredEmail);
    expect((await findInvitationByToken(conn.db, expired.token)).state).toBe("expired");
    before = await snapshot();
    await expectAppError(accept(expired.token), "conflict", /expired/);
    expect(await snapshot()).toEqual(before);

    // reused: the first accept works, the second is refused
    const reusedEmail = uniqueEmail("twice");
    await executeAction(inviteStaff.definition, ctx.owner, { email: reusedEmail, role: "billing" });
    const reused = await inviteLinkTo(reusedEmail);
    await accept(reused.token);
    before = await snapshot();
    await expectAppError(accept(reused.token), "conflict", /already been used/);
    expect(await snapshot()).toEqual(before);
    expect((await findInvitationByToken(conn.db, reused.token)).state).toBe("accepted");

    // revoked
    const revokedEmail = uniqueEmail("withdrawn");
    const { invitationId } = await executeAction(inviteStaff.definition, ctx.owner, { email: revokedEmail, role: "support" });
    const revoked = await inviteLinkTo(revokedEmail);
    await executeAction(revokeInvitation.definition, ctx.admin, { invitationId });
    expect(await auditActions(ctx.owner.tenantId)).toContain("staff.invite_revoked");
    before = await snapshot();
    await expectAppError(accept(revoked.token), "conflict", /withdrawn/);
    expect(await snapshot()).toEqual(before);

    // Only the one good accept ever reached Better Auth.
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await conn.db.select().from(users).where(eq(users.email, revokedEmail))).toEqual([]);
  });

  it("re-inviting the same email revokes the earlier pending invitation", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const email = uniqueEmail("again");
    await executeAction(inviteStaff.definition, ctx.owner, { email, role: "support" });
    const first = await inviteLinkTo(email);
    await executeAction(inviteStaff.definition, ctx.owner, { email, role: "billing" });
    const second = await inviteLinkTo(email);
    expect(second.token).not.toBe(first.token);

    expect((await findInvitationByToken(conn.db, first.token)).state).toBe("revoked");
    expect(await listPendingInvitations(conn.db, { tenantId: tenant.id })).toMatchObject([{ email, role: "billing" }]);
    await expectAppError(acceptInvitation(conn.db, { token: first.token, name: "X", password: PASSWORD }, createUser), "conflict");
    expect(await acceptInvitation(conn.db, { token: second.token, name: "X", password: PASSWORD }, createUser)).toMatchObject({ role: "billing" });
  });

  it("refuses to invite an email that already has an account, as a field error", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const existing = await staffWithLogin(tenant.id, "support");
    const before = await snapshot();
    const error = await expectAppError(
      executeAction(inviteStaff.definition, ctx.owner, { email: existing.email.toUpperCase(), role: "billing" }),
      "conflict",
    );
    expect(error.fieldErrors?.email?.[0]).toMatch(/already/i);
    expect(await snapshot()).toEqual(before);

    const invalid = await expectAppError(executeAction(inviteStaff.definition, ctx.owner, { email: "not-an-email", role: "billing" }), "validation");
    expect(invalid.fieldErrors?.email).toBeDefined();
  });

  it("a support user cannot invite, and nothing is written", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const before = await snapshot();
    await expectAppError(executeAction(inviteStaff.definition, ctx.support, { email: uniqueEmail("nope"), role: "technician" }), "forbidden");
    await expectAppError(executeAction(inviteStaff.definition, ctx.billing, { email: uniqueEmail("nope"), role: "technician" }), "forbidden");
    expect(await snapshot()).toEqual(before);
  });

  it("only an owner can invite an owner", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const before = await snapshot();
    const error = await expectAppError(executeAction(inviteStaff.definition, ctx.admin, { email: uniqueEmail("boss"), role: "owner" }), "forbidden");
    expect(error.fieldErrors?.role).toBeDefined();
    expect(await snapshot()).toEqual(before);
    await expect(executeAction(inviteStaff.definition, ctx.owner, { email: uniqueEmail("co-owner"), role: "owner" })).resolves.toBeDefined();
  });
});

describe("roles and activation", () => {
  it("admins cannot grant or remove the owner role; owners can", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    await expectAppError(executeAction(changeStaffRole.definition, ctx.admin, { userId: ctx.billing.userId, role: "owner" }), "forbidden");
    await expectAppError(executeAction(changeStaffRole.definition, ctx.admin, { userId: ctx.owner.userId, role: "admin" }), "forbidden");
    await expectAppError(executeAction(changeStaffRole.definition, ctx.admin, { userId: ctx.admin.userId, role: "owner" }), "forbidden");
    await expectAppError(executeAction(deactivateStaff.definition, ctx.admin, { userId: ctx.owner.userId }), "forbidden");
    await expectAppError(executeAction(changeStaffRole.definition, ctx.support, { userId: ctx.technician.userId, role: "billing" }), "forbidden");

    // An admin may move the other roles around.
    await executeAction(changeStaffRole.definition, ctx.admin, { userId: ctx.billing.userId, role: "support" });
    const [billing] = await conn.db.select({ role: users.role }).from(users).where(eq(users.id, ctx.billing.userId));
    expect(billing.role).toBe("support");
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "staff.role_changed")));
    expect(entry).toMatchObject({ actorUserId: ctx.admin.userId, entityId: ctx.billing.userId });
    expect(entry.before).toMatchObject({ role: "billing" });
    expect(entry.after).toMatchObject({ role: "support" });

    await executeAction(changeStaffRole.definition, ctx.owner, { userId: ctx.admin.userId, role: "owner" });
    const [promoted] = await conn.db.select({ role: users.role }).from(users).where(eq(users.id, ctx.admin.userId));
    expect(promoted.role).toBe("owner");
  });

  it("never demotes or deactivates the last active owner", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const before = await snapshot();
    await expectAppError(
      executeAction(changeStaffRole.definition, ctx.owner, { userId: ctx.owner.userId, role: "admin" }),
      "conflict",
      /last active owner/,
    );
    await expectAppError(executeAction(deactivateStaff.definition, ctx.owner, { userId: ctx.owner.userId }), "conflict", /your own account/);
    await expectAppError(executeAction(deactivateStaff.definition, ctx.admin, { userId: ctx.owner.userId }), "forbidden");
    expect(await snapshot()).toEqual(before);

    // With a second owner, one of them may step down, but not the remaining one.
    const second: StaffContext = { ...ctx.admin, role: "owner" };
    await executeAction(changeStaffRole.definition, ctx.owner, { userId: ctx.admin.userId, role: "owner" });
    await executeAction(changeStaffRole.definition, second, { userId: ctx.owner.userId, role: "admin" });
    await expectAppError(
      executeAction(changeStaffRole.definition, second, { userId: second.userId, role: "admin" }),
      "conflict",
      /last active owner/,
    );

    // An inactive owner does not count as the one who keeps the account.
    await executeAction(changeStaffRole.definition, second, { userId: ctx.owner.userId, role: "owner" });
    await executeAction(deactivateStaff.definition, second, { userId: ctx.owner.userId });
    await expectAppError(
      executeAction(changeStaffRole.definition, second, { userId: second.userId, role: "billing" }),
      "conflict",
      /last active owner/,
    );
  });

  it("deactivation deletes the member's sessions and blocks sign-in; reactivation restores it", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const member = await staffWithLogin(tenant.id, "support");
    await auth.api.signInEmail({ body: { email: member.email, password: PASSWORD } });
    // A browser's session: its signed cookie works until the member is deactivated.
    const response = await auth.api.signInEmail({ body: { email: member.email, password: PASSWORD }, asResponse: true });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const browser = new Headers({ cookie });
    expect(await auth.api.getSession({ headers: browser })).toMatchObject({ user: { id: member.id } });
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(3); // sign-up + 2 sign-ins

    const result = await executeAction(deactivateStaff.definition, ctx.admin, { userId: member.id });
    expect(result).toEqual({ sessionsRevoked: 3 });
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, member.id))).toEqual([]);
    expect(await auth.api.getSession({ headers: browser })).toBeNull();
    const [row] = await conn.db.select({ active: users.active }).from(users).where(eq(users.id, member.id));
    expect(row.active).toBe(false);
    expect((await listStaff(conn.db, { tenantId: tenant.id })).find((m) => m.id === member.id)).toMatchObject({ active: false });

    const refused = await signInError(member.email, PASSWORD);
    expect(refused).not.toBeNull();
    expect(refused!.message).toMatch(/deactivated/);
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, member.id))).toEqual([]);

    await executeAction(reactivateStaff.definition, ctx.admin, { userId: member.id });
    await expect(auth.api.signInEmail({ body: { email: member.email, password: PASSWORD } })).resolves.toMatchObject({ user: { id: member.id } });
    expect(await auditActions(tenant.id)).toEqual(expect.arrayContaining(["staff.deactivated", "staff.reactivated"]));
  });

  it("another tenant's admin gets 'not found' for this tenant's staff and changes nothing", async () => {
    const a = await createTenantFixture(conn.db, { name: "Tenant A" });
    const b = await createTenantFixture(conn.db, { name: "Tenant B" });
    const member = await staffWithLogin(a.tenant.id, "support");
    const [session] = await conn.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, member.id));
    const before = await snapshot();

    await expectAppError(executeAction(changeStaffRole.definition, b.ctx.admin, { userId: member.id, role: "billing" }), "not_found");
    await expectAppError(executeAction(deactivateStaff.definition, b.ctx.admin, { userId: member.id }), "not_found");
    await expectAppError(executeAction(reactivateStaff.definition, b.ctx.owner, { userId: member.id }), "not_found");
    await expectAppError(executeAction(revokeStaffSession.definition, b.ctx.owner, { userId: member.id, sessionId: session.id }), "not_found");
    await expectAppError(executeAction(revokeSession.definition, b.ctx.owner, { sessionId: session.id }), "not_found");
    const { invitationId } = await inviteStaffDirect(conn.db, a.ctx.owner, { email: uniqueEmail("a-only"), role: "support" });
    const afterInvite = await snapshot();
    await expectAppError(executeAction(revokeInvitation.definition, b.ctx.owner, { invitationId }), "not_found");
    expect(await snapshot()).toEqual(afterInvite);

    expect(before.users).toBe(afterInvite.users);
    const [row] = await conn.db.select().from(users).where(eq(users.id, member.id));
    expect(row).toMatchObject({ role: "support", active: true, tenantId: a.tenant.id });
    expect(await listStaff(conn.db, { tenantId: b.tenant.id })).not.toContainEqual(expect.objectContaining({ id: member.id }));
  });
});

describe("sessions", () => {
  it("lists and revokes your own sessions without exposing tokens, and admins can revoke a member's", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const me = await staffWithLogin(tenant.id, "billing");
    const meCtx: StaffContext = { ...ctx.billing, userId: me.id, email: me.email };
    const current = await auth.api.signInEmail({ body: { email: me.email, password: PASSWORD } });
    await auth.api.signInEmail({ body: { email: me.email, password: PASSWORD } });

    const mine = await listOwnSessions(conn.db, { userId: me.id, currentToken: current.token });
    expect(mine).toHaveLength(3);
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    expect(JSON.stringify(mine)).not.toContain(current.token);
    mine.forEach((s) => expect(s).not.toHaveProperty("token"));

    // Revoke one of my other devices.
    const other = mine.find((s) => !s.current)!;
    await executeAction(revokeSession.definition, meCtx, { sessionId: other.id });
    expect(await listOwnSessions(conn.db, { userId: me.id, currentToken: current.token })).toHaveLength(2);
    // Somebody else's session is not mine to revoke, even in the same tenant.
    const [adminsSession] = await conn.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, me.id));
    await expectAppError(executeAction(revokeSession.definition, ctx.support, { sessionId: adminsSession.id }), "not_found");

    // "Sign out everywhere else" keeps only this device.
    expect(await revokeOtherOwnSessions(conn.db, meCtx, { currentToken: current.token })).toEqual({ revoked: 1 });
    expect(await listOwnSessions(conn.db, { userId: me.id, currentToken: current.token })).toMatchObject([{ current: true }]);

    // An admin signs the member out of their last device; non-admins may not.
    const [last] = await listTenantSessions(conn.db, { tenantId: tenant.id });
    expect(last.userId).toBe(me.id);
    await expectAppError(executeAction(revokeStaffSession.definition, ctx.support, { userId: me.id, sessionId: last.id }), "forbidden");
    await executeAction(revokeStaffSession.definition, ctx.admin, { userId: me.id, sessionId: last.id });
    expect(await listOwnSessions(conn.db, { userId: me.id, currentToken: current.token })).toEqual([]);

    const revocations = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "staff.session_revoked")));
    expect(revocations).toHaveLength(3);
  });
});

describe("sign-in lockout", () => {
  it("locks after five failures with the same messages for an unknown email and a wrong password", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const member = await staffWithLogin(tenant.id, "support");
    const unknown = uniqueEmail("nobody");

    const failures = { known: [] as (string | undefined)[], unknown: [] as (string | undefined)[] };
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      failures.known.push((await signInError(member.email, "wrong-password-123"))?.message);
      failures.unknown.push((await signInError(unknown, "wrong-password-123"))?.message);
    }
    expect(new Set([...failures.known, ...failures.unknown])).toEqual(new Set(["Invalid email or password"]));

    // Now locked: even the right password is refused, and both emails read the same.
    const lockedKnown = await signInError(member.email, PASSWORD);
    const lockedUnknown = await signInError(unknown, PASSWORD);
    expect(lockedKnown).toEqual(lockedUnknown);
    expect(lockedKnown).toMatchObject({ status: 429 });
    expect(lockedKnown!.message).toMatch(/Too many failed sign-ins/);
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, member.id))).toHaveLength(1); // only the sign-up's
  });

  it("a successful sign-in clears the failure count", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const member = await staffWithLogin(tenant.id, "technician");
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await signInError(member.email, "wrong-password-123");
    await auth.api.signInEmail({ body: { email: member.email, password: PASSWORD } });
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await signInError(member.email, "wrong-password-123");
    await expect(auth.api.signInEmail({ body: { email: member.email, password: PASSWORD } })).resolves.toBeDefined();
  });
});
