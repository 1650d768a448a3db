import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { buildSearchText } from "@/lib/customers/rules";
import { customers, type CustomerStatus } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { encryptSecret } from "@/lib/core/crypto";
import { COUNT_CAP, listCustomers, type ListCustomersInput } from "@/lib/customers/list";
import type { Connection } from "@/lib/db/connect";

/*
 * The plan and router filters, alone, together, with a search, a status and every sort, and on pages deep enough
 * to be read by id first: each answer is checked against the same selection made here from the seeded rows, on
 * the owner's handle and on the ISP-bound one (row-level policies on).
 */

let conn: Connection;

type Seeded = { id: string; name: string; status: CustomerStatus; createdAt: Date; subs: { planId: string; routerId: string }[] };
type Isp = {
  tenantId: string;
  plan: Record<"fiber" | "wireless", string>;
  router: Record<"north" | "south", string>;
  rows: Seeded[];
};
let small: Isp; // filters with search, status and sort
let large: Isp; // deep pages

const statuses: CustomerStatus[] = ["active", "active", "suspended", "terminated"];

/** `count` customers: most on fiber, every twelfth on wireless; a third on the south router; every tenth with a second, wireless/south line. */
async function seedIsp(name: string, count: number): Promise<Isp> {
  const { db } = conn;
  const tenantId = (await createTenantFixture(db, { name })).tenant.id;
  const [fiber, wireless] = await db
    .insert(servicePlans)
    .values(
      ["Fiber 50", "Wireless 10"].map((plan) => ({
        tenantId,
        name: plan,
        type: "pppoe" as const,
        downloadKbps: 10_000,
        uploadKbps: 10_000,
        priceCentavos: 99_900,
      })),
    )
    .returning();
  const [north, south] = await db
    .insert(routers)
    .values(
      ["North", "South"].map((router) => ({
        tenantId,
        name: router,
        host: "127.0.0.1",
        username: "netsphere",
        passwordEncrypted: encryptSecret("router-pass"),
      })),
    )
    .returning();
  const isp: Isp = { tenantId, plan: { fiber: fiber.id, wireless: wireless.id }, router: { north: north.id, south: south.id }, rows: [] };

  const password = encryptSecret("pppoe-pass");
  for (let start = 0; start < count; start += 2_000) {
    const batch = Array.from({ length: Math.min(2_000, count - start) }, (_, k) => {
      const i = start + k;
      const base = {
        accountNumber: `ACC-${String(i + 1).padStart(6, "0")}`,
        name: `Subscriber ${String((i * 7919) % count).padStart(5, "0")} ${i % 5 ? "Reyes" : "Santos"}`,
      };
      return {
        ...base,
        tenantId,
        status: statuses[i % statuses.length],
        city: i % 2 ? "Lipa" : "Tanauan",
        createdAt: new Date(Date.UTC(2026, 0, 1) + ((i * 104_729) % count) * 60_000),
        searchText: buildSearchText(base),
      };
    });
    const rows = await db
      .insert(customers)
      .values(batch)
      .returning({ id: customers.id, name: customers.name, status: customers.status, createdAt: customers.createdAt });
    const lines = rows.flatMap((row, k) => {
      const i = start + k;
      const subs = [{ planId: i % 12 === 0 ? wireless.id : fiber.id, routerId: i % 3 === 0 ? south.id : north.id }];
      if (i % 10 === 0) subs.push({ planId: wireless.id, routerId: south.id });
      isp.rows.push({ ...row, subs });
      return subs.map((s, n) => ({
        ...s,
        tenantId,
        customerId: row.id,
        username: `u${i}-${n}`,
        passwordEncrypted: password,
        startDate: "2026-01-15",
      }));
    });
    await db.insert(subscriptions).values(lines);
  }
  return isp;
}

