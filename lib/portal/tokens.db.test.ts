import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { executeAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { portalAccessState, setPortalPassword, verifyPortalSignIn } from "@/lib/portal/accounts";
import { createPortalSession, findPortalSession } from "@/lib/portal/sessions";
import {
  consumePortalToken,
  invitePortalUser,
  issuePortalToken,
  requestPortalLink,
  setPasswordWithToken,
  signInWithMagicLink,
} from "@/lib/portal/tokens";
import { invitePortalUserAction } from "@/lib/portal/actions/invite";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let isp: Awaited<ReturnType<typeof createTenantFixture>>;
/** One subscriber's address: the per-address throttle counts these link requests (within its limit). */
const SUBSCRIBER_ADDRESS = "203.0.113.10";

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db, { name: "Batangas Fiber" });
});
afterAll(async () => conn?.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? e.code : "crashed"),
  );

const linkIn = (text: string | undefined) => text?.match(/https?:\/\/\S+\/portal\/(set-password|magic)\?token=([A-Za-z0-9_-]+)/);

/** The newest message queued in the outbox for `to` (resets and sign-in links), with the link in it. */
async function lastQueuedTo(to: string) {
  const [message] = await conn.db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.recipient, to))
    .orderBy(desc(notificationOutbox.createdAt))
    .limit(1);
  const link = linkIn(message?.body);
  return { message, path: link?.[1], token: link?.[2], url: link?.[0] };
}

describe("password reset links", () => {
  it("emails a link that sets a new password once, ends old sessions and signs the subscriber in", async () => {
    const rosa = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0001", email: "rosa@example.ph", name: "Rosa Reyes" });
    await setPortalPassword(conn.db, { tenantId: isp.tenant.id, customerId: rosa.id, password: "forgotten-password" });
    const old = await createPortalSession(conn.db, { tenantId: isp.tenant.id, customerId: rosa.id });

    await requestPortalLink(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: isp.tenant.id, identifier: "BF-0001", kind: "reset" });
    const { message, path, token, url } = await lastQueuedTo("rosa@example.ph");
    expect(message).toMatchObject({ event: "portal_password_reset", channel: "email", status: "pending", customerId: rosa.id });
    expect(message.subject).toBe("Reset your Batangas Fiber portal password");
    expect(message.body).toContain("BF-0001");
    expect(message.body).toContain("1 hour");
    expect(url!.startsWith(`${env().APP_URL}/portal/set-password?token=`)).toBe(true);
    expect(path).toBe("set-password");

    const session = await setPasswordWithToken(conn.db, { token: token!, password: "brand-new-password" });
    expect(session).toMatchObject({ tenantId: isp.tenant.id, customerId: rosa.id });
    expect(await findPortalSession(conn.db, session.token)).not.toBeNull();
    expect(await findPortalSession(conn.db, old.token)).toBeNull();
    expect(
      await verifyPortalSignIn(conn.db, {
        ipAddress: SUBSCRIBER_ADDRESS,
        tenantId: isp.tenant.id,
        identifier: "rosa@example.ph",
        password: "brand-new-password",
      }),
    ).toEqual({
      customerId: rosa.id,
    });
    // Used once: the same link again does nothing.
    expect(await failure(setPasswordWithToken(conn.db, { token: token!, password: "another-password-1" }))).toBe("validation");
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.customerId, rosa.id), eq(auditLog.action, "portal.password_reset")));
    expect(entry.actorLabel).toBe("Rosa Reyes (subscriber portal)");
  });

  it("expires after an hour, and a magic link cannot be used to set a password", async () => {
    const ben = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0002", email: "ben@example.ph" });
    const issued = new Date(Date.now() - 61 * 60_000);
    const stale = await issuePortalToken(conn.db, { tenantId: isp.tenant.id, customerId: ben.id, kind: "reset", now: issued });
    expect(await failure(setPasswordWithToken(conn.db, { token: stale!, password: "too-late-password" }))).toBe("validation");
    const magic = await issuePortalToken(conn.db, { tenantId: isp.tenant.id, customerId: ben.id, kind: "magic_link" });
    expect(await failure(setPasswordWithToken(conn.db, { token: magic!, password: "wrong-kind-password" }))).toBe("validation");
    // The failed attempt did not use up the magic link.
    expect(await consumePortalToken(conn.db, magic!, ["magic_link"])).toMatchObject({ customerId: ben.id, kind: "magic_link" });
  });

  it("sends nothing for an unknown account or one without an email, and stops after three unused links", async () => {
    const before = await conn.db.select().from(notificationOutbox);
    await requestPortalLink(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: isp.tenant.id, identifier: "BF-9999", kind: "reset" });
    await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0003", email: "" });
    await requestPortalLink(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: isp.tenant.id, identifier: "BF-0003", kind: "reset" });
    expect((await conn.db.select().from(notificationOutbox)).length).toBe(before.length);

    await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0004", email: "spam-target@example.ph" });
    for (let i = 0; i < 5; i++)
      await requestPortalLink(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: isp.tenant.id, identifier: "BF-0004", kind: "reset" });
    expect((await conn.db.select().from(notificationOutbox).where(eq(notificationOutbox.recipient, "spam-target@example.ph"))).length).toBe(3);
  });
});

