import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

const listRoute = await import("@/app/api/v1/plans/route");
const oneRoute = await import("@/app/api/v1/plans/[id]/route");

let key: string;
let capped: Awaited<ReturnType<typeof insertPlan>>;
let theirPlanId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  const isp = await createTenantFixture(conn.db, { name: "Bayan Fiber" });
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  await insertPlan(conn.db, isp.tenant.id, { name: "Fiber 100", priceCentavos: 199_900 });
  capped = await insertPlan(conn.db, isp.tenant.id, {
    name: "Fiber 25 FUP",
    priceCentavos: 99_900,
    quotaBytes: 500_000_000_000,
    quotaAction: "throttle",
    quotaThrottleRate: "2M/2M",
  });
  await insertPlan(conn.db, isp.tenant.id, { name: "Old DSL", priceCentavos: 79_900, active: false });
  theirPlanId = (await insertPlan(conn.db, other.tenant.id, { name: "Their plan" })).id;
  key = (await apiKeyFor(conn.db, isp.tenant.id, ["plans:read"])).key;
});
afterAll(async () => {
  await conn?.close();
});

describe("plans through the API", () => {
  it("lists every plan of the ISP, cheapest first, with price, speeds and data cap", async () => {
    const all = await callApi(listRoute.GET, { path: "/plans", key });
    expect(all.status).toBe(200);
    expect(all.body.data.map((p: { name: string }) => p.name)).toEqual(["Old DSL", "Fiber 25 FUP", "Fiber 100"]);
    expect(all.body.data[1]).toMatchObject({
      id: capped.id,
      type: "pppoe",
      downloadKbps: 50_000,
      priceCentavos: 99_900,
      currency: "PHP",
      billingCycle: "monthly",
      dataCap: { bytes: 500_000_000_000, direction: "total", action: "throttle", throttleRate: "2M/2M" },
      active: true,
    });
    expect(all.body.data[2].dataCap).toBeNull();
  });

  it("filters active and inactive plans; a bad filter is a 422", async () => {
    expect((await callApi(listRoute.GET, { path: "/plans?active=true", key })).body.data.map((p: { name: string }) => p.name)).toEqual(["Fiber 25 FUP", "Fiber 100"]);
    expect((await callApi(listRoute.GET, { path: "/plans?active=false", key })).body.data.map((p: { name: string }) => p.name)).toEqual(["Old DSL"]);
    const bad = await callApi(listRoute.GET, { path: "/plans?active=yes", key });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("active");
  });

  it("pages by cursor like every list, and sorts by name when asked", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { name: string }[]; nextCursor: string | null } } = await callApi(listRoute.GET, {
        path: `/plans?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ""}`,
        key,
      });
      names.push(...page.body.data.map((p) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(["Fiber 100", "Fiber 25 FUP", "Old DSL"]);
    expect((await callApi(listRoute.GET, { path: "/plans?sort=-priceCentavos&limit=1", key })).body.data[0].name).toBe("Fiber 100");
    expect((await callApi(listRoute.GET, { path: "/plans?sort=speed", key })).status).toBe(422);
  });

  it("reads one plan; another ISP's plan and a malformed id are 404 and 422", async () => {
    expect((await callApi(oneRoute.GET, { path: `/plans/${capped.id}`, params: { id: capped.id }, key })).body.name).toBe("Fiber 25 FUP");
    expect((await callApi(oneRoute.GET, { path: `/plans/${theirPlanId}`, params: { id: theirPlanId }, key })).status).toBe(404);
    expect((await callApi(oneRoute.GET, { path: "/plans/nope", params: { id: "nope" }, key })).status).toBe(422);
  });

  it("needs the plans:read scope", async () => {
    const { key: customersOnly } = await apiKeyFor(conn.db, (await createTenantFixture(conn.db)).tenant.id, ["customers:read"]);
    expect((await callApi(listRoute.GET, { path: "/plans", key: customersOnly })).status).toBe(403);
  });
});
