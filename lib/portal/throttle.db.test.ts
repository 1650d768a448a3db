/*
 * Password spraying against the subscriber portal: one network trying a password on many accounts, and a spread-out
 * attack on one ISP. The real sign-in and link actions run with next/headers replaced by the request's headers:
 * the server's peer stamp (the socket's address) and whatever X-Forwarded-For the attacker chose.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertCustomer } from "@/tests/support/billing-documents";
import { customers } from "@/lib/customers/schema";
import { portalAccounts } from "@/lib/portal/schema";
import { setPortalPassword } from "@/lib/portal/accounts";
import { portalSignInAction, requestPortalLinkAction } from "@/lib/portal/actions/sign-in";
import { PORTAL_LINKS_PER_ADDRESS, PORTAL_SIGN_IN_PER_ADDRESS, PORTAL_SIGN_IN_PER_ISP } from "@/lib/portal/throttle";
import { takeThrottle } from "@/lib/auth/throttle";
import { addressKey, PEER_HEADER, peerStamp } from "@/lib/core/client-ip";
import type { Connection } from "@/lib/db/connect";

const browser = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => browser.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/notify/kick", () => ({ kickOutbox: vi.fn() }));

const PASSWORD = "portal-password-2026";

let conn: Connection;
let isp: Awaited<ReturnType<typeof createTenantFixture>>;
let other: Awaited<ReturnType<typeof createTenantFixture>>;
beforeAll(async () => {
  conn = await createTestDatabase();
  (globalThis as { netsphereDb?: Promise<Connection> }).netsphereDb = Promise.resolve(conn);
  isp = await createTenantFixture(conn.db, { name: "Sprayed Fiber" });
  other = await createTenantFixture(conn.db, { name: "Quiet Wireless" });
  for (let i = 1; i <= 32; i++) {
    const customer = await insertCustomer(conn.db, isp.tenant.id, { accountNumber: `SF-${i}`, email: `sf-${i}@example.ph`, name: `Subscriber ${i}` });
    await setPortalPassword(conn.db, { tenantId: isp.tenant.id, customerId: customer.id, password: PASSWORD });
  }
  const quiet = await insertCustomer(conn.db, other.tenant.id, { accountNumber: "QW-1", email: "qw-1@example.ph", name: "Quiet One" });
  await setPortalPassword(conn.db, { tenantId: other.tenant.id, customerId: quiet.id, password: PASSWORD });
});
afterAll(async () => conn?.close());

/** The next request comes from `peer` and claims `spoofed` in X-Forwarded-For. */
const from = (peer: string, spoofed = "") => {
  browser.headers = new Headers({ [PEER_HEADER]: peerStamp(peer), ...(spoofed ? { "x-forwarded-for": spoofed } : {}) });
};

const signIn = (tenantId: string, identifier: string, password: string) => portalSignInAction({ isp: tenantId, identifier, password });

describe("portal sign-in throttles", () => {
  it("stops one network spraying a password across 30 accounts, before any password is checked", async () => {
    const outcomes = [];
    for (let i = 1; i <= 30; i++) {
      from("198.51.100.31", `203.0.113.${i}`);
      outcomes.push(await signIn(isp.tenant.id, `SF-${i}`, "Summer2026!"));
    }
    const refused = outcomes.filter((o) => !o.ok && o.code === "rate_limited");
    expect(outcomes.filter((o) => !o.ok && o.code === "unauthenticated")).toHaveLength(PORTAL_SIGN_IN_PER_ADDRESS.max);
    expect(refused).toHaveLength(30 - PORTAL_SIGN_IN_PER_ADDRESS.max);
    expect(refused[0]).toMatchObject({ message: "Too many sign-in attempts from your network. Try again in 15 minutes." });

    // Refused attempts never reached the accounts: no failure was counted on them, and the right password is refused too.
    const [untouched] = await conn.db
      .select()
      .from(portalAccounts)
      .where(eq(portalAccounts.customerId, (await accountOf("SF-30")).customerId));
    expect(untouched.failedAttempts).toBe(0);
    from("198.51.100.31", "198.51.100.99");
    expect(await signIn(isp.tenant.id, "SF-31", PASSWORD)).toMatchObject({ ok: false, code: "rate_limited" });
    // Another network signs in as usual.
    from("198.51.100.32", "198.51.100.31");
    expect(await signIn(isp.tenant.id, "SF-31", PASSWORD)).toMatchObject({ ok: true });
  }, 120_000); // 31 password hashes: seconds on a quiet machine, much longer when the CI machine is saturated

  it("counts only failures, so subscribers sharing a carrier-grade NAT address sign in all day", async () => {
    for (let i = 1; i < PORTAL_SIGN_IN_PER_ADDRESS.max; i++) await takeThrottle(conn.db, PORTAL_SIGN_IN_PER_ADDRESS, addressKey("100.64.0.1"));
    from("100.64.0.1");
    for (const account of ["SF-1", "SF-2", "SF-3"]) expect(await signIn(isp.tenant.id, account, PASSWORD)).toMatchObject({ ok: true });
    expect(await signIn(isp.tenant.id, "SF-4", "typo-password")).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await signIn(isp.tenant.id, "SF-4", PASSWORD)).toMatchObject({ ok: false, code: "rate_limited" });
  });

  it("stops a spray spread over many addresses once the ISP's limit is reached, and no other ISP", async () => {
    for (let i = 0; i < PORTAL_SIGN_IN_PER_ISP.max; i++) await takeThrottle(conn.db, PORTAL_SIGN_IN_PER_ISP, isp.tenant.id);
    from("198.51.100.33");
    expect(await signIn(isp.tenant.id, "SF-5", PASSWORD)).toMatchObject({
      ok: false,
      code: "rate_limited",
      message: "Too many sign-in attempts at your internet provider right now. Try again in 15 minutes.",
    });
    expect(await signIn(other.tenant.id, "QW-1", PASSWORD)).toMatchObject({ ok: true });
  });

  it("limits reset and sign-in link requests per network, whatever X-Forwarded-For says", async () => {
    const outcomes = [];
    for (let i = 1; i <= PORTAL_LINKS_PER_ADDRESS.max + 2; i++) {
      from("198.51.100.34", `203.0.113.${i}`);
      outcomes.push(await requestPortalLinkAction({ isp: other.tenant.id, identifier: "QW-1", kind: i % 2 ? "reset" : "magic_link" }));
    }
    expect(outcomes.slice(0, PORTAL_LINKS_PER_ADDRESS.max).every((o) => o.ok)).toBe(true);
    expect(outcomes.slice(PORTAL_LINKS_PER_ADDRESS.max)).toEqual([
      expect.objectContaining({ ok: false, code: "rate_limited", message: "Too many link requests from your network. Try again in 15 minutes." }),
      expect.objectContaining({ ok: false, code: "rate_limited" }),
    ]);
  });
});

async function accountOf(accountNumber: string) {
  const [row] = await conn.db.select({ customerId: customers.id }).from(customers).where(eq(customers.accountNumber, accountNumber));
  return row;
}
