import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { tenants } from "@/lib/tenants/schema";
import { auditLog } from "@/lib/audit/schema";
import { AppError } from "@/lib/core/errors";
import { portalAccounts } from "@/lib/portal/schema";
import { changePortalPassword, customerActor, portalAccessState, seedPortalDemo, setPortalPassword, verifyPortalSignIn } from "@/lib/portal/accounts";
import { createPortalSession, findPortalSession, revokePortalSession } from "@/lib/portal/sessions";
import { GENERIC_SIGN_IN_ERROR, LOCKED_MESSAGE } from "@/lib/portal/rules";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;

const PASSWORD = "maria-portal-2026";
/** One subscriber's address: the per-address throttle counts these sign-ins (well within its limit). */
const SUBSCRIBER_ADDRESS = "203.0.113.10";

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createTenantFixture(conn.db, { name: "Lipa Fiber" });
  b = await createTenantFixture(conn.db, { name: "Tanauan Wireless" });
});
afterAll(async () => conn?.close());

/** The AppError a promise fails with: its code and message. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? { code: e.code, message: e.message } : { code: "crashed", message: String(e) }),
  );

async function subscriber(tenantId: string, accountNumber: string, email: string, password: string | null = PASSWORD) {
  const customer = await insertCustomer(conn.db, tenantId, { accountNumber, email, name: `Maria ${accountNumber}` });
  if (password) await setPortalPassword(conn.db, { tenantId, customerId: customer.id, password });
  return customer;
}

describe("signing in to the portal", () => {
  it("accepts the account number (any case) or the email with the right password", async () => {
    const maria = await subscriber(a.tenant.id, "LF-000101", "maria@example.ph");
    expect(
      await verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "LF-000101", password: PASSWORD }),
    ).toEqual({
      customerId: maria.id,
    });
    expect(
      await verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: " lf-000101 ", password: PASSWORD }),
    ).toEqual({
      customerId: maria.id,
    });
    expect(
      await verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "Maria@Example.ph", password: PASSWORD }),
    ).toEqual({
      customerId: maria.id,
    });
  });

  it("says the same thing for a wrong password, an unknown account and an account without a password", async () => {
    await subscriber(a.tenant.id, "LF-000102", "jose@example.ph");
    await subscriber(a.tenant.id, "LF-000103", "nopass@example.ph", null);
    const wrong = await failure(
      verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "LF-000102", password: "not-the-password" }),
    );
    const unknown = await failure(
      verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "LF-999999", password: PASSWORD }),
    );
    const unset = await failure(
      verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "LF-000103", password: PASSWORD }),
    );
    expect(wrong).toEqual({ code: "unauthenticated", message: GENERIC_SIGN_IN_ERROR });
    expect(unknown).toEqual(wrong);
    expect(unset).toEqual(wrong);
  });

  it("locks after five failures for fifteen minutes, even with the right password, then lets the subscriber in again", async () => {
    const ana = await subscriber(a.tenant.id, "LF-000104", "ana@example.ph");
    const start = new Date();
    const attempt = (password: string, minutes = 0, identifier = "LF-000104") =>
      failure(
        verifyPortalSignIn(conn.db, {
          ipAddress: SUBSCRIBER_ADDRESS,
          tenantId: a.tenant.id,
          identifier,
          password,
          now: new Date(start.getTime() + minutes * 60_000),
        }),
      );
    for (let i = 0; i < 5; i++) expect((await attempt("wrong-password-x"))?.code).toBe("unauthenticated");
    expect(await attempt(PASSWORD)).toEqual({ code: "rate_limited", message: LOCKED_MESSAGE });
    // The lock is on the account too: switching to the email does not get around it.
    expect(await attempt(PASSWORD, 1, "ana@example.ph")).toEqual({ code: "rate_limited", message: LOCKED_MESSAGE });
    expect((await portalAccessState(conn.db, { tenantId: a.tenant.id, customerId: ana.id })).status).toBe("locked");
    expect(await attempt(PASSWORD, 16)).toBeNull();
    const [account] = await conn.db.select().from(portalAccounts).where(eq(portalAccounts.customerId, ana.id));
    expect(account).toMatchObject({ failedAttempts: 0, lockedUntil: null });
  });

  it("locks an unknown account number the same way, so a lockout reveals nothing", async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (
          await failure(
            verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "LF-404404", password: "guess-guess" }),
          )
        )?.code,
      ).toBe("unauthenticated");
    expect(
      await failure(
        verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "LF-404404", password: "guess-guess" }),
      ),
    ).toEqual({
      code: "rate_limited",
      message: LOCKED_MESSAGE,
    });
  });

  it("keeps ISPs apart: the same account number at two ISPs is two accounts with their own passwords", async () => {
    const atA = await subscriber(a.tenant.id, "ACC-000001", "same@example.ph", "password-at-isp-a");
    const atB = await subscriber(b.tenant.id, "ACC-000001", "same@example.ph", "password-at-isp-b");
    expect(
      await verifyPortalSignIn(conn.db, {
        ipAddress: SUBSCRIBER_ADDRESS,
        tenantId: a.tenant.id,
        identifier: "ACC-000001",
        password: "password-at-isp-a",
      }),
    ).toEqual({
      customerId: atA.id,
    });
    expect(
      await verifyPortalSignIn(conn.db, {
        ipAddress: SUBSCRIBER_ADDRESS,
        tenantId: b.tenant.id,
        identifier: "same@example.ph",
        password: "password-at-isp-b",
      }),
    ).toEqual({
      customerId: atB.id,
    });
    expect(
      (
        await failure(
          verifyPortalSignIn(conn.db, {
            ipAddress: SUBSCRIBER_ADDRESS,
            tenantId: b.tenant.id,
            identifier: "ACC-000001",
            password: "password-at-isp-a",
          }),
        )
      )?.code,
    ).toBe("unauthenticated");
  });

  it("asks for the account number when one email and password fit two accounts", async () => {
    await subscriber(a.tenant.id, "LF-000201", "family@example.ph");
    await subscriber(a.tenant.id, "LF-000202", "family@example.ph");
    const outcome = await failure(
      verifyPortalSignIn(conn.db, { ipAddress: SUBSCRIBER_ADDRESS, tenantId: a.tenant.id, identifier: "family@example.ph", password: PASSWORD }),
    );
    expect(outcome).toEqual({ code: "validation", message: "Several accounts use this email. Sign in with your account number instead." });
  });
});

describe("portal sessions", () => {
  it("open for the customer, extend on use after a day, expire after 30 idle days and end at sign-out", async () => {
    const pedro = await subscriber(a.tenant.id, "LF-000301", "pedro@example.ph");
    const t0 = new Date("2026-11-01T00:00:00Z");
    const { token, expiresAt } = await createPortalSession(conn.db, { tenantId: a.tenant.id, customerId: pedro.id, now: t0 });
    expect(expiresAt.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    const seen = await findPortalSession(conn.db, token, new Date("2026-11-01T05:00:00Z"));
    expect(seen).toMatchObject({ tenantId: a.tenant.id, customerId: pedro.id, extended: false, customer: { accountNumber: "LF-000301" } });
    const slid = await findPortalSession(conn.db, token, new Date("2026-11-20T00:00:00Z"));
    expect(slid?.extended).toBe(true);
    expect(slid?.expiresAt.toISOString()).toBe("2026-12-20T00:00:00.000Z");
    expect(await findPortalSession(conn.db, token, new Date("2026-12-20T00:00:01Z"))).toBeNull();

    const second = await createPortalSession(conn.db, { tenantId: a.tenant.id, customerId: pedro.id });
    expect(await findPortalSession(conn.db, second.token)).not.toBeNull();
    await revokePortalSession(conn.db, second.token);
    expect(await findPortalSession(conn.db, second.token)).toBeNull();
    expect(await findPortalSession(conn.db, "made-up-token")).toBeNull();
    expect(await findPortalSession(conn.db, undefined)).toBeNull();
  });

  it("stop working when the ISP is suspended by NetSphere", async () => {
    const isp = await createTenantFixture(conn.db, { name: "Suspended ISP" });
    const juan = await subscriber(isp.tenant.id, "S-1", "juan@example.ph");
    const { token } = await createPortalSession(conn.db, { tenantId: isp.tenant.id, customerId: juan.id });
    expect(await findPortalSession(conn.db, token)).not.toBeNull();
    await conn.db.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, isp.tenant.id));
    expect(await findPortalSession(conn.db, token)).toBeNull();
  });

  it("a password change checks the current password, ends the other sessions and is audited as the subscriber's", async () => {
    const liza = await subscriber(a.tenant.id, "LF-000401", "liza@example.ph");
    const here = await createPortalSession(conn.db, { tenantId: a.tenant.id, customerId: liza.id });
    const phone = await createPortalSession(conn.db, { tenantId: a.tenant.id, customerId: liza.id });
    const session = (await findPortalSession(conn.db, here.token))!;
    const actor = customerActor(session);
    expect(
      await failure(
        changePortalPassword(conn.db, actor, { current: "wrong-one-x", password: "new-password-2027", keepSessionId: session.sessionId }),
      ),
    ).toEqual({
      code: "validation",
      message: "Your current password is not right.",
    });
    await changePortalPassword(conn.db, actor, { current: PASSWORD, password: "new-password-2027", keepSessionId: session.sessionId });
    expect(await findPortalSession(conn.db, here.token)).not.toBeNull();
    expect(await findPortalSession(conn.db, phone.token)).toBeNull();
    expect(
      await verifyPortalSignIn(conn.db, {
        ipAddress: SUBSCRIBER_ADDRESS,
        tenantId: a.tenant.id,
        identifier: "LF-000401",
        password: "new-password-2027",
      }),
    ).toEqual({
      customerId: liza.id,
    });
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.customerId, liza.id), eq(auditLog.action, "portal.password_changed")))
      .orderBy(desc(auditLog.id));
    expect(entry).toMatchObject({ tenantId: a.tenant.id, actorUserId: null, actorLabel: "Maria LF-000401 (subscriber portal)" });
  });
});

describe("demo portal passwords", () => {
  it("gives every subscriber (not leads) the demo password", async () => {
    const isp = await createTenantFixture(conn.db, { name: "Demo ISP" });
    const one = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "D-1" });
    await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "D-2", status: "suspended" });
    const lead = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: "D-3", status: "lead" });
    await seedPortalDemo(conn.db, isp.tenant.id);
    expect(
      await verifyPortalSignIn(conn.db, {
        ipAddress: SUBSCRIBER_ADDRESS,
        tenantId: isp.tenant.id,
        identifier: "D-1",
        password: "NetSphere-demo-2026",
      }),
    ).toEqual({
      customerId: one.id,
    });
    expect(
      (
        await verifyPortalSignIn(conn.db, {
          ipAddress: SUBSCRIBER_ADDRESS,
          tenantId: isp.tenant.id,
          identifier: "D-2",
          password: "NetSphere-demo-2026",
        })
      ).customerId,
    ).toBeTruthy();
    expect((await portalAccessState(conn.db, { tenantId: isp.tenant.id, customerId: lead.id })).status).toBe("none");
  });
});
