import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { routers, sites } from "@/lib/routers/schema";
import { routerNeighbors } from "@/lib/topology/schema";
import { clock } from "@/lib/core/clock";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const listRoute = await import("@/app/api/v1/routers/route");
const oneRoute = await import("@/app/api/v1/routers/[id]/route");

let key: string;
let site: typeof sites.$inferSelect;
const ours: Awaited<ReturnType<typeof insertRouter>>[] = [];
let theirRouterId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  const isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  [site] = await conn.db.insert(sites).values({ tenantId: isp.tenant.id, name: "Poblacion POP" }).returning();
  for (const name of ["Core-1", "Dist-2", "Edge-3", "Edge-4"]) ours.push(await insertRouter(conn.db, isp.tenant.id, { port: 8728, password: "router-secret-pw", name }));
  await conn.db.update(routers).set({ siteId: site.id, status: "online", lastSeenAt: clock.now() }).where(eq(routers.id, ours[0].id));
  await conn.db.update(routers).set({ status: "offline", lastError: "Connection refused" }).where(eq(routers.id, ours[2].id));
  // Core-1 hears Dist-2 announce its version.
  await conn.db.insert(routerNeighbors).values({
    tenantId: isp.tenant.id,
    routerId: ours[0].id,
    interface: "ether2",
    macAddress: "AA:BB:CC:00:00:02",
    identity: "Dist-2",
    version: "7.19.2 (stable)",
    neighborRouterId: ours[1].id,
    firstSeenAt: clock.now(),
    lastSeenAt: clock.now(),
  });
  theirRouterId = (await insertRouter(conn.db, other.tenant.id, { port: 8728, password: "x", name: "Their core" })).id;
  key = (await apiKeyFor(conn.db, isp.tenant.id, ["routers:read"])).key;
});
afterAll(async () => {
  await conn?.close();
});

const names = (body: { data: { name: string }[] }) => body.data.map((r) => r.name);

describe("routers through the API", () => {
  it("pages by name without repeats, and never answers the login or the password", async () => {
    const first = await callApi(listRoute.GET, { path: "/routers?limit=2", key });
    expect(first.status).toBe(200);
    expect(names(first.body)).toEqual(["Core-1", "Dist-2"]);
    const second = await callApi(listRoute.GET, { path: `/routers?limit=2&cursor=${first.body.nextCursor}`, key });
    expect(names(second.body)).toEqual(["Edge-3", "Edge-4"]);
    expect(second.body.nextCursor).toBeNull();
    for (const page of [first, second]) {
      const text = JSON.stringify(page.body);
      expect(text).not.toMatch(/password|username|router-secret-pw|"api"/i);
      expect(text).not.toContain("v1:");
    }
  });

  it("says where each router is, how it is doing and its version when a neighbour announced it", async () => {
    const all = (await callApi(listRoute.GET, { path: "/routers", key })).body.data;
    expect(all[0]).toMatchObject({ name: "Core-1", host: "127.0.0.1", site: { id: site.id, name: "Poblacion POP" }, status: "online", version: null });
    expect(all[0].lastSeenAt).not.toBeNull();
    expect(all[1]).toMatchObject({ name: "Dist-2", site: null, status: "unknown", version: "7.19.2 (stable)" });
    expect(all[2]).toMatchObject({ name: "Edge-3", status: "offline", lastError: "Connection refused" });
  });

  it("filters by status and site; a bad filter is a 422", async () => {
    expect(names((await callApi(listRoute.GET, { path: "/routers?status=offline", key })).body)).toEqual(["Edge-3"]);
    expect(names((await callApi(listRoute.GET, { path: `/routers?siteId=${site.id}`, key })).body)).toEqual(["Core-1"]);
    const bad = await callApi(listRoute.GET, { path: "/routers?status=broken", key });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("status");
  });

  it("reads one; another ISP's router is a 404", async () => {
    const one = await callApi(oneRoute.GET, { path: `/routers/${ours[1].id}`, params: { id: ours[1].id }, key });
    expect(one.body).toMatchObject({ id: ours[1].id, name: "Dist-2", version: "7.19.2 (stable)" });
    expect((await callApi(oneRoute.GET, { path: `/routers/${theirRouterId}`, params: { id: theirRouterId }, key })).status).toBe(404);
    expect(names((await callApi(listRoute.GET, { path: "/routers?limit=100", key })).body)).not.toContain("Their core");
  });
});