describe("magic sign-in links", () => {
  it("sign the subscriber in once within 30 minutes", async () => {
    const cora = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0010", email: "cora@example.ph" });
    await requestPortalLink(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: isp.tenant.id, identifier: "cora@example.ph", kind: "magic_link" });
    const { path, token, message } = await lastQueuedTo("cora@example.ph");
    expect(path).toBe("magic");
    expect(message).toMatchObject({ event: "portal_magic_link", subject: "Your Batangas Fiber sign-in link" });
    expect(message.body).toContain("30 minutes");
    const session = await signInWithMagicLink(conn.db, { token: token! });
    expect((await findPortalSession(conn.db, session.token))?.customerId).toBe(cora.id);
    expect(await failure(signInWithMagicLink(conn.db, { token: token! }))).toBe("validation");

    const old = await issuePortalToken(conn.db, {
      tenantId: isp.tenant.id,
      customerId: cora.id,
      kind: "magic_link",
      now: new Date(Date.now() - 31 * 60_000),
    });
    expect(await failure(signInWithMagicLink(conn.db, { token: old! }))).toBe("validation");
  });

  it("a link cannot be claimed twice even when two clicks race", async () => {
    const dan = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0011", email: "dan@example.ph" });
    const token = (await issuePortalToken(conn.db, { tenantId: isp.tenant.id, customerId: dan.id, kind: "magic_link" }))!;
    const outcomes = await Promise.all([signInWithMagicLink(conn.db, { token }), signInWithMagicLink(conn.db, { token })].map((p) => failure(p)));
    expect(outcomes.sort()).toEqual(["validation", null].sort());
  });
});

describe("staff invitations", () => {
  it("support staff invite a subscriber: an email with a set-up link, audited, and the access state shows it", async () => {
    const eva = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0020", email: "eva@example.ph" });
    expect((await portalAccessState(conn.db, { tenantId: isp.tenant.id, customerId: eva.id })).status).toBe("none");
    const { expiresAt } = await executeAction(invitePortalUserAction.definition, isp.ctx.support, { customerId: eva.id });
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    const state = await portalAccessState(conn.db, { tenantId: isp.tenant.id, customerId: eva.id });
    expect(state).toMatchObject({ status: "invited", hasEmail: true, activeSessions: 0 });
    const { message, token } = await lastQueuedTo("eva@example.ph");
    expect(message).toMatchObject({ event: "portal_invite", channel: "email", customerId: eva.id });
    expect(message.subject).toBe("Your Batangas Fiber subscriber portal is ready");
    expect(message.body).toContain("BF-0020");
    await setPasswordWithToken(conn.db, { token: token!, password: "eva-chose-this-1" });
    expect(await portalAccessState(conn.db, { tenantId: isp.tenant.id, customerId: eva.id })).toMatchObject({ status: "active", activeSessions: 1 });
    const actions = (await conn.db.select().from(auditLog).where(eq(auditLog.customerId, eva.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["portal.invited", "portal.password_set"]));
  });

  it("refuses a customer without an email and another ISP's customer", async () => {
    const noEmail = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "BF-0021", email: "" });
    expect(await failure(invitePortalUser(conn.db, actorOf(isp.ctx.owner), { customerId: noEmail.id }))).toBe("validation");
    const other = await createTenantFixture(conn.db, { name: "Other ISP" });
    const theirs = await insertCustomer(conn.db, other.tenant.id, { accountNumber: "BF-0022", email: "theirs@example.ph" });
    expect(await failure(invitePortalUser(conn.db, actorOf(isp.ctx.owner), { customerId: theirs.id }))).toBe("not_found");
    expect(await failure(executeAction(invitePortalUserAction.definition, isp.ctx.technician, { customerId: noEmail.id }))).toBe("forbidden");
  });
});
