import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, desc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { sessions, users } from "@/lib/auth/schema";
import { sentEmails } from "@/lib/mail/schema";
import { listMailbox } from "@/lib/mail/queries";
import { env } from "@/lib/core/env";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let auth: Auth;
beforeAll(async () => {
  conn = await createTestDatabase();
  auth = createAuth(conn.db, { rateLimit: false });
});
afterAll(async () => conn?.close());

const OLD_PASSWORD = "old-password-2026";
const NEW_PASSWORD = "new-password-2026";

const failsWith = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: { statusCode?: number; body?: { code?: string; message?: string } }) => ({ status: e.statusCode, code: e.body?.code }),
  );

describe("password reset through the dev mailbox", () => {
  it("emails a link whose token resets the password exactly once", async () => {
    const { tenant } = await createTenantFixture(conn.db, { name: "Reset ISP" });
    const email = `reset-${randomUUID().slice(0, 8)}@example.test`;
    const { user } = await auth.api.signUpEmail({ body: { email, password: OLD_PASSWORD, name: "Forgetful Staff" } });
    await conn.db.update(users).set({ tenantId: tenant.id, role: "support" }).where(eq(users.id, user.id));
    await auth.api.signInEmail({ body: { email, password: OLD_PASSWORD } });

    await auth.api.requestPasswordReset({ body: { email, redirectTo: "/reset-password" } });
    const [mail] = await conn.db.select().from(sentEmails).where(eq(sentEmails.to, email)).orderBy(desc(sentEmails.createdAt));
    expect(mail).toMatchObject({ subject: "Reset your NetSphere password", transport: "dev", status: "stored" });
    const link = mail.text.match(/https?:\/\/\S+\/reset-password\/[^\s?]+\?callbackURL=\S*/)?.[0];
    expect(link, "a reset link in the email").toBeDefined();
    expect(link!.startsWith(`${env().APP_URL}/api/auth/reset-password/`)).toBe(true);
    // The staff member's ISP sees the email in its dev mailbox, whether or not it was stored with a tenant.
    expect((await listMailbox(conn.db, { tenantId: tenant.id })).map((m) => m.id)).toContain(mail.id);

    // Opening the link lands on our reset page with the token.
    const opened = await auth.handler(new Request(link!, { redirect: "manual" }));
    expect(opened.status).toBe(302);
    const landing = new URL(opened.headers.get("location")!, env().APP_URL);
    expect(landing.pathname).toBe("/reset-password");
    const token = landing.searchParams.get("token")!;
    expect(link).toContain(`/reset-password/${token}?`);

    await expect(auth.api.resetPassword({ body: { token, newPassword: NEW_PASSWORD } })).resolves.toMatchObject({ status: true });
    // Resetting signs every device out, and only the new password works.
    expect(await conn.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    await expect(auth.api.signInEmail({ body: { email, password: NEW_PASSWORD } })).resolves.toMatchObject({ user: { id: user.id } });
    expect(await failsWith(auth.api.signInEmail({ body: { email, password: OLD_PASSWORD } }))).toMatchObject({ status: 401 });

    // The same token a second time: refused, and the password stays the new one.
    expect(await failsWith(auth.api.resetPassword({ body: { token, newPassword: "third-password-2026" } }))).toMatchObject({
      status: 400,
      code: "INVALID_TOKEN",
    });
    await expect(auth.api.signInEmail({ body: { email, password: NEW_PASSWORD } })).resolves.toBeDefined();
    const again = await auth.handler(new Request(link!, { redirect: "manual" }));
    expect(new URL(again.headers.get("location")!, env().APP_URL).searchParams.get("error")).toBe("INVALID_TOKEN");
  });

  it("answers the same for an unknown email and stores no email", async () => {
    const before = (await conn.db.select({ n: count() }).from(sentEmails))[0].n;
    const response = await auth.api.requestPasswordReset({ body: { email: `ghost-${randomUUID()}@example.test`, redirectTo: "/reset-password" } });
    expect(response).toMatchObject({ status: true });
    expect((await conn.db.select({ n: count() }).from(sentEmails))[0].n).toBe(before);
  });

  it("shows tenant-less emails only to the tenant of the user they were sent to", async () => {
    const a = await createTenantFixture(conn.db, { name: "Mailbox A" });
    const b = await createTenantFixture(conn.db, { name: "Mailbox B" });
    const [member] = await conn.db.select({ email: users.email }).from(users).where(eq(users.id, a.ctx.support.userId));
    const [stray] = await conn.db
      .insert(sentEmails)
      .values({ tenantId: null, to: member.email.toUpperCase(), subject: "No tenant", text: "Hello", transport: "dev", status: "stored" })
      .returning();
    const [outsider] = await conn.db
      .insert(sentEmails)
      .values({ tenantId: null, to: "someone-else@example.test", subject: "Not ours", text: "Hi", transport: "dev", status: "stored" })
      .returning();
    const [bMail] = await conn.db
      .insert(sentEmails)
      .values({ tenantId: b.tenant.id, to: member.email, subject: "B's", text: "Hi", transport: "dev", status: "stored" })
      .returning();
    const aIds = (await listMailbox(conn.db, { tenantId: a.tenant.id })).map((m) => m.id);
    const bIds = (await listMailbox(conn.db, { tenantId: b.tenant.id })).map((m) => m.id);
    expect(aIds).toContain(stray.id);
    expect(aIds).not.toContain(outsider.id);
    expect(aIds).not.toContain(bMail.id);
    expect(bIds).toEqual([bMail.id]);
  });
});
