import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { executeAction } from "@/lib/core/action";
import { createCustomer } from "@/lib/customers/service";
import { buildSearchText, customerFieldsSchema } from "@/lib/customers/rules";
import { customers, type CustomerStatus } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { auditLog } from "@/lib/audit/schema";
import { encryptSecret } from "@/lib/core/crypto";
import {
  escapeSpreadsheetCell,
  exportCustomersCsv,
  listCustomerFilterOptions,
  listCustomers,
  parseCustomerListParams,
  customerListParamsSchema,
  tenantHasCustomers,
} from "@/lib/customers/list";
import { bulkSetCustomerStatus } from "@/lib/customers/actions/bulk-set-customer-status";
import { bulkAddCustomerTag } from "@/lib/customers/actions/bulk-add-customer-tag";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";
import type { StaffContext } from "@/lib/auth/context";

let conn: Connection;
let db: Db;

type Fixture = Awaited<ReturnType<typeof createTenantFixture>>;
let a: Fixture; // the main tenant
let b: Fixture; // another ISP whose rows must never show up
const ids: Record<string, string> = {};
const plan: Record<string, string> = {};
const router: Record<string, string> = {};
let accountOf: Record<string, string> = {};

const actor = (ctx: StaffContext) => ({ tenantId: ctx.tenantId, userId: ctx.userId, userName: ctx.userName });

async function addPlansAndRouters(tenantId: string, prefix: string) {
  const [p1, p2] = await db
    .insert(servicePlans)
    .values([
      { tenantId, name: "Fiber 25", type: "pppoe", downloadKbps: 25_000, uploadKbps: 25_000, priceCentavos: 99_900 },
      { tenantId, name: "Fiber 100", type: "pppoe", downloadKbps: 100_000, uploadKbps: 100_000, priceCentavos: 169_900 },
    ])
    .returning();
  const [r1, r2] = await db
    .insert(routers)
    .values(
      ["CCR1", "CCR2"].map((name) => ({
        tenantId,
        name: `${prefix}-${name}`,
        host: "127.0.0.1",
        username: "netsphere",
        passwordEncrypted: encryptSecret("router-pass"),
      })),
    )
    .returning();
  return { p1: p1.id, p2: p2.id, r1: r1.id, r2: r2.id };
}

const fields = (input: Partial<Record<string, unknown>>) => customerFieldsSchema.parse(input);
const sub = (planId: string, routerId: string, username: string) => ({
  planId,
  routerId,
  username,
  staticIp: null,
  startDate: "2026-01-15",
  status: "active" as const,
});

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
  a = await createTenantFixture(db, { name: "Tenant A" });
  b = await createTenantFixture(db, { name: "Tenant B" });
  const pa = await addPlansAndRouters(a.tenant.id, "A");
  Object.assign(plan, { a1: pa.p1, a2: pa.p2 });
  Object.assign(router, { a1: pa.r1, a2: pa.r2 });
  const pb = await addPlansAndRouters(b.tenant.id, "B");

  const juan = await createCustomer(db, actor(a.ctx.owner), {
    fields: fields({
      name: "Juan Dela Cruz",
      phone: "0917 123 4567",
      email: "juan@example.ph",
      serviceAddress: "12 Mabini St",
      barangay: "Poblacion",
      city: "Tanauan",
      tags: ["fiber", "vip"],
      status: "active",
    }),
    subscription: sub(pa.p1, pa.r1, "juan.dc"),
  });
  const maria = await createCustomer(db, actor(a.ctx.owner), {
    fields: fields({
      name: "Maria Santos",
      phone: "0918 765 4321",
      email: "maria.santos@example.ph",
      serviceAddress: "Purok 3",
      barangay: "Sabang",
      city: "Lipa",
      tags: ["wireless"],
      status: "suspended",
    }),
    subscription: sub(pa.p2, pa.r2, "msantos"),
  });
  const jose = await createCustomer(db, actor(a.ctx.owner), {
    fields: fields({ name: "Jose Reyes", phone: "0927 555 0000", email: "jose@reyes.ph", barangay: "San Jose", city: "Lipa", status: "lead" }),
  });
  // Written directly so leading tab/formula characters survive (the form would trim them).
  const [formula] = await db
    .insert(customers)
    .values({
      tenantId: a.tenant.id,
      accountNumber: "ACC-900001",
      name: '=HYPERLINK("http://evil.example","click")',
      phone: "+63 927 111 2222",
      altPhone: "-1",
      email: "formula@example.ph",
      serviceAddress: "-5 Purok 1",
      barangay: "@sitio",
      city: "\tTabcity",
      tags: ["+plus"],
      status: "active",
      searchText: buildSearchText({ accountNumber: "ACC-900001", name: "formula customer" }),
    })
    .returning();
  const otherJuan = await createCustomer(db, actor(b.ctx.owner), {
    fields: fields({ name: "Juan Dela Cruz", phone: "0917 123 4567", city: "Tanauan", tags: ["vip"], status: "active" }),
    subscription: sub(pb.p1, pb.r1, "juan.dc"),
  });
  Object.assign(ids, { juan: juan.id, maria: maria.id, jose: jose.id, formula: formula.id, otherJuan: otherJuan.id });
  accountOf = { juan: juan.accountNumber, maria: maria.accountNumber, jose: jose.accountNumber };
});
afterAll(async () => conn?.close());

