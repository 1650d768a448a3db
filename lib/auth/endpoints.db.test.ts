/*
 * Only the Better Auth endpoints the app uses answer over HTTP. These tests send real requests to the
 * /api/auth route handler and run the real ISP sign-up and invitation actions (next/headers is replaced by
 * a cookie jar), so an attacker's requests and a real user's are both what the server sees.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { count, desc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { accounts, sessions, users } from "@/lib/auth/schema";
import { tenants } from "@/lib/tenants/schema";
import { sentEmails } from "@/lib/mail/schema";
import { inviteStaff } from "@/lib/auth/staff";
import { env } from "@/lib/core/env";
import { GET, POST } from "@/app/api/auth/[...all]/route";
import { signUpIsp } from "@/lib/auth/actions/sign-up";
import { acceptInvitation } from "@/lib/auth/actions/accept-invitation";
import type { Connection } from "@/lib/db/connect";

const browser = vi.hoisted(() => ({ cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name)! } : undefined),
    getAll: () => [...browser.cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void browser.cookies.set(name, value),
    delete: (name: string | { name: string }) => void browser.cookies.delete(typeof name === "string" ? name : name.name),
  }),
  headers: async () => new Headers({ cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "user-agent": "Vitest browser" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const PASSWORD = "correct-horse-battery";
const HUGE_NAME = "A".repeat(100_000);

let conn: Connection;
let auth: Auth;
beforeAll(async () => {
  conn = await createTestDatabase();
  auth = createAuth(conn.db, { rateLimit: false });
  (globalThis as { netsphereDb?: Promise<Connection> }).netsphereDb = Promise.resolve(conn);
  (globalThis as { netsphereAuth?: Promise<Auth> }).netsphereAuth = Promise.resolve(auth);
});
afterAll(async () => conn?.close());

const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.test`;
const url = (path: string) => `${env().APP_URL}/api/auth${path}`;

/** A browser's request to /api/auth, through the app's route handler. */
function send(method: "GET" | "POST", path: string, { body, cookie }: { body?: unknown; cookie?: string } = {}) {
  const headers = new Headers({ origin: env().APP_URL, "content-type": "application/json" });
  if (cookie) headers.set("cookie", cookie);
  const request = new Request(url(path), { method, headers, body: method === "POST" ? JSON.stringify(body ?? {}) : undefined, redirect: "manual" });
  return method === "GET" ? GET(request) : POST(request);
}

async function staffWithLogin() {
  const { tenant } = await createTenantFixture(conn.db, { name: "Endpoint ISP" });
  const email = uniqueEmail("staff");
  const { user } = await auth.api.signUpEmail({ body: { email, password: PASSWORD, name: "Staff With Login" } });
  await conn.db.update(users).set({ tenantId: tenant.id, role: "support" }).where(eq(users.id, user.id));
  const signedIn = await send("POST", "/sign-in/email", { body: { email, password: PASSWORD } });
  expect(signedIn.status).toBe(200);
  const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0];
  return { tenant, user, email, cookie };
}

const ispSignUp = (email: string) => ({
  name: "Squatted Fiber",
  legalName: "Squatted Fiber Inc.",
  address: "1 Rizal St, Lipa City",
  tin: "123-456-789-000",
  contactName: "Real Owner",
  contactPhone: "0917 123 4567",
  email,
  password: PASSWORD,
});

