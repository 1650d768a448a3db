/*
 * Tokens at rest are hashes: whoever reads the auth tables (a backup, a dump) finds nothing to sign in or reset a
 * password with. The browser's side is real: requests go through the /api/auth route handler with a cookie jar.
 */
import fs from "node:fs";
import path from "node:path";
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq, sql } from "drizzle-orm";
import { createTestDatabase, rowsOf } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { totp } from "@/tests/e2e/support/totp";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { accounts, sessions, twoFactors, users, verifications } from "@/lib/auth/schema";
import { sentEmails } from "@/lib/mail/schema";
import { listOwnSessions, revokeOtherOwnSessions, revokeOwnSession } from "@/lib/auth/staff-sessions";
import { sessionTokenHash } from "@/lib/auth/hashed-sessions";
import { sha256 } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import type { Connection } from "@/lib/db/connect";
import type { StaffActor } from "@/lib/auth/staff";

const PASSWORD = "correct-horse-battery";

let conn: Connection;
let auth: Auth;
beforeAll(async () => {
  conn = await createTestDatabase();
  auth = createAuth(conn.db, { rateLimit: false });
});
afterAll(async () => conn?.close());

/** One browser: keeps the cookies the server sets and sends them back. */
function browser() {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  async function send(method: "GET" | "POST", pathname: string, body?: unknown) {
    const headers = new Headers({ origin: env().APP_URL, "content-type": "application/json", cookie: cookieHeader() });
    const request = new Request(`${env().APP_URL}/api/auth${pathname}`, {
      method,
      headers,
      body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
      redirect: "manual",
    });
    const response = await auth.handler(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value.join("="));
    }
    return response;
  }
  /** The clear value of a signed cookie ("<value>.<signature>", URL-encoded). */
  const clearValue = (suffix: string) => {
    const entry = [...jar].find(([name]) => name.endsWith(suffix));
    if (!entry) return null;
    const decoded = decodeURIComponent(entry[1]);
    return decoded.slice(0, decoded.lastIndexOf("."));
  };
  return { send, jar, cookieHeader, sessionToken: () => clearValue("session_token"), twoFactorChallenge: () => clearValue("two_factor") };
}

async function staffWithLogin(role: "support" | "admin" = "support") {
  const { tenant } = await createTenantFixture(conn.db, { name: "Hashing ISP" });
  const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
  const { user } = await auth.api.signUpEmail({ body: { email, password: PASSWORD, name: "Hashed Staff" } });
  await conn.db.update(users).set({ tenantId: tenant.id, role }).where(eq(users.id, user.id));
  // The sign-up's own session is not part of these tests.
  await conn.db.delete(sessions).where(eq(sessions.userId, user.id));
  return { tenant, user, email };
}

const actorOf = (staff: Awaited<ReturnType<typeof staffWithLogin>>): StaffActor => ({
  userId: staff.user.id,
  userName: "Hashed Staff",
  tenantId: staff.tenant.id,
  role: "support",
});

/** Every value in the auth tables, as text, to search a secret in. */
async function authTablesText() {
  const tables = [users, sessions, accounts, verifications, twoFactors];
  const rows = await Promise.all(tables.map((table) => conn.db.select().from(table)));
  return JSON.stringify(rows);
}

async function signIn(b: ReturnType<typeof browser>, email: string, password = PASSWORD) {
  const response = await b.send("POST", "/sign-in/email", { email, password });
  expect(response.status).toBe(200);
  return response.json() as Promise<{ twoFactorRedirect?: boolean }>;
}

