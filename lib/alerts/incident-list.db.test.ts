/*
 * The incident list's filters: severity, object, router, assignee and a search by title or number each narrow the
 * list, they combine, and nothing of another ISP (its router's id) lets a row through. Bad URL values mean "any".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import type { Connection } from "@/lib/db/connect";
import { clock } from "@/lib/core/clock";
import { incidents } from "./schema";
import { incidentListSchema, type IncidentListFilter } from "./forms";
import { parseIncidentNumber } from "./describe";
import { listIncidents } from "./queries";

let conn: Connection;
let a: Awaited<ReturnType<typeof createTenantFixture>>;
let b: Awaited<ReturnType<typeof createTenantFixture>>;
let tower: { id: string; name: string };
let hill: { id: string; name: string };
let theirTower: { id: string; name: string };

type Seed = Partial<typeof incidents.$inferInsert> & { number: number; title: string };

async function seed(tenantId: string, rows: Seed[]) {
  const now = clock.ms();
  await conn.db.insert(incidents).values(
    rows.map((row, index) => ({
      tenantId,
      severity: "major" as const,
      objectType: "router" as const,
      // One unresolved incident per object: each row its own object.
      objectKey: `object:${row.number}`,
      openedAt: new Date(now - (index + 1) * 60_000),
      updatedAt: new Date(now),
      ...row,
    })),
  );
}

/** The numbers of the incidents the list shows for this filter, as staff member `viewer` of ISP A. */
async function numbersFor(filter: Partial<IncidentListFilter>, viewer: "owner" | "technician" = "owner") {
  const { rows } = await listIncidents(a.ctx[viewer].db, {
    tenantId: a.tenant.id,
    viewerId: a.ctx[viewer].userId,
    filter: { status: "all", page: 1, ...filter },
  });
  return rows.map((row) => row.number).sort((x, y) => x - y);
}

beforeAll(async () => {
  conn = await createTestDatabase();
  a = await createTenantFixture(conn.db, { name: "Our ISP" });
  b = await createTenantFixture(conn.db, { name: "Their ISP" });
  tower = await insertRouter(conn.db, a.tenant.id, { port: 1, password: "x", name: "Tower-2" });
  hill = await insertRouter(conn.db, a.tenant.id, { port: 2, password: "x", name: "Hill-1" });
  theirTower = await insertRouter(conn.db, b.tenant.id, { port: 3, password: "x", name: "Their tower" });
  const technician = a.ctx.technician.userId;
  const support = a.ctx.support.userId;
  await seed(a.tenant.id, [
    { number: 1, title: "Tower-2 unreachable", severity: "critical", routerId: tower.id },
    { number: 2, title: "Tower-2 ether2 down", objectType: "interface", routerId: tower.id, assignedTo: technician },
    { number: 3, title: "Hill-1: CPU load 97%", severity: "warning", routerId: hill.id, assignedTo: support, status: "acknowledged" },
    { number: 42, title: "juan reconnected 9 times on Hill-1", objectType: "subscription", routerId: hill.id },
    { number: 7, title: "Hill-1 ether1 at 95% of capacity", severity: "minor", objectType: "interface", routerId: hill.id, status: "resolved" },
    { number: 8, title: "Lipa site: PPPoE sessions dropped to 12 (100%_off)", objectType: "site", assignedTo: technician },
  ]);
  await seed(b.tenant.id, [
    { number: 1, title: "Their tower unreachable", severity: "critical", routerId: theirTower.id },
    { number: 42, title: "Their tower ether1 down", objectType: "interface", routerId: theirTower.id },
  ]);
});
afterAll(async () => conn?.close());

