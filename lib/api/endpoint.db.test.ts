import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { auditLog } from "@/lib/audit/schema";
import { customers } from "@/lib/customers/schema";
import { apiIdempotency, apiKeys } from "@/lib/api/schema";
import { sha256 } from "@/lib/core/crypto";
import { revokeApiKey } from "@/lib/api/keys";
import { clock, manualClock, setClock } from "@/lib/core/clock";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { apiKeyFor, callApi } from "@/tests/support/api";
import { actorOf } from "@/lib/audit/record";
import { openPlatformAccount } from "@/lib/tenants/platform-accounts";
import { runNetsphereBilling } from "@/lib/tenants/netsphere-billing";
import { withClock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";
import { z } from "zod";
import { apiHandler, defineEndpoint } from "@/lib/api/endpoint";
import { buildOpenApiDocument } from "@/lib/api/openapi";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, crossTenantDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const customersRoute = await import("@/app/api/v1/customers/route");
const customerRoute = await import("@/app/api/v1/customers/[id]/route");

let isp: Awaited<ReturnType<typeof createTenantFixture>>;
let other: Awaited<ReturnType<typeof createTenantFixture>>;

beforeAll(async () => {
  conn = await createTestDatabase();
  isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  other = await createTenantFixture(conn.db, { name: "Other ISP" });
});
afterAll(async () => {
  await conn?.close();
});

const newCustomer = (name: string) => ({ name, phone: "09171234567", city: "Batangas City" });

describe("API keys on /api/v1", () => {
  it("refuses a request without a key, with an unknown key, and with a revoked key, as problem+json", async () => {
    const none = await callApi(customersRoute.GET, { path: "/customers" });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toBe("application/problem+json");
    expect(none.body).toMatchObject({ type: "urn:netsphere:problem:unauthenticated", status: 401, code: "unauthenticated" });

    expect((await callApi(customersRoute.GET, { path: "/customers", key: "nsk_live_notarealkey000000000000000000000000000" })).status).toBe(401);

    const { key, id } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"]);
    expect((await callApi(customersRoute.GET, { path: "/customers", key })).status).toBe(200);
    await revokeApiKey(isp.ctx.owner.db, actorOf(isp.ctx.owner), { apiKeyId: id });
    expect((await callApi(customersRoute.GET, { path: "/customers", key })).status).toBe(401);
  });

  it("stores only the key's hash and a short prefix", async () => {
    const { key, id } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"]);
    expect(key).toMatch(/^nsk_live_[0-9A-Za-z]{40}$/);
    const [row] = await conn.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.prefix).toBe(key.slice(0, 17));
    expect(JSON.stringify(row)).not.toContain(key);
  });

  it("an expired key stops working after its last day", async () => {
    const manual = manualClock(clock.now());
    const restore = setClock(manual);
    try {
      const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10); // Manila's date
      const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"], { expiresOn: today });
      expect((await callApi(customersRoute.GET, { path: "/customers", key })).status).toBe(200);
      manual.advance(2 * 86_400_000);
      expect((await callApi(customersRoute.GET, { path: "/customers", key })).status).toBe(401);
    } finally {
      restore();
    }
  });

  it("a key with an address allowlist refuses other addresses", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"], { allowedIps: "203.0.113.0/24" });
    // Test requests carry no trusted client address: not on the list.
    const refused = await callApi(customersRoute.GET, { path: "/customers", key });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/allowlist/);
  });

  it("refuses a key without the endpoint's scope, and a write scope includes reading", async () => {
    const { key: ticketsOnly } = await apiKeyFor(conn.db, isp.tenant.id, ["tickets:write"]);
    const refused = await callApi(customersRoute.GET, { path: "/customers", key: ticketsOnly });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("customers:read");

    const { key: readOnly } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"]);
    const before = await conn.db
      .select({ n: sql<number>`count(*)::int` })
      .from(customers)
      .where(eq(customers.tenantId, isp.tenant.id));
    const write = await callApi(customersRoute.POST, { path: "/customers", key: readOnly, body: newCustomer("Should Not Exist") });
    expect(write.status).toBe(403);
    const after = await conn.db
      .select({ n: sql<number>`count(*)::int` })
      .from(customers)
      .where(eq(customers.tenantId, isp.tenant.id));
    expect(after[0].n).toBe(before[0].n);

    const { key: writer } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    expect((await callApi(customersRoute.GET, { path: "/customers", key: writer })).status).toBe(200);
  });

  it("reports the rate limit in RateLimit headers and answers 429 past it", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"], { rateLimitPerMinute: 2 });
    const first = await callApi(customersRoute.GET, { path: "/customers", key });
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    await callApi(customersRoute.GET, { path: "/customers", key });
    const third = await callApi(customersRoute.GET, { path: "/customers", key });
    expect(third.status).toBe(429);
    expect(third.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("customers through the API", () => {
  it("creates a customer through the customers room (account number, audit naming the key)", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"], { name: "Website sign-up" });
    const created = await callApi(customersRoute.POST, { path: "/customers", key, body: newCustomer("Maria Santos") });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Maria Santos", status: "active", balanceCentavos: 0, currency: "PHP" });
    expect(created.body.accountNumber).toBeTruthy();
    const [entry] = await conn.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, isp.tenant.id), eq(auditLog.action, "customer.created"), eq(auditLog.entityId, created.body.id)));
    expect(entry.actorLabel).toBe("API key “Website sign-up”");
  });

  it("a bad body is a 422 listing each field, and nothing is created", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const bad = await callApi(customersRoute.POST, { path: "/customers", key, body: { name: "", email: "not-an-email" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["email", "name"]);
    const notJson = await callApi(customersRoute.POST, { path: "/customers", key, body: "{oops" });
    expect(notJson.status).toBe(400);
  });

  it("PATCH changes only the fields sent", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const created = await callApi(customersRoute.POST, { path: "/customers", key, body: { ...newCustomer("Jose Rizal"), notes: "Gate code 1896" } });
    const patched = await callApi(customerRoute.PATCH, {
      method: "PATCH",
      path: `/customers/${created.body.id}`,
      params: { id: created.body.id },
      key,
      body: { phone: "09181234567" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ phone: "09181234567", notes: "Gate code 1896", city: "Batangas City", name: "Jose Rizal" });
  });

  it("another ISP's customer reads as not found, and its key never sees ours", async () => {
    const { key: theirs } = await apiKeyFor(conn.db, other.tenant.id, ["customers:write"]);
    const { key: ours } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const created = await callApi(customersRoute.POST, { path: "/customers", key: ours, body: newCustomer("Andres Bonifacio") });
    const id = created.body.id;
    expect((await callApi(customerRoute.GET, { path: `/customers/${id}`, params: { id }, key: theirs })).status).toBe(404);
    const patch = await callApi(customerRoute.PATCH, {
      method: "PATCH",
      path: `/customers/${id}`,
      params: { id },
      key: theirs,
      body: { name: "Hijacked" },
    });
    expect(patch.status).toBe(404);
    const list = await callApi(customersRoute.GET, { path: "/customers?limit=100", key: theirs });
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await callApi(customerRoute.GET, { path: `/customers/${id}`, params: { id }, key: ours })).body.name).toBe("Andres Bonifacio");
  });

  it("pages by cursor without repeating or skipping, newest first by default", async () => {
    const { key } = await apiKeyFor(conn.db, other.tenant.id, ["customers:write"]);
    for (const name of ["A One", "B Two", "C Three", "D Four", "E Five"])
      await callApi(customersRoute.POST, { path: "/customers", key, body: newCustomer(name) });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { data: { name: string }[]; nextCursor: string | null } } = await callApi(customersRoute.GET, {
        path: `/customers?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ""}`,
        key,
      });
      seen.push(...page.body.data.map((c) => c.name));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["A One", "B Two", "C Three", "D Four", "E Five"]);
    const newest = await callApi(customersRoute.GET, { path: "/customers?limit=1", key });
    expect(newest.body.data[0].name).toBe("E Five");
    const bad = await callApi(customersRoute.GET, { path: "/customers?cursor=garbage", key });
    expect(bad.status).toBe(422);
  });
});