describe("staff session tokens at rest", () => {
  it("stores only the hash of the cookie's token, and the cookie still signs in, reads the session and signs out", async () => {
    const staff = await staffWithLogin();
    const b = browser();
    await signIn(b, staff.email);
    const token = b.sessionToken()!;
    expect(token).toMatch(/^[A-Za-z0-9]{20,}$/);

    expect(await authTablesText()).not.toContain(token);
    const [row] = await conn.db.select().from(sessions).where(eq(sessions.userId, staff.user.id));
    expect(row.token).toBe(sha256(token));

    const session = await auth.api.getSession({ headers: new Headers({ cookie: b.cookieHeader() }) });
    expect(session).toMatchObject({ user: { id: staff.user.id }, session: { id: row.id, token } });

    expect((await b.send("POST", "/sign-out")).status).toBe(200);
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, staff.user.id))).toEqual([]);
  });

  it("a copy of the sessions table signs nobody in, even with the signing secret", async () => {
    const staff = await staffWithLogin();
    const b = browser();
    await signIn(b, staff.email);
    const cookieName = [...b.jar.keys()].find((name) => name.endsWith("session_token"))!;
    const [row] = await conn.db.select().from(sessions).where(eq(sessions.userId, staff.user.id));
    const signed = (value: string) => `${value}.${createHmac("sha256", env().BETTER_AUTH_SECRET).update(value).digest("base64")}`;
    // The signing is right: the real token signed this way is accepted ...
    const real = new Headers({ cookie: `${cookieName}=${encodeURIComponent(signed(b.sessionToken()!))}` });
    expect(await auth.api.getSession({ headers: real })).toMatchObject({ user: { id: staff.user.id } });
    // ... and the value stored in the database is not.
    const stolen = new Headers({ cookie: `${cookieName}=${encodeURIComponent(signed(row.token))}` });
    expect(await auth.api.getSession({ headers: stolen })).toBeNull();
  });

  it("lists your devices with this one marked, signs the others out and revokes one by id", async () => {
    const staff = await staffWithLogin();
    const here = browser();
    const phone = browser();
    const laptop = browser();
    for (const b of [here, phone, laptop]) await signIn(b, staff.email);

    const listed = await listOwnSessions(conn.db, { userId: staff.user.id, currentToken: here.sessionToken() });
    expect(listed).toHaveLength(3);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    const current = listed.find((s) => s.current)!;
    expect(JSON.stringify(listed)).not.toContain(sessionTokenHash(here.sessionToken()!));

    const phoneId = listed.find((s) => !s.current)!.id;
    await revokeOwnSession(conn.db, actorOf(staff), { sessionId: phoneId });
    expect(await revokeOtherOwnSessions(conn.db, actorOf(staff), { currentToken: here.sessionToken()! })).toEqual({ revoked: 1 });
    const left = await conn.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, staff.user.id));
    expect(left).toEqual([{ id: current.id }]);
    expect(await auth.api.getSession({ headers: new Headers({ cookie: here.cookieHeader() }) })).toMatchObject({ user: { id: staff.user.id } });
    for (const b of [phone, laptop]) expect(await auth.api.getSession({ headers: new Headers({ cookie: b.cookieHeader() }) })).toBeNull();
  });

  it("keeps sessions made before the change working: the migration hashes a clear token in place", async () => {
    const staff = await staffWithLogin();
    const b = browser();
    await signIn(b, staff.email);
    const token = b.sessionToken()!;
    // A row as older versions wrote it.
    await conn.db.update(sessions).set({ token }).where(eq(sessions.userId, staff.user.id));
    const migration = fs.readFileSync(path.resolve("supabase/migrations/20261206072708_hash_auth_tokens.sql"), "utf8");
    const hashSessions = migration.split("--> statement-breakpoint")[0];
    await conn.db.execute(sql.raw(hashSessions));
    const [row] = await conn.db.select({ token: sessions.token }).from(sessions).where(eq(sessions.userId, staff.user.id));
    expect(row.token).toBe(sha256(token));
    expect(await auth.api.getSession({ headers: new Headers({ cookie: b.cookieHeader() }) })).toMatchObject({ user: { id: staff.user.id } });
    // Run again, it leaves hashes alone.
    await conn.db.execute(sql.raw(hashSessions));
    expect(rowsOf(await conn.db.execute(sql`select token from sessions where user_id = ${staff.user.id}`))).toEqual([{ token: sha256(token) }]);
  });
});

describe("password reset and two-factor tokens at rest", () => {
  it("stores no reset token in clear, and the emailed link still resets the password once", async () => {
    const staff = await staffWithLogin();
    const b = browser();
    expect((await b.send("POST", "/request-password-reset", { email: staff.email, redirectTo: "/reset-password" })).status).toBe(200);
    const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.to, staff.email)).orderBy(desc(sentEmails.createdAt)).limit(1);
    const token = mail.text.match(/\/reset-password\/([^\s?]+)\?/)![1];
    expect(await authTablesText()).not.toContain(token);

    expect((await b.send("POST", "/reset-password", { token, newPassword: "new-password-2026" })).status).toBe(200);
    expect((await b.send("POST", "/reset-password", { token, newPassword: "third-password-2026" })).status).toBe(400);
    await signIn(b, staff.email, "new-password-2026");
  });

  it("stores no two-factor challenge in clear; the challenge, a recovery code and enrolment still work", async () => {
    const staff = await staffWithLogin("admin");
    const b = browser();
    await signIn(b, staff.email);
    const enrol = await b.send("POST", "/two-factor/enable", { password: PASSWORD });
    const { totpURI, backupCodes } = (await enrol.json()) as { totpURI: string; backupCodes: string[] };
    const secret = new URL(totpURI).searchParams.get("secret")!;
    expect((await b.send("POST", "/two-factor/verify-totp", { code: totp(secret) })).status).toBe(200);
    expect((await b.send("POST", "/sign-out")).status).toBe(200);

    // Sign-in now stops at the challenge, whose identifier (in the cookie) is not in the database.
    const challenged = browser();
    expect(await signIn(challenged, staff.email)).toMatchObject({ twoFactorRedirect: true });
    const challenge = challenged.twoFactorChallenge()!;
    expect(challenge).toMatch(/^2fa-/);
    expect(await authTablesText()).not.toContain(challenge);
    expect(await authTablesText()).not.toContain(challenge.slice(4));
    expect((await challenged.send("POST", "/two-factor/verify-backup-code", { code: backupCodes[0] })).status).toBe(200);
    const token = challenged.sessionToken()!;
    expect(await authTablesText()).not.toContain(token);
    expect(await auth.api.getSession({ headers: new Headers({ cookie: challenged.cookieHeader() }) })).toMatchObject({ user: { id: staff.user.id } });
  });

  it("a TOTP code used by two challenges at once signs in only one of them, and no session is left for the other", async () => {
    const staff = await staffWithLogin("admin");
    const b = browser();
    await signIn(b, staff.email);
    const { totpURI } = (await (await b.send("POST", "/two-factor/enable", { password: PASSWORD })).json()) as { totpURI: string };
    const secret = new URL(totpURI).searchParams.get("secret")!;
    expect((await b.send("POST", "/two-factor/verify-totp", { code: totp(secret) })).status).toBe(200);
    await b.send("POST", "/sign-out");

    const first = browser();
    const second = browser();
    for (const c of [first, second]) await signIn(c, staff.email);
    // The next step's code: not the one just used for enrolment.
    const code = totp(secret, Date.now(), 1);
    const answers = await Promise.all([first, second].map((c) => c.send("POST", "/two-factor/verify-totp", { code })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).toBe(401);
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, staff.user.id))).toHaveLength(1);
  });
});