describe("the incident list's filters", () => {
  it("without filters lists every incident of the ISP, and only its own", async () => {
    expect(await numbersFor({})).toEqual([1, 2, 3, 7, 8, 42]);
    expect(await numbersFor({ status: "unresolved" })).toEqual([1, 2, 3, 8, 42]);
  });

  it("narrows by severity", async () => {
    expect(await numbersFor({ severity: "critical" })).toEqual([1]);
    expect(await numbersFor({ severity: "major" })).toEqual([2, 8, 42]);
    expect(await numbersFor({ severity: "warning" })).toEqual([3]);
  });

  it("narrows by the kind of object", async () => {
    expect(await numbersFor({ object: "interface" })).toEqual([2, 7]);
    expect(await numbersFor({ object: "subscription" })).toEqual([42]);
    expect(await numbersFor({ object: "site" })).toEqual([8]);
    expect(await numbersFor({ object: "router" })).toEqual([1, 3]);
  });

  it("narrows by router, and another ISP's router matches nothing", async () => {
    expect(await numbersFor({ router: tower.id })).toEqual([1, 2]);
    expect(await numbersFor({ router: hill.id })).toEqual([3, 7, 42]);
    expect(await numbersFor({ router: theirTower.id })).toEqual([]);
  });

  it("keeps the router filter to the ISP even when a row points at another ISP's router", async () => {
    await seed(a.tenant.id, [{ number: 99, title: "Misfiled", routerId: theirTower.id }]);
    try {
      const { rows } = await listIncidents(conn.db, { tenantId: a.tenant.id, filter: { status: "all", page: 1, router: theirTower.id } });
      expect(rows).toEqual([]);
    } finally {
      await conn.db.delete(incidents).where(and(eq(incidents.tenantId, a.tenant.id), eq(incidents.number, 99)));
    }
  });

  it("narrows by assignee: me, nobody or a named staff member", async () => {
    expect(await numbersFor({ assignee: "me" }, "technician")).toEqual([2, 8]);
    expect(await numbersFor({ assignee: "me" }, "owner")).toEqual([]);
    expect(await numbersFor({ assignee: "unassigned" })).toEqual([1, 7, 42]);
    expect(await numbersFor({ assignee: a.ctx.support.userId })).toEqual([3]);
    expect(await numbersFor({ assignee: b.ctx.technician.userId })).toEqual([]);
    const { rows } = await listIncidents(a.ctx.owner.db, { tenantId: a.tenant.id, filter: { status: "all", page: 1, assignee: "me" } });
    expect(rows, "'me' with no viewer is nobody").toEqual([]);
  });

  it("searches the title (any case, wildcards taken literally) or the number, written either way", async () => {
    expect(await numbersFor({ q: "tower-2" })).toEqual([1, 2]);
    expect(await numbersFor({ q: "INC-42" })).toEqual([42]);
    expect(await numbersFor({ q: "42" })).toEqual([42]);
    expect(await numbersFor({ q: "inc 7" })).toEqual([7]);
    // "97%" is in #3's title; "%" alone must not match everything.
    expect(await numbersFor({ q: "97%" })).toEqual([3]);
    expect(await numbersFor({ q: "%_" })).toEqual([8]);
    expect(await numbersFor({ q: "nothing like this" })).toEqual([]);
  });

  it("combines filters with each other and with the status", async () => {
    expect(await numbersFor({ router: hill.id, object: "interface" })).toEqual([7]);
    expect(await numbersFor({ router: hill.id, object: "interface", status: "unresolved" })).toEqual([]);
    expect(await numbersFor({ router: tower.id, assignee: "unassigned", severity: "critical", q: "unreachable" })).toEqual([1]);
    expect(await numbersFor({ assignee: "me", object: "site", q: "lipa" }, "technician")).toEqual([8]);
    expect(await numbersFor({ status: "acknowledged", severity: "warning", router: hill.id, assignee: a.ctx.support.userId })).toEqual([3]);
  });

  it("pages a filtered list", async () => {
    const first = await listIncidents(a.ctx.owner.db, { tenantId: a.tenant.id, filter: { status: "all", page: 1, router: hill.id }, pageSize: 2 });
    const second = await listIncidents(a.ctx.owner.db, { tenantId: a.tenant.id, filter: { status: "all", page: 2, router: hill.id }, pageSize: 2 });
    expect(first.hasMore).toBe(true);
    expect(second.hasMore).toBe(false);
    expect([...first.rows, ...second.rows].map((row) => row.number).sort((x, y) => x - y)).toEqual([3, 7, 42]);
  });
});

describe("the incident list's URL", () => {
  it("reads every filter from the query string", () => {
    expect(
      incidentListSchema.parse({
        status: "resolved",
        severity: "minor",
        object: "interface",
        router: "0b7f3c1e-8d2a-4f5b-9c6d-1e2f3a4b5c6d",
        assignee: "me",
        q: "  INC-42 ",
        page: "3",
      }),
    ).toEqual({
      status: "resolved",
      severity: "minor",
      object: "interface",
      router: "0b7f3c1e-8d2a-4f5b-9c6d-1e2f3a4b5c6d",
      assignee: "me",
      q: "INC-42",
      page: 3,
    });
  });

  it("falls back to the defaults on values it does not know, instead of failing", () => {
    expect(
      incidentListSchema.parse({
        status: "closed",
        severity: "any",
        object: "toaster",
        router: "not-a-uuid",
        assignee: "a b';--",
        q: "x".repeat(200),
        page: "-4",
      }),
    ).toEqual({ status: "unresolved", page: 1 });
    expect(incidentListSchema.parse({ severity: ["critical", "major"], q: "", router: "", assignee: "" })).toEqual({ status: "unresolved", page: 1 });
  });

  it.each([
    ["INC-42", 42],
    ["inc-0042", 42],
    ["inc 7", 7],
    ["#7", 7],
    ["42", 42],
    ["INC-", null],
    ["Tower-2", null],
    ["1234567890", null],
  ])("reads %s as incident number %s", (text, number) => {
    expect(parseIncidentNumber(text)).toBe(number);
  });
});