describe("Idempotency-Key", () => {
  it("a retry with the same key and body returns the first answer and creates nothing more", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const headers = { "idempotency-key": "signup-7f3a" };
    const first = await callApi(customersRoute.POST, { path: "/customers", key, headers, body: newCustomer("Gabriela Silang") });
    const again = await callApi(customersRoute.POST, { path: "/customers", key, headers, body: newCustomer("Gabriela Silang") });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.id).toBe(first.body.id);
    const named = await conn.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, isp.tenant.id), eq(customers.name, "Gabriela Silang")));
    expect(named).toHaveLength(1);

    const otherBody = await callApi(customersRoute.POST, { path: "/customers", key, headers, body: newCustomer("Someone Else") });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.detail).toMatch(/different request/);
  });

  it("concurrent retries run the request once", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const headers = { "idempotency-key": "burst-1" };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => callApi(customersRoute.POST, { path: "/customers", key, headers, body: newCustomer("Melchora Aquino") })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const named = await conn.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, isp.tenant.id), eq(customers.name, "Melchora Aquino")));
    expect(named).toHaveLength(1);
  });

  it("a first request that never finished is reported as such after a few minutes, and never run a second time", async () => {
    const { key, id } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const headers = { "idempotency-key": "crashed-1" };
    const body = newCustomer("Teresa Magbanua");
    const started = clock.now();
    // What a server that stopped mid-request leaves: the key taken, no answer kept.
    await conn.db.insert(apiIdempotency).values({
      tenantId: isp.tenant.id,
      apiKeyId: id,
      idempotencyKey: "crashed-1",
      method: "POST",
      path: "/api/v1/customers",
      requestHash: sha256(JSON.stringify(body)),
      createdAt: started,
    });
    const soon = await callApi(customersRoute.POST, { path: "/customers", key, headers, body });
    expect(soon.status).toBe(409);
    expect(soon.body.detail).toMatch(/still being processed/);
    const later = await withClock(manualClock(new Date(started.getTime() + 6 * 60_000)), () =>
      callApi(customersRoute.POST, { path: "/customers", key, headers, body }),
    );
    expect(later.status).toBe(409);
    expect(later.body.detail).toMatch(/never finished .+ whether it took effect is unknown/);
    const named = await conn.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, isp.tenant.id), eq(customers.name, "Teresa Magbanua")));
    expect(named).toHaveLength(0);
  });
});