describe("Better Auth endpoints over HTTP", () => {
  it("refuses a direct /sign-up/email: no user is made and the real owner's ISP sign-up still works", async () => {
    const email = uniqueEmail("owner");
    const before = (await conn.db.select({ n: count() }).from(users))[0].n;
    const squat = await send("POST", "/sign-up/email", { body: { email, password: PASSWORD, name: "Squatter" } });
    expect(squat.status).toBe(404);
    expect(await squat.json()).toMatchObject({ ok: false, code: "not_found" });
    expect((await conn.db.select({ n: count() }).from(users))[0].n).toBe(before);

    browser.cookies.clear();
    const result = await signUpIsp(ispSignUp(email));
    expect(result).toMatchObject({ ok: true });
    const [owner] = await conn.db.select().from(users).where(eq(users.email, email));
    expect(owner).toMatchObject({ role: "owner", name: "Real Owner" });
    const [tenant] = await conn.db.select().from(tenants).where(eq(tenants.id, owner.tenantId!));
    expect(tenant.name).toBe("Squatted Fiber");
    // The owner is signed in by the sign-up.
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, owner.id))).toHaveLength(1);
  });

  it("refuses a direct /sign-up/email for an invited address: the invitation can still be accepted", async () => {
    const { ctx } = await createTenantFixture(conn.db, { name: "Inviting ISP" });
    const email = uniqueEmail("invitee");
    await inviteStaff(conn.db, ctx.owner, { email, role: "technician" }, { appUrl: env().APP_URL });
    expect((await send("POST", "/sign-up/email", { body: { email, password: PASSWORD, name: "Squatter" } })).status).toBe(404);
    expect(await conn.db.select().from(users).where(eq(users.email, email))).toEqual([]);

    const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.to, email)).orderBy(desc(sentEmails.createdAt)).limit(1);
    const token = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1];
    browser.cookies.clear();
    expect(await acceptInvitation({ token, name: "Nena Technician", password: PASSWORD })).toMatchObject({ ok: true });
    const [joined] = await conn.db.select().from(users).where(eq(users.email, email));
    expect(joined).toMatchObject({ tenantId: ctx.owner.tenantId, role: "technician", name: "Nena Technician" });
  });

  it("refuses /update-user with a 100,000-character name, signed in or not, and the name stays", async () => {
    const { user, cookie } = await staffWithLogin();
    for (const withCookie of [cookie, undefined]) {
      const response = await send("POST", "/update-user", { body: { name: HUGE_NAME }, cookie: withCookie });
      // Closed (404), and past the auth routes' body limit besides (413): either way refused and nothing stored.
      expect([404, 413]).toContain(response.status);
    }
    const [row] = await conn.db.select({ name: users.name }).from(users).where(eq(users.id, user.id));
    expect(row.name).toBe("Staff With Login");
  });

  it("reads no more than 64 KB of a sign-in body: a larger one is a 413 JSON answer, before any password check", async () => {
    const response = await send("POST", "/sign-in/email", { body: { email: uniqueEmail("big"), password: "x".repeat(200_000) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, code: "too_large" });
  });

  it("answers 404 to every endpoint the app does not use, and to a used path with the wrong method", async () => {
    const { cookie } = await staffWithLogin();
    const closed: Array<["GET" | "POST", string]> = [
      ["POST", "/sign-up/email"],
      ["POST", "/update-user"],
      ["POST", "/change-email"],
      ["POST", "/delete-user"],
      ["GET", "/list-sessions"],
      ["POST", "/revoke-session"],
      ["POST", "/revoke-sessions"],
      ["POST", "/revoke-other-sessions"],
      ["GET", "/list-accounts"],
      ["POST", "/unlink-account"],
      ["POST", "/sign-in/social"],
      ["POST", "/send-verification-email"],
      ["GET", "/verify-email"],
      ["POST", "/set-password"],
      ["POST", "/two-factor/disable"],
      ["POST", "/two-factor/get-totp-uri"],
      ["POST", "/two-factor/send-otp"],
      ["POST", "/two-factor/view-backup-codes"],
      ["GET", "/ok"],
      ["GET", "/error"],
      ["GET", "/sign-in/email"],
      ["GET", "/sign-out"],
      ["GET", "/reset-password/"],
    ];
    for (const [method, path] of closed) {
      const response = await send(method, path, { cookie });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json(), `${method} ${path}`).toMatchObject({ ok: false, code: "not_found" });
    }
  });

  it("still serves what the app uses: sign-in, password reset, change of password, two-factor enrolment, sign-out", async () => {
    const { user, email, cookie } = await staffWithLogin();
    expect((await send("POST", "/request-password-reset", { body: { email, redirectTo: "/reset-password" } })).status).toBe(200);
    const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.to, email)).orderBy(desc(sentEmails.createdAt)).limit(1);
    const link = new URL(mail.text.match(/https?:\/\/\S+\/reset-password\/[^\s?]+\?callbackURL=\S*/)![0]);
    const opened = await send("GET", `${link.pathname.replace("/api/auth", "")}${link.search}`);
    expect(opened.status).toBe(302);
    const token = new URL(opened.headers.get("location")!, env().APP_URL).searchParams.get("token");
    expect(token).toBeTruthy();

    const changed = await send("POST", "/change-password", { body: { currentPassword: PASSWORD, newPassword: "second-password-2026" }, cookie });
    expect(changed.status).toBe(200);
    const enrol = await send("POST", "/two-factor/enable", { body: { password: "second-password-2026" }, cookie });
    expect(enrol.status).toBe(200);
    expect(await enrol.json()).toMatchObject({ totpURI: expect.stringContaining("otpauth://") });
    expect((await send("POST", "/two-factor/verify-totp", { body: { code: "000000" }, cookie })).status).not.toBe(404);

    const reset = await send("POST", "/reset-password", { body: { token, newPassword: "third-password-2026" } });
    expect(reset.status).toBe(200);
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    const again = await send("POST", "/sign-in/email", { body: { email, password: "third-password-2026" } });
    expect(again.status).toBe(200);
    const signedOut = await send("POST", "/sign-out", { cookie: (again.headers.get("set-cookie") ?? "").split(";")[0] });
    expect(signedOut.status).toBe(200);
  });
});

describe("user fields written through Better Auth", () => {
  it("refuses a 100,000-character name from a server-side sign-up too, and writes nothing", async () => {
    const email = uniqueEmail("long");
    const before = { users: (await conn.db.select({ n: count() }).from(users))[0].n, accounts: (await conn.db.select({ n: count() }).from(accounts))[0].n };
    await expect(auth.api.signUpEmail({ body: { email, password: PASSWORD, name: HUGE_NAME } })).rejects.toMatchObject({
      body: { message: "Use at most 120 characters for the name" },
    });
    expect((await conn.db.select({ n: count() }).from(users))[0].n).toBe(before.users);
    expect((await conn.db.select({ n: count() }).from(accounts))[0].n).toBe(before.accounts);
  });

  it("refuses a 100,000-character name on a server-side update, and the name stays", async () => {
    const { user, cookie } = await staffWithLogin();
    await expect(auth.api.updateUser({ body: { name: HUGE_NAME }, headers: new Headers({ cookie }) })).rejects.toMatchObject({
      body: { message: "Use at most 120 characters for the name" },
    });
    const [row] = await conn.db.select({ name: users.name }).from(users).where(eq(users.id, user.id));
    expect(row.name).toBe("Staff With Login");
  });
});