const namesOf = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
const list = (input: Omit<Parameters<typeof listCustomers>[1], "tenantId">, tenantId = a.tenant.id) => listCustomers(db, { tenantId, ...input });

describe("listCustomers: search on the ISP-bound handle (row-level policies on)", () => {
  const bound = (input: Omit<Parameters<typeof listCustomers>[1], "tenantId">) =>
    listCustomers(conn.forTenant(a.tenant.id), { tenantId: a.tenant.id, ...input });

  it("finds what the owner's handle finds, by every kind of word", async () => {
    for (const search of ["dela cruz", "juan santos", accountOf.maria, "09171234567", "msantos", "juan.dc", "12 mabini", "ma", "sabang"]) {
      expect(namesOf((await bound({ search })).rows), search).toEqual(namesOf((await list({ search })).rows));
    }
    expect((await bound({ search: "juan" })).rows.map((r) => r.id)).toEqual([ids.juan]);
  });

  it("treats LIKE wildcards in words of a trigram or more as plain characters", async () => {
    for (const search of ["%%%", "___", "\\\\\\", "ju%n"]) expect((await bound({ search })).rows, search).toHaveLength(0);
  });

  it("the search function answers only for the ISP the connection is bound to", async () => {
    const idsFor = async (handle: Db, tenantId: string) => {
      const result = await handle.execute(sql`select customer_search_ids(${tenantId}::uuid, array['juan']) as id`);
      return (result as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
    };
    expect(await idsFor(conn.forTenant(a.tenant.id), a.tenant.id)).toEqual([ids.juan]);
    expect(await idsFor(conn.forTenant(a.tenant.id), b.tenant.id)).toEqual([]);
    expect(await idsFor(db, b.tenant.id)).toEqual([ids.otherJuan]);
    // The app role with no ISP named finds nothing, as under the policies.
    const unbound = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('role', 'netsphere_app', true)`);
      return idsFor(tx as unknown as Db, b.tenant.id);
    });
    expect(unbound).toEqual([]);
  });
});

describe("listCustomers: search", () => {
  it("finds by name, every word must match", async () => {
    expect(namesOf((await list({ search: "dela cruz" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ search: "  JUAN   cruz " })).rows)).toEqual(["Juan Dela Cruz"]);
    expect((await list({ search: "juan santos" })).rows).toHaveLength(0);
  });

  it("finds by account number, phone digits, email, PPPoE username and address", async () => {
    expect(namesOf((await list({ search: accountOf.maria })).rows)).toEqual(["Maria Santos"]);
    expect(namesOf((await list({ search: "09171234567" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ search: "0917 123" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ search: "maria.santos@example" })).rows)).toEqual(["Maria Santos"]);
    expect(namesOf((await list({ search: "msantos" })).rows)).toEqual(["Maria Santos"]);
    expect(namesOf((await list({ search: "juan.dc" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ search: "mabini" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ search: "sabang" })).rows)).toEqual(["Maria Santos"]);
  });

  it("matches words shorter than a trigram too", async () => {
    expect(namesOf((await list({ search: "12 mabini" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ search: "ma" })).rows)).toEqual(["Juan Dela Cruz", "Maria Santos"]);
    expect((await list({ search: "zz juan" })).rows).toHaveLength(0);
  });

  it("treats LIKE wildcards as plain characters", async () => {
    expect((await list({ search: "%" })).rows).toHaveLength(0);
    expect((await list({ search: "_" })).rows).toHaveLength(0);
    expect((await list({ search: "\\" })).rows).toHaveLength(0);
  });

  it("returns the page's plan names and usernames with each row", async () => {
    const { rows } = await list({ search: "juan" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ plans: ["Fiber 25"], usernames: ["juan.dc"], tags: ["fiber", "vip"], city: "Tanauan" });
    const jose = (await list({ search: "reyes" })).rows[0];
    expect(jose).toMatchObject({ plans: [], usernames: [] });
  });
});

describe("listCustomers: filters", () => {
  it("filters by status, plan, router, plan and router together", async () => {
    expect(namesOf((await list({ status: "suspended" })).rows)).toEqual(["Maria Santos"]);
    expect(namesOf((await list({ planId: plan.a1 })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ routerId: router.a2 })).rows)).toEqual(["Maria Santos"]);
    expect((await list({ planId: plan.a1, routerId: router.a2 })).rows).toHaveLength(0);
    expect(namesOf((await list({ planId: plan.a2, routerId: router.a2, status: "suspended" })).rows)).toEqual(["Maria Santos"]);
  });

  it("filters by city and barangay", async () => {
    expect(namesOf((await list({ city: "Lipa" })).rows)).toEqual(["Jose Reyes", "Maria Santos"]);
    expect(namesOf((await list({ city: "Lipa", barangay: "Sabang" })).rows)).toEqual(["Maria Santos"]);
    expect(namesOf((await list({ barangay: "Poblacion" })).rows)).toEqual(["Juan Dela Cruz"]);
  });

  it("filters by tag", async () => {
    expect(namesOf((await list({ tag: "vip" })).rows)).toEqual(["Juan Dela Cruz"]);
    expect(namesOf((await list({ tag: "WIRELESS" })).rows)).toEqual(["Maria Santos"]);
    expect((await list({ tag: "nope" })).rows).toHaveLength(0);
  });

  it("combines search and filters and counts exactly", async () => {
    const r = await list({ search: "example.ph", city: "Lipa" });
    expect(namesOf(r.rows)).toEqual(["Maria Santos"]);
    expect(r).toMatchObject({ total: 1, totalCapped: false });
  });

  it("treats a plan or router id that is not a uuid as matching nothing", async () => {
    expect((await list({ planId: "not-a-uuid" })).rows).toHaveLength(0);
  });

  it("offers the tenant's own plans, routers, cities, barangays and tags", async () => {
    const options = await listCustomerFilterOptions(db, { tenantId: a.tenant.id, city: "Lipa" });
    expect(options.plans.map((p) => p.name)).toEqual(["Fiber 100", "Fiber 25"]);
    expect(options.routers.map((r) => r.name)).toEqual(["A-CCR1", "A-CCR2"]);
    expect(options.cities).toEqual(expect.arrayContaining(["Lipa", "Tanauan"]));
    expect(options.barangays).toEqual(["Sabang", "San Jose"]);
    expect([...options.tags].sort()).toEqual(["+plus", "fiber", "vip", "wireless"]);
    expect(options.routers.some((r) => r.name.startsWith("B-"))).toBe(false);
  });
});

describe("listCustomers: sorting and pagination", () => {
  let p: Fixture;
  beforeAll(async () => {
    p = await createTenantFixture(db, { name: "Paging ISP" });
    const statuses: CustomerStatus[] = ["active", "suspended", "terminated", "lead"];
    const cities = ["Batangas", "Lipa", "Tanauan"];
    const rows = Array.from({ length: 60 }, (_, i) => {
      const n = String(i + 1).padStart(2, "0");
      const accountNumber = `ACC-${String(((i * 37) % 60) + 1).padStart(6, "0")}`;
      const base = { accountNumber, name: `Customer ${n}`, city: cities[i % 3] };
      return {
        ...base,
        tenantId: p.tenant.id,
        status: statuses[i % 4],
        createdAt: new Date(Date.UTC(2026, 0, 1) + ((i * 7) % 60) * 86_400_000),
        searchText: buildSearchText(base),
      };
    });
    await db.insert(customers).values(rows);
  });
  const plist = (input: Omit<Parameters<typeof listCustomers>[1], "tenantId">) => listCustomers(db, { tenantId: p.tenant.id, ...input });

  it("pages through every row exactly once with pageSize 25", async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const r = await plist({ sort: "name", dir: "asc", page, pageSize: 25 });
      expect(r).toMatchObject({ total: 60, page, pageSize: 25, totalCapped: false });
      seen.push(...r.rows.map((x) => x.name));
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen[0]).toBe("Customer 01");
    expect(seen[59]).toBe("Customer 60");
  });

  it("defaults to 50 per page, newest first, and clamps a page past the end", async () => {
    const r = await plist({});
    expect(r.pageSize).toBe(50);
    expect(r.rows).toHaveLength(50);
    const created = r.rows.map((x) => x.createdAt.getTime());
    expect([...created].sort((x, y) => y - x)).toEqual(created);
    expect((await plist({ pageSize: 10 })).pageSize).toBe(50);
    const late = await plist({ page: 9, pageSize: 25 });
    expect(late.page).toBe(3);
    expect(late.rows).toHaveLength(10);
  });

  it("sorts by each whitelisted column in both directions", async () => {
    const desc = await plist({ sort: "name", dir: "desc", pageSize: 25 });
    expect(desc.rows[0].name).toBe("Customer 60");
    const byAccount = await plist({ sort: "account", dir: "asc", pageSize: 100 });
    const accounts = byAccount.rows.map((x) => x.accountNumber);
    expect(accounts).toEqual([...accounts].sort());
    expect(accounts[0]).toBe("ACC-000001");
    const byCreated = await plist({ sort: "created", dir: "asc", pageSize: 100 });
    const times = byCreated.rows.map((x) => x.createdAt.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const byStatus = await plist({ sort: "status", dir: "asc", pageSize: 100 });
    const statuses = byStatus.rows.map((x) => x.status);
    expect(statuses).toEqual([...statuses].sort());
    const byCity = await plist({ sort: "city", dir: "desc", pageSize: 100 });
    const cities = byCity.rows.map((x) => x.city);
    expect(cities).toEqual([...cities].sort().reverse());
  });

  it("reads a deep page from the far end with the same rows as the forward order", async () => {
    const deep = await createTenantFixture(db, { name: "Deep ISP" });
    const n = 10_050;
    const rows = Array.from({ length: n }, (_, i) => {
      const base = { accountNumber: `ACC-${String(i + 1).padStart(6, "0")}`, name: `Subscriber ${String((i * 7919) % n).padStart(5, "0")}` };
      return { ...base, tenantId: deep.tenant.id, city: i % 2 ? "Lipa" : "Tanauan", searchText: buildSearchText(base) };
    });
    for (let i = 0; i < rows.length; i += 2_000) await db.insert(customers).values(rows.slice(i, i + 2_000));
    const expected = rows.map((r) => r.name).sort();
    const deepList = (input: Omit<Parameters<typeof listCustomers>[1], "tenantId">) => listCustomers(db, { tenantId: deep.tenant.id, ...input });
    // offset 5,000 is in the first half (read forwards), offset 5,900 in the second (read from the end)
    expect((await deepList({ sort: "name", page: 51, pageSize: 100 })).rows.map((r) => r.name)).toEqual(expected.slice(5_000, 5_100));
    expect((await deepList({ sort: "name", page: 60, pageSize: 100 })).rows.map((r) => r.name)).toEqual(expected.slice(5_900, 6_000));
    const last = await deepList({ sort: "name", page: 101, pageSize: 100 });
    expect(last).toMatchObject({ total: n, page: 101, totalCapped: false });
    expect(last.rows.map((r) => r.name)).toEqual(expected.slice(10_000));
    const past = await deepList({ sort: "name", dir: "desc", page: 999, pageSize: 100 });
    expect(past.page).toBe(101);
    expect(past.rows.map((r) => r.name)).toEqual([...expected].reverse().slice(10_000));
    const byCity = await deepList({ sort: "city", page: 52, pageSize: 100 });
    const cityOrder = [...rows].sort((x, y) => (x.city === y.city ? (x.name < y.name ? -1 : 1) : x.city < y.city ? -1 : 1));
    expect(byCity.rows.map((r) => r.name)).toEqual(cityOrder.slice(5_100, 5_200).map((r) => r.name));
    // A search over more than 10,000 rows is counted up to the cap only.
    const broad = await deepList({ search: "subscriber" });
    expect(broad).toMatchObject({ total: 10_001, totalCapped: true });
    expect(broad.rows).toHaveLength(50);
  });

  it("ignores a sort column that is not whitelisted", async () => {
    const r = await plist({ sort: "search_text; drop table customers" as never, pageSize: 25 });
    expect(r.rows).toHaveLength(25);
  });

  it("parses URL parameters strictly for the route and leniently for the page", () => {
    expect(customerListParamsSchema.safeParse({ size: "30" }).success).toBe(false);
    expect(customerListParamsSchema.safeParse({ plan: "x" }).success).toBe(false);
    expect(customerListParamsSchema.parse({ q: "", status: "", size: "100", sort: "city", dir: "desc" })).toEqual({
      size: 100,
      sort: "city",
      dir: "desc",
    });
    expect(parseCustomerListParams({ q: "juan", size: "7", plan: "bad", page: ["2", "3"] })).toEqual({ q: "juan", page: 3 });
  });
});

describe("tenant isolation", () => {
  it("never lists another tenant's customers", async () => {
    const all = await list({ pageSize: 100 });
    expect(all.rows.map((r) => r.id)).not.toContain(ids.otherJuan);
    expect(all.total).toBe(4);
    const juans = await list({ search: "juan" });
    expect(juans.rows.map((r) => r.id)).toEqual([ids.juan]);
    expect((await list({ tag: "vip" })).rows.map((r) => r.id)).toEqual([ids.juan]);
    const bRows = await list({ search: "juan" }, b.tenant.id);
    expect(bRows.rows.map((r) => r.id)).toEqual([ids.otherJuan]);
    expect(await tenantHasCustomers(db, { tenantId: b.tenant.id })).toBe(true);
  });

  it("exports nothing for another tenant's ids", async () => {
    const { csv, rows } = await exportCustomersCsv(db, { tenantId: a.tenant.id, ids: [ids.otherJuan] });
    expect(rows).toBe(0);
    expect(Papa.parse(csv.trim()).data).toHaveLength(1); // the header only
    const mixed = await exportCustomersCsv(db, { tenantId: a.tenant.id, ids: [ids.otherJuan, ids.maria] });
    expect(mixed.rows).toBe(1);
    expect(mixed.csv).toContain("Maria Santos");
    expect(mixed.csv).not.toContain(ids.otherJuan);
  });

  it("bulk actions refuse another tenant's customers and leave them alone", async () => {
    await expect(
      executeAction(bulkSetCustomerStatus.definition, a.ctx.support, { customerIds: [ids.otherJuan], status: "terminated" }),
    ).rejects.toMatchObject({ code: "not_found" });
    const [other] = await db.select().from(customers).where(eq(customers.id, ids.otherJuan));
    expect(other.status).toBe("active");
  });
});

describe("CSV export", () => {
  it("exports the filtered set with plans and usernames", async () => {
    const { csv, rows } = await exportCustomersCsv(db, { tenantId: a.tenant.id, city: "Lipa", sort: "name" });
    expect(rows).toBe(2);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(parsed.map((r) => r.Name)).toEqual(["Jose Reyes", "Maria Santos"]);
    expect(parsed[1]).toMatchObject({ Plans: "Fiber 100", Usernames: "msantos", Tags: "wireless", Status: "suspended", City: "Lipa" });
  });

  it("escapes every cell a spreadsheet would run as a formula", async () => {
    const { csv } = await exportCustomersCsv(db, { tenantId: a.tenant.id, ids: [ids.formula] });
    const [row] = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(row.Name).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(row.Phone).toBe("'+63 927 111 2222");
    expect(row["Alt phone"]).toBe("'-1");
    expect(row["Service address"]).toBe("'-5 Purok 1");
    expect(row.Barangay).toBe("'@sitio");
    expect(row.City).toBe("'\tTabcity");
    expect(row.Tags).toBe("'+plus");
    expect(row.Email).toBe("formula@example.ph");
    expect(escapeSpreadsheetCell("\rcmd")).toBe("'\rcmd");
    expect(escapeSpreadsheetCell("Juan")).toBe("Juan");
    expect(escapeSpreadsheetCell("")).toBe("");
  });
});

describe("bulk actions", () => {
  const auditFor = (action: string, customerIds: string[]) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, a.tenant.id), eq(auditLog.action, action), inArray(auditLog.customerId, customerIds)));

  it("changes the status of the selected customers and audits each change", async () => {
    const result = await executeAction(bulkSetCustomerStatus.definition, a.ctx.support, {
      customerIds: [ids.juan, ids.jose],
      status: "suspended",
    });
    expect(result).toEqual({ changed: 2 });
    const rows = await db
      .select()
      .from(customers)
      .where(inArray(customers.id, [ids.juan, ids.jose]));
    expect(rows.map((r) => r.status)).toEqual(["suspended", "suspended"]);
    const entries = await auditFor("customer.status_changed", [ids.juan, ids.jose]);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actorUserId: a.ctx.support.userId, after: { status: "suspended" } });
    expect((await list({ status: "suspended" })).total).toBe(3);
  });

  it("adds a tag to the selected customers and audits it", async () => {
    const result = await executeAction(bulkAddCustomerTag.definition, a.ctx.support, { customerIds: [ids.juan, ids.maria], tag: " Promo-2026 " });
    expect(result).toEqual({ changed: 2 });
    expect(namesOf((await list({ tag: "promo-2026" })).rows)).toEqual(["Juan Dela Cruz", "Maria Santos"]);
    expect(await auditFor("customer.tag_added", [ids.juan, ids.maria])).toHaveLength(2);
  });

  it("refuses a technician with forbidden and writes nothing", async () => {
    const before = await db.select().from(auditLog).where(eq(auditLog.tenantId, a.tenant.id));
    await expect(
      executeAction(bulkSetCustomerStatus.definition, a.ctx.technician, { customerIds: [ids.maria], status: "terminated" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(executeAction(bulkAddCustomerTag.definition, a.ctx.technician, { customerIds: [ids.maria], tag: "x" })).rejects.toMatchObject({
      code: "forbidden",
    });
    const [maria] = await db.select().from(customers).where(eq(customers.id, ids.maria));
    expect(maria.status).toBe("suspended");
    expect(maria.tags).not.toContain("x");
    expect(await db.select().from(auditLog).where(eq(auditLog.tenantId, a.tenant.id))).toHaveLength(before.length);
  });

  it("validates the input", async () => {
    await expect(executeAction(bulkSetCustomerStatus.definition, a.ctx.support, { customerIds: [], status: "active" })).rejects.toMatchObject({
      code: "validation",
    });
    await expect(
      executeAction(bulkSetCustomerStatus.definition, a.ctx.support, { customerIds: [ids.juan], status: "deleted" }),
    ).rejects.toMatchObject({ code: "validation" });
    await expect(executeAction(bulkAddCustomerTag.definition, a.ctx.support, { customerIds: [ids.juan], tag: "bad;tag" })).rejects.toMatchObject({
      code: "validation",
    });
    const tooMany = Array.from({ length: 1001 }, () => ids.juan);
    await expect(executeAction(bulkAddCustomerTag.definition, a.ctx.support, { customerIds: tooMany, tag: "ok" })).rejects.toMatchObject({
      code: "validation",
    });
  });
});