beforeAll(async () => {
  conn = await createTestDatabase();
  // 600 and 12,001 (prime to 7919 and 104,729, so names and creation times are all different)
  small = await seedIsp("Filter ISP", 600);
  large = await seedIsp("Deep ISP", 12_001);
  // Another ISP's customer on one of these plans must never show up (the filter's subquery carries the tenant too).
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const [stranger] = await conn.db
    .insert(customers)
    .values({ tenantId: other.tenant.id, accountNumber: "ACC-000001", name: "Subscriber 00000 Santos", searchText: "subscriber 00000 santos" })
    .returning();
  await conn.db.insert(subscriptions).values({
    tenantId: other.tenant.id,
    customerId: stranger.id,
    planId: small.plan.fiber,
    routerId: small.router.south,
    username: "u0-0",
    passwordEncrypted: "x",
    startDate: "2026-01-15",
  });
}, 120_000);
afterAll(async () => conn?.close());

/** What the list must show: the customers with one subscription matching plan and router, filtered and sorted. */
function expected(isp: Isp, input: Omit<ListCustomersInput, "tenantId">) {
  const words = (input.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const matching = isp.rows.filter(
    (c) =>
      c.subs.some((s) => (!input.planId || s.planId === input.planId) && (!input.routerId || s.routerId === input.routerId)) &&
      (!input.status || c.status === input.status) &&
      words.every((w) => c.name.toLowerCase().includes(w)),
  );
  const key = (c: Seeded) => (input.sort === "name" ? c.name : c.createdAt.toISOString());
  const ascending = (input.dir ?? (input.sort === "name" ? "asc" : "desc")) === "asc";
  matching.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : x.id < y.id ? -1 : 1) * (ascending ? 1 : -1));
  const size = input.pageSize ?? 50;
  const page = input.page ?? 1;
  return { total: matching.length, names: matching.slice((page - 1) * size, page * size).map((c) => c.name) };
}

async function expectSameAsSelection(isp: Isp, cases: Omit<ListCustomersInput, "tenantId">[]) {
  for (const [label, db] of [
    ["owner's handle", conn.db],
    ["ISP-bound handle", conn.forTenant(isp.tenantId)],
  ] as const) {
    for (const input of cases) {
      const want = expected(isp, input);
      const got = await listCustomers(db, { tenantId: isp.tenantId, ...input });
      const what = `${label} ${JSON.stringify(input)}`;
      expect(
        got.rows.map((r) => r.name),
        what,
      ).toEqual(want.names);
      expect(got.total, what).toBe(input.search ? Math.min(want.total, COUNT_CAP + 1) : want.total);
    }
  }
}

describe("listCustomers: plan and router filters", () => {
  it("filters by plan, router, and both on the same subscription, with status, search and sort", async () => {
    const { plan, router } = small;
    await expectSameAsSelection(small, [
      { planId: plan.wireless },
      { routerId: router.south, sort: "name" },
      { planId: plan.fiber, routerId: router.south, dir: "asc" },
      // a customer with fiber/north and wireless/south lines is not on wireless/north
      { planId: plan.wireless, routerId: router.north, sort: "name", dir: "desc" },
      { planId: plan.wireless, status: "active", search: "santos", sort: "name", page: 2, pageSize: 25 },
      { planId: plan.fiber, routerId: router.north, status: "suspended", search: "reyes", sort: "created", dir: "asc", page: 2, pageSize: 25 },
      { routerId: router.south, search: "subscriber santos", sort: "name" },
    ]);
  });

  it("reads deep pages by id first, filtered or not, in both halves, with the same rows as the forward order", async () => {
    const { plan } = large;
    await expectSameAsSelection(large, [
      // 11,000 on fiber: offset 5,000 is read forwards by id first, 7,900 from the end
      { planId: plan.fiber, sort: "name", page: 51, pageSize: 100 },
      { planId: plan.fiber, sort: "name", dir: "desc", page: 80, pageSize: 100 },
      { planId: plan.fiber, page: 101, pageSize: 50 },
      // no filter (12,001): offset 5,500 forwards, 6,900 from the end by id first, and the last page
      { sort: "name", dir: "desc", page: 70, pageSize: 100 },
      { sort: "created", dir: "asc", page: 111, pageSize: 50 },
      { sort: "name", page: 121, pageSize: 100 },
    ]);
  });
});
