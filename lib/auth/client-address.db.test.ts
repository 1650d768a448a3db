/*
 * Staff sign-in keyed on the real address. Requests go through the /api/auth route handler as the server hands
 * them over: with the peer stamp of the socket they came from (lib/core/peer-stamp.ts) and whatever
 * X-Forwarded-For the attacker chose. next/headers is replaced by the same request's headers, so the staff
 * action below reads what a real action would.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { users } from "@/lib/auth/schema";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import { STAFF_RESET_PER_ADDRESS, STAFF_SIGN_IN_PER_ADDRESS, takeThrottle } from "@/lib/auth/throttle";
import { addressKey, PEER_HEADER, peerStamp } from "@/lib/core/client-ip";
import { env } from "@/lib/core/env";
import { POST } from "@/app/api/auth/[...all]/route";
import { bulkAddCustomerTag } from "@/lib/customers/actions/bulk-add-customer-tag";
import type { Connection } from "@/lib/db/connect";

const browser = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({
  headers: async () => browser.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const PASSWORD = "correct-horse-battery";

let conn: Connection;
let limited: Auth;
beforeAll(async () => {
  conn = await createTestDatabase();
  limited = createAuth(conn.db, { rateLimit: true });
  (globalThis as { netsphereDb?: Promise<Connection> }).netsphereDb = Promise.resolve(conn);
});
afterAll(async () => conn?.close());

/** Which Better Auth the route handler uses: with its in-memory limiter, or without (as on another instance). */
const useAuth = (auth: Auth) => ((globalThis as { netsphereAuth?: Promise<Auth> }).netsphereAuth = Promise.resolve(auth));

/** A request from `peer` (the socket's address) that claims to be from `spoofed`. */
function requestHeaders(peer: string, spoofed?: string, cookie?: string) {
  const headers = new Headers({ origin: env().APP_URL, "content-type": "application/json", [PEER_HEADER]: peerStamp(peer) });
  if (spoofed) headers.set("x-forwarded-for", spoofed);
  if (cookie) headers.set("cookie", cookie);
  return headers;
}

const post = (path: string, body: unknown, headers: Headers) =>
  POST(new Request(`${env().APP_URL}/api/auth${path}`, { method: "POST", headers, body: JSON.stringify(body) }));

const signIn = (peer: string, spoofed: string, email = `nobody-${randomUUID().slice(0, 8)}@example.test`, password = "wrong-password-1") =>
  post("/sign-in/email", { email, password }, requestHeaders(peer, spoofed));

async function statuses(responses: Promise<Response>[]) {
  const out: number[] = [];
  for (const response of responses) out.push((await response).status);
  return out;
}

async function staffMember(role: "support" = "support") {
  const { tenant } = await createTenantFixture(conn.db, { name: "Address ISP" });
  const email = `staff-${randomUUID().slice(0, 8)}@example.test`;
  const { user } = await limited.api.signUpEmail({ body: { email, password: PASSWORD, name: "Staff Member" } });
  await conn.db.update(users).set({ tenantId: tenant.id, role }).where(eq(users.id, user.id));
  return { tenant, email };
}

describe("staff sign-in is limited by the address it really comes from", () => {
  it("a burst of 25 sign-ins with a rotating X-Forwarded-For still meets the per-minute limit", async () => {
    useAuth(limited);
    const seen = [];
    for (let i = 0; i < 25; i++) seen.push((await signIn("198.51.100.21", `203.0.113.${i + 1}`)).status);
    const limit = env().AUTH_SIGN_IN_PER_MINUTE;
    expect(seen.filter((s) => s === 401)).toHaveLength(Math.min(limit, 25));
    expect(seen.filter((s) => s === 429)).toHaveLength(Math.max(0, 25 - limit));
    expect(seen.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it("the two-factor limit does not move with X-Forwarded-For either", async () => {
    useAuth(limited);
    const seen = await statuses(
      Array.from({ length: 6 }, (_, i) => post("/two-factor/verify-totp", { code: "123456" }, requestHeaders("198.51.100.22", `203.0.113.${i + 1}`))),
    );
    expect(seen.slice(3)).toEqual([429, 429, 429]);
  });

  it("across instances, failed sign-ins from one address are refused past the limit, without a password check", async () => {
    useAuth(createAuth(conn.db, { rateLimit: false }));
    const { email } = await staffMember();
    for (let i = 0; i < STAFF_SIGN_IN_PER_ADDRESS.max; i++) expect((await signIn("198.51.100.23", `203.0.113.${i + 1}`)).status).toBe(401);

    const refused = await signIn("198.51.100.23", "203.0.113.250", email, PASSWORD);
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toMatch(/^Too many sign-in attempts from your network\. Try again in 15 minutes\.$/);
    // Another network is not affected, and the account itself was never locked.
    expect((await signIn("198.51.100.24", "198.51.100.23", email, PASSWORD)).status).toBe(200);
  });

  it("a good sign-in gives its attempt back, so colleagues behind one address are not locked out by signing in", async () => {
    useAuth(createAuth(conn.db, { rateLimit: false }));
    const { email } = await staffMember();
    const subject = addressKey("198.51.100.25");
    for (let i = 1; i < STAFF_SIGN_IN_PER_ADDRESS.max; i++) await takeThrottle(conn.db, STAFF_SIGN_IN_PER_ADDRESS, subject);
    // One failure left before the limit: good sign-ins do not use it up, the next failure does.
    for (let i = 0; i < 3; i++) expect((await signIn("198.51.100.25", "", email, PASSWORD)).status).toBe(200);
    expect((await signIn("198.51.100.25", "")).status).toBe(401);
    expect((await signIn("198.51.100.25", "", email, PASSWORD)).status).toBe(429);
  });

  it("password-reset requests are counted per real address", async () => {
    useAuth(createAuth(conn.db, { rateLimit: false }));
    const ask = (i: number) =>
      post(
        "/request-password-reset",
        { email: `nobody-${i}@example.test`, redirectTo: "/reset-password" },
        requestHeaders("198.51.100.26", `203.0.113.${i}`),
      );
    // One after another: sent together, which two of them land past the limit is a race.
    const seen = [];
    for (let i = 1; i <= STAFF_RESET_PER_ADDRESS.max + 2; i++) seen.push((await ask(i)).status);
    expect(seen.slice(0, STAFF_RESET_PER_ADDRESS.max).every((s) => s === 200)).toBe(true);
    expect(seen.slice(STAFF_RESET_PER_ADDRESS.max)).toEqual([429, 429]);
  });

  it("the audit log records the address the request came from, not the one it claimed", async () => {
    useAuth(createAuth(conn.db, { rateLimit: false }));
    const { tenant, email } = await staffMember();
    const signedIn = await signIn("198.51.100.27", "", email, PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0];
    const [customer] = await conn.db.insert(customers).values({ tenantId: tenant.id, accountNumber: "ADR-1", name: "Addressed" }).returning();

    browser.headers = requestHeaders("198.51.100.27", "203.0.113.66", cookie);
    expect(await bulkAddCustomerTag({ customerIds: [customer.id], tag: "fiber" })).toMatchObject({ ok: true });
    const [entry] = await conn.db
      .select({ ipAddress: auditLog.ipAddress })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "customer.tag_added")));
    expect(entry).toEqual({ ipAddress: "198.51.100.27" });
  });
});