describe("every call in the ISP's audit log, refusals too", () => {
  const entriesOf = (keyId: string) =>
    conn.db
      .select({ action: auditLog.action, actorLabel: auditLog.actorLabel, after: auditLog.after })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.tenantId, isp.tenant.id),
          eq(auditLog.entityType, "api_key"),
          eq(auditLog.entityId, keyId),
          sql`${auditLog.action} like 'api.%'`,
        ),
      )
      .orderBy(auditLog.createdAt);

  it("records a refused scope, a rate-limited flood once, and a revoked key still being tried", async () => {
    const { key, id } = await apiKeyFor(conn.db, isp.tenant.id, ["tickets:read"], { name: "Old website", rateLimitPerMinute: 3 });
    expect((await callApi(customersRoute.GET, { path: "/customers", key })).status).toBe(403);
    const [refused] = await entriesOf(id);
    expect(refused).toMatchObject({ action: "api.refused", actorLabel: "API key “Old website”" });
    expect(refused.after).toMatchObject({ method: "GET", path: "/api/v1/customers", operation: "listCustomers", status: 403, code: "forbidden" });

    // Three a minute: the 1st was the refusal above; 2nd and 3rd answered 403 too; then five over the limit.
    for (let i = 0; i < 7; i++) await callApi(customersRoute.GET, { path: "/customers", key });
    const flood = (await entriesOf(id)).filter((entry) => (entry.after as { status?: number }).status === 429);
    expect(flood).toHaveLength(1);

    await revokeApiKey(isp.ctx.owner.db, actorOf(isp.ctx.owner), { apiKeyId: id });
    expect((await callApi(customersRoute.GET, { path: "/customers", key })).status).toBe(401);
    const revoked = (await entriesOf(id)).filter((entry) => (entry.after as { status?: number }).status === 401);
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ action: "api.refused", after: { code: "unauthenticated" } });
  });

  it("records a successful call as a read or a write", async () => {
    const { key, id } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    await callApi(customersRoute.GET, { path: "/customers", key });
    await callApi(customersRoute.POST, { path: "/customers", key, body: newCustomer("Apolinario Mabini") });
    expect((await entriesOf(id)).map((entry) => entry.action).sort()).toEqual(["api.read", "api.write"]);
  });
});

describe("POST requires an Idempotency-Key", () => {
  it("a POST without one is refused (400) and creates nothing; one over 255 characters is a field error", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:write"]);
    const missing = await callApi(customersRoute.POST, { path: "/customers", key, body: newCustomer("Diego Silang"), idempotencyKey: false });
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/Idempotency-Key/);
    const long = await callApi(customersRoute.POST, {
      path: "/customers",
      key,
      body: newCustomer("Diego Silang"),
      headers: { "idempotency-key": "k".repeat(256) },
    });
    expect(long.status).toBe(422);
    expect(long.body.errors[0].field).toBe("Idempotency-Key");
    const named = await conn.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, isp.tenant.id), eq(customers.name, "Diego Silang")));
    expect(named).toHaveLength(0);
  });
});

describe("a deprecated endpoint", () => {
  const old = defineEndpoint({
    method: "GET",
    path: "/old-customers",
    operationId: "listOldCustomers",
    summary: "List customers (old)",
    tag: "Customers",
    scope: "customers:read",
    response: z.object({ ok: z.boolean() }),
    deprecated: { since: "2026-01-01", sunset: "2027-06-30", successor: "/api/v1/customers" },
    handle: async () => ({ ok: true }),
  });

  it("says so on every answer (Deprecation, Sunset, successor Link) and in the document", async () => {
    const { key } = await apiKeyFor(conn.db, isp.tenant.id, ["customers:read"]);
    for (const answer of [
      await callApi(apiHandler(old), { path: "/old-customers", key }),
      await callApi(apiHandler(old), { path: "/old-customers" }),
    ]) {
      expect(answer.headers.get("deprecation")).toBe(`@${Date.parse("2026-01-01") / 1000}`);
      expect(answer.headers.get("sunset")).toBe("Wed, 30 Jun 2027 00:00:00 GMT");
      expect(answer.headers.get("link")).toBe('</api/v1/customers>; rel="successor-version"');
    }
    const document = buildOpenApiDocument([old]) as { paths: Record<string, { get: { deprecated?: boolean } }> };
    expect(document.paths["/old-customers"].get.deprecated).toBe(true);
    expect((await callApi(customersRoute.GET, { path: "/customers", key })).headers.get("deprecation")).toBeNull();
  });
});

describe("an ISP made read-only by an overdue NetSphere invoice", () => {
  it("may still read through its keys, but every change is refused with the reason", async () => {
    const at = (day: string, time = "10:00") => new Date(`${day}T${time}:00+08:00`);
    const on = <T>(day: string, fn: (now: Date) => Promise<T>, time?: string) => withClock(manualClock(at(day, time)), () => fn(at(day, time)));
    const lapsed = await createTenantFixture(conn.db, { name: "Lapsed ISP", saasPlanId: "basic" });
    await on("2031-03-01", (now) => openPlatformAccount(conn.db, { tenantId: lapsed.tenant.id, now, trialDays: 14 }));
    await on("2031-03-15", (now) => runNetsphereBilling(conn.db, { now }), "00:20");
    await on("2031-03-29", (now) => runNetsphereBilling(conn.db, { now }));
    const { key } = await apiKeyFor(conn.db, lapsed.tenant.id, ["customers:write"]);
    const [read, write] = await on("2031-03-29", async () => [
      await callApi(customersRoute.GET, { path: "/customers", key }),
      await callApi(customersRoute.POST, { path: "/customers", key, body: newCustomer("Not Now") }),
    ]);
    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect(write.body.detail).toMatch(/read-only until the invoice .+ is paid/);
    const named = await conn.db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, lapsed.tenant.id), eq(customers.name, "Not Now")));
    expect(named).toHaveLength(0);
  });
});
